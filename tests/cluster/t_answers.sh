#!/bin/bash
# t_answers.sh - the answer table, asked of real Pacemaker: every row's
# situation is made under a running single-node cluster, and the answer is
# read from Pacemaker's own record, the lrm_rsc_op entries of the CIB
# status (rc-code, exit-reason): the recurring monitor's as the cluster ran
# it, then a real probe's (crm_resource --refresh). Nothing here sets an
# OCF_RESKEY_CRM_meta_* variable: Pacemaker sets them all.
#
# While a row's situation is made and read, the resource is unmanaged
# (is-managed=false): Pacemaker keeps probing and monitoring it and records
# every answer, but does not recover, so the answer stays to be read. Each
# row then puts things right, manages the resource again, cleans it up and
# checks it runs healthy before the next row.
#
# It also records the environment Pacemaker gives each kind of call (a
# wrapper agent, lib-cluster.sh c_recorder) and compares it with the
# fixtures under tests/unit/fixtures/pacemaker/<Pacemaker version>, which
# the unit tests and the integration tests replay. PFKIT_RECORD_FIXTURES=1
# writes the recordings there instead (a new Pacemaker release).
here=$(cd "$(dirname "$0")" && pwd)
C_ID=an
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

T=answers
VIP=$C_LAN_NET.11
INST=an1
MON=2000	# the depth-0 recurring monitor's interval, ms
MON10=7000	# depth 10
MON20=11000	# depth 20
export T_ADDR_EXTERNAL=1

if [ "$(id -u)" -ne 0 ] || ! command -v corosync >/dev/null || ! command -v pacemakerd >/dev/null; then
	t_skip "$T" "needs root, corosync and pacemaker"
	exit 0
fi

export C_RECORD=$T_ROOT/record-$C_ID
bin=$T_ROOT/$INST-bin	# the binary parameter: a copy that a row removes
foreign="" foreign_job=""	# the foreign-process row's process, and its job
cleanup() {
	[ -z "$foreign" ] || kill -KILL "$foreign" 2>/dev/null
	[ -z "$foreign_job" ] || { kill -KILL "$foreign_job"; wait "$foreign_job"; } 2>/dev/null
	c_node_destroy 1
	rm -f "/etc/systemd/system/multi-user.target.wants/postfix@pfkit-$INST.service"
	t_instance_destroy "$INST"
	rm -rf "$C_RECORD" "$bin" "$bin.away" "$T_ROOT/$INST-alerts"
}
trap cleanup EXIT
rm -rf "$C_RECORD"
mkdir -p "$C_RECORD" "$bin"
chmod 1777 "$C_RECORD"	# the controller asks for meta-data as hacluster
cp -p /usr/sbin/postfix /usr/sbin/postconf "$bin/"

c_node_create 1 || { t_fail "$T: node namespace created"; exit 1; }
c_dummy 1 "$C_LAN_NET.1"
c_corosync_conf 127.0.0.1
# stonith-enabled=false: see t_single_node.sh
c_cib_seed 1 stonith-enabled=false dc-deadtime=2s
t_instance_create "$INST" "$VIP" 25
etc=$(t_etc "$INST")
queue=$(t_queue "$INST")
# the name Debian's systemd generator gives its unit (the degraded rows)
postconf -c "$etc" -e "multi_instance_name = pfkit-$INST"
postconf -c "$etc" -e "mynetworks = 127.0.0.0/8 $C_LAN_NET.0/24" \
	'relay_domains = pfkit.invalid slow.pfkit.invalid' \
	'transport_maps = inline:{slow.pfkit.invalid=slowpipe:}'
# a delivery command that outlives the master (the leftovers row)
postconf -c "$etc" -M 'slowpipe/unix=slowpipe unix - n n - - pipe user=nobody argv=/bin/sleep 600'

c_node_start 1
c_wait_online 1 60 || { t_fail "$T: node1 online within 60 s"; exit 1; }
c_crm_load 1 <<EOC
primitive vip IPaddr2 \\
	params ip=$VIP cidr_netmask=24 nic=dummy0 \\
	op monitor interval=60s timeout=20s
primitive mta ocf:pfkit:postfix \\
	params config_dir="$etc" binary="$bin/postfix" \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=${MON}ms timeout=20s
group mail vip mta
EOC
t_check "$T" "group vip + mta (depth-0 monitor every ${MON} ms) loaded" 0 $?

