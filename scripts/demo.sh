#!/bin/bash
# demo.sh - pfkit in a real single-node Pacemaker cluster, on this machine,
# without touching its network or its cluster configuration.
#
# Usage (as root, after install-deps.sh, the build and "make install"):
#   scripts/demo.sh          start: corosync + pacemakerd in a network and
#                            mount namespace of their own (pfkit-demo-n1),
#                            a demo Postfix instance managed by
#                            ocf:pfkit:postfix behind an IPaddr2 address
#                            (198.51.100.25, inside that namespace only),
#                            crm_mon -1, and a test message through it
#   scripts/demo.sh status   crm_mon -1 and the demo queue
#   scripts/demo.sh stop     stop everything (by pid) and remove it
#
# Everything lives under $PFKIT_DEMO_ROOT (default /tmp/pfkit-demo). Commands to
# look around while it runs are printed at the end.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
export T_ROOT=${PFKIT_DEMO_ROOT:-/tmp/pfkit-demo}
export T_RESULTS=$T_ROOT/results
export T_ADDR_EXTERNAL=1
C_NS=pfkit-demo
C_ID=demo
# the installed agent (make install) if there is one, else the build's
INSTALLED=/usr/lib/ocf/resource.d/pfkit/postfix
if [ -x "$INSTALLED" ] && [ -z "${AGENT:-}" ]; then
	AGENT=$INSTALLED
	C_AGENT=""
fi
# shellcheck source-path=SCRIPTDIR source=../tests/integration/lib.sh
. "$top/tests/integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=../tests/cluster/lib-cluster.sh
. "$top/tests/cluster/lib-cluster.sh"

VIP=$C_LAN_NET.25
INST=demo
RA=ocf:pfkit:postfix

say() { printf '\n== %s\n' "$*"; }
die() { printf 'demo.sh: %s\n' "$*" >&2; exit 1; }

# in_node CMD... - show and run CMD inside the demo node
in_node() {
	printf '# %s\n' "$*"
	c_exec 1 "$@"
}

demo_stop() {
	say "stopping the demo cluster (pacemakerd stops the resources first)"
	c_node_destroy 1
	t_instance_destroy "$INST"
	rm -rf "$T_ROOT"
	echo "demo removed: no process, namespace or file of it is left"
}

demo_queue() {
	say "the demo instance's queue (nothing leaves this machine: mail stays deferred)"
	in_node postqueue -c "$(t_etc "$INST")" -p
}

demo_status() {
	in_node crm_mon -1r
	demo_queue
}

demo_start() {
	local failed=""
	[ "$(id -u)" -eq 0 ] || die "run as root"
	for c in corosync pacemakerd crm pcs swaks postfix; do
		command -v "$c" >/dev/null || die "$c not installed: run scripts/install-deps.sh"
	done
	[ -x "$AGENT" ] || die "agent $AGENT not found: build (make) or install (make install) first"
	if [ -e "$(c_dir 1)/holder.pid" ]; then
		echo "the demo already runs; 'scripts/demo.sh stop' removes it"
		demo_status
		return 0
	fi
	say "agent: $AGENT"

	say "a node: network + mount namespace $C_NS-n1, corosync (knet) on 127.0.0.1"
	c_node_create 1 || die "cannot create the node's namespaces"
	c_dummy 1 "$C_LAN_NET.1"
	c_corosync_conf 127.0.0.1
	# A single node has no peer to fence it and the demo no fence device;
	# a production cluster must have fencing (see README).
	c_cib_seed 1 stonith-enabled=false dc-deadtime=2s
	t_instance_create "$INST" "$VIP" 25
	postconf -c "$(t_etc "$INST")" -e "mynetworks = 127.0.0.0/8 $C_LAN_NET.0/24" \
		"myhostname = mail.demo.pfkit.invalid"
	t0=$(c_now)
	c_node_start 1 || die "corosync did not start (see $(c_dir 1)/corosync.log)"
	c_wait_online 1 60 || die "pacemaker did not come up (see $(c_dir 1)/fs/var/log/pacemaker)"
	echo "cluster up in $(c_elapsed "$t0") s"

	say "the agent's meta-data and validate-all, through Pacemaker's tools"
	in_node crm_resource --show-metadata "$RA" | sed -n '/<shortdesc/{p;q}'
	in_node crm_resource --show-metadata "$RA" |
		sed -n 's/.*<parameter name="\([^"]*\)".*/  parameter \1/p'
	in_node crm_resource --validate --class ocf --provider pfkit --agent postfix \
		--option config_dir="$(t_etc "$INST")"

	say "resources: group mail = IPaddr2 $VIP + $RA (demo instance $(t_etc "$INST"))"
	c_exec 1 crm configure load update - <<EOC || failed="crm configure load update refused the resources"
primitive ip_mail IPaddr2 \\
	params ip=$VIP cidr_netmask=24 nic=dummy0 \\
	op monitor interval=10s timeout=20s
primitive mta $RA \\
	params config_dir="$(t_etc "$INST")" \\
	op start timeout=60s interval=0 op stop timeout=60s interval=0 \\
	op monitor interval=10s timeout=20s \\
	op monitor interval=300s timeout=30s OCF_CHECK_LEVEL=10
group mail ip_mail mta
EOC
	in_node crm configure show mail
	c_exec 1 crm_resource --wait --timeout=120s
	in_node crm_mon -1r

	say "a test message to the cluster address $VIP:25"
	if out=$(in_node swaks --server "$VIP" --port 25 --from demo@pfkit.invalid \
		--to postmaster@pfkit.invalid --header "Subject: pfkit demo" --timeout 10); then
		printf '%s\n' "$out" | grep -E '^(# |<- +250 .*queued|<- +220 )'
		echo "accepted."
	else
		printf '%s\n' "$out" | tail -n 5
		echo "NOT accepted: see $T_ROOT/$INST/maillog and crm_mon"
		failed=${failed:-"the test message was not accepted"}
	fi
	demo_queue
	if [ -n "${failed:-}" ]; then
		printf '\nThe demo does NOT run: %s.\n' "$failed"
		echo "Look with: nsenter -t $(c_holder 1) -m -n crm_mon -1r"
		echo "Stop and remove everything:  scripts/demo.sh stop"
		exit 1
	fi
	cat <<EOM

The demo runs. Look around with, for example:
  nsenter -t $(c_holder 1) -m -n crm_mon -1r
  nsenter -t $(c_holder 1) -m -n crm_resource --force-check -r mta
  kill \$(cat $(t_queue "$INST")/pid/master.pid)   # Pacemaker restarts it
Stop and remove everything:  scripts/demo.sh stop
EOM
}

case ${1:-start} in
start) demo_start ;;
stop) demo_stop ;;
status) demo_status ;;
*) die "usage: demo.sh [start|status|stop]" ;;
esac
