#!/bin/bash
# t_life_smtpd_dstate.sh - an I/O stall holds smtpd in D state (real
# uninterruptible sleep, no fixture): a transient one must not fail the
# monitor, one that outlasts the greeting's deadline answers 1 and says so.
#
# The stall is made where smtpd really reads on every connection: its
# reverse lookup of the client (smtpd_peername_lookup, nsswitch "hosts:
# files") reads /etc/hosts. In the instance's network namespace, /etc/hosts
# is a file of a FUSE filesystem (tests/tools/stall_fs.py) whose reads the
# test holds and releases, as a stalled DRBD, iSCSI, multipath or NFS
# device holds them: smtpd then waits in D state (the kernel's readahead,
# then the page lock), and this test checks that in /proc/PID/stat before
# it asserts anything else. The smtp service has process_limit 1, the
# process limit an I/O stall makes every site reach: the one smtpd is
# stuck with a client, so the probe's connection waits in the accept
# queue while the only process that could accept it is in D.
#
# - transient stall: a monitor starts while smtpd is in D; the test waits
#   until the agent has looked three times and seen it in D (the agent's
#   debug lines: the old rule failed at the second look), then releases
#   the read; the monitor answers 0;
# - stall past the deadline (smtp_timeout 4 s): the monitor answers 1, the
#   reason says the greeting timed out and names the smtpd pid that stayed
#   in D; released, the next monitor answers 0.
# No elapsed time is asserted: the test waits for events (a held read, a
# state in /proc, the agent's looks), never for a span.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib_stock.sh
. "$(dirname "$0")/lib_stock.sh"
T=life_smtpd_dstate P=2525 N=dstate1
A=127.0.164.2 NS=dstate-io
FS=$T_ROOT/dstate-fs
FS_PID='' FS_FD='' CLIENT_PID='' MON_PID=''
cleanup() {
	# release first: a held read would keep smtpd in D through the stop
	[ -n "$FS_FD" ] && printf 'release\n' >&"$FS_FD"
	[ -n "$CLIENT_PID" ] && kill "$CLIENT_PID" 2>/dev/null && wait "$CLIENT_PID" 2>/dev/null
	[ -n "$MON_PID" ] && kill "$MON_PID" 2>/dev/null && wait "$MON_PID" 2>/dev/null
	t_instance_destroy $N
	# the server detaches its mount as it ends, which fails any read left
	[ -n "$FS_PID" ] && kill "$FS_PID" 2>/dev/null && wait "$FS_PID" 2>/dev/null
	t_netns_down $NS
	rm -rf "/etc/netns/$NS" "$FS" "$FS".*
}
trap cleanup EXIT

if [ ! -c /dev/fuse ] || ! grep -qw fuse /proc/filesystems; then
	t_skip "$T" "no FUSE in this kernel (/dev/fuse, /proc/filesystems): no way to stall a read here"
	exit 0
fi

# fs_say CMD - tell the filesystem to hold or release reads
fs_say() { printf '%s\n' "$1" >&"$FS_FD"; }
# fs_logged PATTERN - the filesystem logged a line matching PATTERN
fs_logged() { grep -q -- "$1" "$FS.log" 2>/dev/null; }
# state PID - its state letter in /proc/PID/stat
state() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1; }
# smtpd_in_d - D_PID: the instance's smtpd in D state whose read is held
smtpd_in_d() {
	local p
	D_PID=
	for p in $(t_pids_comm $N smtpd); do
		if [ "$(state "$p")" = D ] && fs_logged "^held read pid=$p\$"; then D_PID=$p; return 0; fi
	done
	return 1
}
# client - one SMTP client in the namespace: the greeting, then QUIT
# shellcheck disable=SC2016 # expanded by the bash that runs it
client() {
	timeout -k 2 120 ip netns exec $NS bash -c '
		exec 3<>"/dev/tcp/$1/$2" || exit 1
		IFS= read -r line <&3 && [ "${line:0:3}" = 220 ] || exit 1
		printf "QUIT\r\n" >&3
		IFS= read -r line <&3
		exit 0' client $A $P &
	CLIENT_PID=$!
}
# agent_looks N - the running monitor has seen smtpd in D at N looks
# (its stderr, which t_agent keeps in $T_ROOT/.agent-stderr.<its shell>)
agent_looks() {
	[ "$(grep -c "$A:$P: 1 smtpd in D state, 1 connection waiting: not evidence" \
		"$T_ROOT/.agent-stderr.$MON_PID" 2>/dev/null)" -ge "$1" ]
}
# looks_or_ended N - agent_looks N, or the monitor is over
looks_or_ended() { agent_looks "$1" || ! kill -0 "$MON_PID" 2>/dev/null; }