managed() { c_exec 1 crm_resource -r mta --meta -p is-managed -v "$1" >/dev/null 2>&1; }
# c_manage_again - forget the row's failures (while Pacemaker still leaves
# mta alone: a cleanup during the recovery that managing starts would
# remove mta from the executor under its start), then let Pacemaker
# recover whatever the row left
c_manage_again() {
	c_exec 1 crm_resource --cleanup -r mta >/dev/null 2>&1
	c_settle 1
	managed true
	c_settle 1
}
healthy() { c_running_on 1 mta node1 && c_smtp_ok 1 "$VIP" 25; }

c_settle 1
if t_wait_for 60 healthy; then t_pass "$T: group started, mail accepted on $VIP"; else
	t_fail "$T: group started"
	c_exec 1 crm_mon -1r
	exit 1
fi

# --- the table ----------------------------------------------------------------
# row DESC PROBE RECURRING MAKE UNDO [REGEX] - make the situation (MAKE)
# while mta runs unmanaged; RECURRING: what the depth-0 recurring monitor
# records once it is made (c_recurring waits for that rc; "-": no
# recurring answer to read, the situation is made while nothing runs);
# PROBE: what a probe records then;
# REGEX: the exit reason of the recorded failure. UNDO puts it right.
row() {
	local desc=$1 probe=$2 recurring=$3 make=$4 undo=$5 regex=${6:-} got
	if ! healthy; then
		t_fail "$T: $desc: mta not running healthy before the row"
		return
	fi
	managed false
	c_settle 1
	$make
	if [ "$recurring" = 0 ]; then
		# nothing to wait for: three runs of the monitor record no failure
		# (of the monitor's interval: a probe that found mta running,
		# as the row before may have made, is kept there with rc 0)
		sleep $((3 * MON / 1000))
		got=$(c_op 1 mta mta_last_failure_0 "$MON")
		t_check "$T" "$desc: recurring monitor records no failure (Pacemaker's record)" "" "$got"
		# the same query finds the monitor's own entry: an empty answer
		# above is the record's, not a query that failed
		got=$(c_op 1 mta "mta_monitor_$MON" "$MON")
		t_check "$T" "$desc: recurring monitor recorded, rc 0 (Pacemaker's record)" 0 "${got%% *}"
	elif [ "$recurring" != - ]; then
		got=$(c_recurring 1 mta "$MON" 60 "$recurring")
		t_check "$T" "$desc: recurring monitor (Pacemaker's record)" "$recurring" "${got%% *}"
		[ -n "$regex" ] && c_reason_check "$desc: recurring" "$got" "$regex"
	fi
	got=$(c_probe 1 mta node1)
	t_check "$T" "$desc: probe (Pacemaker's record)" "$probe" "${got%% *}"
	[ "$probe" != 0 ] && [ "$probe" != 7 ] && [ -n "$regex" ] && c_reason_check "$desc: probe" "$got" "$regex"
	$undo
	c_manage_again
	t_wait_for 60 healthy || { t_fail "$T: $desc: healthy again after the row"; c_exec 1 crm_mon -1r; }
}

# c_reason_check DESC "RC REASON" REGEX
c_reason_check() {
	if printf '%s\n' "${2#* }" | grep -Eq -- "$3"; then t_pass "$T: $1: exit reason '${2#* }'"; else
		t_fail "$T: $1: exit reason '${2#* }' does not match /$3/"
	fi
}

nothing() { :; }
# postfix(1) runs inside the node: it needs the address of inet_interfaces
in_node_postfix() { c_exec 1 postfix -c "$etc" "$@" >/dev/null 2>&1; }
stop_by_hand() {
	in_node_postfix stop
	t_wait_for 20 t_no_pids "$INST" || t_fail "$T: postfix stop left $(t_instance_pids "$INST")"
}

row "master runs, every listener greets" 0 0 nothing nothing

