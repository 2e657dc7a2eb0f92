#!/bin/bash
# t_conf_postscreen.sh - Debian's commented master.cf examples enabled:
# postscreen on 25 (with smtpd pass, dnsblog, tlsproxy), submission on 587
# and submissions (smtps) on 465, in a network namespace of the test's own
# (ports below 1024 on loopback, IPv4 and IPv6). The probing address is not
# in postscreen_access_list and postscreen_greet_wait is long: the probe
# must take postscreen's "220-" pregreeting as its greeting, never wait
# for the rest, and never talk before it (postscreen_greet_action =
# enforce would log PREGREET and reject the address).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib_stock.sh
. "$(dirname "$0")/lib_stock.sh"
T=conf_postscreen NS=pf13a-ps N=cpscreen
cleanup() {
	t_instance_destroy $N
	t_netns_down $NS
}
trap cleanup EXIT
t_netns_up $NS || { t_fail "$T: network namespace"; exit 1; }
t_stock_create $N loopback-only
t_netns_agent $NS
ETC=$(t_etc $N)
sed -i -e 's/^smtp  *inet .*smtpd$/#&/' \
	-e 's/^#\(smtp  *inet .*postscreen\)$/\1/' \
	-e 's/^#\(smtpd  *pass .*\)$/\1/' -e 's/^#\(dnsblog .*\)$/\1/' \
	-e 's/^#\(tlsproxy .*\)$/\1/' \
	-e 's/^#\(submissions\{0,1\}  *inet .*\)$/\1/' \
	-e '/^submission /,/^#628 /s/^#\(  -o .*\)$/\1/' "$ETC/master.cf"
# the site has not allowed the probing address; a slow greet wait
postconf -c "$ETC" -e "postscreen_access_list =" "postscreen_greet_wait = 60s" \
	"postscreen_greet_action = enforce"
t_check $T "inet services" "smtp/postscreen submission/smtpd submissions/smtpd" \
	"$(postconf -c "$ETC" -M 2>/dev/null | awk '$2 == "inet" {printf "%s%s/%s", s, $1, $8; s=" "}')"

t_start $N
t_check $T "start" 0 "$T_RC"
t_check $T "Postfix listens on 25, 465, 587 (IPv4, IPv6)" \
	"127.0.0.1:25 127.0.0.1:465 127.0.0.1:587 [::1]:25 [::1]:465 [::1]:587" \
	"$(t_listening $NS)"
t_answers $T $N 0 0
t_monitor $N OCF_CHECK_LEVEL=20
t_check $T "monitor depth 20" 0 "$T_RC"
log=$T_ROOT/$N/maillog
t_check $T "the probes went through postscreen" yes \
	"$(grep -q 'postscreen\[[0-9]*\]: CONNECT from \[127.0.0.1\]' "$log" && echo yes)"
t_check $T "no pregreet violation logged" 0 "$(grep -c 'PREGREET' "$log")"
t_check $T "submission and smtps greeted by smtpd" yes \
	"$(grep -q 'postfix/submissions*/smtpd\[[0-9]*\]: connect from' "$log" && echo yes)"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
