#!/bin/bash
# t_conf_proxy.sh - Postfix behind HAProxy or a cloud load balancer: a
# listener whose daemon reads the PROXY protocol greets only after the
# PROXY header (smtpd_upstream_proxy_protocol = haproxy on the service
# with -o, or postscreen_upstream_proxy_protocol in main.cf). The agent
# must send the header to those listeners, and only to those.
#
# 1. smtpd: -o smtpd_upstream_proxy_protocol=$lb_protocol on port 25
#    (lb_protocol = haproxy in main.cf), submission on 587 without a
#    proxy, on 127.0.161.1. start, probe, monitor (depth 0 and 20: the
#    EHLO on 587 would be answered 502 if the header went there too),
#    stop; real Postfix reads the agent's header and both versions of
#    pf_smtp_probe_cli's; mail sent with a PROXY v1 line from 192.0.2.7
#    is queued with that client address; the listeners parameter that
#    leaves the listener's /haproxy out fails probe and monitor (1); an
#    unknown value (HAProxy: Postfix compares exactly) is a configuration
#    error (6), and Postfix really refuses every connection with it.
# 2. postscreen (postscreen_upstream_proxy_protocol = haproxy in main.cf)
#    on 127.0.0.1:25 and [::1]:25 in a network namespace of the test's
#    own: start, probe, monitor (depth 20 too), stop; TCP6 headers read.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib_stock.sh
. "$(dirname "$0")/lib_stock.sh"
T=conf_proxy N=cproxy A=127.0.161.1 N2=cproxyps NS=proxy-ps
DUMP=$T_TOOLS_BUILD/pf_conf_dump CLI=$T_TOOLS_BUILD/pf_smtp_probe_cli
cleanup() {
	t_instance_destroy $N
	t_instance_destroy $N2
	t_netns_down $NS
}
trap cleanup EXIT
for tool in "$DUMP" "$CLI"; do
	[ -x "$tool" ] || { t_skip "$T" "$tool not built (make first)"; exit 0; }
done

# --- 1. smtpd -o smtpd_upstream_proxy_protocol=$lb_protocol -------------
t_instance_create $N $A 25
etc=$(t_etc $N)
log=$T_ROOT/$N/maillog
# 192.0.2.0/24: the client addresses the test's PROXY lines name
postconf -c "$etc" -e 'mynetworks = 127.0.0.0/8 192.0.2.0/24' \
	'lb_protocol = haproxy' 'smtpd_upstream_proxy_timeout = 2s'
postconf -c "$etc" -M 'submission/inet=submission inet n - n - - smtpd'
# shellcheck disable=SC2016 # $lb_protocol is Postfix's to expand
postconf -c "$etc" -P '25/inet/smtpd_upstream_proxy_protocol=$lb_protocol' \
	'25/inet/syslog_name=postfix/proxied'

# what the daemons will read, by Postfix's own postconf, against pf_conf
pf_proxy_of() { "$DUMP" "$etc" 2>&1 | awk -F'|' -v s="service $1" '$1 == s { print $7 }'; }
t_check $T "postconf: service 25 reads haproxy" \
	"25/inet/smtpd_upstream_proxy_protocol = haproxy" \
	"$(postconf -c "$etc" -Px 25/inet/smtpd_upstream_proxy_protocol 2>&1)"
t_check $T "pf_conf agrees for 25 (-o, \$name expanded)" haproxy "$(pf_proxy_of 25)"
t_check $T "pf_conf agrees for submission (main.cf default: none)" \
	"$(postconf -c "$etc" -xh smtpd_upstream_proxy_protocol)" "$(pf_proxy_of submission)"
t_check $T "listeners: 25 expects PROXY, 587 does not" \
	"listener 25 $A:25 proxy|listener submission $A:587" \
	"$("$DUMP" "$etc" 2>&1 | grep '^listener' | paste -sd '|')"

t_start $N
t_check $T "start" 0 "$T_RC"
t_answers $T $N 0 0
t_monitor $N OCF_CHECK_LEVEL=20
t_check $T "monitor depth 20 (EHLO on 25 after the header, on 587 without)" 0 "$T_RC"
t_check $T "smtpd took every header of the agent (no haproxy read error logged)" 0 \
	"$(grep -c 'haproxy read' "$log")"
t_check $T "the agent's probes reached smtpd of 25 from $A" yes \
	"$(grep -q "postfix/proxied/smtpd\[[0-9]*\]: connect from [^ ]*\[$A\]" "$log" && echo yes)"

# real Postfix reads both versions of the header the probe can make
for v in v1 v2; do
	out=$("$CLI" --proxy $v --ehlo probe.invalid "$A" 25 10000 2>/dev/null)
	t_check $T "PROXY $v header then EHLO: Postfix greets ($out)" 0 $?
done
# and a PROXY listener probed without one never greets
out=$("$CLI" "$A" 25 10000 2>/dev/null)
t_check $T "no PROXY header: no greeting ($out)" 1 $?

# mail through the PROXY listener, from the address the header names
T_SMTP_PROXY="PROXY TCP4 192.0.2.7 $A 40000 25" t_smtp_send "$A" 25 \
	test@pfkit.invalid rcpt@pfkit.invalid
