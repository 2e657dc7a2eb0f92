#!/bin/bash
# t_life_basic.sh - start/stop/monitor of a healthy instance: double start,
# double stop, start/stop/start cycles, and start returning as soon as the
# listener greets (timed against an independent greeting poller).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_basic N=lbasic A=127.0.0.11 P=2525
# the first start of an empty queue (Postfix builds it) stays tested here
export T_QUEUE_FRESH=1
t_setup $N $A $P

t_answers $T $N 7 7
t_stop $N
t_check $T "stop of a stopped instance" 0 "$T_RC"

# An independent poller notes when the first 220 can be read.
first=$T_ROOT/$N.first-greeting
rm -f "$first"
(
	end=$((SECONDS + 20))
	while [ $SECONDS -lt $end ]; do
		if banner=$(timeout 1 bash -c "exec 3<>/dev/tcp/$A/$P && head -c 3 <&3" 2>/dev/null) &&
			[ "$banner" = 220 ]; then
			t_ms >"$first"
			exit 0
		fi
		sleep 0.005
	done
) &
poller=$!
t0=$(t_ms)
t_start $N
t1=$(t_ms)
t_check $T "start" 0 "$T_RC"
wait $poller
t_check $T "SMTP accepts mail right after start returned" accepted "$(t_smtp_result $A $P)"
if [ -s "$first" ]; then
	g=$(cat "$first")
	echo "# timing: start took $((t1 - t0)) ms; first greeting seen $((g - t0)) ms after start began; start returned $((t1 - g)) ms after it"
fi

t_answers $T $N 0 0
t_monitor $N OCF_CHECK_LEVEL=10
t_check $T "depth 10 monitor" 0 "$T_RC"
t_monitor $N OCF_CHECK_LEVEL=20
t_check $T "depth 20 monitor (EHLO)" 0 "$T_RC"
t_pcmk pacemaker-execd--monitor $N status
t_check $T "status alias of monitor" 0 "$T_RC"

master=$(t_master_pid $N)
t_start $N
t_check $T "double start" 0 "$T_RC"
t_check $T "double start leaves the master untouched" "$master" "$(t_master_pid $N)"

t0=$(t_ms)
t_stop $N
t1=$(t_ms)
t_check $T "stop" 0 "$T_RC"
echo "# timing: stop took $((t1 - t0)) ms"
t_check $T "nothing of the instance left after stop" "" "$(t_instance_pids $N)"
t_check $T "master gone" 1 "$(t_alive "$master"; echo $?)"
t_stop $N
t_check $T "double stop" 0 "$T_RC"
t_answers $T $N 7 7

for i in 1 2 3; do
	t_start $N
	t_check $T "cycle $i: start" 0 "$T_RC"
	t_check $T "cycle $i: SMTP accepts mail" accepted "$(t_smtp_result $A $P)"
	t_stop $N
	t_check $T "cycle $i: stop" 0 "$T_RC"
	t_check $T "cycle $i: nothing left" "" "$(t_instance_pids $N)"
done
