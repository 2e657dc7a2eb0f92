#!/bin/bash
# lib-cluster.sh - real corosync + Pacemaker nodes, each in namespaces of its
# own (sourced, bash, after tests/integration/lib.sh).
#
# A node is a network namespace (ip netns) plus a private mount namespace
# held open by one "holder" process. Inside it these directories are bind
# mounts of the node's directory under $T_ROOT, so nothing of the host's
# cluster state is read or written and two nodes never share one:
#   /run /dev/shm /var/lib/pacemaker /var/lib/corosync /etc/corosync
#   /var/log/pacemaker, and /usr/lib/ocf/resource.d/pfkit (the agent under
#   test, unless C_AGENT is empty: then the installed one is used).
# Pacemaker's IPC sockets are abstract and so per network namespace, and
# libqb's rings live in the private /dev/shm: every CLI must run inside the
# node, through c_exec. corosync and pacemakerd are started by hand (there is
# no systemd) and stopped by pid; every other process of a node is found by
# its network namespace and killed by pid, never by name.
#
# Functions (N is the node number, 1..):
#   c_node_create N             namespaces, directories, lo up
#   c_exec N CMD...             run CMD inside node N
#   c_corosync_conf ADDR...     corosync.conf for nodes with these ring0 addrs
#   c_cib_seed N PROP=VALUE...  initial CIB with these cluster properties
#   c_node_start N              corosync -f, pacemakerd; pids recorded
#   c_wait_online N SECONDS     node N is online and a DC is elected
#   c_wait_started N RSC NODE SECONDS   RSC runs on NODE (node name)
#   c_settle N / c_where N RSC  no transition pending / where RSC runs
#   c_node_stop N               pacemakerd and corosync stopped by pid
#   c_node_crash N              power cut: SIGKILL of all in node N, links down
#   c_members N COUNT           node N sees COUNT nodes online and a DC
#   c_node_destroy N            stop, kill leftovers by pid, remove all
#                               but the logs ($T_ROOT/logs)
#   c_node_pids N               pids of every process inside node N
#   c_with_agent CMD...         CMD sees the agent under test, no node needed
#   c_two_node_skip / c_two_node_up / c_two_node_down   the two-node
#                               tests' preconditions, nodes and bridge,
#                               and their removal with the shared disk
#   c_cluster_skip TEST VAR     the preconditions, VAR=0 skipping TEST
#   c_cluster_up TEST FULL [REMOTE] / c_cluster_down COUNT   the same for
#                               FULL corosync nodes and REMOTE Pacemaker
#                               Remote nodes (numbered after them)
#   c_node_renew N FULL         node N made anew after a crash, to start
#   c_remote_start N / c_remote_key N...   pacemaker-remoted in node N;
#                               one authkey for the nodes N...
#   c_placement N               "RSC NODE" of each started resource, from
#                               node N's crm_mon --output-as=xml
#   c_queue_list N CONFIG_DIR   "queue_name queue_id sender" of each
#                               message of that instance, read in node N
#   c_queue_files N QUEUE_DIR   the number of complete queue files under
#                               QUEUE_DIR on node N's disk
#   c_queue_quiet N QUEUE_DIR   no complete file in its incoming or active
#                               queue, on node N
#   c_recorder AGENT DIR        a wrapper agent recording each call's
#                               environment (C_RECORD=DIR: c_node_create
#                               installs it in front of the agent)
#   c_lan_create / c_lan_link N ADDR / c_lan_destroy   a bridge namespace
#                               joining nodes (veth), client address .100
#   c_load_start TAG ADDR / c_load_flowing TAG / c_load_stop TAG /
#   c_load_check WHAT QUEUEFILE / c_load_reap   mail in flight: SMTP
#                               clients (smtp_load.py) in the client
#                               namespace, and their account against the
#                               queue
#   c_mail_instance ... / c_mail_group ... / c_mail_ok_at ...   one
#                               instance on a shared disk in a group (the
#                               section "one instance on a shared disk")
set -u

# C_ID names the cluster (one per test script, so that scripts run at
# once by run.sh T_JOBS=N never share a node); namespace names also follow
# $T_ROOT, so runs with different T_ROOTs (demo, worktrees) never collide
C_ID=${C_ID:-c}
C_NS=${C_NS:-pf-$(basename "$T_ROOT")-$C_ID}
C_AGENT=${C_AGENT-$AGENT}	# agent bound to ocf:pfkit:postfix; "" = installed
C_OCF_PFKIT=/usr/lib/ocf/resource.d/pfkit
C_LAN_NET=${C_LAN_NET:-198.51.100}	# never the host's 192.0.2.0/24
C_PRIVATE_DIRS="/run /dev/shm /var/lib/pacemaker /var/lib/corosync /etc/corosync /var/log/pacemaker"

# The _to forms set the variable VAR instead of printing: no subshell, for
# what runs before each of the many Pacemaker commands a cluster test polls
# (c_exec, c_op_field).
c_dir_to() { printf -v "$1" '%s/cluster-%s/node%s' "$T_ROOT" "$C_ID" "$2"; }
c_dir() { local d; c_dir_to d "$1"; printf '%s\n' "$d"; }
c_netns() { printf '%s\n' "$C_NS-n$1"; }
# c_holder_to VAR N - the pid of node N's namespace holder; empty and
# false when the node has none: status 1 when none was recorded (or a
# crash removed it), 2 when the recorded one has ended (t_pid_read)
c_holder_to() {
	local d
	c_dir_to d "$2"
	t_pid_read "$1" "$d/holder.pid"
}
c_name_to() { printf -v "$1" 'node%s' "$2"; }
c_name() { local m; c_name_to m "$1"; printf '%s\n' "$m"; }
c_now() { date +%s.%N; }
# c_elapsed T0 - seconds since T0 (from c_now), 2 decimals
c_elapsed() { awk -v a="$1" -v b="$(c_now)" 'BEGIN { printf "%.2f", b - a }'; }

