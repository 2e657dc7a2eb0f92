#!/bin/bash
# t_hostile_config.sh - hostile config_dir and binary values get a clear
# answer within the deadline and change nothing: no shell ever sees them
# ($T_ROOT/hostile_config-pwned never appears), nothing is created, no process is left.
#
# Every case runs validate-all, a probe, a recurring monitor, start and
# stop with a 5 s action timeout, in the environment Pacemaker gives each
# (recorded from real Pacemaker); the hostile parameters are set by hand.
. "$(dirname "$0")/lib.sh"
T=hostile_config
D=$T_ROOT/$T
PWNED=$T_ROOT/$T-pwned	# this script's own: others run at once
LIMIT=5000			# CRM_meta_timeout given to every run, ms

rm -rf "$D" "$PWNED"
mkdir -p "$D/sandbox"
touch "$D/regular-file"
ln -s loop-b "$D/loop-a"
ln -s loop-a "$D/loop-b"
long=/tmp/$(head -c 5000 /dev/zero | tr '\0' a)

# run_all DESC EXPECT_VALIDATE EXPECT_PROBE EXPECT_MONITOR EXPECT_START
#         EXPECT_STOP REGEX VAR=value...
# (cwd is the empty sandbox, so that a relative path would land there)
run_all() {
	local desc=$1 ev=$2 ep=$3 em=$4 es=$5 eo=$6 re=$7 before
	shift 7
	before=$(ls -A "$D/sandbox")
	cd "$D/sandbox" || return
	t_hostile_case "$T" "$desc: validate-all" "$ev" "$LIMIT" "$re" \
		t_agent "$T" validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_CRM_meta_timeout=$LIMIT "$@"
	t_hostile_case "$T" "$desc: probe" "$ep" "$LIMIT" "$re" \
		t_probe "$T" OCF_RESKEY_CRM_meta_timeout=$LIMIT "$@"
	t_hostile_case "$T" "$desc: monitor" "$em" "$LIMIT" "$re" \
		t_monitor "$T" OCF_RESKEY_CRM_meta_timeout=$LIMIT "$@"
	t_hostile_case "$T" "$desc: start" "$es" "$LIMIT" "$re" \
		t_start "$T" OCF_RESKEY_CRM_meta_timeout=$LIMIT "$@"
	t_hostile_case "$T" "$desc: stop" "$eo" "$LIMIT" "$re" \
		t_stop "$T" OCF_RESKEY_CRM_meta_timeout=$LIMIT "$@"
	cd - >/dev/null || return
	t_check "$T" "$desc: nothing created in the working directory" "$before" "$(ls -A "$D/sandbox")"
	t_check "$T" "$desc: $PWNED never appears" no "$([ -e "$PWNED" ] && echo yes || echo no)"
}

# config_dir empty: the default instance (/etc/postfix), which the tests
# never start; start and stop are not run on it (they would act on it)
cd "$D/sandbox" || exit 1
# (validate-all runs "postfix check" on the default instance, whose cost
# is not ours: it gets Pacemaker's usual 20 s, as under load 5 s was short)
t_hostile_case "$T" "config_dir empty: validate-all" 0 20000 . \
	t_agent "$T" validate-all OCF_RESKEY_CRM_meta_timeout=20000 OCF_RESKEY_config_dir=
t_hostile_case "$T" "config_dir empty: probe of the stopped default instance" 7 "$LIMIT" . \
	t_probe "$T" OCF_RESKEY_CRM_meta_timeout=$LIMIT OCF_RESKEY_config_dir=
cd - >/dev/null || exit 1
t_check "$T" "config_dir empty: nothing created in the working directory" "" "$(ls -A "$D/sandbox")"

# config_dir: where nothing of an instance exists, so stop has nothing to
# do (0: a failed stop would get the node fenced) and start cannot (5); a
# relative path is wrong on every node (2).
run_all "config_dir relative" 2 2 2 2 0 'config_dir etc/postfix: not an absolute path' \
	OCF_RESKEY_config_dir=etc/postfix
run_all "config_dir nonexistent" 5 7 5 5 0 'directory /nonexistent/pfkit: .*No such file' \
	OCF_RESKEY_config_dir=/nonexistent/pfkit
run_all "config_dir a regular file" 5 7 5 5 0 "directory $D/regular-file: not a directory" \
	OCF_RESKEY_config_dir="$D/regular-file"
run_all "config_dir a symlink loop" 5 7 5 5 0 "directory $D/loop-a: Too many levels of symbolic links" \
	OCF_RESKEY_config_dir="$D/loop-a"
run_all "config_dir 5000 characters" 5 7 5 5 0 'directory /tmp/a+[.][.][.]a+: File name too long' \
	OCF_RESKEY_config_dir="$long"
