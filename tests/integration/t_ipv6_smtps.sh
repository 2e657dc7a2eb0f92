#!/bin/bash
# t_ipv6_smtps.sh - instances listening on IPv6 only, and an smtps
# (wrapper mode, smtpd_tls_wrappermode=yes) listener, are started,
# monitored and probed correctly; the smtps probe really happens inside
# TLS (a broken TLS set-up is noticed and named).
#
# 1. instance v6lo: inet_interfaces = ::1, inet_protocols = ipv6, smtp on
#    [::1]:2780 and smtps on [::1]:2781 with a self-signed certificate.
# 2. instance v6ula in a network namespace made for this test (this kernel
#    has no dummy interface driver): fd00:5066::70 on that namespace's lo,
#    smtp on [fd00:5066::70]:2782; the agent runs inside the namespace.
. "$(dirname "$0")/lib.sh"
T=ipv6_smtps
NS=pfkharden
ULA=fd00:5066::70
CLI=$T_TOOLS_BUILD/pf_smtp_probe_cli
CERTS=$T_ROOT/$T-certs
REAL_AGENT=$AGENT

# --- 1. [::1] with smtps ---------------------------------------------------
t_instance_create v6lo ::1 2780
E=$(t_etc v6lo)
t_self_signed "$CERTS" || t_fail "$T: openssl could not make a certificate"
postconf -c "$E" -e "inet_interfaces = ::1" "inet_protocols = ipv6" \
	"mynetworks = [::1]/128"
postconf -c "$E" -M "[::1]:2781/inet = [::1]:2781 inet n - n - - smtpd \
-o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt \
-o smtpd_tls_cert_file=$CERTS/cert.pem -o smtpd_tls_key_file=$CERTS/key.pem"

t_start v6lo
t_check "$T" "[::1]: start" 0 "$T_RC"
t_probe v6lo
t_check "$T" "[::1]: probe" 0 "$T_RC"
t_monitor v6lo
t_check "$T" "[::1]: monitor" 0 "$T_RC"
t_monitor v6lo OCF_CHECK_LEVEL=20
t_check "$T" "[::1]: monitor depth 20 (EHLO, also inside TLS)" 0 "$T_RC"
out=$("$CLI" ::1 2780 3000 2>/dev/null)
t_check "$T" "[::1]:2780 greets in clear text" "rc=ok" "${out%% *}"
out=$("$CLI" --tls ::1 2781 3000 2>/dev/null)
t_check "$T" "[::1]:2781 greets inside TLS" "rc=ok" "${out%% *}"
out=$("$CLI" ::1 2781 1500 2>/dev/null)
t_check "$T" "[::1]:2781 says nothing in clear text (really wrapper mode)" "rc=timeout" "${out%% *}"
out=$("$CLI" 127.0.0.1 2780 1500 2>/dev/null)
t_check "$T" "nothing listens on IPv4" "rc=fail" "${out%% *}"

# break TLS: new smtpd processes cannot load the key; the monitor must
# notice it on the smtps listener and name it
cp "$CERTS/key.pem" "$CERTS/key.pem.good"
printf 'not a key\n' >"$CERTS/key.pem"
t_postfix v6lo reload >/dev/null 2>&1
# the master handles the reload when it gets to it: wait until the smtps
# listener no longer completes a TLS greeting (no old smtpd left)
t_wait_for 60 sh -c "! '$CLI' --tls ::1 2781 2000 >/dev/null 2>&1"
t_monitor v6lo
t_check "$T" "[::1]: smtps without a usable key: monitor fails" 1 "$T_RC"
t_check_reason "$T" "[::1]: the smtps listener is named" '2781'
cp "$CERTS/key.pem.good" "$CERTS/key.pem"
t_postfix v6lo reload >/dev/null 2>&1
t_wait_for 60 sh -c "'$CLI' --tls ::1 2781 2000 >/dev/null 2>&1"
t_monitor v6lo
t_check "$T" "[::1]: key back: monitor" 0 "$T_RC"

t_stop v6lo
t_check "$T" "[::1]: stop" 0 "$T_RC"
t_check "$T" "[::1]: nothing left" "" "$(t_instance_pids v6lo)"
t_probe v6lo
t_check "$T" "[::1]: probe after stop" 7 "$T_RC"
t_instance_destroy v6lo

# --- 2. a ULA address in a network namespace -----------------------------
if ip netns add "$NS" 2>/dev/null; then
	ip netns exec "$NS" ip link set lo up
	ip netns exec "$NS" ip -6 addr add "$ULA/64" dev lo nodad
	wrapper=$T_ROOT/$T-netns-agent
	printf '#!/bin/sh\nexec ip netns exec %s %s "$@"\n' "$NS" "$REAL_AGENT" >"$wrapper"
	chmod 755 "$wrapper"
	t_instance_create v6ula "$ULA" 2782
	postconf -c "$(t_etc v6ula)" -e "inet_interfaces = $ULA" "inet_protocols = ipv6" \
		"mynetworks = [$ULA]/128"
	AGENT=$wrapper
	t_start v6ula
	t_check "$T" "[$ULA] in a namespace: start" 0 "$T_RC"
	t_probe v6ula
	t_check "$T" "[$ULA]: probe" 0 "$T_RC"
	t_monitor v6ula OCF_CHECK_LEVEL=20
	t_check "$T" "[$ULA]: monitor depth 20" 0 "$T_RC"
	out=$(ip netns exec "$NS" "$CLI" "$ULA" 2782 3000 2>/dev/null)
	t_check "$T" "[$ULA]:2782 greets" "rc=ok" "${out%% *}"
	t_monitor v6ula OCF_RESKEY_listeners="[$ULA]:2783"
	t_check "$T" "[$ULA]: a listener override on a closed port fails" 1 "$T_RC"
	t_check_reason "$T" "[$ULA]: the IPv6 listener is named with brackets" "\\[$ULA\\]:2783"
	t_stop v6ula
	t_check "$T" "[$ULA]: stop" 0 "$T_RC"
	t_check "$T" "[$ULA]: nothing left" "" "$(t_instance_pids v6ula)"
	AGENT=$REAL_AGENT
	t_instance_destroy v6ula
	ip netns del "$NS"
	rm -f "$wrapper"
else
	t_fail "$T: cannot create network namespace $NS"
fi
rm -rf "$CERTS"