# c_exec N CMD... - run CMD in node N's network and mount namespaces
c_exec() {
	local h rc
	c_holder_to h "$1"
	rc=$?
	[ $rc = 2 ] && c_holder_lost "$1"
	[ $rc = 0 ] || return 1
	shift
	nsenter -t "$h" -m -n -- "$@"
}
# c_holder_lost N - node N's holder has ended while its pid file says it
# runs (c_node_crash and c_node_destroy remove the file when they end it):
# said once, with what the holder printed and what the kernel logged last
# (an OOM kill names its victim there)
c_holder_lost() {
	local d
	d=$(c_dir "$1")
	[ -e "$d/holder.lost" ] && return 0
	: >"$d/holder.lost"
	t_log "node $1: its namespace holder ($(cat "$d/holder.pid")) has ended, though no crash or destroy of the node ended it; holder.log: $(tr '\n' ' ' <"$d/holder.log" 2>/dev/null)"
	dmesg 2>/dev/null | tail -n 5 | sed 's/^/  kernel: /' >&2
}

# c_priv_src N DIR - the node's directory backing DIR
c_priv_src() { printf '%s/fs%s\n' "$(c_dir "$1")" "$2"; }

# c_node_create N - network + mount namespaces of node N, lo up
c_node_create() {
	local n=$1 d ns p src mounts=""
	d=$(c_dir "$n")
	ns=$(c_netns "$n")
	c_node_destroy "$n" 2>/dev/null
	mkdir -p "$d"
	chmod 755 "$T_ROOT" "$(dirname "$d")" "$d"
	for p in $C_PRIVATE_DIRS; do
		src=$(c_priv_src "$n" "$p")
		mkdir -p "$src"
		mounts="$mounts $src $p"
	done
	chmod 1777 "$(c_priv_src "$n" /dev/shm)"
	mkdir -p "$(c_priv_src "$n" /run)/resource-agents" "$(c_priv_src "$n" /run)/crm"
	for p in blackbox cib cores pengine; do
		mkdir -p "$(c_priv_src "$n" /var/lib/pacemaker)/$p"
		chmod 750 "$(c_priv_src "$n" /var/lib/pacemaker)/$p"
	done
	chown -R hacluster:haclient "$(c_priv_src "$n" /var/lib/pacemaker)" \
		"$(c_priv_src "$n" /var/log/pacemaker)" "$(c_priv_src "$n" /run)/crm"
	chmod 770 "$(c_priv_src "$n" /var/log/pacemaker)"
	if [ -n "$C_AGENT" ]; then
		mkdir -p "$d/ocf-pfkit" "$C_OCF_PFKIT"
		if [ -n "${C_RECORD:-}" ]; then
			install -m 755 "$C_AGENT" "$d/agent"
			c_recorder "$d/agent" "$C_RECORD" >"$d/ocf-pfkit/postfix"
			chmod 755 "$d/ocf-pfkit/postfix"
		else
			install -m 755 "$C_AGENT" "$d/ocf-pfkit/postfix"
		fi
		mounts="$mounts $d/ocf-pfkit $C_OCF_PFKIT"
	fi
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up
	rm -f "$d/ready"
	# ip netns exec gives a /sys of the new network namespace; unshare
	# keeps that in a private mount namespace that the holder (sleep)
	# keeps alive; every later process joins it with nsenter.
	# shellcheck disable=SC2016,SC2086
	ip netns exec "$ns" unshare --mount --propagation private -- \
		sh -c 'set -e; r=$1; shift
			while [ $# -gt 0 ]; do mount --bind "$1" "$2"; shift 2; done
			touch "$r"; exec sleep infinity' sh "$d/ready" $mounts \
		</dev/null >"$d/holder.log" 2>&1 &
	t_pid_record $! "$d/holder.pid"
	disown $!
	t_wait_for 10 test -e "$d/ready" || {
		t_log "node $n: namespace set-up failed: $(cat "$d/holder.log")"
		return 1
	}
}

# c_recorder AGENT DIR - print a wrapper agent that records the environment
# Pacemaker gives each call, then execs AGENT with the same arguments. The
# record is DIR/<caller>--<action>[-i<interval>][-l<check level>].env: the
# caller is the parent's command name (pacemaker-execd for what the cluster
# schedules, crm_resource for --validate / --force-check), one file per kind
# of call, the latest call's. Only OCF_*, HA_* and PCMK_* variables, sorted.
c_recorder() {
	cat <<EOW
#!/bin/sh
# recording wrapper written by pfkit's lib-cluster.sh
read -r caller 2>/dev/null </proc/\$PPID/comm || caller=unknown
name="\$caller--\${1:-none}"
[ -n "\${OCF_RESKEY_CRM_meta_interval+x}" ] && name="\$name-i\$OCF_RESKEY_CRM_meta_interval"
[ -n "\${OCF_CHECK_LEVEL+x}" ] && name="\$name-l\$OCF_CHECK_LEVEL"
# the first call of each kind is recorded (a recurring monitor is called
# every few seconds, with the same environment)
[ -e "$2/\$name.env" ] ||
	{ env | grep -E '^(OCF|HA|PCMK)_' | LC_ALL=C sort >"$2/\$name.env.tmp" 2>/dev/null &&
		mv "$2/\$name.env.tmp" "$2/\$name.env"; }
exec "$1" "\$@"
EOW
}

# c_corosync_conf ADDR... - /etc/corosync/corosync.conf of every node
c_corosync_conf() {
	local i=0 a nodes="" two=""
	for a in "$@"; do
		i=$((i + 1))
		nodes="$nodes	node {
		name: node$i
		nodeid: $i
		ring0_addr: $a
	}
"
	done
	# two_node: the survivor of a two-node cluster keeps quorum; it
	# implies wait_for_all (both nodes must have been seen once).
	[ $i -eq 2 ] && two="	two_node: 1"
	for i in $(seq 1 $#); do
		cat >"$(c_priv_src "$i" /etc/corosync)/corosync.conf" <<EOC
# written by pfkit's lib-cluster.sh for node $i
totem {
	version: 2
	cluster_name: pfkit
	transport: knet
	crypto_cipher: none
	crypto_hash: none
	token: 1000
}
logging {
	to_stderr: yes
	to_logfile: no
	to_syslog: no
	timestamp: on
}
quorum {
	provider: corosync_votequorum
$two
}
nodelist {
$nodes}
EOC
	done
}

# c_cib_seed N PROP=VALUE... - the CIB node N starts from: empty, with
# these cluster properties (dc-deadtime set here saves the default 20 s
# wait for other nodes before a DC is elected)
c_cib_seed() {
	local n=$1 cib kv
	shift
	cib=$(c_priv_src "$n" /var/lib/pacemaker)/cib/cib.xml
	cibadmin --empty >"$cib" || return 1
	for kv in "$@"; do
		CIB_file=$cib crm_attribute --type crm_config \
			--name "${kv%%=*}" --update "${kv#*=}" || return 1
	done
	chown hacluster:haclient "$cib"
	chmod 600 "$cib"
}

# c_node_start N - corosync, then pacemakerd, inside node N
c_node_start() {
	local n=$1 d h
	d=$(c_dir "$n")
	c_holder_to h "$n" || return 1
	# nsenter execs its command: $! is the daemon's own pid
	nsenter -t "$h" -m -n -- corosync -f </dev/null >>"$d/corosync.log" 2>&1 &
	t_pid_record $! "$d/corosync.pid"
	disown $!
	# pacemakerd refuses to start before corosync's CPG answers
	t_wait_for 20 c_exec "$n" corosync-cfgtool -s >/dev/null 2>&1 || {
		t_log "node $n: corosync did not come up: $(tail -5 "$d/corosync.log")"
		return 1
	}
	nsenter -t "$h" -m -n -- env PCMK_logfile=/var/log/pacemaker/pacemaker.log \
		PCMK_logfacility=none HA_LOGFACILITY=none \
		pacemakerd </dev/null >>"$d/pacemakerd.log" 2>&1 &
	t_pid_record $! "$d/pacemakerd.pid"
	disown $!
}

# c_online N - node N sees itself online and a DC
c_online() {
	local out
	out=$(c_exec "$1" crm_mon -1 2>/dev/null) || return 1
	case $out in *"Current DC: NONE"*) return 1 ;; *"Current DC: "*) ;; *) return 1 ;; esac
	printf '%s\n' "$out" | grep -q "Online: .* $(c_name "$1") "
}
c_wait_online() { t_wait_for "$2" c_online "$1"; }

