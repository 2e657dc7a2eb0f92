#!/bin/bash
# t_life_parameters.sh - the parameters words reach postfix(1) as argv words
# (no shell): "-v" works; words postfix(1) rejects make start fail with
# Postfix's own usage line in the reason, and leave nothing running; a
# shell metacharacter is refused as a bad parameter before anything runs.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_parameters N=lparam A=127.0.0.41 P=2525
t_setup $N $A $P

t_start $N "OCF_RESKEY_parameters= -v "
t_check $T "start with -v" 0 "$T_RC"
t_stop $N "OCF_RESKEY_parameters=-v"
t_check $T "stop with -v" 0 "$T_RC"
t_start $N "OCF_RESKEY_parameters=-v pfkit-no-command"
t_check $T "start with a rejected word" 1 "$T_RC"
t_check_reason $T "reason quotes Postfix, the word arrived as one" "postfix start: postfix.*fatal: unknown command: 'pfkit-no-command'"
t_check $T "failed start leaves nothing" "" "$(t_instance_pids $N)"
t_start $N "OCF_RESKEY_parameters=-v ;touch $T_ROOT/$N/pwned"
t_check $T "start with a shell metacharacter: bad parameter" 2 "$T_RC"
t_check_reason $T "reason names the parameter and the character" "^parameters -v ;touch .*: character ';' is not allowed"
t_check $T "no shell ran the word" no "$([ -e "$T_ROOT/$N/pwned" ] && echo yes || echo no)"
t_check $T "refused start leaves nothing" "" "$(t_instance_pids $N)"
t_answers $T $N 7 7
