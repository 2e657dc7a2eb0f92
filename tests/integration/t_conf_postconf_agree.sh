#!/bin/bash
# t_conf_postconf_agree.sh - pfkit's native main.cf/master.cf reader and
# postconf(1), the authority, agree on every parameter pf_conf_t exposes
# and on the smtpd/postscreen inet services, over real main.cf files: a
# test instance and variations of it (continuations, comments, last
# assignment wins, $name/${name?}/${name:}/relational expansion, multi
# instance settings, the guide's inet_interfaces example), the default
# instance, and the unit-test fixtures postconf accepts.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"

T=t_conf_postconf_agree
DUMP=${top_builddir:-$here/../..}/tests/tools/pf_conf_dump
# a config_dir is one spelling, without "." or ".." (as the agent requires)
FIXTURES=$(cd "${top_srcdir:-$here/../..}/tests/unit/fixtures" && pwd -P)
PARAMS="config_directory daemon_directory command_directory queue_directory
data_directory process_id_directory mail_owner setgid_group inet_interfaces
inet_protocols mail_spool_directory alternate_config_directories
multi_instance_directories multi_instance_enable multi_instance_name
mail_version"
N=agree1
ADDR=127.0.0.22
ADDR2=127.0.0.23

# the cache must not hide a disagreement: a private, fresh one
export HA_RSCTMP=$T_ROOT/$N-rsctmp
rm -rf "$HA_RSCTMP"
mkdir -p "$HA_RSCTMP"

t_instance_create "$N" "$ADDR" 2527
t_addr_add "$ADDR2"
ETC=$(t_etc "$N")
cleanup() {
	t_instance_destroy "$N"
	t_addr_del "$ADDR2"
	rm -rf "$HA_RSCTMP"
}
trap cleanup EXIT
cp "$ETC/main.cf" "$T_ROOT/$N/main.cf.orig"

# postconf_value DIR NAME - NAME as postconf -c DIR has it, $name expanded.
# config_directory is what main.cf sets, else DIR (what postconf 3.7
# prints). postconf 3.10 prints the built-in /etc/postfix or DIR depending
# on main.cf's other contents and on -x, so for that one parameter the
# test reads main.cf itself (the cases here set it to a plain path).
postconf_value() {
	local v
	if [ "$2" = config_directory ]; then
		v=$(sed -n 's/^config_directory[ \t]*=[ \t]*//p' "$1/main.cf" | tail -n 1)
		printf '%s\n' "${v:-$1}"
	else
		postconf -c "$1" -xh "$2" 2>/dev/null
	fi
}

# agree DESC DIR - compare every parameter and the services
agree() {
	local desc=$1 dir=$2 out p ours theirs bad="" svc_ours svc_theirs
	if ! out=$("$DUMP" "$dir" 2>&1); then
		t_fail "$T: $desc: pf_conf_dump failed: $out"
		return
	fi
	for p in $PARAMS; do
		ours=$(printf '%s\n' "$out" | sed -n "s/^$p = //p")
		theirs=$(postconf_value "$dir" "$p")
		[ "$ours" = "$theirs" ] || bad="$bad $p(ours='$ours' postconf='$theirs')"
	done
	if [ -z "$bad" ]; then t_pass "$T: $desc: 16 parameters agree"; else
		t_fail "$T: $desc: differ:$bad"
	fi
	svc_ours=$(printf '%s\n' "$out" | sed -n 's/^service \([^|]*\)|.*/\1/p' | sort)
	svc_theirs=$(postconf -c "$dir" -M 2>/dev/null |
		awk '$2 == "inet" && ($8 ~ /(^|\/)(smtpd|postscreen)$/) { print $1 }' | sort)
	t_check $T "$desc: smtpd/postscreen inet services agree" "$svc_theirs" "$svc_ours"
}

agree "test instance as created" "$ETC"

cat >>"$ETC/main.cf" <<'EOF'
# continuation lines, comments inside them, blank lines
mail_spool_directory = /var/spool/pfkit
    /mail
  # an indented comment

	tail
# last assignment wins
setgid_group = nogroup
setgid_group = postdrop
EOF
agree "continuations and repeated assignments" "$ETC"

cp "$T_ROOT/$N/main.cf.orig" "$ETC/main.cf"
# shellcheck disable=SC2016 # Postfix $name syntax, not shell
cat >>"$ETC/main.cf" <<'EOF'
pfkit_base = /var/spool
pfkit_name = pfkit-agree
data_directory = ${pfkit_base}/$pfkit_name/data$(pfkit_suffix)
pfkit_suffix = -x
process_id_directory = ${pfkit_unset?set}${pfkit_name?pid}
mail_owner = ${pfkit_unset:postfix}
multi_instance_name = ${{$compatibility_level} <level {3.10} ? {old} : {new}}$$
multi_instance_directories = ${{$pfkit_name} == {pfkit-agree} ? {/etc/pfkit-a, /etc/pfkit-b}}
alternate_config_directories = $config_directory $pfkit_base/other
EOF
agree "\$name, \${name?}, \${name:}, relational expansion" "$ETC"

cp "$T_ROOT/$N/main.cf.orig" "$ETC/main.cf"
postconf -c "$ETC" -e multi_instance_enable=yes multi_instance_name=postfix-agree \
	"inet_interfaces = localhost , $ADDR, $ADDR2" "inet_protocols = ipv4"
agree "multi-instance settings, the guide's inet_interfaces" "$ETC"

cp "$T_ROOT/$N/main.cf.orig" "$ETC/main.cf"
postconf -c "$ETC" -e "config_directory = $T_ROOT/$N/elsewhere" \
	"queue_directory = \$config_directory/queue"
agree "config_directory set in main.cf" "$ETC"

cp "$T_ROOT/$N/main.cf.orig" "$ETC/main.cf"
postconf -c "$ETC" -M# submission/inet 2>/dev/null
printf '%s\n' "$ADDR2:2528 inet n - n - - smtpd" \
	"  -o smtpd_tls_wrappermode=yes" \
	"#2529 inet n - n - - smtpd" \
	"2530 inet n - n - 1 postscreen" \
	"2531 inet n - n - - qmqpd" >>"$ETC/master.cf"
agree "master.cf with host:port, postscreen and commented entries" "$ETC"

if [ -e /etc/postfix/main.cf ]; then
	# other scripts running at once list their instances there: compare
	# one version of it
	t_default_main_cf_locked agree "default instance /etc/postfix" /etc/postfix
fi
for f in continuation relational; do
	agree "fixture $f" "$FIXTURES/$f"
done
