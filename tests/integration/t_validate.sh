#!/bin/bash
# t_validate.sh - validate-all on real Postfix instances: a valid instance
# answers 0; each problem answers the right code (6 only for what is
# invalid on every node, 4/5 for what only this node gets wrong, 2 for a
# bad parameter) with an exit reason naming the object first.
# Check level 10 (OCF_CHECK_LEVEL=10) checks this node's environment; the
# default level 0 checks the parameters only, spawns nothing, and passes on
# a node without the shared storage (what pcs 0.12 runs on every create).
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"

T=t_validate
N=val1
ADDR=127.0.0.21
PORT=2526

t_setup "$N" "$ADDR" "$PORT"
ETC=$(t_etc "$N")
Q=$(t_queue "$N")

# restore - put the instance back as t_instance_create left it
cp "$ETC/main.cf" "$T_ROOT/$N/main.cf.orig"
cp "$ETC/master.cf" "$T_ROOT/$N/master.cf.orig"
restore() {
	cp "$T_ROOT/$N/main.cf.orig" "$ETC/main.cf"
	cp "$T_ROOT/$N/master.cf.orig" "$ETC/master.cf"
}

t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "valid instance" 0 "$T_RC"
# validate-all's postfix check has created the queue's directories
t_check $T "postfix check ran (queue populated)" yes "$([ -d "$Q/maildrop" ] && echo yes)"

t_agent "$N" validate-all OCF_RESKEY_config_dir=relative/etc
t_check $T "relative config_dir: args" 2 "$T_RC"
t_check_reason $T "relative config_dir reason" '^config_dir relative/etc: not an absolute path'
t_agent "$N" validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_config_dir=relative/etc
t_check $T "relative config_dir, level 10: args" 2 "$T_RC"

# level 0: parameters only
# shellcheck disable=SC2016 # the $( is the hostile value, not a substitution
for v in "$ETC\$(touch $T_ROOT/$N/pwned)" "$ETC;id" "$ETC\`id\`" "$ETC/a b"; do
	t_agent "$N" validate-all OCF_RESKEY_config_dir="$v"
	t_check $T "config_dir [$v], level 0: args" 2 "$T_RC"
	t_check_reason $T "config_dir [$v] reason" "^config_dir $ETC.*: character '.' is not allowed"
done
t_check $T "no \$( ever ran" no "$([ -e "$T_ROOT/$N/pwned" ] && echo yes || echo no)"
t_agent "$N" validate-all OCF_RESKEY_binary=sbin/postfix
t_check $T "relative binary, level 0: args" 2 "$T_RC"
t_check_reason $T "relative binary reason" '^binary sbin/postfix: not an absolute path'
t_agent "$N" validate-all OCF_RESKEY_parameters="-v;id"
t_check $T "parameters with ';', level 0: args" 2 "$T_RC"
t_agent "$N" validate-all OCF_RESKEY_helo_name="$(printf 'a\r\nMAIL FROM:<x>')"
t_check $T "helo_name with CR LF, level 0: args" 2 "$T_RC"
t_agent "$N" validate-all OCF_RESKEY_parameters="-v -D"
t_check $T "parameters -v -D, level 0: valid" 0 "$T_RC"

# level 0 spawns nothing: a postfix stand-in notes every run of it
mkdir -p "$T_ROOT/$N/bin"
ln -sf /usr/sbin/postconf "$T_ROOT/$N/bin/postconf"
printf '#!/bin/sh\necho "$*" >>%s\nexec /usr/sbin/postfix "$@"\n' \
	"$T_ROOT/$N/bin/ran" >"$T_ROOT/$N/bin/postfix"
chmod 755 "$T_ROOT/$N/bin/postfix"
rm -f "$T_ROOT/$N/bin/ran"
t_agent "$N" validate-all OCF_RESKEY_binary="$T_ROOT/$N/bin/postfix"
t_check $T "level 0 with a postfix stand-in: valid" 0 "$T_RC"
t_check $T "level 0 ran no postfix" no "$([ -e "$T_ROOT/$N/bin/ran" ] && echo yes || echo no)"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_binary="$T_ROOT/$N/bin/postfix"
t_check $T "level 10 with a postfix stand-in: valid" 0 "$T_RC"
t_check $T "level 10 ran postfix check" "-c $ETC check" "$(cat "$T_ROOT/$N/bin/ran" 2>/dev/null)"

# level 0 on a node without the shared storage: config and queue absent
t_agent "$N" validate-all OCF_RESKEY_config_dir="$T_ROOT/$N/not-mounted/etc"
t_check $T "config dir not mounted, level 0: valid" 0 "$T_RC"
t_check $T "config dir not mounted, level 0: no reason" "" "$T_ERR"

t_agent "$N" validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_config_dir="$T_ROOT/$N/nonexistent"
t_check $T "config dir absent: not installed" 5 "$T_RC"
t_check_reason $T "config dir absent reason" "^directory $T_ROOT/$N/nonexistent: No such file or directory \(No config path\)"

mv "$ETC/main.cf" "$ETC/main.cf.away"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "main.cf absent: not installed" 5 "$T_RC"
t_check_reason $T "main.cf absent reason" "^file $ETC/main.cf: not found \(main.cf not found in the configuration path\)"
mv "$ETC/main.cf.away" "$ETC/main.cf"

mv "$ETC/master.cf" "$ETC/master.cf.away"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "master.cf absent: not installed" 5 "$T_RC"
t_check_reason $T "master.cf absent reason" "master.cf not found in the configuration path"
mv "$ETC/master.cf.away" "$ETC/master.cf"

