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

unit_before=$(systemctl is-enabled postfix.service 2>/dev/null)
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
hints=() trouble=() block=look
while IFS= read -r line; do
	[[ $line == "Trouble ahead"* ]] && block=trouble
	[[ $line == "Then: "* ]] && block=after
	case $block in
	look) [[ $line == "  nsenter "* ]] && hints+=("${line%%#*}") ;;
	trouble) [[ $line == "  "* ]] && trouble+=("${line%%#*}") ;;
	esac
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

# trouble ahead: the three conditions the demo tells the user to make, as
# pasted; crm_mon (Pacemaker's record) then shows the monitor's 190 with a
# reason naming each, Postfix still running (the same master) and not
# recovered; put right and cleaned up, no failure is listed again
t_check "$T" "the demo names three ways to make trouble" 3 "${#trouble[@]}"
h=$(sed -n 's/^  nsenter -t \([0-9]*\) .*/\1/p' <<<"$out" | head -n 1)
etc=$droot/demo/etc
master0=$(nsenter -t "$h" -m cat "$droot/demo/spool/postfix/pid/master.pid" 2>/dev/null | tr -d ' ')
for cmd in "${trouble[@]}"; do
	res=$(timeout 60 bash -c "$cmd" 2>&1)
	t_check "$T" "trouble runs: $cmd" 0 "$?"
	[ -n "$res" ] && printf '  %s\n' "$res" | head -n 3
done
# degraded_all - crm_mon lists mta's monitor failure 190 naming all three
degraded_all() {
	local r
	r=$(nsenter -t "$h" -m -n crm_mon -1 --output-as=xml 2>/dev/null |
		xmllint --xpath "string(//failures/failure[starts-with(@op_key,'mta_monitor_') and @exitcode='190']/@exitreason)" - 2>/dev/null)
	[[ $r == *"queue filesystem"*"MB free"* && $r == *"main.cf changed, not reloaded"* &&
		$r == *"postfix.service enabled in systemd"* ]]
}
# Pacemaker records a recurring monitor's answer when its code changes: the
# main.cf change is judged 10 s after the edit (an edit being reloaded is
# no condition), when 190 is already recorded for the others; a cleanup
# makes the next monitor's answer (either monitor's: Pacemaker keeps one
# failure of the resource), with all three, the record
t_sleep 12
nsenter -t "$h" -m -n crm_resource --cleanup -r mta >/dev/null 2>&1
if t_wait_for 60 degraded_all; then
	t_pass "$T: crm_mon: mta's monitor answered 190 (degraded), the reason names the full disk, the unreloaded main.cf and postfix.service"
else
	t_fail "$T: crm_mon: mta's monitor answered 190 naming all three conditions"
	nsenter -t "$h" -m -n crm_mon -1rf | tail -n 8
fi
t_check "$T" "degraded: Postfix still runs, the same master (not recovered)" "$master0" \
	"$(nsenter -t "$h" -m cat "$droot/demo/spool/postfix/pid/master.pid" 2>/dev/null | tr -d ' ')"
t_check "$T" "degraded: crm_mon shows mta started" 1 \
	"$(nsenter -t "$h" -m -n crm_mon -1 --output-as=xml 2>/dev/null | xmllint --xpath "count(//resource[@id='mta' and @role='Started'])" - 2>/dev/null)"
nsenter -t "$h" -m rm -f "$droot/demo/mnt/filler"
nsenter -t "$h" -m -n postfix -c "$etc" reload >/dev/null 2>&1
systemctl disable postfix.service >/dev/null 2>&1
nsenter -t "$h" -m -n crm_resource --cleanup -r mta >/dev/null 2>&1
# no_failure - a cleaned-up mta whose monitors record nothing again
no_failure() {
	[ "$(nsenter -t "$h" -m -n crm_mon -1 --output-as=xml 2>/dev/null |
		xmllint --xpath "count(//failures/failure[starts-with(@op_key,'mta_monitor_')])" - 2>/dev/null)" = 0 ]
}
t_sleep 12
t_check "$T" "put right, cleaned up: two monitors later no failure is listed" 0 \
	"$(no_failure && echo 0 || echo 1)"

out=$(demo status)
t_check "$T" "demo.sh status exits 0" 0 "$?"

out=$(demo stop)
t_check "$T" "demo.sh stop exits 0" 0 "$?"
t_check "$T" "demo.sh stop removed its directory" absent "$([ -e "$droot" ] && echo present || echo absent)"
ns=$(ip netns list 2>/dev/null | grep -c '^pfkit-demo')
t_check "$T" "demo.sh stop removed its network namespaces" 0 "$ns"
t_check "$T" "demo.sh stop left postfix.service as it found it ($unit_before)" "$unit_before" \
	"$(systemctl is-enabled postfix.service 2>/dev/null)"