# behind HAProxy or a cloud load balancer: smtpd greets only after a PROXY
# header, which the agent must send (issue 24). The row is made once mail
# sent after a PROXY line is accepted: the listener reads the protocol.
proxy_mail_ok() {
	T_SMTP_PROXY="PROXY TCP4 $C_LAN_NET.1 $VIP 40000 25" c_smtp_ok 1 "$VIP" 25
}
# The agent reads what a listener expects from master.cf: between the edit
# and the reload that applies it, a monitor would send the PROXY line to an
# smtpd that does not read it yet (554, answered 1). The row is about the
# applied change, so no monitor runs while it is made (maintenance: Pacemaker
# cancels the resource's monitors, and schedules them again after).
quiet() { c_exec 1 crm_resource -r mta --meta -p maintenance -v "$1" >/dev/null 2>&1; c_settle 1; }
proxy_on() {
	quiet true
	postconf -c "$etc" -P '25/inet/smtpd_upstream_proxy_protocol=haproxy'
	in_node_postfix reload
	t_wait_for 20 proxy_mail_ok || t_fail "$T: PROXY listener: mail after a PROXY line accepted"
	quiet false
}
proxy_off() {
	quiet true
	postconf -c "$etc" -PX '25/inet/smtpd_upstream_proxy_protocol'
	in_node_postfix reload
	t_wait_for 20 c_smtp_ok 1 "$VIP" 25 || t_fail "$T: PROXY listener: plain SMTP again"
	quiet false
}
row "master runs, the listener reads the PROXY protocol (behind a load balancer)" 0 0 proxy_on proxy_off

row "nothing runs (stopped behind Pacemaker's back)" 7 7 stop_by_hand nothing

# another user's process on the node with the queue as working directory
# and MAIL_CONFIG set (the queue directory is world-searchable): not the
# instance's. Pacemaker then recovers mta beside it, which leaves it alone.
nobody_uid=$(id -u nobody)
foreign_pid() {
	local p
	for p in $(t_instance_pids "$INST"); do
		[ "$(awk '/^Uid:/ { print $2 }' "/proc/$p/status" 2>/dev/null)" = "$nobody_uid" ] && echo "$p"
	done
	return 0
}
foreign_runs() { foreign=$(foreign_pid) && [[ $foreign =~ ^[0-9]+$ ]]; }
foreign_start() {
	stop_by_hand
	# shellcheck disable=SC2016 # expanded by the shell of nobody
	c_exec 1 setpriv --reuid=nobody --regid=nogroup --clear-groups env MAIL_CONFIG="$etc" \
		sh -c 'cd "$1" && exec sleep 600' sh "$queue" </dev/null >/dev/null 2>&1 &
	foreign_job=$!
	t_wait_for 10 foreign_runs || t_fail "$T: nobody's process in the queue directory"
}
row "nothing runs, another user's process in the queue directory (MAIL_CONFIG set)" 7 7 foreign_start nothing
t_check "$T" "another user's process: left alone by the monitors and Pacemaker's recovery" 0 \
	"$(t_alive "$foreign"; echo $?)"
kill -KILL "$foreign"
{ wait "$foreign_job"; } 2>/dev/null
foreign_job=""
foreign_gone() { ! t_alive "$foreign"; }
t_check "$T" "another user's process: ended by the test" 0 "$(t_wait_for 10 foreign_gone; echo $?)"
foreign=""

queue_away() { stop_by_hand; mv "$queue" "$queue.away"; }
queue_back() { mv "$queue.away" "$queue"; }
# the recurring monitor's first record races the removal: not read
row "nothing runs, queue directory absent (storage not here)" 7 - queue_away queue_back

conf_away() { stop_by_hand; mv "$etc" "$etc.away"; }
conf_back() { mv "$etc.away" "$etc"; }
row "nothing runs, config directory absent" 7 - conf_away conf_back

conf_away_running() { mv "$etc" "$etc.away"; }
row "master runs, config directory absent" 1 5 conf_away_running conf_back "$etc"

listener_moved() {
	cp "$etc/master.cf" "$etc/master.cf.orig"
	sed -i "s/^25 /2526 /" "$etc/master.cf"
	in_node_postfix reload
	t_wait_for 10 c_smtp_ok 1 "$VIP" 2526
	mv "$etc/master.cf.orig" "$etc/master.cf"
}
listener_back() { in_node_postfix reload; t_wait_for 10 c_smtp_ok 1 "$VIP" 25; }
# Between the edit of master.cf and the master's reload, a monitor may read
# port 2526 while the master still listens on 25 only: 2526 then refuses.
# Either refusal is this row's situation, named by its address and port.
row "master runs, a listener refuses" 1 1 listener_moved listener_back "$VIP:(25|2526): connection refused"

