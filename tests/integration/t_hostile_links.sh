#!/bin/bash
# t_hostile_links.sh - root follows no link the postfix user controls, and
# no FIFO in the configuration blocks an action.
#
# An outbound-only instance whose queue manager is a fifo service (master.cf
# "qmgr fifo"), so that a monitor that misses qmgr wakes it through
# $queue/public/qmgr, which is mail_owner's:
# 1. mail_owner swaps a symbolic link to a file of root's in place of qmgr's
#    FIFO: the monitor that wakes qmgr never writes to that file (it names
#    the link in its log), and wakes qmgr through the FIFO once it is back;
# 2. main.cf replaced by a FIFO (nobody writes to it): probe, monitor,
#    validate-all, start and stop each answer within their deadline, as for
#    a configuration this node cannot read (running: probe 1, monitor 5;
#    stopped: probe 7, monitor 5; stop 0), naming the file; main.cf a
#    symbolic link to a regular file is followed (the config directory is
#    root's);
# 3. mail_owner leaves a symbolic link in a queue subdirectory that the
#    start's queue stamp samples: not followed (the reason says so), the
#    proof fails, and the link's target, a directory only root may read, is
#    never read.
# Every agent call runs under timeout(1), so that an open that blocks ends
# in a FAIL line, not a script that never ends.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=hostile_links N=nofollow A=127.0.165.1 P=2525
D=$T_ROOT/$T
LIMIT=20000			# CRM_meta_timeout of every hostile call, ms
REAL_AGENT=$AGENT
t_instance_create $N $A $P
ETC=$(t_etc $N)
Q=$(t_queue $N)
cleanup() {
	[ -p "$ETC/main.cf" ] || [ -L "$ETC/main.cf" ] && rm -f "$ETC/main.cf"
	[ -e "$ETC/main.cf.real" ] && mv "$ETC/main.cf.real" "$ETC/main.cf"
	t_instance_destroy $N
	rm -rf "$D"
}
trap cleanup EXIT
rm -rf "$D"
mkdir -p "$D/outside"

# the agent, bounded: an open that blocks would otherwise hang the script
cat >"$D/agent" <<EOS
#!/bin/sh
exec timeout -k 5 60 '$REAL_AGENT' "\$@"
EOS
chmod 755 "$D/agent"
# as_owner CMD... - CMD as mail_owner (postfix), who owns public/ and the
# queue subdirectories
as_owner() { setpriv --reuid=postfix --regid=postfix --clear-groups -- "$@"; }

# outbound-only (no smtpd), qmgr a fifo service (the master's own wakeup
# writes to it as mail_owner, through Postfix's safe_open(): not root)
sed -i -e "s/^$P  *inet /#&/" "$ETC/master.cf"
postconf -c "$ETC" -M# qmgr/unix
echo "qmgr      fifo  n       -       n       300     1       qmgr" >>"$ETC/master.cf"
t_check $T "master.cf: qmgr is a fifo service, no inet service" "qmgr fifo" \
	"$(postconf -c "$ETC" -M 2>/dev/null | awk '$2 == "inet" { print "inet" } $8 == "qmgr" { print $1, $2 }')"

t_start $N
t_check $T "start" 0 "$T_RC"
t_check $T "qmgr's FIFO in public/" yes "$([ -p "$Q/public/qmgr" ] && echo yes)"
t_answers $T $N 0 0

# --- 1. a link to a file of root's in place of qmgr's FIFO ---------------
target=$D/roots-file
printf 'a file of root'"'"'s\n' >"$target"
chmod 600 "$target"
before=$(cksum <"$target")
# mail_owner keeps the master's FIFO aside and puts the link in its place
as_owner mv "$Q/public/qmgr" "$Q/public/qmgr.master"
as_owner ln -s "$target" "$Q/public/qmgr"
t_check $T "link: made by mail_owner" "postfix $target" \
	"$(stat -c %U "$Q/public/qmgr") $(readlink "$Q/public/qmgr")"
q=$(t_pids_comm $N qmgr)
[ -n "$q" ] && kill -KILL "$q"
t_wait_for 10 sh -c "! kill -0 $q 2>/dev/null"
t_check $T "link: qmgr gone" "" "$(t_pids_comm $N qmgr)"
AGENT=$D/agent t_hostile_case $T "link in public/: monitor" 1 $LIMIT \
	'queue manager \(service qmgr/fifo\) not running' \
	t_monitor $N OCF_RESKEY_CRM_meta_timeout=$LIMIT HA_debug=1