t_check $T "mail accepted after a PROXY v1 line" 0 $?
t_check $T "queued with the client address the header named" yes \
	"$(grep -q 'postfix/proxied/smtpd\[[0-9]*\]: [0-9A-F]*: client=unknown\[192\.0\.2\.7\]' "$log" && echo yes)"

# the listeners parameter: the flag is the administrator's to give
t_answers $T $N 0 0 OCF_RESKEY_listeners="$A:25/haproxy $A:587"
t_answers $T $N 1 1 OCF_RESKEY_listeners="$A:25 $A:587"
t_check_reason $T "the reason names the listener" "listener $A:25: "
t_agent $N validate-all OCF_RESKEY_listeners="$A:25/proxy"
t_check $T "listeners $A:25/proxy: malformed parameter" 2 "$T_RC"
t_check_reason $T "the reason says the form" 'is not host:port\[/haproxy\]'

t_stop_gone $T $N ""

# an unknown value: every node's configuration error, refused before start
postconf -c "$etc" -e 'lb_protocol = HAProxy'
t_agent $N validate-all OCF_CHECK_LEVEL=10
t_check $T "HAProxy (Postfix compares exactly): validate-all 10" 6 "$T_RC"
t_check_reason $T "the reason names the service and the parameter" \
	'service 25: smtpd_upstream_proxy_protocol = "HAProxy"'
t_start $N
t_check $T "HAProxy: start refused" 6 "$T_RC"
t_check $T "HAProxy: the refused start left nothing" "" "$(t_instance_pids $N)"
# Postfix started by hand with it: smtpd dies at the connection
t_postfix $N start >/dev/null 2>&1
t_wait_for 20 "$CLI" "$A" 587 2000 >/dev/null 2>&1 || t_fail "$T: HAProxy: submission greets after postfix start"
out=$("$CLI" --proxy v1 "$A" 25 10000 2>/dev/null)
t_check $T "HAProxy: Postfix refuses the connection despite the header ($out)" 1 $?
t_check $T "HAProxy: smtpd logged it fatal" yes \
	"$(grep -q 'fatal: unsupported smtpd_upstream_proxy_protocol value: HAProxy' "$log" && echo yes)"
t_answers $T $N 6 6
t_stop $N
t_check $T "HAProxy: stop" 0 "$T_RC"
t_check $T "HAProxy: nothing left" "" "$(t_instance_pids $N)"

# --- 2. postscreen, postscreen_upstream_proxy_protocol in main.cf ---------
t_netns_up $NS || { t_fail "$T: network namespace"; exit 1; }
t_stock_create $N2 loopback-only
t_netns_agent $NS
etc=$(t_etc $N2)
log=$T_ROOT/$N2/maillog
sed -i -e 's/^smtp  *inet .*smtpd$/#&/' \
	-e 's/^#\(smtp  *inet .*postscreen\)$/\1/' \
	-e 's/^#\(smtpd  *pass .*\)$/\1/' -e 's/^#\(dnsblog .*\)$/\1/' \
	-e 's/^#\(tlsproxy .*\)$/\1/' "$etc/master.cf"
# the probing addresses are not allowed through (postscreen_access_list),
# so postscreen's pregreeting is what the probe reads; the greet wait is
# short only so that mail is queued soon: the probe never waits for it
# (t_conf_postscreen)
postconf -c "$etc" -e 'postscreen_upstream_proxy_protocol = haproxy' \
	'postscreen_upstream_proxy_timeout = 2s' 'postscreen_greet_wait = 1s' \
	'relay_domains = pfkit.invalid' 'postscreen_access_list ='
t_check $T "postscreen: listeners 127.0.0.1:25 and [::1]:25 expect PROXY" \
	"listener smtp 127.0.0.1:25 proxy|listener smtp [::1]:25 proxy" \
	"$("$DUMP" "$etc" 2>&1 | grep '^listener' | paste -sd '|')"
t_start $N2
t_check $T "postscreen: start" 0 "$T_RC"
t_answers $T $N2 0 0
t_monitor $N2 OCF_CHECK_LEVEL=20
t_check $T "postscreen: monitor depth 20" 0 "$T_RC"
t_check $T "postscreen: took the agent's TCP4 and TCP6 headers" yes \
	"$(grep -q 'postscreen\[[0-9]*\]: CONNECT from \[127.0.0.1\]' "$log" &&
		grep -q 'postscreen\[[0-9]*\]: CONNECT from \[::1\]' "$log" && echo yes)"
t_check $T "postscreen: no haproxy read error, no pregreet violation" 0 \
	"$(grep -c 'haproxy read\|PREGREET' "$log")"
# (the tool does not stop at the pregreeting: it waits the greet wait
# out and reads the complete greeting, smtpd's after postscreen's)
out=$(ip netns exec $NS "$CLI" --proxy v2 ::1 25 10000 2>/dev/null)
t_check $T "postscreen: a PROXY v2 TCP6 header is read ($out)" 0 $?
T_SMTP_PROXY="PROXY TCP6 2001:db8::7 ::1 40000 25" t_smtp_send ::1 25 \
	test@pfkit.invalid rcpt@pfkit.invalid 20 ip netns exec $NS
t_check $T "postscreen: mail accepted after a PROXY TCP6 line" 0 $?
t_check $T "postscreen: it came from the address the header named" yes \
	"$(grep -q 'CONNECT from \[2001:db8::7\]' "$log" && echo yes)"
t_stop_gone $T $N2 "postscreen: "