# --- the filesystem, the namespace, the instance ----------------------
mkdir -p "$FS.src" "$FS"
printf '127.0.0.1\tlocalhost\n%s\tdstate-client.pfkit.invalid\n' $A >"$FS.src/hosts"
"$T_PY" "$T_TOOLS_SRC/stall_fs.py" --lifetime 500 "$FS" "$FS.ctl" "$FS.log" "$FS.src/hosts" \
	>"$FS.out" 2>&1 &
FS_PID=$!
if ! t_wait_for 20 fs_logged '^ready$'; then
	t_fail "$T: the FUSE filesystem did not come up: $(head -c 300 "$FS.out")"
	exit 1
fi
exec {FS_FD}<>"$FS.ctl"
t_netns_up $NS v6off || { t_fail "$T: network namespace"; exit 1; }
ip netns exec $NS ip addr add $A/32 dev lo
mkdir -p "/etc/netns/$NS"
# ip netns exec binds each file here over /etc's: /etc/hosts is the FUSE
# file, host names come from files alone
ln -s "$FS/hosts" "/etc/netns/$NS/hosts"
{ grep -v '^hosts:' /etc/nsswitch.conf; echo 'hosts: files'; } >"/etc/netns/$NS/nsswitch.conf"
# shellcheck disable=SC2016 # awk's fields
t_check $T "/etc/hosts in the namespace is the FUSE file" "fuse.pfkit-stall" \
	"$(ip netns exec $NS awk '$5 == "/etc/hosts" { for (i = 7; $i != "-"; i++); print $(i + 1) }' /proc/self/mountinfo)"

T_ADDR_EXTERNAL=1 t_instance_create $N $A $P
postconf -c "$(t_etc $N)" -e "smtpd_peername_lookup = yes"
postconf -c "$(t_etc $N)" -F "$P/inet/process_limit = 1"
t_netns_agent $NS
t_start $N
t_check $T "start" 0 "$T_RC"
t_monitor $N
t_check $T "monitor, no stall" 0 "$T_RC"

# --- a transient stall ------------------------------------------------
fs_say hold
t_wait_for 10 fs_logged '^holding$'
client
if ! t_wait_for 30 smtpd_in_d; then
	t_fail "$T: no smtpd of $N in D state with its read held (smtpd: $(for p in $(t_pids_comm $N smtpd); do printf '%s=%s ' "$p" "$(state "$p")"; done))"
	exit 1
fi
t_pass "$T: smtpd pid $D_PID in D state (/proc/$D_PID/stat), its read of /etc/hosts held"
( t_monitor $N HA_debug=1; printf '%s\n' "$T_RC" >"$FS.mon-rc"; printf '%s\n' "$T_ERR" >"$FS.mon-err" ) &
MON_PID=$!
# (or the monitor ended: it answered before the stall was over)
t_wait_for 60 looks_or_ended 3
t_check $T "the monitor looked 3 times, smtpd in D at each, and waits on" yes \
	"$(agent_looks 3 && kill -0 "$MON_PID" 2>/dev/null && echo yes)"
t_check $T "smtpd still in D, then released" D "$(state "$D_PID")"
fs_say release
wait "$MON_PID"
MON_PID=
t_check $T "D state for a moment, then greets: monitor 0" 0 "$(cat "$FS.mon-rc")"
[ "$(cat "$FS.mon-rc")" = 0 ] || printf '  stderr: %s\n' "$(tail -n 5 "$FS.mon-err")"
wait "$CLIENT_PID"
t_check $T "the stalled client got its greeting" 0 "$?"
CLIENT_PID=

# --- a stall that outlasts the greeting's deadline --------------------
fs_say hold
client
if ! t_wait_for 30 smtpd_in_d; then
	t_fail "$T: no smtpd of $N in D state with its read held (second stall)"
	exit 1
fi
t_monitor $N OCF_RESKEY_smtp_timeout=4
t_check $T "D state past the deadline: monitor 1" 1 "$T_RC"
t_log "  reason: $(t_reason)"
t_check_reason $T "reason: the timeout, and the smtpd pid that stayed in D" \
	"$A:$P: no greeting within [0-9]+ s; smtpd pid $D_PID stuck in D state for [0-9]+\\.[0-9] s, 1 connection waiting to be accepted"
t_check $T "smtpd still in D after the monitor" D "$(state "$D_PID")"
fs_say release
wait "$CLIENT_PID"
t_check $T "the stalled client got its greeting" 0 "$?"
CLIENT_PID=
t_monitor $N
t_check $T "stall over: monitor 0" 0 "$T_RC"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