# c_running_on N RSC NODE - RSC is started on NODE according to node N
c_running_on() {
	c_exec "$1" crm_resource --locate -r "$2" 2>/dev/null |
		grep -q "is running on: $3\$"
}
c_wait_started() { t_wait_for "$4" c_running_on "$1" "$2" "$3"; }

# c_settle N [SECONDS] - node N's cluster has no transition left to run
# (120 s at most); when it still has after that, a line says so with what
# crm_resource printed: a wait that runs to its end is otherwise silent
c_settle() {
	local out
	out=$(c_exec "$1" crm_resource --wait --timeout="${2:-120}s" 2>&1) && return 0
	t_log "node $1: the cluster did not settle within ${2:-120} s: $(printf '%s\n' "$out" | tail -n 4 | tr '\n' ' ')"
	return 1
}
# c_where N RSC - the node RSC runs on, as node N sees it; "" when none
c_where() {
	c_exec "$1" crm_resource --locate -r "$2" 2>/dev/null |
		sed -n 's/.*is running on: \(node[0-9]*\).*/\1/p'
}

# c_pid_wait FILE SECONDS - wait until the process FILE records is gone
# (t_pid_read: a pid taken by another process meanwhile is not waited for)
c_pid_wait() {
	local end=$((SECONDS + $2)) pid
	while t_pid_read pid "$1"; do
		[ $SECONDS -ge $end ] && return 1
		t_sleep 0.1
	done
}

# c_node_stop N - orderly stop: pacemakerd (stops resources), then corosync
c_node_stop() {
	local n=$1 d p pid
	d=$(c_dir "$n")
	for p in pacemakerd corosync; do
		t_pid_read pid "$d/$p.pid" || { rm -f "$d/$p.pid"; continue; }
		if kill -TERM "$pid" 2>/dev/null; then
			# a resource whose stop fails blocks pacemakerd's shutdown
			# (no fencing): give up after 60 s, c_node_destroy kills
			c_pid_wait "$d/$p.pid" 60 ||
				t_log "node $n: $p did not stop in 60 s"
		fi
		rm -f "$d/$p.pid"
	done
}

# c_netns_pids NETNS - pids of every process inside network namespace NETNS
c_netns_pids() {
	ip netns pids "$1" 2>/dev/null
	return 0
}

# c_node_pids N - every process whose network namespace is node N's
c_node_pids() {
	local h net
	c_holder_to h "$1" || return 0
	net=$(readlink "/proc/$h/ns/net" 2>/dev/null) || return 0
	t_pids_by_link ns/net "$net" | grep -vx -- "$h"
	return 0
}

# c_node_crash N - node N dies at once, as on a power cut: SIGKILL of
# corosync and pacemakerd first, then of every other process of the node
# and of the holder (its mount namespace, and so its mounts, go away), and
# its links go down. The last two stand in for what fencing guarantees in
# production: the dead node neither holds the disk nor answers on the
# address. The network namespace stays until c_node_destroy.
c_node_crash() {
	local n=$1 d p h ns pid
	d=$(c_dir "$n")
	ns=$(c_netns "$n")
	for p in corosync pacemakerd; do
		t_pid_read pid "$d/$p.pid" && kill -KILL "$pid" 2>/dev/null
		rm -f "$d/$p.pid"
	done
	for p in $(c_node_pids "$n"); do kill -KILL "$p" 2>/dev/null; done
	c_holder_to h "$n"
	if [ -n "$h" ]; then
		kill -KILL "$h" 2>/dev/null
		c_pid_wait "$d/holder.pid" 10
		rm -f "$d/holder.pid"
	fi
	for p in $(ip -n "$ns" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }'); do
		[ "$p" = lo ] || ip -n "$ns" link set "$p" down
	done
}

# c_members N COUNT - node N sees COUNT nodes online and a DC
c_members() {
	local out
	out=$(c_exec "$1" crm_mon -1 2>/dev/null) || return 1
	case $out in *"Current DC: NONE"*) return 1 ;; *"Current DC: "*) ;; *) return 1 ;; esac
	[ "$(printf '%s\n' "$out" | sed -n 's/.*Online: \[ \(.*\) \]/\1/p' | wc -w)" -eq "$2" ]
}

