#!/bin/bash
# t_cluster_checks.sh - the kit's hierarchy and between-servers checks,
# through Pacemaker's own data, on two real nodes (lib-cluster.sh; about
# 3 minutes; PFKIT_TWO_NODE=0 skips it).
#
# Storage as two_node.sh layout b (queue below the mount point of a loop
# device ext4 image, configuration node-local) with mail_spool_directory
# on the shared disk too. Shown, each from Pacemaker's record or crm_mon:
#   1. a group without the IPaddr2 resource (the address put on node1 by
#      hand): the node attribute pfkit-mta-wiring names the address
#      ("Could not find IP resource for ...") and mta runs; with
#      require_wiring=true its start is refused, 5, with the same reason;
#   2. a group without the Filesystem resource (the disk mounted on node1
#      by hand): the same for queue_directory ("must exist on a shared
#      filesystem");
#   3. the whole group, and crm-examples' location rule on
#      pfkit-mta-ids-mismatch: no wiring attribute; node2 gets another
#      postfix uid (a modified /etc/passwd bound inside node2 only) and is
#      probed again: node1's depth-10 monitor reports it within its
#      interval naming node2, crm_mon -A1 shows the attribute, and on
#      standby of node1 the group does not start on node2; once the uid is
#      right again and node2 probed (crm_resource --refresh), it starts
#      there. attrd_updater is counted (a wrapper bound over it in node1):
#      no call comes from a depth-0 monitor while nothing changes, while
#      the depth-10 monitor does call it;
#   4. validate-all at level 10 on the passive node (crm_resource
#      --validate=10 on node1, in standby, the group on node2): node1 has
#      another postfix uid and, below its empty mount point, a stale local
#      queue directory owned by that uid. It finds node2's ids differ from
#      that queue and says so, but marks nothing (no attrd_updater call to
#      set pfkit-mta-ids-mismatch, no mark in the CIB): only where the
#      instance runs is the queue the shared one. The group stays on node2
#      (a mark there would have stopped it).
here=$(cd "$(dirname "$0")" && pwd)
C_ID=wck
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

T=cluster_checks
VIP=$C_LAN_NET.10
INST=wck
MON=3000	# depth 0, ms
MON10=4000	# depth 10, ms
export T_ADDR_EXTERNAL=1

c_two_node_skip "$T" && exit 0

img=$T_ROOT/$T-disk.img
loopdev=
mnt=
cleanup() {
	c_two_node_down "$mnt" "$loopdev" "$img"
	t_instance_destroy "$INST"
}
trap cleanup EXIT

# --- two nodes, a shared disk ---------------------------------------------------
c_two_node_up "$T" || exit 1

t_instance_create "$INST" "$VIP" 25
etc=$(t_etc "$INST")
mnt=$T_ROOT/$INST/mnt
truncate -s 64M "$img"
mkfs.ext4 -q -F "$img" || { t_fail "$T: mkfs.ext4 of the shared disk image"; exit 1; }
loopdev=$(losetup --find --show "$img") || { t_fail "$T: loop device"; exit 1; }
rm -rf "$(t_queue "$INST")"
mkdir -p "$mnt"
mount "$loopdev" "$mnt" || { t_fail "$T: mount the disk"; exit 1; }
mkdir -p "$mnt/postfix" "$mnt/mail"
umount "$mnt" || { t_fail "$T: unmount the shared disk after writing it"; exit 1; }
postconf -c "$etc" -e "queue_directory = $mnt/postfix" "mail_spool_directory = $mnt/mail" \
	"home_mailbox =" "mailbox_command =" "mailbox_transport ="
for n in 1 2; do
	cp -a "$etc" "$T_ROOT/$INST/etc-node$n"
	c_node_bind "$n" "$T_ROOT/$INST/etc-node$n" "$etc"
done

# attrd_updater in node1: a wrapper that logs the calling agent's interval
# and check level (from its parent's environment), then runs the real one
real=$T_ROOT/$INST/attrd_updater.real
calls=$T_ROOT/$INST/attrd-calls.log
cp /usr/sbin/attrd_updater "$real"
cat >"$T_ROOT/$INST/attrd_updater.wrap" <<EOW
#!/bin/sh
env=\$(tr '\0' '\n' <"/proc/\$PPID/environ" 2>/dev/null)
iv=\$(printf '%s\n' "\$env" | sed -n 's/^OCF_RESKEY_CRM_meta_interval=//p')
lv=\$(printf '%s\n' "\$env" | sed -n 's/^OCF_CHECK_LEVEL=//p')
echo "interval=\${iv:-none} level=\${lv:-0} \$*" >>"$calls"
exec "$real" "\$@"
EOW
chmod 755 "$T_ROOT/$INST/attrd_updater.wrap"
: >"$calls"
c_node_bind 1 "$T_ROOT/$INST/attrd_updater.wrap" /usr/sbin/attrd_updater

