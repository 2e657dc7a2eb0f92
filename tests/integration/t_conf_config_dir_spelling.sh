#!/bin/bash
# t_conf_config_dir_spelling.sh - config_dir in its one spelling: repeated
# and trailing slashes are removed before anything uses the value (as
# ocf:heartbeat:postfix does, and as resource-agents' ocft cases expect of
# config_dir="/etc/postfix/"), so Postfix is given -c and MAIL_CONFIG
# without them and the comparison with alternate_config_directories sees
# the listed spelling. A "." or ".." component is refused (2); a symbolic
# link to the listed directory is still refused (5), as postdrop refuses
# it (t_conf_postmulti). "/etc/postfix/" is the default instance: shown in
# a mount namespace where /etc/postfix holds this test's main.cf and
# master.cf (that main.cf lists no alternate directory, so only the
# default instance passes validate-all and start).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=conf_config_dir_spelling A=127.0.162.1 B=127.0.162.2 P=2525 N=normslash D=normdef
t_instance_create $N $A $P
t_instance_create $D $B $P
wrap=$T_ROOT/$D/agent-as-default
trap 't_instance_destroy $N; t_instance_destroy $D' EXIT
ETC=$(t_etc $N)

# mail_config PID - the MAIL_CONFIG in the environment of process PID
mail_config() { tr '\0' '\n' <"/proc/$1/environ" | sed -n 's/^MAIL_CONFIG=//p'; }

# --- a trailing slash, and repeated slashes -----------------------------------
for dir in "$ETC/" "${ETC%/etc}//etc//"; do
	t_agent $N validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_config_dir="$dir"
	t_check $T "$dir: validate-all (level 10)" 0 "$T_RC"
	t_start $N OCF_RESKEY_config_dir="$dir"
	t_check $T "$dir: start" 0 "$T_RC"
	m=$(t_master_pid $N)
	t_check $T "$dir: the master's MAIL_CONFIG is the listed spelling" "$ETC" \
		"$(mail_config "$m")"
	t_answers $T $N 0 0 OCF_RESKEY_config_dir="$dir"
	t_check $T "$dir: serves mail" accepted "$(t_smtp_result $A $P)"
	t_stop_gone $T $N "$dir: " OCF_RESKEY_config_dir="$dir"
done

# --- "." and ".." components: refused, never resolved ------------------------
for dir in "${ETC%/etc}/./etc" "$ETC/../etc"; do
	t_agent $N validate-all OCF_RESKEY_config_dir="$dir"
	t_check $T "$dir: validate-all refuses it" 2 "$T_RC"
	t_check_reason $T "$dir: reason" "^config_dir .*: a \"\.{1,2}\" component: Postfix compares the spelling"
	t_start $N OCF_RESKEY_config_dir="$dir"
	t_check $T "$dir: start refuses it" 2 "$T_RC"
	t_check $T "$dir: nothing started" "" "$(t_instance_pids $N)"
done

# --- "/etc/postfix/" is the default instance ----------------------------------
# The agent runs in a mount namespace of its own per call, where
# /etc/postfix is a copy of it (Postfix's own files: postfix-files,
# dynamicmaps.cf...) with this instance's main.cf and master.cf; the
# master started there keeps its namespace, every later call binds the
# same directory.
def=$T_ROOT/$D/etc-default
mkdir -p "$def"
cp -a /etc/postfix/. "$def/"
cp "$(t_etc $D)/main.cf" "$(t_etc $D)/master.cf" "$def/"
cat >"$wrap" <<EOW
#!/bin/sh
exec unshare --mount --propagation private /bin/sh -c \
	'mount --bind "\$0" /etc/postfix && exec "\$@"' "$def" "$AGENT" "\$@"
EOW
chmod 755 "$wrap"
# that main.cf lists no alternate directory: only the default passes
t_check $T "the bound main.cf lists no alternate directory" "" \
	"$(postconf -c "$def" -h alternate_config_directories)"
for dir in /etc/postfix/ //etc/postfix//; do
	AGENT=$wrap t_agent $D validate-all OCF_CHECK_LEVEL=10 OCF_RESKEY_config_dir="$dir"
	t_check $T "$dir: validate-all (level 10): the default instance" 0 "$T_RC"
done
AGENT=$wrap t_start $D OCF_RESKEY_config_dir=/etc/postfix/
t_check $T "/etc/postfix/: start" 0 "$T_RC"
t_check $T "/etc/postfix/: the master's MAIL_CONFIG" /etc/postfix "$(mail_config "$(t_master_pid $D)")"
# whether systemd would start the default instance at boot (postinst
# enables postfix.service) is this machine's, not this row's: the degraded
# condition "systemd" is left out here (t_life_degraded, t_answers test it)
AGENT=$wrap t_answers $T $D 0 0 OCF_RESKEY_config_dir=/etc/postfix/ \
	OCF_RESKEY_degraded_checks="queue_space config_reload"
t_check $T "/etc/postfix/: serves mail" accepted "$(t_smtp_result $B $P)"
AGENT=$wrap t_stop_gone $T $D "/etc/postfix/: " OCF_RESKEY_config_dir=/etc/postfix/