# c_node_destroy N - nothing of node N is left afterwards (but its logs,
# copied to $T_ROOT/logs/$C_ID-nodeN-*.log for a look after a failed run)
c_node_destroy() {
	local n=$1 d h p
	d=$(c_dir "$n")
	[ -d "$d" ] || return 0
	c_node_stop "$n"
	mkdir -p "$T_ROOT/logs"
	cp "$d/corosync.log" "$T_ROOT/logs/$C_ID-node$n-corosync.log" 2>/dev/null
	cp "$(c_priv_src "$n" /var/log/pacemaker)/pacemaker.log" \
		"$T_ROOT/logs/$C_ID-node$n-pacemaker.log" 2>/dev/null
	for p in $(c_node_pids "$n"); do kill -KILL "$p" 2>/dev/null; done
	c_holder_to h "$n"
	if [ -n "$h" ]; then
		kill -KILL "$h" 2>/dev/null
		c_pid_wait "$d/holder.pid" 10
	fi
	# a crashed node has no holder left: find its processes by netns id
	for p in $(c_netns_pids "$(c_netns "$n")"); do kill -KILL "$p" 2>/dev/null; done
	ip netns del "$(c_netns "$n")" 2>/dev/null
	rm -rf "$d"
	rmdir "$(dirname "$d")" 2>/dev/null || true
}

# c_lan_create - a namespace with bridge br0 and the client address .100
c_lan_create() {
	local ns=$C_NS-lan
	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up
	ip -n "$ns" link add br0 type bridge
	ip -n "$ns" link set br0 up
	ip -n "$ns" addr add "$C_LAN_NET.100/24" dev br0
}

# c_lan_link N ADDR - node N's eth0 (ADDR/24) on the bridge
c_lan_link() {
	local n=$1 ns=$C_NS-lan
	ip -n "$ns" link add "veth$n" type veth peer name eth0 netns "$(c_netns "$n")"
	ip -n "$ns" link set "veth$n" master br0 up
	ip -n "$(c_netns "$n")" addr add "$2/24" dev eth0
	ip -n "$(c_netns "$n")" link set eth0 up
}

# c_lan_exec CMD... - run CMD in the client (bridge) namespace
c_lan_exec() { nsenter --net="/run/netns/$C_NS-lan" -- "$@"; }

c_lan_destroy() { ip netns del "$C_NS-lan" 2>/dev/null || true; }

# c_dummy N ADDR - interface dummy0 with ADDR/24 in node N, for IPaddr2.
# A dummy interface if the kernel has the driver; otherwise (this machine
# kind's kernel has no dummy driver and no modules) one end of a veth pair
# whose other end, dummy0p, also stays inside the node.
c_dummy() {
	local ns
	ns=$(c_netns "$1")
	if ! ip -n "$ns" link add dummy0 type dummy 2>/dev/null; then
		ip -n "$ns" link add dummy0 type veth peer name dummy0p || return 1
		ip -n "$ns" link set dummy0p up
	fi
	ip -n "$ns" addr add "$2/24" dev dummy0
	ip -n "$ns" link set dummy0 up
}

# c_smtp_ok N ADDR PORT - from inside node N, an SMTP transaction is accepted
c_smtp_ok() { t_smtp_send "$2" "$3" test@pfkit.invalid rcpt@pfkit.invalid 10 c_exec "$1"; }

# c_with_agent CMD... - run CMD in a private mount namespace in which
# ocf:pfkit:postfix is the agent under test (for pcs, crm, crm_resource
# outside a node; nothing is installed on the host)
c_with_agent() {
	local dir=$T_ROOT/ocf-pfkit-$C_ID
	mkdir -p "$dir" "$C_OCF_PFKIT"
	install -m 755 "$C_AGENT" "$dir/postfix"
	# shellcheck disable=SC2016
	unshare --mount --propagation private -- \
		sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' \
		sh "$dir" "$C_OCF_PFKIT" "$@"
}

# c_poll SECONDS CMD... - poll CMD every 0.25 s (each try asks the CIB)
c_poll() {
	local end=$((SECONDS + $1))
	shift
	while ! "$@"; do
		[ $SECONDS -ge $end ] && return 1
		t_sleep 0.25
	done
}

# c_crm_load N - load the crm shell configuration on stdin into node N's CIB
c_crm_load() { c_exec "$1" crm configure load update -; }

# c_op N RSC OPID [INTERVAL [NODE]] - "rc-code exit-reason" of the
# operation history entry OPID (mta_last_0, mta_last_failure_0, ...) of RSC
# on NODE (default: node N itself) in node N's CIB status, as Pacemaker
# recorded it, if its interval is INTERVAL (ms; "" or none: any); nothing
# when there is none
c_op() {
	c_op_field "$@" | sed 's/ [0-9-]*$//'
}
# c_op_callid N RSC OPID [INTERVAL [NODE]] - the entry's call-id, or -1
c_op_callid() {
	local f
	f=$(c_op_field "$@")
	printf '%s\n' "${f##* }" | grep -E '^[0-9]+$' || echo -1
}
# c_op_field: "rc-code exit-reason call-id" of the entry c_op describes.
# It is polled (c_recurring, c_probe) while other scripts run: one
# cibadmin query of that entry alone and one xmllint (which decodes the
# exit reason's entities), no interpreter started.
c_op_field() {
	local node=${5:-} iv=""
	[ -n "$node" ] || c_name_to node "$1"
	[ -n "${4:-}" ] && iv=" and @interval='$4'"
	local sel="//node_state[@uname='$node']//lrm_resource[@id='$2']/lrm_rsc_op[@id='$3'$iv]"
	c_exec "$1" cibadmin -Q --xpath "$sel" 2>/dev/null |
		xmllint --xpath 'concat(//lrm_rsc_op/@rc-code, " ", //lrm_rsc_op/@exit-reason, " ", //lrm_rsc_op/@call-id)' - 2>/dev/null |
		grep -E '^[0-9]'
}

# c_recurring N RSC INTERVAL SECONDS [RC] - the failure a recurring monitor
# of RSC with INTERVAL (ms) recorded: Pacemaker keeps a failed recurring
# result in <RSC>_last_failure_0 (the <RSC>_monitor_<INTERVAL> entry keeps
# rc-code 0). Waits up to SECONDS for one, or with RC for one with that
# rc-code (a monitor that ran while a situation was being made may have
# recorded another answer first; Pacemaker records each change); prints
# "rc-code exit-reason" of what is recorded then.
c_recurring_seen() {
	c_seen=$(c_op "$1" "$2" "$2_last_failure_0" "$3")
	[ -n "$c_seen" ] && [ "${c_seen%% *}" != 193 ] &&
		{ [ -z "${4:-}" ] || [ "${c_seen%% *}" = "$4" ]; }
}
c_recurring() {
	c_seen=""
	c_poll "$4" c_recurring_seen "$1" "$2" "$3" "${5:-}"
	[ -n "$c_seen" ] && printf '%s\n' "$c_seen"
	return 0
}

