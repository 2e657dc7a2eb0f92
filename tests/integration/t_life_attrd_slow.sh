#!/bin/bash
# t_life_attrd_slow.sh - a probe publishes this node's postfix ids with
# attrd_updater; when attrd is slow, that gets a small share of the
# probe's time (a fifth of what is left, at most 2 s), attrd_updater is
# ended, a warning says so, and the probe still has the time its answer
# needs: here smtpd greets after 4 s (a client restriction that sleeps
# before the greeting, as sites use against zombies), the probe's timeout
# is 12 s, and the answer is 0; had the wait for attrd taken up to 10 s of
# it, the greeting would have come too late (1). The ids are not taken as
# published: the next recurring monitor tries again, within the same
# budget.
#
# The slow attrd_updater is a script bound over /usr/sbin/attrd_updater
# in a mount namespace of each agent call's own.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_attrd_slow A=127.0.162.4 P=2525 N=normattrd
if [ ! -x /usr/sbin/attrd_updater ]; then
	t_skip "$T" "/usr/sbin/attrd_updater is not installed (the agent runs it by that path)"
	exit 0
fi
t_instance_create $N $A $P
postconf -c "$(t_etc $N)" -e "smtpd_delay_reject = no" "smtpd_client_restrictions = sleep 4"
slow=$T_ROOT/$N/attrd_updater.slow
pids=$T_ROOT/$N/attrd.pids
wrap=$T_ROOT/$N/agent-slow-attrd
state=${HA_RSCTMP:-/run/resource-agents}/pfkit-attr.pfkit-$N-ids
cleanup() {
	local p
	while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$pids"
	rm -f "$state"
	t_instance_destroy $N
}
trap cleanup EXIT

# an attrd_updater that never answers: it notes its pid, then waits
cat >"$slow" <<EOS
#!/bin/sh
echo \$\$ >>"$pids"
exec sleep 600
EOS
chmod 755 "$slow"
: >"$pids"
cat >"$wrap" <<EOW
#!/bin/sh
exec unshare --mount --propagation private /bin/sh -c \
	'mount --bind "\$0" /usr/sbin/attrd_updater && exec "\$@"' "$slow" "$AGENT" "\$@"
EOW
chmod 755 "$wrap"
rm -f "$state"

t_start $N
t_check $T "start" 0 "$T_RC"
t_check $T "smtpd greets after its 4 s sleep" accepted "$(t_smtp_result $A $P)"

AGENT=$wrap t_probe $N OCF_RESKEY_CRM_meta_timeout=12000 HA_debug=1
t_check $T "probe with attrd slow, greeting after 4 s, 12 s timeout: healthy" 0 "$T_RC"
t_check $T "the probe asked the slow attrd_updater" 1 "$(wc -l <"$pids")"
budget=$(printf '%s\n' "$T_ERR" | sed -n 's/.*postfix ids [0-9]*:[0-9]* not published within \([0-9]*\) ms, attrd is slow.*/\1/p')
t_check $T "the probe says it did not publish, and its budget (${budget:-none} ms)" yes \
	"$(if [ -n "$budget" ] && [ "$budget" -le 2000 ]; then echo yes; fi)"
gone() { local p; while read -r p; do t_alive "$p" && return 1; done <"$pids"; return 0; }
t_wait_for 10 gone
t_check $T "the slow attrd_updater was ended" yes "$(gone && echo yes)"
t_check $T "nothing taken as published" 1 "$(t_exists "$state")"

# the next recurring monitor tries again, and answers as well; being the
# first after the start, it also asks attrd for the other nodes' ids (the
# comparison start left to it), in the same small share of its time
AGENT=$wrap t_monitor $N HA_debug=1
t_check $T "recurring monitor with attrd slow: healthy" 0 "$T_RC"
t_check $T "the recurring monitor tried to publish again, and asked for the other nodes' ids" 3 "$(wc -l <"$pids")"
t_check $T "it gave attrd at most 2 s of its 20" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c 'not published within \(1[0-9][0-9][0-9]\|2000\|[0-9]\{1,3\}\) ms')"
t_check $T "the ids query ended within the same share, not compared" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c 'postfix ids of the other nodes.*not compared')"
t_wait_for 10 gone
t_stop $N
t_check $T "stop" 0 "$T_RC"