# wait for these two only: the nodes' holders (sleep) are this shell's
# children too, and a bare wait could wait for them
c_node_start 1 &
p1=$!
c_node_start 2 &
wait "$p1" $!
if t_wait_for 60 c_members 1 2 && t_wait_for 30 c_members 2 2; then
	t_pass "$T: both nodes online"
else
	t_fail "$T: both nodes online"
	exit 1
fi

where() {
	c_exec 1 crm_resource --locate -r mta 2>/dev/null |
		sed -n 's/.*is running on: \(node[0-9]*\).*/\1/p'
}
# attr N NAME - the value of transient node attribute NAME of node N
attr() { c_exec 1 crm_attribute -l reboot -N "node$1" -n "$2" -G -q 2>/dev/null; }
attr_has() { attr "$1" "$2" | grep -qF -- "$3"; }
# attr_state N NAME - "absent" when node N has no transient attribute
# NAME (crm_attribute's 105, no such attribute), "present: VALUE" when
# it has, "query failed (rc N)" otherwise: a check that an attribute is
# absent must not pass because the query failed
attr_state() {
	local v rc
	v=$(c_exec 1 crm_attribute -l reboot -N "node$1" -n "$2" -G -q 2>/dev/null)
	rc=$?
	case $rc in
	0) echo "present: $v" ;;
	105) echo absent ;;
	*) echo "query failed (rc $rc)" ;;
	esac
}
# located - where mta runs: its node, "nowhere" (crm_resource says it is
# NOT running), or "query failed: ..." (where() prints "" for both)
located() {
	local out
	out=$(c_exec 1 crm_resource --locate -r mta 2>&1)
	case $out in
	*"is running on: "*) printf '%s\n' "$out" | sed -n 's/.*is running on: \(node[0-9]*\).*/\1/p' ;;
	*"is NOT running"*) echo nowhere ;;
	*) echo "query failed: ${out:0:100}" ;;
	esac
}
# mon_a - crm_mon -A1's output; fails unless crm_mon answered and
# listed node1 (so that a grep that must find nothing in it can fail)
mon_a() {
	local out
	out=$(c_exec 1 crm_mon -A1 2>&1) || return 1
	printf '%s\n' "$out" | grep -q node1 || return 1
	printf '%s\n' "$out"
}

# prims NAME... - the primitives NAME... (fs_queue ip_mail mta)
prims() {
	local p
	for p in "$@"; do
		case $p in
		fs_queue) cat <<EOC ;;
primitive fs_queue Filesystem \\
	params device="$loopdev" directory="$mnt" fstype=ext4 \\
	op start timeout=60s interval=0 op stop timeout=60s interval=0 \\
	op monitor interval=60s timeout=40s
EOC
		ip_mail) cat <<EOC ;;
primitive ip_mail IPaddr2 \\
	params ip=$VIP cidr_netmask=24 nic=eth0 \\
	op monitor interval=60s timeout=20s
EOC
		mta) cat <<EOC ;;
primitive mta ocf:pfkit:postfix \\
	params config_dir="$etc" \\
	op start timeout=60s interval=0 op stop timeout=60s interval=0 \\
	op monitor interval=${MON}ms timeout=20s \\
	op monitor interval=${MON10}ms timeout=20s OCF_CHECK_LEVEL=10
EOC
		esac
	done
	echo "property stonith-enabled=false dc-deadtime=5s"
}
# stop_all - stop the group (a stopped resource can be deleted)
stop_all() {
	c_exec 1 crm_resource -r g_mail --meta -p target-role -v Stopped >/dev/null 2>&1
	c_settle 1
}
# load "MEMBERS" [EXTRA] - replace the configuration: group g_mail of these
load() {
	# shellcheck disable=SC2086
	{ prims $1; echo "group g_mail $1 meta migration-threshold=1"
	  echo "location l_home g_mail 50: node1"; [ -n "${2:-}" ] && echo "$2"; } |
		c_exec 1 crm configure load replace - >/dev/null 2>&1
	c_exec 1 crm_resource --cleanup >/dev/null 2>&1
}
# refused WHAT - with require_wiring=true, start on node1 answers 5 naming WHAT
refused() {
	local got
	c_exec 1 crm_resource -r mta -p require_wiring -v true >/dev/null 2>&1
	c_settle 1
	got=$(c_op 1 mta mta_last_failure_0)
	t_check "$T" "$1: require_wiring=true: start refused on node1 (Pacemaker's record: ${got:-none})" 5 "${got%% *}"
	case $got in *"$2"*) t_pass "$T: $1: the refusal's reason names $2" ;;
	*) t_fail "$T: $1: the refusal's reason names $2 (got: $got)" ;; esac
	c_exec 1 crm_resource -r mta -d require_wiring >/dev/null 2>&1
	c_exec 1 crm_resource --cleanup -r mta >/dev/null 2>&1
}