t_agent "$N" validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_binary=/nonexistent/sbin/postfix
t_check $T "postfix binary absent: not installed" 5 "$T_RC"
t_check_reason $T "binary reason" '^/nonexistent/sbin/postfix: Execute files \(postfix or postconf command\) is not an executable file'

printf 'this line has no equals sign\n' >>"$ETC/main.cf"
line=$(wc -l <"$ETC/main.cf")
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "main.cf syntax: configured" 6 "$T_RC"
t_check_reason $T "syntax reason names file and line" "^file $ETC/main.cf: line $line: missing '=' after parameter name"
restore

# shellcheck disable=SC2016 # Postfix $name, not shell
printf 'pfkit_a = $pfkit_b\npfkit_b = $pfkit_a\nqueue_directory = $pfkit_a\n' >>"$ETC/main.cf"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "\$name loop: configured" 6 "$T_RC"
t_check_reason $T "loop reason" "parameter queue_directory: unreasonable macro call nesting"
restore

sed -i -e '/^[0-9a-z]* *inet .*smtpd$/s/^/#/' "$ETC/master.cf"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "no smtpd inet service: valid (outbound-only, relay)" 0 "$T_RC"
restore

postconf -c "$ETC" -e mail_owner=root
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "mail_owner root: configured" 6 "$T_RC"
t_check_reason $T "mail_owner root reason" "^file $ETC/main.cf: parameter mail_owner: user root has privileged user ID"
restore

postconf -c "$ETC" -e mail_owner=pfkit-no-such-user
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "mail_owner absent here: not installed" 5 "$T_RC"
t_check_reason $T "owner absent reason" '^mail_owner pfkit-no-such-user: The postfix owner pfkit-no-such-user does not exist'
restore

postconf -c "$ETC" -e "inet_interfaces = $ADDR, bad!address"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "invalid inet_interfaces: configured" 6 "$T_RC"
t_check_reason $T "inet_interfaces reason" "parameter inet_interfaces: \"bad!address\" is not a valid address"
restore

postconf -c "$ETC" -e "inet_interfaces = $ADDR, 10.0.0.300"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "malformed address in inet_interfaces: configured" 6 "$T_RC"
restore

postconf -c "$ETC" -e "inet_interfaces = $ADDR, nosuch.pfkit.invalid"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "name not resolvable on this node: not installed (never 6)" 5 "$T_RC"
t_check_reason $T "unresolvable name reason" "parameter inet_interfaces: host nosuch.pfkit.invalid: .* on this node"
restore

# the guide's example: a name and an address, comma and blanks
postconf -c "$ETC" -e "inet_interfaces = localhost , $ADDR"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "inet_interfaces = localhost , addr: valid" 0 "$T_RC"
restore

t_agent "$N" validate-all OCF_RESKEY_listeners=127.0.0.21
t_check $T "malformed listeners parameter: args" 2 "$T_RC"
t_check_reason $T "listeners reason" '^parameter listeners: "127.0.0.21" is not host:port'

postconf -c "$ETC" -e "queue_directory = $T_ROOT/$N/not-mounted"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "queue dir absent: not installed" 5 "$T_RC"
t_check_reason $T "queue absent reason" "^$T_ROOT/$N/not-mounted is not found. This directory must exist on a shared filesystem"
t_agent "$N" validate-all
t_check $T "queue dir absent, level 0: valid" 0 "$T_RC"
t_check $T "queue dir absent, level 0: nothing said" "" "$T_ERR"
restore

chgrp nogroup "$Q/maildrop"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "maildrop gid != postdrop: perm" 4 "$T_RC"
t_check_reason $T "postdrop gid reason" "^directory $Q/maildrop: The postdrop group id does not match an attribute of queue directory"
chgrp postdrop "$Q/maildrop"

chown nobody "$Q/deferred"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "queue owner != postfix: perm" 4 "$T_RC"
t_check_reason $T "postfix uid reason" "^directory $Q/deferred: postfix id does not match between servers"
chown postfix "$Q/deferred"

chown root:root "$T_ROOT/$N/data"
chmod 755 "$T_ROOT/$N/data"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "data_directory not writable: perm" 4 "$T_RC"
t_check_reason $T "data_directory reason" "^data_directory $T_ROOT/$N/data: not writable by mail_owner postfix"
chown postfix "$T_ROOT/$N/data"

t_default_main_cf_del "$ETC"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "config_dir not in alternate_config_directories: not installed" 5 "$T_RC"
t_check_reason $T "alternate_config_directories reason" "^config_dir $ETC: not listed in alternate_config_directories of /etc/postfix/main.cf"
t_default_main_cf_add "$ETC"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "listed again: valid" 0 "$T_RC"

postconf -c "$ETC" -e multi_instance_enable=yes
t_agent "$N" validate-all OCF_CHECK_LEVEL=10 HA_debug=1
t_check $T "multi_instance_enable = yes: still valid" 0 "$T_RC"
# one report line (the log, on stderr with HA_debug=1, says it too)
t_check $T "multi_instance_enable = yes: warned" 1 \
	"$(printf '%s\n' "$T_ERR" | grep -c '^WARNING: file .*multi_instance_enable = yes: the boot-time')"
restore

# postfix check's complaints reach the log; a fatal one fails validate-all
postconf -c "$ETC" -e "daemon_directory = $T_ROOT/$N/no-daemons"
t_agent "$N" validate-all OCF_CHECK_LEVEL=10 HA_debug=1
t_check $T "postfix check fails: not installed" 5 "$T_RC"
t_check_reason $T "postfix check reason" '^Failed in a check by postfix command: .*no-daemons'
restore

# the instance still validates after all this
t_agent "$N" validate-all OCF_CHECK_LEVEL=10
t_check $T "valid again at the end" 0 "$T_RC"