master_stop() { kill -STOP "$(t_master_pid "$INST")"; }
master_cont() { kill -CONT "$(t_master_pid "$INST")"; }
row "master hung (SIGSTOP)" 1 1 master_stop master_cont "master"

stale_pid() {
	stop_by_hand
	c_exec 1 sleep 300 </dev/null >/dev/null 2>&1 &
	stale=$!
	mkdir -p "$queue/pid"
	printf '%10d\n' "$stale" >"$queue/pid/master.pid"
}
stale_end() { kill "$stale" 2>/dev/null; wait "$stale" 2>/dev/null; }
row "pid file names a live process that is not the master" 7 7 stale_pid stale_end

slow_cmd() { [ -n "$(t_pids_comm "$INST" sleep)" ]; }
master_kill() {
	t_smtp_send "$VIP" 25 a@pfkit.invalid x@slow.pfkit.invalid 10 c_exec 1
	t_wait_for 20 slow_cmd || t_fail "$T: no delivery command to outlive the master"
	kill -KILL "$(t_master_pid "$INST")"
}
leftovers_end() {
	local p
	for p in $(t_instance_pids "$INST"); do kill -KILL "$p" 2>/dev/null; done
	t_wait_for 10 t_no_pids "$INST"
	# the message would start its delivery command again with the master
	c_exec 1 postsuper -c "$etc" -d ALL >/dev/null 2>&1
}
row "a delivery command of the instance left after the master died" 1 1 master_kill leftovers_end "processes of this instance"

owner_root() { postconf -c "$etc" -e "mail_owner = root"; }
# the running Postfix never loaded the wrong value: after the fix, main.cf
# is newer than what it loaded (degraded) until a reload
owner_back() { postconf -c "$etc" -e "mail_owner = postfix"; in_node_postfix reload; }
row "configuration invalid everywhere (mail_owner root)" 6 6 owner_root owner_back "mail_owner"

# postfix and postconf gone (the agent takes postconf from the binary's
# directory)
binary_away() { mv "$bin" "$bin.away"; }
binary_back() { mv "$bin.away" "$bin"; }
row "master runs, postfix and postconf missing on this node" 1 5 binary_away binary_back "$bin/post(fix|conf)"
binary_away_stopped() { stop_by_hand; binary_away; }
row "nothing runs, postfix and postconf missing on this node" 5 - binary_away_stopped binary_back "$bin/post(fix|conf)"

# queue subdirectories are stat()ed at depth 0: another uid owning one is
# this node's ids differing from the shared queue's (4, never 6)
queue_chown() { chown 4242 "$queue/active"; }
queue_chown_back() { chown postfix "$queue/active"; }
row "queue/active owned by another uid than this node's postfix" 4 4 queue_chown queue_chown_back "active"