# c_probe N RSC NODE - a real probe: crm_resource --refresh makes Pacemaker
# forget RSC's history on NODE and probe it again; prints "rc-code
# exit-reason" of that probe as node N's CIB records it (<RSC>_last_0 of a
# monitor with interval 0, newer than any entry before the refresh)
c_probe() {
	local before
	before=$(c_op_callid "$1" "$2" "$2_last_0" "" "$3")
	c_exec "$1" crm_resource --refresh -r "$2" -N "$3" >/dev/null 2>&1
	c_poll 60 c_probe_newer "$1" "$2" "$3" "$before" && c_op "$1" "$2" "$2_last_0" 0 "$3"
}
# c_probe_newer N RSC NODE CALLID - a probe newer than CALLID has a result
# (rc-code 193 is Pacemaker's "pending": the probe still runs)
c_probe_newer() {
	local f
	f=$(c_op_field "$1" "$2" "$2_last_0" 0 "$3")
	case ${f##* } in '' | *[!0-9]*) return 1 ;; esac
	[ "${f##* }" -gt "$4" ] && [ "${f%% *}" != 193 ]
}

# c_pcmk_version - Pacemaker's version (2.1.5, 3.0.0, ...)
c_pcmk_version() { pacemakerd --version 2>/dev/null | sed -n '1s/^Pacemaker \([0-9][0-9.]*\).*/\1/p'; }

# c_fixtures_check TEST DIR - the environments recorded in DIR (c_recorder)
# are those of tests/unit/fixtures/pacemaker/<version>, <version> being the
# running Pacemaker's, paths below $T_ROOT written as @T_ROOT@; skipped,
# saying so, when that version has no directory. PFKIT_RECORD_FIXTURES=1
# writes them there instead.
c_fixtures_check() {
	local test=$1 dir=$2 fx f name
	fx=$(cd "$(dirname "${BASH_SOURCE[0]}")/../unit/fixtures" && pwd)/pacemaker/$(c_pcmk_version)
	if [ "${PFKIT_RECORD_FIXTURES:-0}" = 1 ]; then
		mkdir -p "$fx"
		for f in "$dir"/*.env; do
			sed "s|$T_ROOT|@T_ROOT@|g" "$f" >"$fx/$(basename "$f")"
		done
		t_pass "$test: recorded environments written to $fx"
		return
	fi
	# a Pacemaker release nobody recorded yet: nothing to compare with
	if [ ! -d "$fx" ]; then
		t_skip "$test" "fixtures check: no recorded environments of Pacemaker $(c_pcmk_version) in $fx (PFKIT_RECORD_FIXTURES=1 writes them)"
		return
	fi
	for f in "$fx"/*.env; do
		name=$(basename "$f")
		if [ ! -e "$dir/$name" ]; then
			t_fail "$test: Pacemaker made no call like fixture $name"
		elif diff -u "$f" <(sed "s|$T_ROOT|@T_ROOT@|g" "$dir/$name") >"$dir/$name.diff"; then
			t_pass "$test: Pacemaker's environment for $name is the fixture's"
		else
			t_fail "$test: Pacemaker's environment for $name differs from the fixture"
			sed 's/^/  /' "$dir/$name.diff" | head -20
		fi
	done
	for f in "$dir"/*.env; do
		[ -e "$fx/$(basename "$f")" ] ||
			t_fail "$test: call $(basename "$f") has no fixture (PFKIT_RECORD_FIXTURES=1 writes it)"
	done
}

# c_node_bind N SRC DST - bind SRC over DST inside node N only (a
# node-local file or directory at a path the other nodes see differently)
c_node_bind() {
	local h
	c_holder_to h "$1" || return 1
	nsenter -t "$h" -m -- mount --bind "$2" "$3"
}

# c_two_node_skip TEST - the two-node tests' preconditions: true (after
# saying why) when TEST is to be skipped (PFKIT_TWO_NODE=0, not root, no
# corosync or losetup)
c_two_node_skip() { c_cluster_skip "$1" PFKIT_TWO_NODE; }
# c_cluster_skip TEST VAR - the same, VAR=0 skipping TEST
c_cluster_skip() {
	if [ "${!2:-1}" = 0 ]; then
		t_skip "$1" "$2=0"
		return 0
	fi
	if [ "$(id -u)" -ne 0 ] || ! command -v corosync >/dev/null || ! command -v losetup >/dev/null; then
		t_skip "$1" "needs root, corosync, pacemaker, losetup"
		return 0
	fi
	return 1
}

# c_two_node_up TEST - nodes 1 and 2 (ring0 .1 and .2) on the client's
# bridge, corosync.conf for both, each CIB seeded without fencing (no
# fence device exists between namespaces; production needs one)
c_two_node_up() { c_cluster_up "$1" 2 0; }

# c_cluster_up TEST FULL [REMOTE] - nodes 1..FULL (corosync members, ring0
# .1, .2, ...) and after them REMOTE nodes for pacemaker-remoted (no
# corosync, no CIB of their own), all on the client's bridge at .N;
# corosync.conf and a CIB without fencing for the full ones
c_cluster_up() {
	local n addrs=()
	c_lan_create || { t_fail "$1: client/bridge namespace"; return 1; }
	for n in $(seq 1 $(($2 + ${3:-0}))); do
		c_node_create "$n" || { t_fail "$1: node $n namespaces"; return 1; }
		c_lan_link "$n" "$C_LAN_NET.$n"
		[ "$n" -le "$2" ] && addrs+=("$C_LAN_NET.$n")
	done
	c_corosync_conf "${addrs[@]}"
	for n in $(seq 1 "$2"); do
		c_cib_seed "$n" stonith-enabled=false dc-deadtime=5s || return 1
	done
}

# c_node_renew N FULL - node N, after c_node_crash, made anew as
# c_cluster_up made it in a cluster of FULL corosync nodes (namespaces,
# link on the bridge at .N, corosync.conf, a CIB without fencing: the
# cluster's own replaces it when the node joins), not started
c_node_renew() {
	local i addrs=()
	c_node_destroy "$1"
	c_node_create "$1" || return 1
	c_lan_link "$1" "$C_LAN_NET.$1"
	for i in $(seq 1 "$2"); do addrs+=("$C_LAN_NET.$i"); done
	c_corosync_conf "${addrs[@]}"
	c_cib_seed "$1" stonith-enabled=false dc-deadtime=5s
}

# c_remote_key N... - one Pacemaker Remote authkey, node-local at
# /etc/pacemaker/authkey in each node N (the host's is never read)
c_remote_key() {
	local n d key=$T_ROOT/cluster-$C_ID/authkey
	mkdir -p /etc/pacemaker
	dd if=/dev/urandom of="$key" bs=4096 count=1 status=none || return 1
	for n in "$@"; do
		d=$(c_dir "$n")/etc-pacemaker
		mkdir -p "$d"
		install -m 640 -o hacluster -g haclient "$key" "$d/authkey"
		c_node_bind "$n" "$d" /etc/pacemaker || return 1
	done
}

# pacemaker-remoted: Debian's package of it conflicts with pacemaker, so
# scripts/install-deps.sh unpacks the daemon into a directory of its own
C_REMOTED=${PFKIT_REMOTED:-$(command -v pacemaker-remoted ||
	echo /usr/local/libexec/pfkit-test/pacemaker-remoted)}

# c_remote_start N - pacemaker-remoted in node N (port 3121 of its
# addresses), pid recorded as pacemakerd's (c_node_stop and c_node_crash
# stop it as they stop pacemakerd)
c_remote_start() {
	local n=$1 d h
	d=$(c_dir "$n")
	c_holder_to h "$n" || return 1
	nsenter -t "$h" -m -n -- env PCMK_logfile=/var/log/pacemaker/pacemaker.log \
		PCMK_logfacility=none HA_LOGFACILITY=none \
		"$C_REMOTED" </dev/null >>"$d/pacemakerd.log" 2>&1 &
	t_pid_record $! "$d/pacemakerd.pid"
	disown $!
}

# c_two_node_down MNT LOOPDEV IMG - both nodes and the bridge gone, the
# shared disk unmounted on the host (if it still is), detached, removed
c_two_node_down() {
	c_cluster_down 2
	[ -n "$1" ] && findmnt -n "$1" >/dev/null && umount "$1"
	[ -n "$2" ] && losetup -d "$2"
	rm -f "$3"
}

# c_cluster_down COUNT - nodes 1..COUNT and the bridge gone
c_cluster_down() {
	local n
	rm -f "$T_ROOT/cluster-$C_ID/authkey"
	for n in $(seq 1 "$1"); do c_node_destroy "$n"; done
	c_lan_destroy
}

# --- mail in flight ---------------------------------------------------------
# C_LOAD_CLIENTS SMTP clients (smtp_load.py, one process of threads) send
# to an address from the client namespace through an event; each message
# is recorded with the reply its client saw, and checked against the
# queue afterwards. Records and pids in $T_ROOT/load-$C_ID/TAG.{rec,pid};
# the caller's EXIT trap calls c_load_reap.
C_LOAD_PY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/smtp_load.py
C_LOAD_CLIENTS=${PFKIT_LOAD_CLIENTS:-4}
c_load_window=""	# c_load_check: the last count of the duplicate window
C_LOAD_SECONDS=${PFKIT_LOAD_SECONDS:-120}	# a load ends by itself after
c_load_dir() { printf '%s\n' "$T_ROOT/load-$C_ID"; }

# c_load_start TAG ADDR [PACE] - the clients start sending to ADDR:25,
# each pausing PACE s (0.05) after a message accepted; every sender and
# Message-ID is load-TAG-c<client>-<n>@pfkit.invalid
c_load_start() {
	local d
	d=$(c_load_dir)
	mkdir -p "$d"
	: >"$d/$1.rec"
	# nsenter execs the interpreter: $! is the load's own pid
	nsenter --net="/run/netns/$C_NS-lan" -- "$T_PY" "$C_LOAD_PY" run \
		--addr "$2" --clients "$C_LOAD_CLIENTS" --tag "load-$1" \
		--out "$d/$1.rec" --seconds "$C_LOAD_SECONDS" --pace "${3:-0.05}" </dev/null \
		>"$d/$1.log" 2>&1 &
	t_pid_record $! "$d/$1.pid"
}
# c_load_acked TAG - the number of TAG's messages acknowledged so far
c_load_acked() { grep -c ' 250 eod$' "$(c_load_dir)/$1.rec"; }
# c_load_flowing TAG - each client had one message acknowledged (or as
# many in all) within 30 s
c_load_flowing() {
	t_wait_for 30 c_load_more "$1" 0 "$C_LOAD_CLIENTS"
}
c_load_more() { [ "$(c_load_acked "$1")" -ge $(($2 + $3)) ]; }
# c_load_stop TAG - after an event: the clients get as many messages
# acknowledged again as there are clients (within 30 s: the service is
# back for them too), then stop; each ends the transaction it is in
c_load_stop() {
	local f pid child
	f=$(c_load_dir)/$1.pid
	read -r child _ 2>/dev/null <"$f" || return 0
	# a load that sent all its messages has ended by itself, and its pid
	# may be another process's by now: each look goes through t_pid_read
	t_pid_read pid "$f" &&
		! t_wait_for 30 c_load_more "$1" "$(c_load_acked "$1")" "$C_LOAD_CLIENTS" &&
		t_pid_read pid "$f" &&
		t_log "load $1: fewer than $C_LOAD_CLIENTS messages acknowledged in 30 s after the event"
	t_pid_read pid "$f" && kill -TERM "$pid" 2>/dev/null
	# (wait returns at once for a pid that is no child of this shell)
	wait "$child" 2>/dev/null
	rm -f "$f"
}
# c_load_reap - every load still running killed and reaped (EXIT traps)
c_load_reap() {
	local f pid
	for f in "$(c_load_dir)"/*.pid; do
		[ -e "$f" ] || continue
		t_pid_read pid "$f" && kill -KILL "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
		rm -f "$f"
	done
	return 0
}
# c_load_check TEST WHAT QUEUEFILE TAG... - the account of the loads TAG...
# against QUEUEFILE ("queue_name queue_id sender" lines of the node that
# runs the instance): asserted, every acknowledged message of every TAG is
# there, none (and no queue id) twice; printed, per TAG, the messages
# committed but never acknowledged (SMTP's duplicate window) and the
# errors the clients saw. Sets c_load_window to the last TAG's count.
c_load_check() {
	local test=$1 what=$2 q=$3 d out rc t files=()
	shift 3
	d=$(c_load_dir)
	for t in "$@"; do files+=("$d/$t.rec"); done
	out=$("$T_PY" "$C_LOAD_PY" check --queue "$q" "${files[@]}")
	rc=$?
	printf '%s\n' "$out" | sed 's/^/  /'
	# shellcheck disable=SC2034 # read by the caller
	c_load_window=$(printf '%s\n' "$out" | grep "^$t.rec:" |
		sed -n 's/.*committed but not acknowledged \([0-9]*\),.*/\1/p')
	t_check "$test" "$what: every message acknowledged to the clients is in the queue, none twice ($(printf '%s\n' "$out" | sed -n 's/^total: //p' | cut -d, -f1-2))" 0 "$rc"
}

# c_placement N - "RSC NODE" of each resource started (or being promoted,
# as Started) according to node N's crm_mon --output-as=xml, sorted
c_placement() {
	c_exec "$1" crm_mon -1 --output-as=xml 2>/dev/null | "$T_PY" -c '
import sys, xml.etree.ElementTree as ET
for r in ET.fromstring(sys.stdin.read()).iter("resource"):
    if r.get("role") == "Started" and r.get("active") == "true":
        for n in r.findall("node"):
            print(r.get("id"), n.get("name"))' | sort
}

# c_queue_files N QUEUE_DIR - the number of queue files (messages) under
# QUEUE_DIR on node N's disk: complete ones, whose owner-execute bit
# Postfix sets once a file is whole; a transaction cut by a failure while
# clients send (an smtpd killed mid-message, a node crashed) leaves an
# incomplete file in incoming/, no message, which Postfix removes later
c_queue_files() {
	c_exec "$1" find "$2/incoming" "$2/active" "$2/deferred" \
		"$2/hold" "$2/maildrop" -type f -perm -u=x 2>/dev/null | wc -l
}

# c_queue_quiet N QUEUE_DIR - no message in the incoming or active queue
# of QUEUE_DIR on node N (one find, no postqueue and no interpreter: it is
# polled): no complete file there. A file cut mid-transaction stays
# incomplete until Postfix removes it, is no message and never leaves
# incoming; a wait for it to go ran to its end every time
c_queue_quiet() {
	[ -z "$(c_exec "$1" find "$2/incoming" "$2/active" -type f -perm -u=x 2>/dev/null | head -n 1)" ]
}

# c_queue_list N CONFIG_DIR - "queue_name queue_id sender" of every message
# of the instance of CONFIG_DIR, as postqueue -j lists it in node N
c_queue_list() {
	c_exec "$1" postqueue -c "$2" -j 2>/dev/null |
		"$T_PY" -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    print(m["queue_name"], m["queue_id"], m["sender"])' | sort -k3
}

# --- one instance on a shared disk, in a group ---------------------------------
# What two_node.sh fails over and tests/bench/cluster-failover.sh times:
# one Postfix instance on the virtual IP, its queue on a loop-device ext4
# image (the shared disk) in one of two_node.sh's storage layouts, in the
# group of crm-examples/active-standby.crm without the mailbox spool:
# fs_queue (Filesystem), ip_mail (IPaddr2), mta. After c_two_node_up:
#   c_mail_instance TEST INST VIP LAYOUT IMG   the instance, the disk, the
#                               node-local configuration (c_mail_etc_bind)
#   c_two_node_start TEST       both nodes started, online with quorum
#   c_mail_group N TEST RA MON  the group loaded into node N's CIB
#   c_mail_ok SENDER / c_mail_ok_at N SENDER   mail accepted on the VIP
#                               from the client (at node N: the VIP there)
#   c_mta_provider N PROVIDER / c_mta_agent N   mta's agent switched in
#                               place / read from node N's CIB
#   c_monitor_failed_after N RSC T0 [RESULTS]   when RSC's monitor
#                               failed, from node N's log
#   c_mail_down                 all of it gone (the caller's EXIT trap)
# c_mail_instance sets, as soon as each is known: c_mail_inst, c_mail_vip,
# c_mail_layout, c_mail_img, c_mail_etc (the config directory),
# c_mail_mnt (the disk's mount point), c_mail_queue (queue_directory),
# c_mail_qreal (the queue with the disk mounted), c_mail_loop (the loop
# device).
c_mail_inst="" c_mail_layout="" c_mail_img="" c_mail_mnt="" c_mail_loop=""

# c_mail_instance TEST INST VIP LAYOUT IMG - instance INST on VIP:25
# (mynetworks: the client's bridge), its queue on a new ext4 image IMG in
# LAYOUT (a, b, c, d: two_node.sh), written through a mount on the host
# and unmounted again; the configuration node-local in layouts a, b, c
c_mail_instance() {
	local test=$1 n
	c_mail_inst=$2 c_mail_vip=$3 c_mail_layout=$4 c_mail_img=$5
	t_instance_create "$c_mail_inst" "$c_mail_vip" 25
	c_mail_etc=$(t_etc "$c_mail_inst")
	c_mail_mnt=$T_ROOT/$c_mail_inst/mnt
	postconf -c "$c_mail_etc" -e "mynetworks = 127.0.0.0/8 $C_LAN_NET.0/24"
	truncate -s 64M "$c_mail_img"
	mkfs.ext4 -q -F "$c_mail_img" || { t_fail "$test: mkfs.ext4 of the shared disk image"; return 1; }
	c_mail_loop=$(losetup --find --show "$c_mail_img") || { t_fail "$test: loop device"; return 1; }
	rm -rf "$(t_queue "$c_mail_inst")"
	mkdir -p "$c_mail_mnt"
	# what the disk holds, written through a mount of the host's own
	mount "$c_mail_loop" "$c_mail_mnt" || { t_fail "$test: mount the disk"; return 1; }
	# shellcheck disable=SC2034 # c_mail_qreal: read by the caller
	case $c_mail_layout in
	a)	c_mail_queue=$c_mail_mnt c_mail_qreal=$c_mail_mnt ;;
	b | d)	c_mail_queue=$c_mail_mnt/postfix c_mail_qreal=$c_mail_mnt/postfix ;;
	c)	c_mail_queue=$T_ROOT/$c_mail_inst/spool/postfix c_mail_qreal=$c_mail_mnt/postfix
		mkdir -p "$(dirname "$c_mail_queue")"
		ln -s "$c_mail_mnt/postfix" "$c_mail_queue" ;;
	esac
	[ "$c_mail_layout" = a ] || mkdir -p "$c_mail_mnt/postfix"
	postconf -c "$c_mail_etc" -e "queue_directory = $c_mail_queue"
	if [ "$c_mail_layout" = d ]; then
		t_default_main_cf_del "$c_mail_etc"
		cp -a "$c_mail_etc" "$c_mail_mnt/postfix-etc"
		rm -rf "$c_mail_etc"
		c_mail_etc=$c_mail_mnt/postfix-etc
		t_default_main_cf_add "$c_mail_etc"
	fi
	umount "$c_mail_mnt" || { t_fail "$test: unmount the shared disk after writing it"; return 1; }
	t_pass "$test: shared disk $c_mail_loop (ext4 image), layout $c_mail_layout: queue_directory $c_mail_queue, config $c_mail_etc"

	[ "$c_mail_layout" != d ] || return 0
	# node-local configuration: each node its own copy, bound over the
	# config directory
	for n in 1 2; do
		cp -a "$c_mail_etc" "$T_ROOT/$c_mail_inst/etc-node$n"
		c_mail_etc_bind "$n"
	done
	echo "# $n" >>"$T_ROOT/$c_mail_inst/etc-node2/main.cf"
	if [ "$(c_exec 1 tail -n 1 "$c_mail_etc/main.cf")" != "$(c_exec 2 tail -n 1 "$c_mail_etc/main.cf")" ]; then
		t_pass "$test: configuration node-local: each node reads its own copy of $c_mail_etc"
	else
		t_fail "$test: configuration node-local"
	fi
}

