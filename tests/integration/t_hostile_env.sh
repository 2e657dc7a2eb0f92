#!/bin/bash
# t_hostile_env.sh - a hostile environment gets a clear answer within the
# deadline: OCF_CHECK_LEVEL garbage, OCF_RESKEY_CRM_meta_timeout missing,
# 0, negative, non-numeric or huge, OCF_RESOURCE_INSTANCE with %n%s and
# newlines, HA_RSCTMP missing or unwritable, smtp_timeout garbage.
# Those values are set by hand: Pacemaker never produces them. The rest
# of each call's environment is the one Pacemaker gives a recurring
# monitor (t_monitor: recorded from real Pacemaker).
. "$(dirname "$0")/lib.sh"
T=hostile_env
ADDR=127.0.0.76
PORT=2576
FAKE_ADDR=127.0.0.77
FAKE_PORT=2577
D=$T_ROOT/$T-work
DEFAULT_LIMIT=20000		# pf_ocf's default action timeout, ms

rm -rf "$D"
mkdir -p "$D"
t_instance_create "$T" "$ADDR" "$PORT"
t_addr_add "$FAKE_ADDR"		# the agent probes only addresses of this node

t_timed_agent "$T" start
t_check "$T" "start" 0 "$T_RC"

# monitor_case DESC EXPECT MAX_MS REGEX VAR=value... - recurring monitor
monitor_case() { t_hostile_case "$T" "$1" "$2" "$3" "$4" t_monitor "$T" "${@:5}"; }
# waited_3000 DESC - the last case waited for the greeting until its
# deadline: 3000 ms less the agent's margin (500 ms), 2500 ms from its
# start. A lower bound, so no question of the machine's speed: a
# garbage smtp_timeout taken as some small number of seconds ends the
# wait sooner and fails here (the upper bound alone let it pass)
waited_3000() {
	t_check "$T" "$1: waited until the action's deadline (${T_MS} ms >= 2500)" yes \
		"$([ "$T_MS" -ge 2500 ] && echo yes || echo no)"
}

for v in abc -1 10x 99999999999999999999 ' 10' '%n%s'; do
	monitor_case "OCF_CHECK_LEVEL [$v]" 0 5000 . OCF_CHECK_LEVEL="$v"
done
monitor_case "OCF_CHECK_LEVEL garbage: warned" 0 5000 . OCF_CHECK_LEVEL=abc HA_debug=1
t_check "$T" "OCF_CHECK_LEVEL garbage: the log says so" yes \
	"$(printf '%s\n' "$T_ERR" | grep -q 'OCF_CHECK_LEVEL' && echo yes || echo no)"

# a healthy instance answers at once whatever timeout Pacemaker gave
T_UNSET=OCF_RESKEY_CRM_meta_timeout monitor_case "CRM_meta_timeout missing" 0 5000 .
for v in 0 -5 abc 1e3 99999999999999999999 ''; do
	monitor_case "CRM_meta_timeout [$v]" 0 5000 . OCF_RESKEY_CRM_meta_timeout="$v"
done