t_check $T "link in public/: the file of root's unchanged" "$before" "$(cksum <"$target")"
t_check $T "link in public/: logged, nothing written" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c "file $Q/public/qmgr: a symbolic link, not a FIFO: service qmgr/fifo not woken, nothing written there")"
# mail_owner puts the FIFO back: the next monitor wakes qmgr through it
as_owner rm "$Q/public/qmgr"
as_owner mv "$Q/public/qmgr.master" "$Q/public/qmgr"
t_monitor $N
t_check $T "FIFO back: monitor wakes qmgr" 0 "$T_RC"
t_check $T "FIFO back: a qmgr runs again" 1 "$(t_pids_comm $N qmgr | wc -l)"
t_check $T "FIFO back: the file of root's still unchanged" "$before" "$(cksum <"$target")"

# --- 2. main.cf a FIFO ------------------------------------------------------
mv "$ETC/main.cf" "$ETC/main.cf.real"
mkfifo -m 644 "$ETC/main.cf"
fifo_re="file $ETC/main.cf: a FIFO, not a regular file"
# fifo_case DESC RC RUNNER ARGS... - bounded, answered, the FIFO named
fifo_case() {
	AGENT=$D/agent t_hostile_case $T "main.cf a FIFO, $1" "$2" $LIMIT "$fifo_re" \
		"${@:3}" OCF_RESKEY_CRM_meta_timeout=$LIMIT
}
fifo_case "running: probe" 1 t_probe $N
fifo_case "running: monitor" 5 t_monitor $N
fifo_case "running: validate-all" 5 t_agent $N validate-all OCF_CHECK_LEVEL=10
fifo_case "running: stop" 0 t_stop $N
t_check $T "main.cf a FIFO: stop left nothing" "" "$(t_instance_pids $N)"
fifo_case "stopped: probe" 7 t_probe $N
fifo_case "stopped: monitor" 5 t_monitor $N
fifo_case "stopped: start" 5 t_start $N
t_check $T "main.cf a FIFO: start started nothing" "" "$(t_instance_pids $N)"
t_check $T "main.cf a FIFO: still a FIFO, nobody wrote to it" yes "$([ -p "$ETC/main.cf" ] && echo yes)"
# a link to the regular file: followed (the config directory is root's)
rm "$ETC/main.cf"
ln -s main.cf.real "$ETC/main.cf"
t_start $N
t_check $T "main.cf a link to a regular file: start" 0 "$T_RC"
t_answers $T $N 0 0
t_stop $N
t_check $T "main.cf a link: stop" 0 "$T_RC"
rm "$ETC/main.cf"
mv "$ETC/main.cf.real" "$ETC/main.cf"

# --- 3. a link in a queue subdirectory the start's stamp samples ---------
# a directory only root may read (Postfix's postsuper, which runs as
# mail_owner, cannot), holding a file named as Postfix names queue files
# (after its inode), so that a followed link would look like a queue file
chmod 700 "$D/outside"
: >"$D/outside/tmp"
qid=$(printf '12345%X' "$(stat -c %i "$D/outside/tmp")")
mv "$D/outside/tmp" "$D/outside/$qid"
# times long past: a read of the directory (relatime) would update its atime
touch -d '2000-01-01 00:00:00' "$D/outside/$qid" "$D/outside"
# outside_state - names, sizes and times, read without reading the directory
outside_state() { stat -c '%n %s %X %Y' "$D/outside" "$D/outside/$qid"; }
out_before=$(outside_state)
as_owner ln -s "$D/outside" "$Q/deferred/F"
t_start $N HA_debug=1
# (what Postfix's own integrity pass makes of the link is Postfix's
# matter: postsuper 3.7 fails on it, and so does the start)
t_log "start with a link in deferred/: $T_RC"
t_check $T "link in deferred/: not followed, the proof fails" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c "queue file $Q/deferred/F: a symbolic link, not a queue file: not followed")"
t_check $T "link in deferred/: its target untouched, not even read" "$out_before" "$(outside_state)"
t_stop $N
t_check $T "link in deferred/: stop" 0 "$T_RC"
as_owner rm "$Q/deferred/F"
t_start $N
t_check $T "link removed: start" 0 "$T_RC"
t_answers $T $N 0 0
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
