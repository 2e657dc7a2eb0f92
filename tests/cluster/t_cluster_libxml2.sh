#!/bin/bash
# t_cluster_libxml2.sh - the cluster wiring check when the agent cannot
# load libxml2, under a real single-node cluster (lib-cluster.sh), the
# answers read from Pacemaker's record and crm_mon.
#
# The situation is the one an upgrade makes: libxml2 renamed (libxml2.so.2
# became libxml2.so.16 in 2.14), Pacemaker rebuilt against the new name,
# the agent still asking for the old one. So the library must be gone for
# the agent only, while Pacemaker's daemons and tools keep working. The
# agent bound to ocf:pfkit:postfix in the node is a wrapper (C_AGENT):
# while the flag file exists, it runs the agent under test in a mount
# namespace of its own (unshare -m) where the file the dynamic linker
# resolves the agent's libxml2 SONAME to is an empty file, bound over it,
# and where cibadmin and attrd_updater, which link libxml2 themselves, are
# small scripts that run the real ones in the node's mount namespace
# (nsenter); without the flag it runs the agent as it is. The wrapper also
# keeps a copy of each call's stderr (HA_debug=1: the agent's log lines)
# in a file, since the node logs nowhere else (HA_LOGFACILITY=none).
#
# Shown, with the library gone for the agent:
#   1. require_wiring=true: start refused, 5 (not 6), the reason naming the
#      library and the dynamic linker's cause (mta_last_failure_0);
#   2. without it: mta runs, the node attribute pfkit-mta-wiring (crm_mon
#      -A1) and a warning line of the first monitor after the start (start
#      leaves the checks that only warn to it) say the wiring was not
#      checked and why; the depth-0 and depth-10 monitors answer 0 (the
#      depth-10 one warns that the ids were not compared);
# and with the library back: 3. the check runs again, the attribute names
# what it finds (no Filesystem resource holds the queue), and
# require_wiring=true refuses the start for that.
here=$(cd "$(dirname "$0")" && pwd)
C_ID=xml
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"

T=cluster_libxml2
INST=cxml
A=127.0.163.1	# on lo inside the node (its own network namespace)
MON=3000	# depth 0, ms
MON10=4000	# depth 10, ms
export T_ADDR_EXTERNAL=1

if [ "$(id -u)" -ne 0 ] || ! command -v corosync >/dev/null || ! command -v pacemakerd >/dev/null ||
	! command -v unshare >/dev/null || ! command -v nsenter >/dev/null; then
	t_skip "$T" "needs root, corosync, pacemaker, unshare and nsenter"
	exit 0