# --- degraded (OCF 190): serving, with trouble ahead --------------------------
# Made while mta is managed: Pacemaker takes 190 as success, so it must
# neither restart mta (the same master throughout) nor count a failure;
# it records the answer as mta_last_failure_0 (rc-code 190) and crm_mon
# lists it under the failed actions until a cleanup. Each condition is
# put right, the entry cleaned up, and the monitor records 0 again.
degraded_row() {
	local desc=$1 make=$2 undo=$3 brief=$4 got m0 m1 fc
	if ! healthy; then
		t_fail "$T: degraded: $desc: mta not running healthy before the row"
		return
	fi
	m0=$(t_master_pid "$INST")
	$make
	got=$(c_recurring 1 mta "$MON" 60 190)
	t_check "$T" "degraded: $desc: recurring monitor (Pacemaker's record)" 190 "${got%% *}"
	c_reason_check "degraded: $desc: recurring" "$got" "^degraded: $brief\$"
	# three more monitors: still 190, still the same master, no fail-count
	sleep $((3 * MON / 1000))
	got=$(c_op 1 mta mta_last_failure_0 "$MON")
	t_check "$T" "degraded: $desc: three monitors later, still 190 (Pacemaker's record)" 190 "${got%% *}"
	m1=$(t_master_pid "$INST")
	t_check "$T" "degraded: $desc: not restarted (the same master, pid $m0)" "$m0" "$m1"
	fc=$(c_exec 1 crm_failcount -G -q -r mta -N node1 2>/dev/null)
	t_check "$T" "degraded: $desc: no fail-count (crm_failcount)" 0 "${fc:-?}"
	if c_exec 1 crm_mon -1 --output-as=xml 2>/dev/null |
		xmllint --xpath "//failures/failure[@op_key='mta_monitor_$MON' and @exitcode='190']/@exitreason" - 2>/dev/null |
		grep -Eq "degraded: $brief"; then
		t_pass "$T: degraded: $desc: crm_mon lists the monitor's 190 and its reason among the failures"
	else
		t_fail "$T: degraded: $desc: crm_mon lists the monitor's 190 and its reason among the failures"
		c_exec 1 crm_mon -1r
	fi
	got=$(c_probe 1 mta node1)
	t_check "$T" "degraded: $desc: probe (Pacemaker's record)" 0 "${got%% *}"
	$undo
	c_exec 1 crm_resource --cleanup -r mta >/dev/null 2>&1
	c_settle 1
	sleep $((3 * MON / 1000))
	got=$(c_op 1 mta mta_last_failure_0 "$MON")
	t_check "$T" "degraded: $desc: put right and cleaned up: no failure recorded since" "" "$got"
	t_check "$T" "degraded: $desc: the same master after it all" "$m0" "$(t_master_pid "$INST")"
}
# crm-examples' alert agent, as the administrator wires it: Pacemaker runs
# it (as hacluster) for each result; it writes a line for each 190
alerts=$T_ROOT/$INST-alerts
mkdir -p "$alerts"
chmod 1777 "$alerts"
cp "$here/../../crm-examples/alert-degraded.sh" "$alerts/"
c_crm_load 1 <<EOC
alert degraded $alerts/alert-degraded.sh select resources to $alerts/alerts.txt
EOC
t_check "$T" "crm-examples/alert-degraded.sh wired as an alert (crm configure, as crm-examples/README.md says)" 0 $?
# alerted DESC - the alert agent wrote a line for mta's 190
alerted() { grep -q "resource mta: monitor returned 190" "$alerts/alerts.txt" 2>/dev/null; }
edit_main_cf() { echo "# edited by t_answers, not reloaded" >>"$etc/main.cf"; }
reload_main_cf() { in_node_postfix reload; }
degraded_row "main.cf changed, not reloaded" edit_main_cf reload_main_cf "main.cf changed, not reloaded"
if t_wait_for 30 alerted; then
	t_pass "$T: degraded: the alert agent was told ($(head -n 1 "$alerts/alerts.txt"))"
else
	t_fail "$T: degraded: the alert agent was told (no line in $alerts/alerts.txt)"
fi

unit=postfix@pfkit-$INST.service
wants=/etc/systemd/system/multi-user.target.wants
unit_on() { mkdir -p "$wants" && ln -sf /lib/systemd/system/postfix@.service "$wants/$unit"; }
unit_off() { rm -f "$wants/$unit"; }
degraded_row "instance enabled in systemd ($unit)" unit_on unit_off "$unit enabled in systemd"

# message_size_limit half the free space on the queue's filesystem: smtpd
# still accepts mail (it wants 1.5 x the limit free), the monitor wants
# twice that
space_short() {
	local free
	free=$(df -B1 --output=avail "$queue" | tail -n 1 | tr -d ' ')
	postconf -c "$etc" -e "message_size_limit = $((free / 2))"
	in_node_postfix reload
	t_wait_for 20 c_smtp_ok 1 "$VIP" 25 || t_fail "$T: degraded: queue space: smtpd still accepts mail"
}
space_back() { postconf -c "$etc" -X message_size_limit; in_node_postfix reload; }
degraded_row "queue filesystem short of space" space_short space_back \
	"queue filesystem [0-9.]+ MB free, below [0-9.]+ MB"

# --- deeper monitors, as the CIB schedules them ----------------------------------
# load_mta [OPS] - mta loaded again with its start, stop and depth-0
# monitor, and the operations OPS (Pacemaker restarts mta with them)
load_mta() {
	c_crm_load 1 <<EOC
primitive mta ocf:pfkit:postfix \\
	params config_dir="$etc" binary="$bin/postfix" \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=${MON}ms timeout=20s $1
EOC
}
DEPTH10="op monitor interval=${MON10}ms timeout=30s OCF_CHECK_LEVEL=10"
DEPTH20="op monitor interval=${MON20}ms timeout=30s OCF_CHECK_LEVEL=20"

