#!/bin/bash
# t_life_binary_missing.sh - only the postfix command is missing on this
# node (postconf beside it is there, so the configuration loads) while the
# instance runs and greets: this node can no longer manage it, as when
# postfix and postconf are both missing (NODE_FAULT): probe 1, recurring
# monitor 5 naming the command; stop ends it by pid and answers 0; then
# nothing runs and it cannot be started here: 5 5 (NO_BINARY).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_binary_missing N=lbinmiss A=127.0.151.1 P=2525
bin=$T_ROOT/$N-bin
# shellcheck disable=SC2016 # evaluated when the script exits
t_setup $N $A $P 'rm -rf "$bin"'
mkdir -p "$bin"
ln -sf /usr/sbin/postconf "$bin/postconf"
nobin=OCF_RESKEY_binary=$bin/postfix

t_start $N
t_check $T "start" 0 "$T_RC"
master=$(t_master_pid $N)
t_answers $T $N 0 0
t_answers $T $N 1 5 "$nobin"
t_check_reason $T "reason names the missing command" "$bin/postfix"
t_stop $N "$nobin"
t_check $T "stop without the postfix command" 0 "$T_RC"
t_check $T "master gone" 1 "$(t_alive "$master"; echo $?)"
t_check $T "nothing left" "" "$(t_instance_pids $N)"
t_answers $T $N 5 5 "$nobin"
t_start $N "$nobin"
t_check $T "start refused on this node" 5 "$T_RC"
t_check $T "failed start leaves nothing" "" "$(t_instance_pids $N)"
t_answers $T $N 7 7
