#!/bin/bash
# t_life_addr_removed.sh - the inet_interfaces address is removed from the
# host (the cluster IP moved away): recurring monitor 5 (move elsewhere),
# probe 1 while it runs (never "not running" while it runs), start 5.
# Ground truth: the socket stays bound (lo routes 127/8), but every daemon
# started afterwards dies: "inet_interfaces: no local interface found".
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_addr_removed N=laddr A=127.0.0.19 P=2525
t_setup $N $A $P

t_start $N
t_check $T "start" 0 "$T_RC"
t_addr_del $A
t_answers $T $N 1 5
t_check_reason $T "reason names the address" "$A:$P: address not configured on this node"
# the daemons started now die (the connection waits in the accept queue:
# no answer, not a refusal); their own log line says why
t_check $T "ground truth: new daemons die (no local interface)" "no answer in 2 s" "$(T_SMTP_TIMEOUT=2 t_smtp_result $A $P)"
t_maillog_says $T "ground truth: a daemon's fatal: no local interface" $N 'no local interface found for'
t_stop_gone $T $N ""
t_start $N
t_check $T "start without the address" 5 "$T_RC"
t_check $T "failed start leaves nothing" "" "$(t_instance_pids $N)"
t_addr_add $A
t_start $N
t_check $T "start once the address is back" 0 "$T_RC"
t_stop $N
t_check $T "stop" 0 "$T_RC"