fi
so=$(grep -aom1 'libxml2\.so\.[0-9][0-9]*' "$AGENT")
mapfile -t libs < <(ldconfig -p | awk -v so="$so" '$1 == so { print $NF }')
if [ -z "$so" ] || [ ${#libs[@]} -eq 0 ]; then
	t_skip "$T" "no libxml2 SONAME in $AGENT (${so:-none}), or the dynamic linker knows no file for it"
	exit 0
fi

w=$T_ROOT/$INST-wrap
flag=$w/libxml2-gone
log=$w/agent.log	# the agent's stderr, every call, "CALL: " before each line
calls=$w/calls		# "CALL rc=RC", CALL "ACTION interval=MS level=N"
rm -rf "$w"
mkdir -p "$w"
: >"$w/empty"
: >"$log"
# the node's holder pid is known once the node exists: the tool scripts
# read it from this file
holder_file=$w/holder.pid
for tool in cibadmin attrd_updater; do
	cat >"$w/$tool" <<EOT
#!/bin/sh
# $T: the real $tool, in the node's mount namespace (libxml2 there)
read -r h <"$holder_file" || exit 127
exec nsenter --mount=/proc/\$h/ns/mnt -- /usr/sbin/$tool "\$@"
EOT
done
real_libs=()
for l in "${libs[@]}"; do real_libs+=("$(readlink -f "$l")"); done
# hidden CMD... - CMD in a mount namespace of its own, without the library
# and with the tool scripts in front of cibadmin and attrd_updater
{
	echo '#!/bin/sh'
	echo "# $T: CMD... with $so gone, Pacemaker's tools working"
	echo "w='$w' libs='${real_libs[*]}'"
	cat <<'EOW'
exec unshare --mount --propagation private -- sh -c 'set -e
	w=$1 libs=$2
	shift 2
	for l in $libs; do mount --bind "$w/empty" "$l"; done
	mount --bind "$w/cibadmin" /usr/sbin/cibadmin
	mount --bind "$w/attrd_updater" /usr/sbin/attrd_updater
	exec "$@"' sh "$w" "$libs" "$@"
EOW
} >"$w/hidden"
# the agent Pacemaker runs: hidden while the flag exists; its calls and
# its stderr kept
{
	echo '#!/bin/sh'
	echo "# $T: the agent under test; $so gone for it while $flag exists"
	echo "w='$w' agent='$AGENT' flag='$flag' log='$log' calls='$calls'"
	cat <<'EOW'
export HA_debug=1
err=$(mktemp -p "$w" err.XXXXXX) || exit 1
if [ -e "$flag" ]; then
	"$w/hidden" "$agent" "$@" 2>"$err"
else
	"$agent" "$@" 2>"$err"
fi
rc=$?
call="$1 interval=${OCF_RESKEY_CRM_meta_interval:-none} level=${OCF_CHECK_LEVEL:-0}"
echo "$call rc=$rc" >>"$calls"
sed "s|^|$call: |" "$err" >>"$log"
cat "$err" >&2
rm -f "$err"
exit $rc
EOW
} >"$w/agent"
chmod 755 "$w/agent" "$w/hidden" "$w/cibadmin" "$w/attrd_updater"
C_AGENT=$w/agent
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

cleanup() {
	c_node_destroy 1
	t_instance_destroy "$INST"
	rm -rf "$w"
}
trap cleanup EXIT

c_node_create 1 || { t_fail "$T: node namespace created"; exit 1; }
c_exec 1 ip addr add "$A/32" dev lo
c_holder_to h 1
echo "$h" >"$holder_file"
c_corosync_conf 127.0.0.1
c_cib_seed 1 stonith-enabled=false dc-deadtime=2s
t_instance_create "$INST" "$A" 25
c_node_start 1
if c_wait_online 1 60; then
	t_pass "$T: node1 online, DC elected"
else
	t_fail "$T: node1 online within 60 s"
	exit 1
fi

wiring() { c_exec 1 crm_attribute -l reboot -N node1 -n pfkit-mta-wiring -G -q 2>/dev/null; }
wiring_has() { wiring | grep -qF -- "$1"; }
logged() { grep -Eq -- "$1" "$log"; }
cause="library $so: cannot be loaded: .*(too short|invalid ELF)"

# the agent's namespace really lacks the library (crm_mon, linked with it,
# does not start there) and keeps the tools the agent runs working
# (cibadmin through its script)
# shellcheck disable=SC2016
out=$(c_exec 1 "$w/hidden" sh -c '/usr/sbin/cibadmin -Q >/dev/null && ! /usr/sbin/crm_mon --version' 2>&1)
rc=$?
case $rc:$out in
0:*"$so"*"too short"* | 0:*"$so"*"invalid ELF"*)
	t_pass "$T: in the agent's namespace $so cannot be loaded ($out), cibadmin answers" ;;
*) t_fail "$T: the agent's namespace: $so unloadable, cibadmin working (rc $rc: $out)" ;;
esac
touch "$flag"

# --- 1. require_wiring=true: refused -------------------------------------------
c_exec 1 crm configure load update - >/dev/null 2>&1 <<EOC
primitive mta ocf:pfkit:postfix \\
	params config_dir="$(t_etc "$INST")" require_wiring=true \\
	op start timeout=60s interval=0 op stop timeout=60s interval=0 \\
	op monitor interval=${MON}ms timeout=20s \\
	op monitor interval=${MON10}ms timeout=20s OCF_CHECK_LEVEL=10
EOC
c_settle 1
got=$(c_op 1 mta mta_last_failure_0)
t_check "$T" "$so gone, require_wiring=true: start refused (Pacemaker's record: ${got:-none})" 5 "${got%% *}"
if printf '%s\n' "${got#* }" | grep -Eq -- "^$cause"; then
	t_pass "$T: the refusal's reason names $so and the dynamic linker's cause"
else
	t_fail "$T: the refusal's reason names $so (got: $got)"
fi
t_check "$T" "refused: mta runs nowhere" "" "$(c_where 1 mta)"
t_check "$T" "refused: no process of the instance" "" "$(t_instance_pids "$INST")"

