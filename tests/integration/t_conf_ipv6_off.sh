#!/bin/bash
# t_conf_ipv6_off.sh - a node without IPv6 (disable_ipv6 on all
# interfaces, in a network namespace of the test's own) running Debian's
# stock main.cf (inet_interfaces = all, inet_protocols = all): Postfix
# cannot be reached on ::1 there, so the agent must probe 127.0.0.1 only.
# The same with inet_interfaces = loopback-only, where Postfix binds
# 127.0.0.1 only.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib_stock.sh
. "$(dirname "$0")/lib_stock.sh"
T=conf_ipv6_off NS=pf13a-v6off N=cv6off
cleanup() {
	t_instance_destroy $N
	t_netns_down $NS
}
trap cleanup EXIT
t_netns_up $NS v6off || { t_fail "$T: network namespace"; exit 1; }
t_stock_create $N all
t_netns_agent $NS

t_check $T "no ::1 in the namespace" "" "$(ip netns exec $NS ip -6 addr show dev lo)"
t_agent $N validate-all OCF_CHECK_LEVEL=10
t_check $T "validate-all" 0 "$T_RC"
t_start $N
t_check $T "start (all, all)" 0 "$T_RC"
# what Postfix itself binds: the IPv6 wildcard too, unreachable through ::1
t_check $T "Postfix binds the wildcards" "0.0.0.0:25 [::]:25" "$(t_listening $NS)"
t_answers $T $N 0 0
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"

postconf -c "$(t_etc $N)" -e "inet_interfaces = loopback-only"
t_start $N
t_check $T "start (loopback-only, all)" 0 "$T_RC"
t_check $T "Postfix binds 127.0.0.1 only" "127.0.0.1:25" "$(t_listening $NS)"
t_answers $T $N 0 0
t_stop $N
t_check $T "stop (loopback-only)" 0 "$T_RC"
t_check $T "nothing left (loopback-only)" "" "$(t_instance_pids $N)"