# with a listener that never greets, the probe waits until the deadline
# and no longer: 20 s (the default) minus the margin when the timeout is
# unusable, the given 3 s minus the margin otherwise
if T_FAKE_LIFETIME=200 t_fake_smtp_start "$FAKE_ADDR" "$FAKE_PORT" nogreet; then
	for v in missing 0 -5 abc; do
		if [ "$v" = missing ]; then
			export T_UNSET=OCF_RESKEY_CRM_meta_timeout
			set --
		else
			set -- OCF_RESKEY_CRM_meta_timeout="$v"
		fi
		monitor_case "CRM_meta_timeout [$v], silent listener" 1 "$DEFAULT_LIMIT" \
			"$FAKE_ADDR:$FAKE_PORT" OCF_RESKEY_listeners="$FAKE_ADDR:$FAKE_PORT" "$@"
		t_check "$T" "CRM_meta_timeout [$v], silent listener: waited for the default deadline" yes \
			"$([ "$T_MS" -ge 10000 ] && echo yes || echo no)"
		unset T_UNSET
	done
	monitor_case "CRM_meta_timeout 3000, silent listener" 1 3000 "$FAKE_ADDR:$FAKE_PORT" \
		OCF_RESKEY_listeners="$FAKE_ADDR:$FAKE_PORT" OCF_RESKEY_CRM_meta_timeout=3000
	waited_3000 "CRM_meta_timeout 3000, silent listener"
	for v in abc 10s -1 99999999999; do
		monitor_case "smtp_timeout [$v], silent listener" 1 3000 "$FAKE_ADDR:$FAKE_PORT" \
			OCF_RESKEY_listeners="$FAKE_ADDR:$FAKE_PORT" OCF_RESKEY_CRM_meta_timeout=3000 \
			OCF_RESKEY_smtp_timeout="$v"
		waited_3000 "smtp_timeout [$v], silent listener"
	done
	# control: a valid smtp_timeout does bound the probe (so the garbage
	# values above were really ignored, not taken as some number)
	monitor_case "smtp_timeout 1, silent listener" 1 1500 "$FAKE_ADDR:$FAKE_PORT: no greeting within 1 s" \
		OCF_RESKEY_listeners="$FAKE_ADDR:$FAKE_PORT" OCF_RESKEY_CRM_meta_timeout=3000 \
		OCF_RESKEY_smtp_timeout=1
else
	t_fail "$T: fake SMTP server did not start"
fi

# instance names that are format strings or hold newlines: logging and
# the exit reason stay sane (HA_debug=1 logs to stderr, so every log line
# goes through the formatting path)
for v in '%n%s%s%n%x' $'a\nb\nocf-exit-reason:forged' $'\n'; do
	monitor_case "OCF_RESOURCE_INSTANCE [$(printf '%q' "$v")]: monitor" 0 5000 . \
		HA_debug=1 OCF_RESOURCE_INSTANCE="$v"
	monitor_case "OCF_RESOURCE_INSTANCE [$(printf '%q' "$v")]: failing monitor" 1 5000 \
		"$FAKE_ADDR:$FAKE_PORT: no greeting" HA_debug=1 OCF_RESOURCE_INSTANCE="$v" \
		OCF_RESKEY_listeners="$FAKE_ADDR:$FAKE_PORT" OCF_RESKEY_CRM_meta_timeout=3000
	t_check "$T" "OCF_RESOURCE_INSTANCE [$(printf '%q' "$v")]: no forged exit reason" 0 \
		"$(printf '%s\n' "$T_ERR" | grep -c '^ocf-exit-reason:forged')"
done

t_fake_smtp_stop

# HA_RSCTMP missing, a regular file, read-only: the cache is skipped and
# the answers do not change
printf 'x\n' >"$D/afile"
mkdir -p "$D/ro"
ro=""
mount -t tmpfs -o ro,size=1m pfkit-harden-ro "$D/ro" 2>/dev/null && ro="$D/ro"
for v in "$D/missing" "$D/afile" $ro; do
	t_hostile_case "$T" "HA_RSCTMP [$v]: validate-all" 0 20000 . t_agent "$T" validate-all HA_RSCTMP="$v"
	monitor_case "HA_RSCTMP [$v]: monitor" 0 5000 . HA_RSCTMP="$v"
done
t_check "$T" "HA_RSCTMP missing: created for the cache, root's 0755" "0 755" \
	"$(stat -c '%u %a' "$D/missing" 2>/dev/null)"
t_check "$T" "HA_RSCTMP a file: untouched" x "$(cat "$D/afile")"
[ -n "$ro" ] && umount "$ro"
T_UNSET=HA_RSCTMP monitor_case "HA_RSCTMP unset" 0 5000 .

t_timed_agent "$T" stop
t_check "$T" "stop" 0 "$T_RC"
t_check "$T" "stop: nothing of the instance left" "" "$(t_instance_pids "$T")"
t_instance_destroy "$T"
t_addr_del "$FAKE_ADDR"
rm -rf "$D"
