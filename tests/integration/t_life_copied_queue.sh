#!/bin/bash
# t_life_copied_queue.sh - a queue with deferred and held messages copied
# file by file (cp -a: new inode numbers) to another instance's queue
# directory: start renames the queue files (postsuper, run by postfix
# start) and every message is kept, held ones still held, even with the
# quick-start marker of "postfix quick-stop" in the copy.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_copied_queue A1=127.0.0.37 A2=127.0.0.38 P=2525
t_setup lcqa $A1 $P
t_setup lcqb $A2 $P

# queue IDs with their status mark (! held, * active, none deferred)
ids() { postqueue -c "$(t_etc "$1")" -p 2>/dev/null | awk '/^[0-9A-F]+[*!]? /{print $1}' | sort; }
count() { ids "$1" | wc -l; }
held() { ids "$1" | grep -c '!$'; }

t_start lcqa
t_check $T "start a" 0 "$T_RC"
for _ in 1 2 3 4 5 6; do t_smtp_ok $A1 $P; done
has_six() { [ "$(count lcqa)" -eq 6 ]; }
t_wait_for 60 has_six
for id in $(ids lcqa | head -2 | tr -d '*!'); do postsuper -c "$(t_etc lcqa)" -h "$id" 2>/dev/null; done
t_check $T "a holds 6 messages" 6 "$(count lcqa)"
t_check $T "2 of them held" 2 "$(held lcqa)"
before=$(ids lcqa | tr -d '*!' | tr '\n' ' ')
t_stop lcqa
t_check $T "stop a" 0 "$T_RC"

# the quick-start marker "postfix quick-stop" leaves travels with the copy:
# postfix-script start would then skip postsuper's repair
touch "$(t_queue lcqa)/quick-start"
rm -rf "$(t_queue lcqb)"
cp -a "$(t_queue lcqa)" "$(t_queue lcqb)"
# postsuper logs its renames after dropping to mail_owner; with the test
# instances' maillog_file (no syslog here) that file must be writable by it
touch "$T_ROOT/lcqb/maillog"
chown postfix "$T_ROOT/lcqb/maillog"
t_start lcqb
t_check $T "start b on the copied queue" 0 "$T_RC"
t_check $T "b keeps every message" 6 "$(count lcqb)"
t_check $T "held ones still held" 2 "$(held lcqb)"
after=$(ids lcqb | tr -d '*!' | tr '\n' ' ')
t_check $T "queue files renamed after their new inodes" yes "$(if [ "$before" != "$after" ]; then echo yes; fi)"
t_check $T "stale quick-start marker gone" 1 "$(t_exists "$(t_queue lcqb)/quick-start")"
t_stop lcqb
t_check $T "stop b" 0 "$T_RC"