# --- 1. no IP resource ------------------------------------------------------------
c_dummy 1 "$VIP"
load "fs_queue mta"
c_settle 1
t_check "$T" "group without IPaddr2: mta still runs" node1 "$(where)"
if t_wait_for 20 attr_has 1 pfkit-mta-wiring "Could not find IP resource for $VIP"; then
	t_pass "$T: group without IPaddr2: node attribute pfkit-mta-wiring names $VIP"
else
	t_fail "$T: group without IPaddr2: node attribute (got: $(attr 1 pfkit-mta-wiring))"
fi
c_exec 1 crm_mon -A1 | grep -q "pfkit-mta-wiring.*Could not find IP resource for $VIP"
t_check "$T" "crm_mon -A1 shows the wiring warning" 0 $?
refused "group without IPaddr2" "Could not find IP resource for $VIP"

# --- 2. no Filesystem resource -------------------------------------------------------
stop_all
c_exec 1 ip addr del "$VIP/24" dev dummy0
# the site mounts the disk itself, on node1
c_exec 1 mount "$loopdev" "$mnt"
load "ip_mail mta"
c_settle 1
t_check "$T" "group without Filesystem: mta still runs" node1 "$(where)"
if t_wait_for 20 attr_has 1 pfkit-mta-wiring "queue_directory $mnt/postfix: no Filesystem resource"; then
	t_pass "$T: group without Filesystem: pfkit-mta-wiring names queue_directory"
else
	t_fail "$T: group without Filesystem: node attribute (got: $(attr 1 pfkit-mta-wiring))"
fi
attr_has 1 pfkit-mta-wiring "must exist on a shared filesystem"
t_check "$T" "group without Filesystem: the kit's words (must exist on a shared filesystem)" 0 $?
refused "group without Filesystem" "queue_directory $mnt/postfix"
stop_all
c_exec 1 umount "$mnt"
load "fs_queue ip_mail mta" "location l_mail_ids g_mail rule -inf: defined pfkit-mta-ids-mismatch"
c_settle 1
c_settle 1

# --- 3. the whole group; ids between servers ------------------------------------------
t_check "$T" "whole group: runs on node1" node1 "$(where)"
no_wiring_attr() { [ "$(attr_state 1 pfkit-mta-wiring)" = absent ]; }
t_wait_for 20 no_wiring_attr
t_check "$T" "whole group: no wiring attribute left" absent "$(attr_state 1 pfkit-mta-wiring)"
mon=$(mon_a)
t_check "$T" "crm_mon -A1 answers (the next check reads it)" 0 $?
printf '%s\n' "$mon" | grep -q pfkit-mta-ids-mismatch
t_check "$T" "same ids on both nodes: no mismatch attribute" 1 $?
t_check "$T" "same ids on both nodes: node2 has no mismatch attribute (crm_attribute)" absent "$(attr_state 2 pfkit-mta-ids-mismatch)"

# depth-0 monitors call no attrd_updater while nothing changes
: >"$calls"
sleep $(((MON10 * 3) / 1000))
d0=$(grep -c "^interval=$MON level=0 " "$calls")
d10=$(grep -c "^interval=$MON10 level=10 " "$calls")
t_check "$T" "attrd_updater calls from depth-0 monitors in 3 depth-10 intervals (depth 10 made $d10)" 0 "$d0"
t_check "$T" "the depth-10 monitor asks attrd (the count above is real)" yes \
	"$(if [ "$d10" -gt 0 ]; then echo yes; fi)"

# node2 gets another postfix uid
sed 's/^postfix:x:[0-9]*:/postfix:x:1001:/' /etc/passwd >"$T_ROOT/$INST/passwd-node2"
c_node_bind 2 "$T_ROOT/$INST/passwd-node2" /etc/passwd
quid=$(c_exec 1 stat -c %u "$mnt/postfix/active")
got=$(c_probe 1 mta node2)
t_check "$T" "node2 probed again (Pacemaker's record: $got)" 7 "${got%% *}"
t0=$(c_now)
if c_poll $(((MON10 * 2) / 1000 + 5)) attr_has 2 pfkit-mta-ids-mismatch "node2 has uid 1001"; then
	t_pass "$T: node1 marked node2 after $(c_elapsed "$t0") s (depth 10 every $((MON10 / 1000)) s)"