# c_mail_etc_bind N - node N's copy of the configuration bound over the
# config directory inside it (again after c_node_renew)
c_mail_etc_bind() {
	c_node_bind "$1" "$T_ROOT/$c_mail_inst/etc-node$1" "$c_mail_etc"
}

# c_mail_down - the nodes, the bridge, the disk and the instance gone
c_mail_down() {
	c_two_node_down "$c_mail_mnt" "$c_mail_loop" "$c_mail_img"
	[ "$c_mail_layout" = d ] && t_default_main_cf_del "$c_mail_mnt/postfix-etc"
	[ -z "$c_mail_inst" ] || t_instance_destroy "$c_mail_inst"
}

# c_two_node_start TEST - both nodes started, each seeing both online with
# quorum (false, after saying so, when not within 90 s)
c_two_node_start() {
	local t0 p1
	t0=$(c_now)
	# wait for these two only: the nodes' holders (sleep) are this shell's
	# children too, and a bare wait could wait for them
	c_node_start 1 &
	p1=$!
	c_node_start 2 &
	wait "$p1" $!
	if t_wait_for 60 c_members 1 2 && t_wait_for 30 c_members 2 2; then
		t_pass "$1: both nodes online with quorum (two_node) after $(c_elapsed "$t0") s"
	else
		t_fail "$1: both nodes online"
		c_exec 1 crm_mon -1
		return 1
	fi
	c_exec 1 corosync-quorumtool -s | grep -E 'Flags|Quorate' | sed 's/^/  /'
}

