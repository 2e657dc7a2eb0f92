#!/bin/bash
# t_life_libxml2_missing.sh - libxml2 cannot be loaded on this node: the
# file the dynamic linker resolves the agent's libxml2 SONAME to (read from
# the agent binary, found with ldconfig -p) is an empty file, bound over it
# in a mount namespace of this test's own (a wrapper in front of the agent:
# unshare -m, mount --bind, exec), as after an upgrade that renamed the
# library or a removed package. Pacemaker's tools link libxml2 too, so
# cibadmin fails there as well: the agent must not take that node for one
# outside a cluster. Shown, against the same instance with the library in
# place (no cluster here: the wiring check is skipped, at info level):
#   - the library is really unloadable in the namespace (cibadmin, which
#     links it, does not start there);
#   - start with require_wiring=true answers 5, the reason naming the
#     library and the dynamic linker's cause, and nothing is started;
#   - start without it answers 0 and warns that the wiring was not
#     checked, and why; the start's ids comparison warns too;
#   - the depth-0 monitor answers 0 (it never loads libxml2);
#   - validate-all at level 10 answers 5 naming the library, with and
#     without require_wiring (this node cannot do its level-10 checks);
#     at level 0, 0.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_libxml2_missing N=lxml A=127.0.163.2 P=2525

so=$(grep -aom1 'libxml2\.so\.[0-9][0-9]*' "$AGENT")
mapfile -t libs < <(ldconfig -p | awk -v so="$so" '$1 == so { print $NF }')
if [ -z "$so" ] || [ ${#libs[@]} -eq 0 ] || ! command -v unshare >/dev/null; then
	t_skip "$T" "no libxml2 SONAME in $AGENT (${so:-none}), or the dynamic linker knows no file for it, or no unshare"
	exit 0
fi

hide=$T_ROOT/$N-hide
# shellcheck disable=SC2016 # evaluated when the script exits
t_setup $N $A $P 'rm -rf "$hide"'
mkdir -p "$hide"
: >"$hide/empty"
# the wrapper: every file the SONAME resolves to (one per architecture the
# cache lists) replaced by the empty file, then the command
{
	echo '#!/bin/sh'
	echo "# written by $T: $so unloadable, then the command"
	echo 'unshare --mount --propagation private -- sh -c '"'"'set -e'
	for l in "${libs[@]}"; do
		echo "	mount --bind $hide/empty $(readlink -f "$l")"
	done
	echo '	exec "$@"'"'"' sh "$@"'
} >"$hide/run"
{
	echo '#!/bin/sh'
	echo "exec $hide/run $AGENT \"\$@\""
} >"$hide/agent"
chmod 755 "$hide/run" "$hide/agent"
real_agent=$AGENT

# the namespace really lacks the library: a program linked with it fails
if [ -x /usr/sbin/cibadmin ]; then
	out=$("$hide/run" /usr/sbin/cibadmin --version 2>&1)
	rc=$?
	t_check $T "cibadmin (linked with $so) does not start without it" 127 "$rc"
	case $out in *"$so"*) t_pass "$T: the dynamic linker names $so ($out)" ;;
	*) t_fail "$T: the dynamic linker names $so (got: $out)" ;; esac
fi

# the library in place: no cluster, so the check is skipped
t_start $N OCF_RESKEY_require_wiring=true HA_debug=1
t_check $T "library in place, no cluster: start with require_wiring=true" 0 "$T_RC"
t_check $T "library in place: the wiring skipped, no CIB (info)" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c 'info: cluster wiring: not checked, no CIB')"
t_agent $N validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_require_wiring=true
t_check $T "library in place: validate-all at level 10" 0 "$T_RC"
t_stop $N
t_check $T "stop" 0 "$T_RC"

AGENT=$hide/agent
cause="library $so: cannot be loaded: .*(too short|invalid ELF)"
t_start $N OCF_RESKEY_require_wiring=true HA_debug=1
t_check $T "$so unloadable: start with require_wiring=true refused" 5 "$T_RC"
t_check_reason $T "the reason names $so and the dynamic linker's cause" \
	"^$cause.*; cluster wiring not checked"
t_check $T "refused start leaves nothing" "" "$(t_instance_pids $N)"

t_start $N HA_debug=1
t_check $T "$so unloadable: start without require_wiring" 0 "$T_RC"
t_check $T "no exit reason" "" "$(t_reason)"
# the checks that only warn are the first recurring monitor's after start
t_monitor $N HA_debug=1
t_check $T "$so unloadable: the first depth-0 monitor after the start" 0 "$T_RC"
t_check $T "a warning says the wiring was not checked, and why" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -Ec "warning: $cause.*; cluster wiring not checked")"
t_check $T "a warning says the ids were not compared" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -Ec "warning: $cause.*; postfix ids of the other nodes not compared")"
t_check $T "never said as if outside a cluster" 0 \
	"$(printf '%s\n' "$T_ERR" | grep -c 'no CIB to read')"
t_check $T "no exit reason from that monitor" "" "$(t_reason)"
t_monitor $N HA_debug=1
t_check $T "$so unloadable: the next depth-0 monitor" 0 "$T_RC"
t_check $T "the next monitor leaves the cluster checks alone" 0 \
	"$(printf '%s\n' "$T_ERR" | grep -Ec "cluster wiring not checked|ids of the other nodes not compared")"

for rw in false true; do
	t_agent $N validate-all OCF_CHECK_LEVEL=10 "OCF_RESKEY_require_wiring=$rw"
	t_check $T "$so unloadable: validate-all at level 10, require_wiring=$rw" 5 "$T_RC"
	t_check_reason $T "validate-all's reason names $so (require_wiring=$rw)" \
		"^$cause.*; the cluster checks of level 10 cannot run"
done
t_agent $N validate-all
t_check $T "$so unloadable: validate-all at level 0" 0 "$T_RC"

AGENT=$real_agent
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
