#!/bin/bash
# t_validate_report.sh - validate-all at check level 10 is one preflight
# report: four independent problems broken at once (a parameter, the
# default instance's alternate_config_directories, data_directory's owner,
# main.cf's inet_interfaces) give four ERROR lines, each with its fix, and
# the answer of the worst (pf_answer_worst(): 6 > 2 > 5 > 4), whose text is
# the one ocf-exit-reason; a warning (multi_instance_enable = yes) is a
# WARNING line that never counts; "postfix check", which writes to the
# queue, is SKIPPED while the queue's node checks fail, and says so.
# Mending them one by one removes each line and the answer follows the
# worst left; a clean instance gives no ERROR line and 0. Level 0 and
# start are unchanged: the first problem, alone.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"

T=t_validate_report
N=vreport
ADDR=127.0.167.21
PORT=2525
DATA=$T_ROOT/$N/data

t_setup "$N" "$ADDR" "$PORT" "t_default_main_cf_add '$T_ROOT/$N/etc'"
ETC=$(t_etc "$N")
# local(8) delivers to Maildir/ in homes, not mail_spool_directory: whether
# that spool and the queue share a filesystem (a warning) depends on the
# machine's mounts (a separate /tmp), never part of this report's count
postconf -c "$ETC" -e home_mailbox=Maildir/

# lines SEVERITY - how many report lines of that severity the last run said
lines() { printf '%s\n' "$T_ERR" | grep -c "^$1: "; }
# has REGEX - the last run said a line matching REGEX: yes or no
has() { if printf '%s\n' "$T_ERR" | grep -Eq -- "$1"; then echo yes; else echo no; fi; }

HELO=(OCF_RESKEY_helo_name='bad;name')
report() { t_agent "$N" validate-all OCF_CHECK_LEVEL=10 "$@"; }

t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "clean instance: valid" 0 "$T_RC"
t_check $T "clean instance: no ERROR line" 0 "$(lines ERROR)"
t_check $T "clean instance: no exit reason" "" "$(t_reason)"

# four problems at once, each fixed somewhere else
postconf -c "$ETC" -e "inet_interfaces = $ADDR, bad!address" multi_instance_enable=yes
t_default_main_cf_del "$ETC"
chown root:root "$DATA"
chmod 755 "$DATA"

report "${HELO[@]}"
t_check $T "four problems: the worst's answer (6)" 6 "$T_RC"
t_check $T "four problems: four ERROR lines" 4 "$(lines ERROR)"
t_check $T "line: inet_interfaces, with its fix" yes \
	"$(has "^ERROR: .*parameter inet_interfaces: \"bad!address\" is not a valid address.*; correct main.cf's inet_interfaces")"
t_check $T "line: helo_name parameter, with its fix" yes \
	"$(has "^ERROR: helo_name bad;name: character ';' is not allowed; use only letters, digits")"
t_check $T "line: alternate_config_directories, with its fix" yes \
	"$(has "^ERROR: config_dir $ETC: not listed in alternate_config_directories of /etc/postfix/main.cf; add config_dir")"
t_check $T "line: data_directory, with its fix" yes \
	"$(has "^ERROR: data_directory $DATA: not writable by mail_owner postfix.*; chown mail_owner the data_directory")"
t_check $T "warning line: multi_instance_enable, not counted" 1 "$(lines WARNING)"
t_check $T "postfix check skipped, said so" yes \
	"$(has '^SKIPPED: postfix check: not run: ')"
t_reason_read
t_check $T "one exit reason" 1 "$T_REASONS"
t_check_reason $T "exit reason: the worst's text" 'parameter inet_interfaces: "bad!address" is not a valid address'

# level 0 and start: as before, the first problem only
t_agent "$N" validate-all "${HELO[@]}"
t_check $T "level 0: the parameter only (2)" 2 "$T_RC"
t_check $T "level 0: no report lines" 0 "$(lines ERROR)"
t_agent "$N" start OCF_RESKEY_CRM_meta_timeout=30000
# (start's order: this node's owners, then alternate_config_directories)
t_check $T "start: its first problem, alternate_config_directories (5)" 5 "$T_RC"
t_check_reason $T "start: its first problem's reason" "^config_dir $ETC: not listed in alternate_config_directories"
t_reason_read
t_check $T "start: one exit reason" 1 "$T_REASONS"
t_check $T "start: no report lines" 0 "$(lines ERROR)"
t_check $T "start: nothing runs" yes "$(t_no_pids "$N" && echo yes)"

# mend them one by one: each line goes, the answer follows the worst left
postconf -c "$ETC" -e "inet_interfaces = $ADDR"
report "${HELO[@]}"
t_check $T "inet_interfaces mended: the parameter's answer (2)" 2 "$T_RC"
t_check $T "inet_interfaces mended: three ERROR lines" 3 "$(lines ERROR)"
t_check $T "inet_interfaces mended: its line gone" no "$(has 'inet_interfaces')"
t_check_reason $T "exit reason: the parameter" "^helo_name bad;name: character ';' is not allowed"

report
t_check $T "helo_name mended: alternate_config_directories' answer (5)" 5 "$T_RC"
t_check $T "helo_name mended: two ERROR lines" 2 "$(lines ERROR)"
t_check $T "helo_name mended: its line gone" no "$(has '^ERROR: helo_name')"

t_default_main_cf_add "$ETC"
report
t_check $T "listed again: data_directory's answer (4)" 4 "$T_RC"
t_check $T "listed again: one ERROR line" 1 "$(lines ERROR)"
t_check $T "listed again: its line gone" no "$(has 'alternate_config_directories')"
t_check_reason $T "exit reason: data_directory" "^data_directory $DATA: not writable"

chown postfix "$DATA"
report
t_check $T "all mended: valid" 0 "$T_RC"
t_check $T "all mended: no ERROR line" 0 "$(lines ERROR)"
t_check $T "all mended: postfix check ran (not skipped)" no "$(has '^SKIPPED: postfix check')"
t_check $T "all mended: the warning stays" 1 "$(lines WARNING)"

postconf -c "$ETC" -e multi_instance_enable=no
report
t_check $T "clean again: valid, nothing said" "0 0 0" "$T_RC $(lines ERROR) $(lines WARNING)"

# the configuration cannot load: the checks that need it say they did not run
mv "$ETC/main.cf" "$ETC/main.cf.away"
report "${HELO[@]}"
t_check $T "main.cf absent + parameter: the parameter's answer (2)" 2 "$T_RC"
t_check $T "main.cf absent: its line" yes "$(has "^ERROR: file $ETC/main.cf: not found")"
t_check $T "main.cf absent: the checks that need it, SKIPPED" yes \
	"$(has '^SKIPPED: configuration: not run: not loaded')"
mv "$ETC/main.cf.away" "$ETC/main.cf"

# a config_dir refused as a parameter is never read nor used: one line
report OCF_RESKEY_config_dir=relative/etc
t_check $T "relative config_dir: the parameter's answer (2)" 2 "$T_RC"
t_check $T "relative config_dir: one ERROR line" 1 "$(lines ERROR)"
t_check $T "relative config_dir: this node's checks SKIPPED" yes \
	"$(has "^SKIPPED: this node's checks: not run: config_dir or binary refused")"
