#!/bin/bash
# t_conf_postmulti.sh - a secondary instance as "postmulti -e create"
# leaves it (master_service_disable = inet) and enabled for the boot-time
# start (multi_instance_enable = yes): no listener is waited for, the
# administrator is warned, and a config_dir is trusted exactly as
# postqueue/postdrop trust it (a literal entry of the default main.cf),
# in the spelling the agent gives Postfix (no trailing slash).
# Another instance of the set, running beside it, is never touched.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=conf_postmulti A=127.0.131.3 B=127.0.131.6 P=2525 N=cpmulti M=cpmulti2
trap 't_instance_destroy $N; t_instance_destroy $M; rm -f "$T_ROOT/$N/etc-link"' EXIT
t_instance_create $N $A $P
t_instance_create $M $B $P
ETC=$(t_etc $N)
postconf -c "$ETC" -e "master_service_disable = inet" \
	"multi_instance_name = postfix-pf13a" "multi_instance_group = pfkit" \
	"multi_instance_enable = yes"
t_postfix $M start >/dev/null 2>&1
m2=$(t_master_pid $M)

t_agent $N validate-all OCF_CHECK_LEVEL=10 HA_debug=1
t_check $T "validate-all" 0 "$T_RC"
# one line of its report (the log, on stderr with HA_debug=1, says it too)
t_check $T "validate-all warns of multi_instance_enable" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c '^WARNING: .*multi_instance_enable = yes')"
t_start $N HA_debug=1
t_check $T "start with every inet service disabled" 0 "$T_RC"
t_check $T "start warns of multi_instance_enable" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c 'multi_instance_enable = yes')"
t_check $T "Postfix listens on nothing of this instance" "" \
	"$(ss -Hltn "src $A" | awk '{print $4}')"
t_answers $T $N 0 0

# config_dir spelled otherwise than the default main.cf lists it: a
# symbolic link is refused as postqueue refuses it
ln -sfn "$ETC" "$T_ROOT/$N/etc-link"
dir=$T_ROOT/$N/etc-link
t_agent $N validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_config_dir="$dir"
t_check $T "config_dir $dir refused on this node" 5 "$T_RC"
t_check_reason $T "reason for $dir" "^config_dir .*: not listed in alternate_config_directories"
for dir in "$T_ROOT/$N/etc-link" "$ETC/"; do
	t_check $T "postqueue refuses $dir" 1 "$(runuser -u nobody -- \
		postqueue -c "$dir" -p 2>&1 | grep -c 'unauthorized configuration directory name')"
done
# a trailing slash is removed before Postfix sees the value: the agent
# gives it the listed spelling, which postqueue accepts (below)
t_agent $N validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_config_dir="$ETC/"
t_check $T "config_dir $ETC/: the listed spelling once normalised" 0 "$T_RC"
t_check $T "postqueue accepts the listed spelling" 0 \
	"$(runuser -u nobody -- postqueue -c "$ETC" -p >/dev/null 2>&1; echo $?)"

t_stop_gone $T $N ""
t_check $T "the other instance untouched" "$m2" "$(t_master_pid $M)"
t_check $T "the other instance still serves" accepted "$(t_smtp_result $B $P)"