# c_mail_mta_def RA MON - the crm shell's definition of mta, run by RA,
# monitored every MON (heartbeat's agent has no queue_mount_point)
c_mail_mta_def() {
	local params="config_dir=\"$c_mail_etc\""
	case $1 in ocf:heartbeat:*) ;; *) params="$params queue_mount_point=\"$c_mail_mnt\"" ;; esac
	cat <<EOD
primitive mta $1 \\
	params $params \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=$2 timeout=20s
EOD
}

# c_mail_group N TEST RA MON - the group g_mail (fs_queue ip_mail mta, mta
# run by RA and monitored every MON), home node1, moved on a first
# failure, loaded into node N's CIB
c_mail_group() {
	c_exec "$1" crm configure load update - <<EOC
primitive fs_queue Filesystem \\
	params device="$c_mail_loop" directory="$c_mail_mnt" fstype=ext4 \\
	op start timeout=60s interval=0 \\
	op stop timeout=60s interval=0 \\
	op monitor interval=60s timeout=40s
primitive ip_mail IPaddr2 \\
	params ip=$c_mail_vip cidr_netmask=24 nic=eth0 \\
	op monitor interval=60s timeout=20s
$(c_mail_mta_def "$3" "$4")
group g_mail fs_queue ip_mail mta \\
	meta resource-stickiness=100 migration-threshold=1
location l_mail_home g_mail 50: node1
EOC
	t_check "$2" "crm configure load update (group fs_queue ip_mail mta, home node1)" 0 $?
}