for v in "/tmp/with space/postfix" "/tmp/q'uo\"te" "/tmp/a;touch $PWNED" \
	"/tmp/\`touch $PWNED\`" "/tmp/\$(touch $PWNED)"; do
	# a character a path has no business holding is a parameter error
	# for validate-all and start (2); probe and monitor find no directory
	run_all "config_dir [$v]" 2 7 5 2 0 \
		"config_dir /tmp/.*: character .* is not allowed|directory /tmp/.*No such file" \
		OCF_RESKEY_config_dir="$v"
done
run_all "config_dir [\$(touch $PWNED)]" 2 2 2 2 0 'not an absolute path' \
	OCF_RESKEY_config_dir="\$(touch $PWNED)"

# config_dir with every hostile character that really exists and holds a
# valid configuration: validate-all and start refuse the parameter (2);
# for probe and monitor, Postfix itself expands $name in config_directory,
# and "$(touch ..." is a macro error for postconf too ("macro processing
# error"), the same on every node: 6, naming the parameter; stop 0.
t_instance_create hostile_cfg 127.0.0.74 2574
evil="$D/a b;c 'q\"\`touch $PWNED\`\$(touch $PWNED)"
mkdir -p "$evil"
cp "$(t_etc hostile_cfg)/main.cf" "$(t_etc hostile_cfg)/master.cf" "$evil/"
run_all "existing config_dir with ; quotes \` \$( )" 2 6 6 2 0 \
	"main.cf: parameter config_directory|config_dir $D/a b.*: character ' ' is not allowed" \
	OCF_RESKEY_config_dir="$evil"
t_check "$T" "existing hostile config_dir: no process runs from its queue" "" "$(t_instance_pids hostile_cfg)"
t_instance_destroy hostile_cfg

# binary: a directory, a non-executable file, a script that hangs (beside
# a real postconf, so that the agent gets as far as running it)
t_instance_create hostile_bin 127.0.0.75 2575
mkdir -p "$D/bin-dir/postfix" "$D/bin-noexec" "$D/bin-hang"
ln -sf /usr/sbin/postconf "$D/bin-dir/postconf"
ln -sf /usr/sbin/postconf "$D/bin-noexec/postconf"
printf '#!/bin/sh\nexit 0\n' >"$D/bin-noexec/postfix"
chmod 644 "$D/bin-noexec/postfix"
ln -sf /usr/sbin/postconf "$D/bin-hang/postconf"
cat >"$D/bin-hang/postfix" <<EOS
#!/bin/sh
# hangs, with a child in the background, and notes both pids
echo \$\$ >>"$D/hang.pids"
sleep 1000 &
echo \$! >>"$D/hang.pids"
wait
EOS
chmod 755 "$D/bin-hang/postfix"
: >"$D/hang.pids"
run_all "binary a directory" 5 5 5 5 0 'postfix|[Ee]xecute' \
	OCF_RESOURCE_INSTANCE=hostile_bin OCF_RESKEY_config_dir="$(t_etc hostile_bin)" \
	OCF_RESKEY_binary="$D/bin-dir/postfix"
run_all "binary not executable" 5 5 5 5 0 'postfix|[Ee]xecute' \
	OCF_RESOURCE_INSTANCE=hostile_bin OCF_RESKEY_config_dir="$(t_etc hostile_bin)" \
	OCF_RESKEY_binary="$D/bin-noexec/postfix"
cd "$D/sandbox" || exit 1
t_hostile_case "$T" "binary hangs: start" 1 "$LIMIT" 'postfix|timed out|deadline' \
	t_agent hostile_bin start OCF_RESKEY_CRM_meta_timeout=$LIMIT \
	OCF_RESKEY_binary="$D/bin-hang/postfix"
cd - >/dev/null || exit 1
# hang_gone - no process of the hung binary is left (sets left); a killed
# one may take a moment to die on a loaded machine, so this is polled
hang_gone() {
	local p st
	left=""
	while read -r p; do
		# a killed child may stay a zombie until init reaps it: that is gone
		st=$(sed -n 's/^[0-9]* (.*) \([A-Z]\) .*/\1/p' "/proc/$p/stat" 2>/dev/null)
		[ -n "$st" ] && [ "$st" != Z ] && left="$left $p"
	done <"$D/hang.pids"
	[ -z "$left" ]
}
t_wait_for 10 hang_gone
t_check "$T" "binary hangs: it ran" yes "$([ -s "$D/hang.pids" ] && echo yes || echo no)"
t_check "$T" "binary hangs: no process of it left" "" "$left"
for p in $left; do kill -KILL "$p" 2>/dev/null; done
t_instance_destroy hostile_bin
rm -rf "$D"