# data_directory not writable by mail_owner: this node's fault (4), seen
# by the depth-10 monitor only; the depth-0 one goes on answering 0. Only
# the depth-10 monitor joins here: a depth-20 one fails on the same fault,
# and Pacemaker keeps one <rsc>_last_failure_0, so a depth-20 failure a
# moment after the depth-10 one would overwrite the answer this row reads.
load_mta "$DEPTH10"
t_check "$T" "monitor at depth 10 (OCF_CHECK_LEVEL=10) added in the CIB" 0 $?
c_settle 1
t_wait_for 60 healthy || t_fail "$T: healthy with the depth-10 monitor"
# the depth-10 monitor publishes the queue's counts as node attributes
# (crm_mon -A); the queue holds the deferred messages the rows above left
queue_attr() { c_exec 1 attrd_updater -Q -n "pfkit-mta-queue-$1" 2>/dev/null | sed -n 's/.*value="\([^"]*\)".*/\1/p'; }
queue_total() {
	local s=0 k v
	for k in incoming active deferred hold; do
		v=$(queue_attr "$k")
		[[ $v =~ ^[0-9]+$ ]] || v=0
		s=$((s + v))
	done
	echo "$s"
}
deferred_published() { [[ $(queue_attr deferred) =~ ^[0-9]+$ ]]; }
if t_wait_for 30 deferred_published; then
	t_pass "$T: depth-10 monitor: node attributes pfkit-mta-queue-* (incoming $(queue_attr incoming), active $(queue_attr active), deferred $(queue_attr deferred), hold $(queue_attr hold), oldest deferred $(queue_attr oldest-deferred) s)"
else
	t_fail "$T: depth-10 monitor: node attribute pfkit-mta-queue-deferred published"
fi
# messages move between active and deferred, but none leaves (every
# transport defers): the total a depth-10 monitor publishes is the queue's
# (the next one's, once healthy()'s own test message arrived after a scan)
queue_files_now() { c_queue_files 1 "$queue"; }
counts_match() { [ "$(queue_total)" = "$(queue_files_now)" ]; }
t_wait_for 30 counts_match
t_check "$T" "depth-10 monitor: the counts published add up to the queue's messages" \
	"$(queue_files_now)" "$(queue_total)"
data=$(postconf -c "$etc" -h data_directory)
managed false
c_settle 1
chown root "$data"
chmod 755 "$data"
got=$(c_recurring 1 mta "$MON10" 60)
t_check "$T" "data_directory not writable: depth-10 monitor (OCF_CHECK_LEVEL=10 in the CIB)" 4 "${got%% *}"
c_reason_check "data_directory: depth 10" "$got" "$data"
chown postfix "$data"
c_manage_again
t_wait_for 60 healthy || t_fail "$T: healthy again after the depth-10 row"

# the monitors at depth 10 and 20 together, for what Pacemaker passes
load_mta "$DEPTH10 $DEPTH20"
t_check "$T" "monitors at depth 10 (OCF_CHECK_LEVEL=10) and 20 added in the CIB" 0 $?
c_settle 1
t_wait_for 60 healthy || t_fail "$T: healthy with the deeper monitors"
# --- what Pacemaker passes --------------------------------------------------
c_exec 1 crm_resource --validate -r mta >/dev/null 2>&1
t_check "$T" "crm_resource --validate -r mta" 0 $?
c_exec 1 crm_resource --validate=10 -r mta >/dev/null 2>&1
t_check "$T" "crm_resource --validate=10 -r mta" 0 $?
c_exec 1 crm_resource --force-check -r mta >/dev/null 2>&1
t_check "$T" "crm_resource --force-check -r mta" 0 $?
c_exec 1 crm_resource --force-check=20 -r mta >/dev/null 2>&1
t_check "$T" "crm_resource --force-check=20 -r mta" 0 $?
t_wait_for 30 test -e "$C_RECORD/pacemaker-execd--monitor-i$MON20-l20.env"

c_exec 1 crm_resource -r mail --meta -p target-role -v Stopped >/dev/null 2>&1
c_settle 1
t_check "$T" "group stopped: no process of the instance" "" "$(t_instance_pids "$INST")"
t_check "$T" "group stopped: the queue's node attributes removed" "" \
	"$(queue_attr deferred)$(queue_attr incoming)"
c_fixtures_check "$T" "$C_RECORD"
c_node_stop 1