else
	t_fail "$T: node1 marks node2 within two depth-10 intervals"
fi
c_exec 1 crm_mon -A1 | grep -q "pfkit-mta-ids-mismatch.*postfix id does not match between servers: node2 has uid 1001, the queue is owned by uid $quid"
t_check "$T" "crm_mon -A1 shows node2's mark with the kit's message" 0 $?
grep -q "postfix id does not match between servers: node2 has uid 1001" \
	"$(c_priv_src 1 /var/log/pacemaker)/pacemaker.log"
t_check "$T" "node1's log says it, naming node2 and the ids" 0 $?

c_exec 1 crm_standby -N node1 -v on
c_settle 1
t_check "$T" "standby node1 with node2 marked: the group does not start on node2" nowhere "$(located)"

# fixed: node2's own uid again, probed again. The probe's record is
# mta_last_0 on node2 only until the group starts there: once the probe
# clears the mark, the group may move at once and the start's record
# (rc 0) replaces it. A ban keeps the group off node2 until the probe's
# record is read; lifting it is what lets the group move.
c_exec 2 umount /etc/passwd
c_exec 1 crm_resource --ban -r g_mail -N node2 >/dev/null 2>&1
t_check "$T" "the group banned from node2 until its probe is read" 0 $?
got=$(c_probe 1 mta node2)
t_check "$T" "node2 probed again after the fix (Pacemaker's record: $got)" 7 "${got%% *}"
c_exec 1 crm_resource --clear -r g_mail -N node2 >/dev/null 2>&1
t_check "$T" "the ban on node2 lifted" 0 $?
if c_wait_started 1 mta node2 90; then
	t_pass "$T: fixed and probed: the group moves to node2"
else
	t_fail "$T: fixed and probed: the group moves to node2"
	c_exec 1 crm_mon -1rA
fi
t_check "$T" "no mark left on node2" absent "$(attr_state 2 pfkit-mta-ids-mismatch)"

# --- 4. validate-all at level 10 on the passive node, its queue a stale copy -------
# node1 (standby, the group on node2) gets postfix uid 1001, a data
# directory of that uid, and below its empty mount point a queue directory
# it once made itself: it passes node1's own checks, and its owner is not
# node2's (nor the shared queue's)
sed 's/^postfix:x:[0-9]*:/postfix:x:1001:/' /etc/passwd >"$T_ROOT/$INST/passwd-node1"
c_node_bind 1 "$T_ROOT/$INST/passwd-node1" /etc/passwd
mkdir -p "$T_ROOT/$INST/data-node1"
chown 1001 "$T_ROOT/$INST/data-node1"
postconf -c "$T_ROOT/$INST/etc-node1" -e "data_directory = $T_ROOT/$INST/data-node1"
c_exec 1 findmnt -n "$mnt" >/dev/null
t_check "$T" "node1: the shared disk is not mounted there" 1 $?
c_exec 1 sh -c "mkdir -p '$mnt/postfix/active' '$mnt/postfix/maildrop' &&
	chown 1001 '$mnt/postfix/active' && chmod 700 '$mnt/postfix/active' &&
	chown 1001:postdrop '$mnt/postfix/maildrop' && chmod 730 '$mnt/postfix/maildrop'"
t_check "$T" "node1: a stale local queue owned by uid 1001" 1001 "$(c_exec 1 stat -c %u "$mnt/postfix/active")"
# "postfix check" (validate-all at level 10) refuses an inet_interfaces
# address that is not on the node: node1 gets the address as well, /32 on
# its dummy interface (no route to the LAN changes), for this call only
c_exec 1 ip addr add "$VIP/32" dev dummy0
: >"$calls"
out=$(c_exec 1 crm_resource --validate=10 -r mta 2>&1)
t_check "$T" "crm_resource --validate=10 -r mta on the passive node1 (${out//$'\n'/ | })" 0 $?
c_exec 1 ip addr del "$VIP/32" dev dummy0
case $out in
*"postfix id does not match between servers: node2 has uid $quid, the queue is owned by uid 1001"*"not marked"*)
	t_pass "$T: validate-all on node1 reports node2's ids against its stale queue, not marked" ;;
*) t_fail "$T: validate-all on node1 reports node2's ids, not marked (got: $out)" ;;
esac
t_check "$T" "validate-all on node1 set no mismatch mark (attrd_updater calls: $(tr '\n' '|' <"$calls"))" 0 \
	"$(grep -c -- '-n pfkit-mta-ids-mismatch -U' "$calls")"
c_settle 1
t_check "$T" "no mark on node2" absent "$(attr_state 2 pfkit-mta-ids-mismatch)"
t_check "$T" "the group still runs on node2" node2 "$(where)"
