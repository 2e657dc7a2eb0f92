#!/bin/bash
# shellcheck disable=SC2016 # the $name text written to main.cf is Postfix's, not the shell's
# t_hostile_files.sh - main.cf and master.cf with very long lines, NUL
# bytes, an unterminated continuation, $name loops, an expansion bomb and
# thousands of services: answered at once, with the file and line named.
#
# pf_conf_dump loads a configuration as the agent does; validate-all
# gives the OCF answer for the invalid ones (6: wrong on every node).
. "$(dirname "$0")/lib.sh"
T=hostile_files
D=$T_ROOT/$T
DUMP=$T_TOOLS_BUILD/pf_conf_dump
LIMIT=5000

rm -rf "$D"
# base NAME - a valid configuration directory $D/NAME
base() {
	mkdir -p "$D/$1"
	printf '%s\n' "compatibility_level = 3.6" "queue_directory = $D/queue" \
		"inet_interfaces = 127.0.0.79" "inet_protocols = ipv4" >"$D/$1/main.cf"
	cp /etc/postfix/master.cf "$D/$1/master.cf"
}
# dump_case NAME DESC EXPECT_RC REGEX - pf_conf_dump's answer
dump_case() {
	local start out rc ms
	start=$(date +%s%N)
	out=$(timeout 30 "$DUMP" "$D/$1" 2>&1)
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	t_check "$T" "$2: load" "$3" "$rc"
	if [ "$ms" -le $LIMIT ]; then t_pass "$T: $2: loaded in $ms ms"; else
		t_fail "$T: $2: took $ms ms"
	fi
	if printf '%s\n' "$out" | grep -Eq -- "$4"; then t_pass "$T: $2: says /$4/"; else
		t_fail "$T: $2: /$4/ not in '$(printf '%s' "$out" | head -c 200)'"
	fi
}
# invalid_case NAME DESC REGEX - validate-all answers 6 naming the file
invalid_case() {
	t_hostile_case "$T" "$2: validate-all" 6 $LIMIT "$3" t_agent "$T" validate-all \
		OCF_CHECK_LEVEL=10 OCF_RESKEY_config_dir="$D/$1" OCF_RESKEY_CRM_meta_timeout=$LIMIT
}

base longline
{ printf 'myhostname = '; head -c 1048576 /dev/zero | tr '\0' a; echo; } >>"$D/longline/main.cf"
dump_case longline "main.cf with a 1 MiB line" 0 '^listener smtp 127.0.0.79:25$'

base longmaster
{ printf 'smtp inet n - n - - smtpd -o x='; head -c 1048576 /dev/zero | tr '\0' a; echo; } >>"$D/longmaster/master.cf"
dump_case longmaster "master.cf with a 1 MiB line" 0 '^listener smtp 127.0.0.79:25$'

base nul
printf 'mydomain = a\0b\n' >>"$D/nul/main.cf"
dump_case nul "main.cf with a NUL byte" 1 "file $D/nul/main.cf: line 5: NUL character"
invalid_case nul "main.cf with a NUL byte" "file .*/main.cf: line 5: NUL character"

base nulm
printf 'x inet n - n - - smtpd\0\n' >>"$D/nulm/master.cf"
dump_case nulm "master.cf with a NUL byte" 1 "file $D/nulm/master.cf: line [0-9]+: NUL character"
invalid_case nulm "master.cf with a NUL byte" "file .*/master.cf: line [0-9]+: NUL character"

base cont
printf 'inet_interfaces = 127.0.0.79,\n   127.0.0.78,' >>"$D/cont/main.cf"
dump_case cont "main.cf ending in an unterminated continuation" 0 '^listener smtp 127.0.0.78:25$'

base contm
printf 'smtps inet n - n - - smtpd\n  -o smtpd_tls_wrappermode=yes' >>"$D/contm/master.cf"
dump_case contm "master.cf ending in an unterminated continuation" 0 '^listener smtps 127.0.0.79:465 tls$'

base loop
printf 'a = $b\nb = $a\ninet_interfaces = $a\n' >>"$D/loop/main.cf"
dump_case loop "main.cf with a \$name loop" 1 "file $D/loop/main.cf: parameter inet_interfaces: .*loop"
invalid_case loop "main.cf with a \$name loop" 'file .*/main.cf: parameter inet_interfaces'

base selfloop
printf 'inet_interfaces = ${inet_interfaces}x\n' >>"$D/selfloop/main.cf"
dump_case selfloop "main.cf with a parameter that expands itself" 1 "file $D/selfloop/main.cf: parameter inet_interfaces"

base bomb
{
	printf 'a = %s\n' '$b$b$b$b$b$b$b$b$b$b'
	printf 'b = %s\n' '$c$c$c$c$c$c$c$c$c$c'
	printf 'c = %s\n' '$d$d$d$d$d$d$d$d$d$d'
	printf 'd = %s\n' '$e$e$e$e$e$e$e$e$e$e'
	printf 'e = %s\n' '$f$f$f$f$f$f$f$f$f$f'
	printf 'f = %s\n' '$g$g$g$g$g$g$g$g$g$g'
	printf 'g = %s\n' 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
	printf 'inet_interfaces = $a\n'
} >>"$D/bomb/main.cf"
dump_case bomb "main.cf with an expansion bomb (40 MB)" 1 "file $D/bomb/main.cf: parameter inet_interfaces"

base many
for i in $(seq 5001); do echo "127.0.0.79:$((10000 + i)) inet n - n - - smtpd"; done >>"$D/many/master.cf"
dump_case many "master.cf with 5001 smtpd services" 1 "file $D/many/master.cf: line [0-9]+: more than 5000 smtpd services"
invalid_case many "master.cf with 5001 smtpd services" 'file .*/master.cf: line [0-9]+: more than'

base manyother
for i in $(seq 20000); do echo "svc$i unix - - n - - smtp"; done >>"$D/manyother/master.cf"
dump_case manyother "master.cf with 20000 other services" 0 '^listener smtp 127.0.0.79:25$'

base hundreds
for i in $(seq 300); do echo "127.0.0.79:$((10000 + i)) inet n - n - - smtpd"; done >>"$D/hundreds/master.cf"
dump_case hundreds "master.cf with 300 smtpd services" 0 '^listener 127.0.0.79:10300 127.0.0.79:10300$'

rm -rf "$D"
