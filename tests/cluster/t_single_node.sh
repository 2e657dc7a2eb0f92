#!/bin/bash
# t_single_node.sh - ocf:pfkit:postfix under a real single-node cluster:
# corosync (knet, 127.0.0.1) + pacemakerd inside a network and mount
# namespace of the test's own; a group IPaddr2 (198.51.100.10 on dummy0) +
# the Postfix instance with a recurring monitor. Checks start, the CLI tools
# that run the agent, recovery after the master is killed (timed), cleanup,
# stop, and that mail sent to the cluster address is accepted.
#
# PFKIT_CLUSTER_RA overrides the agent (e.g. ocf:heartbeat:postfix) to test
# this harness itself against a known agent.
here=$(cd "$(dirname "$0")" && pwd)
C_ID=sn
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

T=single_node
RA=${PFKIT_CLUSTER_RA:-ocf:pfkit:postfix}
VIP=$C_LAN_NET.10
INST=sn1
export T_ADDR_EXTERNAL=1	# IPaddr2 brings the address up, in the node

if [ "$(id -u)" -ne 0 ] || ! command -v corosync >/dev/null || ! command -v pacemakerd >/dev/null; then
	t_skip "$T" "needs root, corosync and pacemaker"
	exit 0
fi

cleanup() {
	c_node_destroy 1
	t_instance_destroy "$INST"
}
trap cleanup EXIT

# mta_master_ok - a master runs whose pid differs from $old_master
mta_master_ok() {
	local p
	p=$(t_master_pid "$INST" 2>/dev/null)
	[ -n "$p" ] && [ "$p" != "${old_master:-}" ] && kill -0 "$p" 2>/dev/null
}

# failcount - the fail count Pacemaker holds for mta on node1
failcount() {
	c_exec 1 crm_failcount --query -r mta -N node1 2>/dev/null |
		sed -n 's/.*value=\([0-9A-Z]*\).*/\1/p'
}
failcount_set() { [ "$(failcount)" != "" ] && [ "$(failcount)" != 0 ]; }


c_node_create 1 || { t_fail "$T: node namespace created"; exit 1; }
c_dummy 1 "$C_LAN_NET.1"
c_corosync_conf 127.0.0.1
# stonith-enabled=false: one node has no peer that could fence it and this
# test has no fence device. Without fencing Pacemaker cannot recover from a
# failed stop; production clusters need it (README, "Fencing").
c_cib_seed 1 stonith-enabled=false dc-deadtime=2s
t_instance_create "$INST" "$VIP" 25
postconf -c "$(t_etc "$INST")" -e "mynetworks = 127.0.0.0/8 $C_LAN_NET.0/24"

t0=$(c_now)
c_node_start 1
if c_wait_online 1 60; then
	t_pass "$T: corosync + pacemakerd up, node1 online, DC elected ($(c_elapsed "$t0") s)"
else
	t_fail "$T: node1 online within 60 s"
	exit 1
fi

c_exec 1 crm configure load update - <<EOC
primitive vip IPaddr2 \\
	params ip=$VIP cidr_netmask=24 nic=dummy0 \\
	op monitor interval=60s timeout=20s
primitive mta $RA \\
	params config_dir="$(t_etc "$INST")" \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=3s timeout=20s
group mail vip mta
EOC
t_check "$T" "crm configure load update (group vip + mta)" 0 $?

t0=$(c_now)
c_settle 1
if c_running_on 1 mta node1 && mta_master_ok; then
	t_pass "$T: group started ($(c_elapsed "$t0") s), master pid $(t_master_pid "$INST")"
else
	t_fail "$T: group started"
	c_exec 1 crm_mon -1r
fi
if c_smtp_ok 1 "$VIP" 25; then t_pass "$T: mail to $VIP:25 accepted"; else
	t_fail "$T: mail to $VIP:25 accepted"
fi

out=$(c_exec 1 crm_resource --validate -r mta 2>&1)
t_check "$T" "crm_resource --validate -r mta" 0 $?
printf '  %s\n' "$out" | head -3
out=$(c_exec 1 crm_resource --force-check -r mta 2>&1)
t_check "$T" "crm_resource --force-check -r mta" 0 $?
printf '  %s\n' "$out" | head -3
out=$(c_exec 1 pcs resource describe "$RA" 2>&1)
rc=$?
if [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q config_dir; then
	t_pass "$T: pcs resource describe $RA lists config_dir"
else
	t_fail "$T: pcs resource describe $RA (rc $rc): $(printf '%s' "$out" | head -3)"
fi
out=$(c_exec 1 crm ra info "$RA" 2>&1)
rc=$?
if [ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q config_dir; then
	t_pass "$T: crm ra info $RA lists config_dir"
else
	t_fail "$T: crm ra info $RA (rc $rc): $(printf '%s' "$out" | head -3)"
fi

# The master dies: the recurring monitor must notice and Pacemaker restart it.
old_master=$(t_master_pid "$INST" 2>/dev/null)
t0=$(c_now)
if [ -n "$old_master" ] && kill -KILL "$old_master"; then
	if t_wait_for 60 failcount_set; then
		t_detect=$(c_elapsed "$t0")
		t_pass "$T: master $old_master killed: failure recorded after $t_detect s (fail-count $(failcount))"
		# it was the recurring monitor that saw it (crm_mon's failed actions)
		failed=$(c_exec 1 crm_mon -1 2>/dev/null | grep -E '^ *\* mta .*-interval monitor on node1 returned')
		if [ -n "$failed" ]; then
			t_pass "$T: detected by the recurring monitor:$failed"
		else
			t_fail "$T: no failed recurring monitor of mta in crm_mon"
		fi
	else
		t_fail "$T: master killed: failure recorded by the recurring monitor within 60 s"
	fi
	if t_wait_for 60 mta_master_ok && t_wait_for 30 c_smtp_ok 1 "$VIP" 25; then
		t_pass "$T: Pacemaker recovered mta: new master $(t_master_pid "$INST"), mail accepted $(c_elapsed "$t0") s after the kill"
	else
		t_fail "$T: recovery after the master was killed"
		c_exec 1 crm_mon -1r
	fi
else
	t_fail "$T: master pid to kill"
fi
c_settle 1

c_exec 1 crm_resource --cleanup -r mta >/dev/null 2>&1
t_check "$T" "crm_resource --cleanup -r mta" 0 $?
c_settle 1
t_check "$T" "fail count after cleanup" 0 "$(failcount)"
if c_running_on 1 mta node1 && c_smtp_ok 1 "$VIP" 25; then
	t_pass "$T: still running and accepting mail after cleanup"
else
	t_fail "$T: running and accepting mail after cleanup"
fi

t0=$(c_now)
c_exec 1 crm_resource -r mail --meta -p target-role -v Stopped >/dev/null 2>&1
c_settle 1
left=$(t_instance_pids "$INST" | wc -l)
if [ "$left" -eq 0 ] && ! c_running_on 1 mta node1 && ! c_exec 1 ip -4 addr show dev dummy0 | grep -q "$VIP/"; then
	t_pass "$T: group stopped ($(c_elapsed "$t0") s): no process of the instance, $VIP removed"
else
	t_fail "$T: group stopped: $left process(es) of the instance left"
fi
master_gone() { ! t_postfix "$INST" status >/dev/null 2>&1; }
if master_gone; then t_pass "$T: postfix status: not running after stop"; else
	t_fail "$T: postfix status says running after stop"
fi

c_node_stop 1
left=$(c_node_pids 1 | wc -l)
t_check "$T" "processes left in the node after pacemakerd and corosync stopped" 0 "$left"
