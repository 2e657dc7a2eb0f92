#!/bin/bash
# t_life_smtpd_hung.sh - a hung smtpd is told from a slow one by evidence,
# not by a shorter timeout:
# - every smtpd SIGSTOPped: connections wait in the accept queue and no
#   smtpd can take them; the recurring monitor answers 1 naming the
#   listener and the stopped pids, without waiting for its deadline
#   (only the answer and the reason are asserted, no elapsed time);
# - smtpd waits about 10 s for a reverse DNS lookup that never gets an
#   answer (a network namespace whose resolv.conf names an address where
#   this test reads UDP queries and drops them): the monitor answers 0;
# - postscreen's greet pause (no teaser banner, a blocklist query that
#   is never answered, postscreen_greet_wait): the monitor answers 0.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib_stock.sh
. "$(dirname "$0")/lib_stock.sh"
T=life_smtpd_hung P=2525
A1=127.0.140.2 A2=127.0.140.3 A3=127.0.140.4 DNS=127.0.140.53 NS=pf14-dns
DROPPER_PID=
cleanup() {
	[ -n "$DROPPER_PID" ] && kill "$DROPPER_PID" 2>/dev/null && wait "$DROPPER_PID" 2>/dev/null
	for p in $(t_instance_pids hung14); do kill -CONT "$p" 2>/dev/null; done
	t_instance_destroy hung14
	t_instance_destroy pscr14
	t_instance_destroy dns14
	t_netns_down $NS
	rm -rf "/etc/netns/$NS"
}
trap cleanup EXIT

# --- every smtpd stopped ---------------------------------------------
t_instance_create hung14 $A1 $P
t_start hung14
t_check $T "start" 0 "$T_RC"
t_smtp_ok $A1 $P
smtpds=$(t_pids_comm hung14 smtpd)
t_check $T "an smtpd is there to stop" yes "$(if [ -n "$smtpds" ]; then echo yes; fi)"
for p in $smtpds; do kill -STOP "$p"; done
t_monitor hung14
t_check $T "smtpds stopped: recurring monitor 1" 1 "$T_RC"
t_check_reason $T "reason names the listener and the stopped smtpds" \
	"$A1:$P: [0-9]+ connections? waiting to be accepted, no smtpd accepting \\(smtpd pids? ($(echo "$smtpds" | tr '\n' '|' | sed 's/|$//')|[ ])+ stopped\\)"
for p in $smtpds; do kill -CONT "$p"; done
t_monitor hung14
t_check $T "smtpds continued: monitor 0" 0 "$T_RC"
t_stop hung14
t_check $T "stop" 0 "$T_RC"

# waited_case N LABEL LOGLINE MONITOR EVIDENCE - start N; a monitor while
# the greeting waits on a query nobody answers must answer 0 (MONITOR); the
# proof that it waited (EVIDENCE): the query reached the dropper and N
# logged one more LOGLINE (a grep pattern) for the probe; then stop
waited_case() {
	local n=$1 label=$2 logline=$3 seen
	t_start "$n"
	t_check $T "$label: start" 0 "$T_RC"
	: >"$queries"
	seen=$(grep -c "$logline" "$T_ROOT/$n/maillog")
	t_monitor "$n"
	t_check $T "$4" 0 "$T_RC"
	t_check $T "$5" yes \
		"$([ -s "$queries" ] && [ "$(grep -c "$logline" "$T_ROOT/$n/maillog")" -gt "$seen" ] && echo yes)"
	t_stop "$n"
	t_check $T "$label: stop" 0 "$T_RC"
}

# --- a reverse DNS lookup that is never answered ----------------------
t_netns_up $NS v6off || { t_fail "$T: network namespace"; exit 1; }
ip netns exec $NS ip addr add $A2/32 dev lo
ip netns exec $NS ip addr add $A3/32 dev lo
ip netns exec $NS ip addr add $DNS/32 dev lo
mkdir -p "/etc/netns/$NS"
printf 'nameserver %s\noptions timeout:5 attempts:2\n' $DNS >"/etc/netns/$NS/resolv.conf"
# host names through DNS in the namespace, whatever this machine's own
# nsswitch.conf says (a root without DNS has "hosts: files" alone, and then
# smtpd never asks): ip netns exec binds both files over /etc's
{ grep -v '^hosts:' /etc/nsswitch.conf; echo 'hosts: files dns'; } >"/etc/netns/$NS/nsswitch.conf"
queries=$T_ROOT/dns14-queries
: >"$queries"
# reads every query, answers none
ip netns exec $NS /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
while True:
    s.recv(4096)
    with open(sys.argv[2], "a") as f:
        f.write("query\n")
' $DNS "$queries" &
DROPPER_PID=$!
T_ADDR_EXTERNAL=1 t_instance_create dns14 $A2 $P
postconf -c "$(t_etc dns14)" -e "smtpd_peername_lookup = yes"
t_netns_agent $NS
waited_case dns14 "slow DNS" "connect from unknown\\[$A2\\]" \
	"greeting delayed by an unanswered DNS query: monitor 0" \
	"the resolver asked and got no answer"

# --- postscreen's greet pause ----------------------------------------
# no teaser banner, a DNS blocklist whose query is never answered: postscreen
# sends nothing for postscreen_greet_wait, then hands over to smtpd (no
# reverse lookup there); no cache, so every probe waits
T_ADDR_EXTERNAL=1 t_instance_create pscr14 $A3 $P
ETC=$(t_etc pscr14)
sed -i -e "s/^$P  *inet .*smtpd\$/#&/" \
	-e "s/^#smtp\\(  *inet .*postscreen\\)\$/$P\\1/" \
	-e 's/^#\(smtpd  *pass .*\)$/\1/' -e 's/^#\(dnsblog .*\)$/\1/' \
	-e 's/^#\(tlsproxy .*\)$/\1/' "$ETC/master.cf"
postconf -c "$ETC" -e "postscreen_access_list =" "postscreen_greet_banner =" \
	"postscreen_greet_wait = 8s" "postscreen_greet_action = enforce" \
	"postscreen_dnsbl_sites = bl.pfkit.invalid" "postscreen_dnsbl_action = enforce" \
	"postscreen_cache_map =" "smtpd_peername_lookup = no"
t_check $T "postscreen on $P" "$P/postscreen" \
	"$(postconf -c "$ETC" -M 2>/dev/null | awk '$2 == "inet" {print $1 "/" $8}')"
waited_case pscr14 postscreen "postscreen\\[[0-9]*\\]: PASS NEW \\[$A3\\]" \
	"postscreen greet pause: monitor 0" \
	"postscreen waited for its blocklist, then passed the probe"
t_check $T "nothing left" "" "$(t_instance_pids dns14)$(t_instance_pids hung14)$(t_instance_pids pscr14)"
