#!/bin/bash
# t_life_drain.sh - stop drains: an SMTP transaction in progress when stop
# begins is completed and acknowledged (250) before stop returns, the
# message queued once; a session that only waits for its client does not
# hold stop up: it is ended once nothing of the instance has run or moved
# a byte for a while (the agent's drain, pf_halt(3)); an smtpd asleep on a
# timer (an error reply's delay) is ended at once. Nothing of the instance
# is left either way, and nothing was killed with SIGKILL.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_drain N=ldrain A=127.0.167.31 P=2525
t_setup $N $A $P 'exec 3<&- 3>&-'

# reply - read one SMTP reply (every line of it) from fd 3: its last line
reply() {
	local l
	REPLY_LINE=
	while IFS= read -r -t 10 l <&3; do
		REPLY_LINE=${l%$'\r'}
		[[ $REPLY_LINE == [0-9][0-9][0-9]" "* ]] && return 0
	done
	return 1
}
# send LINE - one command to fd 3, and its reply
send() { printf '%s\r\n' "$1" >&3 && reply; }
# stop_bg FILE - the agent's stop in the background: "rc" then its
# stderr in FILE (its pid in STOP_PID)
stop_bg() {
	(
		t_stop $N HA_debug=1
		printf '%s\n%s\n' "$T_RC" "$T_ERR" >"$1"
	) &
	STOP_PID=$!
}
# stop_waited K WHAT - the K-th stop, in the background and waited for:
# it answers 0 and leaves nothing of the instance; its stderr in $OUT
stop_waited() {
	OUT=$T_ROOT/$N.stop$1
	stop_bg "$OUT"
	wait "$STOP_PID"
	t_check $T "stop with $2" 0 "$(sed -n 1p "$OUT")"
	t_check $T "stop with $2: nothing of the instance left" "" "$(t_instance_pids $N)"
	# what the drain said, for a failing check below to be read against
	grep -E 'drain' "$OUT" | sed 's/^/  /' >&2
}
# drain_ended RULE - "yes" when the last stop's drain ended on the rule
# whose log line matches the extended regex RULE, else what it said
drain_ended() {
	local said
	said=$(grep -o -E 'drain(ed)?: [^(]*' "$OUT" | tail -1)
	if [[ $said =~ $1 ]]; then echo yes; else echo "no: ${said:-nothing}"; fi
}
# stop_running - the stop started by stop_bg has not returned yet
stop_running() { t_alive "$STOP_PID"; }
master_gone() { ! t_alive "$MASTER"; }
queued() { find "$(t_queue $N)"/{incoming,active,deferred,hold} -type f 2>/dev/null | wc -l; }

# 1. a transaction in progress: the end of its data comes after stop began
t_start $N
t_check $T "start" 0 "$T_RC"
MASTER=$(t_master_pid $N)
before=$(queued)
exec 3<>"/dev/tcp/$A/$P"
reply
t_check $T "greeting" 220 "${REPLY_LINE:0:3}"
send "EHLO drain.pfkit.invalid"
send "MAIL FROM:<drain@pfkit.invalid>"
send "RCPT TO:<rcpt@pfkit.invalid>"
send "DATA"
t_check $T "DATA accepted" 354 "${REPLY_LINE:0:3}"
printf 'Subject: drain\r\nMessage-ID: <drain-1@pfkit.invalid>\r\n\r\nin flight\r\n' >&3
out=$T_ROOT/$N.stop1
stop_bg "$out"
# the master gone (stop has begun to drain), the session still open
t_check $T "stop still waiting for the session (the master ended, stop not returned)" yes \
	"$(t_wait_for 20 master_gone && stop_running && echo yes || echo no)"
send "."
t_check $T "the message in flight is acknowledged during stop" 250 "${REPLY_LINE:0:3}"
send "QUIT"
wait "$STOP_PID"
exec 3<&- 3>&-
t_check $T "stop" 0 "$(sed -n 1p "$out")"
t_check $T "nothing of the instance left" "" "$(t_instance_pids $N)"
t_check $T "the acknowledged message is queued, once" $((before + 1)) "$(queued)"
t_check $T "stop drained: the log says so" 1 "$(grep -c 'drained: every process of this instance finished its work' "$out")"
t_check $T "nothing killed" 0 "$(grep -c 'killing the processes of this instance' "$out")"

# 2. a session that only waits for its client does not hold stop up
t_start $N
t_check $T "start again" 0 "$T_RC"
MASTER=$(t_master_pid $N)
exec 3<>"/dev/tcp/$A/$P"
reply
send "EHLO idle.pfkit.invalid"
t_check $T "idle session open" 250 "${REPLY_LINE:0:3}"
stop_waited 2 "an idle session"
# the session's smtpd, and any other process of the instance still waiting
# then (a deferral of the first message that a stop cut short, on a busy
# machine)
t_check $T "the drain ended on no progress, named" yes \
	"$(drain_ended '^drain: [0-9]+ processes of this instance neither ran nor moved a byte')"
t_check $T "the client's connection is closed" closed \
	"$(if IFS= read -r -t 10 l <&3; then echo "open: $l"; else echo closed; fi)"
exec 3<&- 3>&-

# 3. a Postfix daemon sleeping on a timer does not hold stop up either: an
# smtpd delays its error replies past smtpd_soft_error_limit errors
# (smtpd_error_sleep_time) in a sleep, as it pauses before a retry when a
# service it needs has left; no transaction completes in a sleep, so the
# drain ends at once instead of waiting for its quiet half second
postconf -c "$(t_etc $N)" -e "smtpd_error_sleep_time = 60s" "smtpd_soft_error_limit = 1"
t_start $N
t_check $T "start with a 60 s error delay" 0 "$T_RC"
exec 3<>"/dev/tcp/$A/$P"
reply
t_check $T "greeting before the errors" 220 "${REPLY_LINE:0:3}"
send "NO-SUCH-COMMAND"
t_check $T "the first error replied at once" 500 "${REPLY_LINE:0:3}"
# the second: its reply comes after the sleep, which stop interrupts
printf 'NO-SUCH-COMMAND\r\n' >&3
# its smtpd: asleep before the 502 (the kernel's wait channel, or the
# system call it is blocked in: nanosleep or clock_nanosleep on x86_64,
# aarch64)
smtpd_asleep() {
	local p w s
	for p in $(t_instance_pids $N); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = smtpd ] || continue
		w=$(cat "/proc/$p/wchan" 2>/dev/null)
		s=$(cut -d' ' -f1 "/proc/$p/syscall" 2>/dev/null)
		[[ $w == *nanosleep* ]] || [[ " 35 230 101 115 " == *" $s "* ]] && return 0
	done
	return 1
}
if t_wait_for 20 smtpd_asleep; then
	stop_waited 3 "an smtpd asleep"
	t_check $T "the drain ended on the sleep, named" yes \
		"$(drain_ended '^drain: the 1 Postfix daemons of this instance left sleep on a timer')"
	t_check $T "not on the half second of no progress" 0 \
		"$(grep -c 'neither ran nor moved a byte' "$OUT")"
	t_check $T "nothing killed" 0 "$(grep -c 'killing the processes of this instance' "$OUT")"
else
	t_skip $T "the smtpd was never seen asleep (no wait channel or system call in /proc)"
fi
exec 3<&- 3>&-
postconf -c "$(t_etc $N)" -X smtpd_error_sleep_time smtpd_soft_error_limit
