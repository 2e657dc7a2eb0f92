#!/bin/bash
# t_hostile_smtp.sh - the SMTP probe answers hostile peers within its
# deadline, naming the listener and the cause, and never crashes.
#
# A fake server (tests/tools/fake_smtp.py) on 127.0.0.71 misbehaves in one
# way per case; tests/tools/pf_smtp_probe_cli runs pf_smtp_probe() against
# it exactly as the agent does, with a 3 s deadline.
. "$(dirname "$0")/lib.sh"
T=hostile_smtp
ADDR=127.0.0.71
PORT=2571
DEADLINE_MS=3000
CLI=$T_TOOLS_BUILD/pf_smtp_probe_cli
CERTS=$T_ROOT/hostile_smtp_certs
# the figure is what was left of the deadline when the step began: its
# form is checked, its bound is the "answered within the deadline" check
NOGREET='no greeting within [0-9]+ m?s'

if [ ! -x "$CLI" ]; then
	t_fail "$T: $CLI not built (run make first)"
	exit 1
fi

# probe_case MODE EXPECTED_EXIT CAUSE_REGEX [--tls]
probe_case() {
	local mode=$1 want=$2 cause=$3 tls=${4:-} out rc ms label fake_args=()
	PORT=$((PORT + 1))
	if [ -n "$tls" ]; then
		fake_args=(--tls "$CERTS/cert.pem" "$CERTS/key.pem")
		label="smtps $ADDR:$PORT"
	else
		label="smtp $ADDR:$PORT"
	fi
	if ! t_fake_smtp_start "${fake_args[@]}" "$ADDR" "$PORT" "$mode"; then
		t_fail "$T: $mode${tls:+ (TLS)}: fake server did not start"
		t_fake_smtp_stop
		return
	fi
	# timeout(1) only guards the test itself: the deadline must do it
	out=$(timeout 20 "$CLI" ${tls:+"$tls"} --ehlo probe.pfkit.invalid "$ADDR" "$PORT" "$DEADLINE_MS" 2>/dev/null)
	rc=$?
	t_fake_smtp_stop
	ms=$(printf '%s\n' "$out" | sed -n 's/.* ms=\([0-9]*\) .*/\1/p')
	t_check "$T" "$mode${tls:+ (TLS)}: exit code" "$want" "$rc"
	if [ -n "$ms" ] && [ "$ms" -le $((DEADLINE_MS + 200)) ]; then
		t_pass "$T: $mode${tls:+ (TLS)}: answered within the deadline (${ms} ms)"
	else
		t_fail "$T: $mode${tls:+ (TLS)}: answered after ${ms:-?} ms (deadline $DEADLINE_MS)"
	fi
	case $out in
	*"why=$label: "*) t_pass "$T: $mode${tls:+ (TLS)}: listener named" ;;
	*) t_fail "$T: $mode${tls:+ (TLS)}: listener not named in '$out'" ;;
	esac
	if printf '%s\n' "$out" | grep -Eq -- "why=$label: ($cause)"; then
		t_pass "$T: $mode${tls:+ (TLS)}: cause named"
	else
		t_fail "$T: $mode${tls:+ (TLS)}: cause /$cause/ not in '$out'"
	fi
}

probe_case ok 0 'greeting 220'
probe_case nogreet 2 "$NOGREET"
probe_case slow 2 "$NOGREET"
probe_case longline 1 'malformed greeting'
probe_case endless 1 'malformed greeting'
probe_case nocrlf 2 "$NOGREET"
probe_case 421 1 'greeting 421 fake.pfkit.invalid service not available'
probe_case 554 1 'greeting 554 no SMTP service here'
probe_case garbage 1 'malformed greeting'
probe_case reset 1 'connection reset before the greeting'
probe_case close 1 'connection closed before the greeting'

if t_self_signed "$CERTS"; then
	probe_case ok 0 'greeting 220' --tls
	probe_case nogreet 2 "$NOGREET" --tls
	probe_case 421 1 'greeting 421' --tls
	probe_case garbage 1 'malformed greeting' --tls
	probe_case close 1 'connection closed before the greeting|TLS handshake' --tls
	probe_case slow 2 "$NOGREET" --tls
	# a clear-text server behind a TLS listener: the handshake fails
	PORT=$((PORT + 1))
	t_fake_smtp_start "$ADDR" "$PORT" ok
	out=$(timeout 20 "$CLI" --tls "$ADDR" "$PORT" "$DEADLINE_MS" 2>/dev/null)
	rc=$?
	t_fake_smtp_stop
	t_check "$T" "clear text on a TLS listener: exit code" 1 "$rc"
	case $out in
	*"why=smtps $ADDR:$PORT: TLS handshake: "*) t_pass "$T: clear text on a TLS listener: handshake failure named" ;;
	*) t_fail "$T: clear text on a TLS listener: '$out'" ;;
	esac
else
	t_fail "$T: openssl could not make a self-signed certificate"
fi
rm -rf "$CERTS"
