#!/bin/bash
# t_demo.sh - README's first command ends in scripts/demo.sh: run it as a
# newcomer would, with the agent under test: start (a real single-node
# Pacemaker managing a Postfix instance, a test message through it),
# status, every command its closing lines tell the user to run, and stop,
# which must leave no node, namespace or file of the demo behind.
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"

T=demo
if [ "$(id -u)" -ne 0 ] || ! command -v corosync >/dev/null || ! command -v pacemakerd >/dev/null \
	|| ! command -v crm >/dev/null || ! command -v swaks >/dev/null; then
	t_skip "$T" "needs root, corosync, pacemaker, crmsh and swaks"
	exit 0
fi
droot=$T_ROOT/demo
demo() { PFKIT_DEMO_ROOT=$droot AGENT=$AGENT timeout 300 "$top/scripts/demo.sh" "$@" 2>&1; }
cleanup() { [ -d "$droot" ] && demo stop >/dev/null; }
trap cleanup EXIT

out=$(demo start)
rc=$?
t_check "$T" "demo.sh start exits 0" 0 "$rc"
[ "$rc" -eq 0 ] || printf '%s\n' "$out" | tail -n 20
case $out in
*"accepted."*) t_pass "$T: the demo's test message was accepted" ;;
*) t_fail "$T: the demo's test message was accepted (no 'accepted.' in its output)" ;;
esac

# the commands the demo tells the user to run: each as a user would paste
# it into a shell (the demo prints no parameter of ours in them), its
# comment left out
hints=()
while IFS= read -r line; do
	[[ $line == "  nsenter "* ]] && hints+=("${line%%#*}")
done <<<"$out"
t_check "$T" "the demo names three commands to look around with" 3 "${#hints[@]}"
for cmd in "${hints[@]}"; do
	if [[ ! $cmd =~ ^\ +nsenter\ -t\ [0-9]+\  ]]; then
		t_fail "$T: hint names a pid: '$cmd'"
		continue
	fi
	res=$(timeout 60 bash -c "$cmd" 2>&1)
	rc=$?
	t_check "$T" "hint runs: $cmd" 0 "$rc"
	case $cmd in
	*crm_mon*)
		if [[ $res == *"mta"*"Started"* ]]; then t_pass "$T: crm_mon shows mta started"
		else t_fail "$T: crm_mon shows mta started: $res"; fi ;;
	*master.pid*)
		if [[ $res =~ ^\ *[0-9]+\ *$ ]]; then t_pass "$T: master.pid holds a pid"
		else t_fail "$T: master.pid holds a pid: '$res'"; fi ;;
	esac
done

out=$(demo status)
t_check "$T" "demo.sh status exits 0" 0 "$?"

out=$(demo stop)
t_check "$T" "demo.sh stop exits 0" 0 "$?"
t_check "$T" "demo.sh stop removed its directory" absent "$([ -e "$droot" ] && echo present || echo absent)"
ns=$(ip netns list 2>/dev/null | grep -c '^pfkit-demo')
t_check "$T" "demo.sh stop removed its network namespaces" 0 "$ns"