# --- 2. without require_wiring: runs, and says the check did not run ------------
: >"$log"
: >"$calls"
c_exec 1 crm_resource -r mta -d require_wiring >/dev/null 2>&1
c_exec 1 crm_resource --cleanup -r mta >/dev/null 2>&1
c_settle 1
t_check "$T" "$so gone, require_wiring unset: mta runs" node1 "$(c_where 1 mta)"
if t_wait_for 20 wiring_has "cluster wiring not checked"; then
	t_pass "$T: node attribute pfkit-mta-wiring: $(wiring)"
else
	t_fail "$T: node attribute pfkit-mta-wiring says the check did not run (got: $(wiring))"
fi
wiring_has "library $so: cannot be loaded"
t_check "$T" "the attribute names $so" 0 $?
c_exec 1 crm_mon -A1 | grep -q "pfkit-mta-wiring.*library $so: cannot be loaded"
t_check "$T" "crm_mon -A1 shows it" 0 $?
# start leaves the checks that only warn to the first recurring monitor
if t_wait_for 30 logged "^monitor interval=[1-9][0-9]* level=[0-9]*: .*warning: $cause.*; cluster wiring not checked"; then
	t_pass "$T: the first monitor after the start warns that the wiring was not checked, and why"
else
	t_fail "$T: the first monitor after the start warns that the wiring was not checked, and why"
fi
logged "^start interval=none level=0: .*cluster wiring not checked"
t_check "$T" "the start itself did not wait for the wiring check" 1 $?
# the monitors go on, depth 10 included: a warning, never a failure
if t_wait_for 30 logged "^monitor interval=$MON10 level=10: .*warning: $cause.*; postfix ids of the other nodes not compared"; then
	t_pass "$T: the depth-10 monitor warns that the ids were not compared"
else
	t_fail "$T: the depth-10 monitor warns that the ids were not compared"
fi
# ran N INTERVAL LEVEL - N monitors of that kind have answered
ran() { [ "$(grep -c "^monitor interval=$2 level=$3 " "$calls")" -ge "$1" ]; }
t_wait_for 60 ran 2 "$MON" 0 && t_wait_for 60 ran 2 "$MON10" 10
t_check "$T" "two monitors at depth 0 and two at depth 10 ran with $so gone" 0 $?
t_check "$T" "every recurring monitor answered 0" "" "$(grep '^monitor interval=[1-9]' "$calls" | grep -v ' rc=0$')"
# a probe (after the cleanup, before the start) finds it stopped: 7
t_check "$T" "every probe answered 0 or 7" "" "$(grep '^monitor interval=none' "$calls" | grep -Ev ' rc=(0|7)$')"
t_check "$T" "Pacemaker recorded no failure" "" "$(c_op 1 mta mta_last_failure_0)"
t_check "$T" "still running" node1 "$(c_where 1 mta)"

# --- 3. the library back: the check runs again ------------------------------------
rm -f "$flag"
c_exec 1 crm_resource -r mta --meta -p target-role -v Stopped >/dev/null 2>&1
c_settle 1
c_exec 1 crm_resource -r mta --meta -d target-role >/dev/null 2>&1
c_settle 1
t_check "$T" "$so back: mta runs" node1 "$(c_where 1 mta)"
if t_wait_for 20 wiring_has "no Filesystem resource of mta holds it"; then
	t_pass "$T: $so back: the attribute names what the check finds: $(wiring)"
else
	t_fail "$T: $so back: the attribute names the missing Filesystem (got: $(wiring))"
fi
c_exec 1 crm_resource -r mta --meta -p target-role -v Stopped >/dev/null 2>&1
c_settle 1
c_exec 1 crm_resource -r mta -p require_wiring -v true >/dev/null 2>&1
c_exec 1 crm_resource -r mta --meta -d target-role >/dev/null 2>&1
c_settle 1
got=$(c_op 1 mta mta_last_failure_0)
t_check "$T" "$so back, require_wiring=true: start refused for the wiring (${got:-none})" 5 "${got%% *}"
case $got in *"queue_directory $(t_queue "$INST"): no Filesystem resource"*)
	t_pass "$T: the refusal names the queue without a Filesystem resource" ;;
*) t_fail "$T: the refusal names the queue without a Filesystem resource (got: $got)" ;;
esac

c_node_stop 1
t_check "$T" "no process of the instance left" "" "$(t_instance_pids "$INST")"