# c_mail_ok SENDER - a message from SENDER sent to the VIP from the client
# namespace is accepted (within 5 s)
c_mail_ok() { t_smtp_send "$c_mail_vip" 25 "$1" rcpt@pfkit.invalid 5 c_lan_exec; }
# c_mail_ok_at N SENDER - the VIP is on node N (so the old node has let it
# go) and a message sent to it is accepted
c_mail_ok_at() {
	c_exec "$1" ip -4 -o addr show dev eth0 | grep -q " $c_mail_vip/" && c_mail_ok "$2"
}

# c_mta_provider N PROVIDER - mta's agent becomes ocf:PROVIDER:postfix, in
# place (same group, operations and parameters; heartbeat's agent ignores
# queue_mount_point): Pacemaker restarts it with the new agent
c_mta_provider() {
	c_exec "$1" cibadmin --modify --scope resources \
		--xml-text "<primitive id=\"mta\" provider=\"$2\"/>" >/dev/null 2>&1
}
# c_mta_agent N - class:provider:type of mta in node N's CIB
c_mta_agent() {
	c_exec "$1" cibadmin -Q --xpath "//primitive[@id='mta']" 2>/dev/null |
		"$T_PY" -c '
import sys, xml.etree.ElementTree as ET
p = ET.fromstring(sys.stdin.read())
print("%s:%s:%s" % (p.get("class"), p.get("provider"), p.get("type")))'
}

# c_monitor_failed_after N RSC T0 [RESULTS] - seconds from T0 (c_now) to
# the last failed monitor of RSC in node N's Pacemaker log (its time stamps
# have milliseconds): a result matching the extended regular expression
# RESULTS ("error": rc 1; "not running" is rc 7); "n/a" when there is none
c_monitor_failed_after() {
	local ts
	ts=$(grep -E "Result of monitor operation for $2 on .*: (${4:-error})" \
		"$(c_priv_src "$1" /var/log/pacemaker)/pacemaker.log" 2>/dev/null |
		tail -n 1 | awk '{ print $1, $2, $3 }')
	[ -n "$ts" ] || { echo "n/a"; return; }
	awk -v a="$3" -v b="$(date -d "$ts" +%s.%N)" 'BEGIN { printf "%.2f", b - a }'
}
