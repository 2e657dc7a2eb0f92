#!/bin/bash
# shellcheck disable=SC2034 # T_RC, T_OUT, T_TOOLS_BUILD...: read by the scripts that source this file
# lib.sh - shared helpers for pfkit's integration tests (sourced, bash).
#
# Every test runs real Postfix instances (Debian's postfix) on 127.0.0.x
# addresses it adds to lo and removes again, under $T_ROOT/<name>. Processes
# are only ever killed by pid, and only those proven to be a test instance's
# (working directory in its queue directory). Results are appended to
# $T_RESULTS as "PASS name" / "FAIL name: why" / "SKIP name: why" (run.sh
# counts them) and "INFO ..." (figures, never counted).
#
# Functions:
#   t_instance_create NAME ADDR PORT   config in $T_ROOT/NAME/etc, queue, data
#   t_instance_dirs NAME               its empty directories (an old one removed)
#   t_instance_destroy NAME            stop, kill leftovers by pid, rm, del addr
#   t_setup NAME ADDR PORT [CLEANUP]   t_instance_create, and the instance
#                                      destroyed on exit (CLEANUP first)
#   t_postfix NAME ARGS...             postfix -c DIR ARGS (setup, not agent),
#                                      bounded as t_bounded
#   t_bounded DESC CMD...              CMD, ended after $T_CMD_TIMEOUT s (60):
#                                      then a FAIL line naming DESC
#   t_agent NAME ACTION [VAR=value...] run the agent; sets T_RC, T_ERR, T_OUT
#                                      (T_UNSET=VAR: VAR not set at all)
#   t_probe / t_monitor / t_stop NAME  monitor as probe / recurring, stop
#   t_check NAME "desc" EXPECTED ACTUAL
#   t_skip TEST "reason"               TEST cannot run here (counted apart)
#   t_info TEXT                        a figure, not an assertion (not counted)
#   t_check_reason NAME "desc" REGEX   last ocf-exit-reason matches
#   t_smtp_ok ADDR PORT                the instance accepts a message
#   t_smtp_send ADDR PORT FROM TO [SECONDS [RUNNER...]]  one SMTP transaction
#                                      (T_SMTP_PROXY=LINE: a PROXY v1 line first)
#   t_smtp_result ADDR PORT            prints accepted / refused / no answer in N s
#   t_maillog_says TEST DESC NAME RE   the instance's maillog says RE (30 s)
#   t_instance_pids NAME               pids whose cwd is the queue directory
#   t_wait_for SECONDS CMD...          poll (10 ms, growing to 200) until CMD succeeds
#   t_sleep SECONDS                    pause, no process started
#   t_alive PID                        process exists and is not a zombie
#   t_pid_record PID FILE              PID and its start time into FILE
#   t_pid_read VAR FILE                VAR: FILE's pid, while still that process
#   t_no_pids NAME                     no process has its cwd in the queue
#   t_pids_comm NAME COMM              instance pids whose comm is COMM
#   t_answers TEST NAME PROBE MONITOR [VAR=value...]  probe + recurring rc
#   t_ms                               monotonic-enough milliseconds
#
# T_ADDR_EXTERNAL=1: the instance's address is brought up by someone else
# (IPaddr2 in the cluster tests, inside a network namespace): the functions
# then never add or remove it on the host's lo.
set -u
shopt -s extglob	# t_monitor's recorded-call pattern

T_ROOT=${T_ROOT:-/tmp/pfkit-it}
# Debian's python3, for every Python program a test runs: a python3 earlier
# in PATH may be a version manager's wrapper (pyenv's shim starts some
# forty processes, half a second of CPU, before Python itself)
T_PY=/usr/bin/python3
[ -x "$T_PY" ] || T_PY=python3
T_RESULTS=${T_RESULTS:-$T_ROOT/results}
[ -d "$T_ROOT" ] || mkdir -p "$T_ROOT"
AGENT=${AGENT:-${top_builddir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/agents/ocf-postfix}
DEFAULT_MAIN_CF=/etc/postfix/main.cf
mkdir -p "$T_ROOT"
touch "$T_RESULTS"

t_log() { printf '%s\n' "$*" >&2; }

# t_default_main_cf_add DIR [PARAM] - list DIR in the default instance's
# PARAM, alternate_config_directories unless given (multi_instance_directories:
# a postmulti instance); main.cf created if absent; serialised with flock
# because several test scripts may run at once.
t_default_main_cf_add() {
	local dir=$1 param=${2:-alternate_config_directories}
	(
		flock 9
		if [ ! -e "$DEFAULT_MAIN_CF" ]; then
			printf '%s\n' "# default instance: written by pfkit tests" \
				"compatibility_level = 3.6" \
				"inet_interfaces = loopback-only" \
				"inet_protocols = ipv4" >"$DEFAULT_MAIN_CF"
		fi
		local cur
		cur=$(postconf -h "$param" 2>/dev/null)
		case " $cur " in *" $dir "*) ;;
		*) postconf -e "$param = ${cur:+$cur }$dir" ;;
		esac
	) 9>/run/pfkit-default-main-cf.lock
}

# t_default_main_cf_del DIR [PARAM] - undo t_default_main_cf_add
t_default_main_cf_del() {
	local dir=$1 param=${2:-alternate_config_directories}
	[ -e "$DEFAULT_MAIN_CF" ] || return 0
	(
		flock 9
		local cur new="" d
		cur=$(postconf -h "$param" 2>/dev/null)
		for d in $cur; do [ "$d" = "$dir" ] || new="${new:+$new }$d"; done
		postconf -e "$param = $new"
	) 9>/run/pfkit-default-main-cf.lock
}

# t_default_main_cf_locked CMD... - CMD with no edit of the default
# main.cf under way (a reader that must see one version of it throughout)
t_default_main_cf_locked() {
	( flock 9 && "$@" ) 9>/run/pfkit-default-main-cf.lock
}

# Each address a test adds to lo is claimed by its script:
# $T_ADDR_CLAIMS/ADDR holds the script's pid and start time. Scripts may run
# at once (run.sh T_JOBS=N), so a claim by another live script is a
# collision: t_addr_add fails the test rather than share the address, and
# t_addr_del never removes an address another script holds. Claims are
# per network namespace, as addresses are.
T_ADDR_CLAIMS=/run/pfkit-test-addr/$(readlink /proc/self/ns/net | tr -dc 0-9)
# t_addr_owner - "pid start-time" of this script (subshells included), as
# t_pid_record writes it
t_addr_owner() { local s; t_pid_start_to s $$; printf '%s %s\n' $$ "$s"; }
# t_addr_claimed_by_other ADDR - ADDR is claimed by another live script
t_addr_claimed_by_other() {
	local c pid
	c=$(cat "$T_ADDR_CLAIMS/$1" 2>/dev/null) || return 1
	[ "$c" = "$(t_addr_owner)" ] && return 1
	t_pid_read pid "$T_ADDR_CLAIMS/$1"
}
t_addr_add() {
	mkdir -p "$T_ADDR_CLAIMS"
	local l rc
	(
		flock 9
		t_addr_claimed_by_other "$1" && exit 1
		[ "$(cat "$T_ADDR_CLAIMS/$1" 2>/dev/null)" = "$(t_addr_owner)" ] && exit 2
		t_addr_owner >"$T_ADDR_CLAIMS/$1"
	) 9>"$T_ADDR_CLAIMS/.lock"
	rc=$?
	if [ $rc -eq 1 ]; then
		t_fail "$(basename "$0"): address $1 is held by another test script (pid $(cut -d' ' -f1 "$T_ADDR_CLAIMS/$1")): two scripts must never share an address"
		return 1
	fi
	# a first claim: nothing may listen there yet (another run, a leftover)
	case $1 in *:*) l="[$1]" ;; *) l=$1 ;; esac
	l=$(ss -Hltn "src $l" 2>/dev/null | awk '{ print $4 }' | tr '\n' ' ')
	if [ $rc -eq 0 ] && [ -n "$l" ]; then
		t_fail "$(basename "$0"): address $1: something not of this test already listens there ($l)"
		return 1
	fi
	ip addr add "$1/32" dev lo 2>/dev/null || true
}
t_addr_del() {
	mkdir -p "$T_ADDR_CLAIMS"
	(
		flock 9
		t_addr_claimed_by_other "$1" && exit 0
		rm -f "$T_ADDR_CLAIMS/$1"
		ip addr del "$1/32" dev lo 2>/dev/null
		exit 0
	) 9>"$T_ADDR_CLAIMS/.lock"
}

# t_instance_dirs NAME - the empty directories of instance NAME (etc,
# queue, and data, mail_owner's), what an earlier one left removed first:
# where t_instance_create and lib_stock.sh's t_stock_create begin
t_instance_dirs() {
	local d=$T_ROOT/$1
	t_instance_destroy "$1" 2>/dev/null
	mkdir -p "$d/etc" "$d/queue" "$d/data"
	chown postfix "$d/data"
}

# t_instance_create NAME ADDR PORT - a complete, stopped Postfix instance
t_instance_create() {
	local name=$1 addr=$2 port=$3
	local d=$T_ROOT/$name
	t_instance_dirs "$name"
	cat >"$d/etc/main.cf" <<EOC
# pfkit test instance $name
compatibility_level = 3.6
queue_directory = $d/queue
data_directory = $d/data
inet_interfaces = $addr
inet_protocols = ipv4
myhostname = $name.pfkit.invalid
mydestination =
mynetworks = 127.0.0.0/8
relay_domains = pfkit.invalid
smtpd_recipient_restrictions = permit_mynetworks, reject
# accepted mail stays in the deferred queue: nothing leaves the machine
defer_transports = relay smtp local virtual
maillog_file = $d/maillog
maillog_file_prefixes = /tmp, /var
smtputf8_enable = no
EOC
	sed -e "s/^smtp      inet/$port inet/" /etc/postfix/master.cf >"$d/etc/master.cf"
	# no chroot: the queue directory holds no copy of /etc
	postconf -c "$d/etc" -F '*/*/chroot = n'
	[ -n "${T_ADDR_EXTERNAL:-}" ] || t_addr_add "$addr"
	t_default_main_cf_add "$d/etc"
	[ -n "${T_QUEUE_FRESH:-}" ] || t_queue_from_template "$d"
	eval "T_ADDR_${name//[^A-Za-z0-9_]/_}=$addr"
	eval "T_PORT_${name//[^A-Za-z0-9_]/_}=$port"
}

# t_setup NAME ADDR PORT [CLEANUP] - the preamble of a script: the
# instance as t_instance_create makes it, destroyed when the script exits
# however it exits (the EXIT trap is set before the instance exists).
# CLEANUP, a command line evaluated at exit, runs first (undo what the
# script did to the instance, end a process it started). Called once per
# instance; every instance and every CLEANUP is kept.
T_SETUP_NAMES=
T_SETUP_CLEANUP=:
t_setup() {
	[ -z "${4:-}" ] || T_SETUP_CLEANUP="$4; $T_SETUP_CLEANUP"
	T_SETUP_NAMES="$T_SETUP_NAMES $1"
	trap t_setup_exit EXIT
	t_instance_create "$1" "$2" "$3"
}

# t_setup_exit - the EXIT trap t_setup sets
t_setup_exit() {
	local n
	eval "$T_SETUP_CLEANUP"
	for n in $T_SETUP_NAMES; do t_instance_destroy "$n"; done
}

# t_queue_from_template DIR - the queue directory tree of instance DIR
# (stopped, listed in alternate_config_directories) as Postfix's own
# post-install builds it, copied from this run's template: the first
# instance of a run builds it with "postfix check" (post-install
# create-missing, then postsuper), every later one copies it (cp -a keeps
# owners, modes and postdrop's set-gid directories). A site's queue exists
# before the cluster starts Postfix, and the first start of an empty queue
# (about 120 processes) would otherwise be paid by every script; a script
# that tests that first start sets T_QUEUE_FRESH=1 (t_life_basic).
t_queue_from_template() {
	local d=$1 tmpl=$T_ROOT/queue-template
	(
		flock 9
		if [ ! -e "$tmpl/built" ]; then
			rm -rf "$tmpl"
			t_bounded "queue template: postfix check" postfix -c "$d/etc" check >/dev/null 2>&1 &&
				mkdir -p "$tmpl/queue" && cp -a "$d/queue/." "$tmpl/queue/" && touch "$tmpl/built"
		else
			cp -a "$tmpl/queue/." "$d/queue/"
		fi
	) 9>"$T_ROOT/queue-template.lock" || t_log "queue template: not used; the first start builds the queue of $d"
}

t_etc() { printf '%s\n' "$T_ROOT/$1/etc"; }
t_queue() { printf '%s\n' "$T_ROOT/$1/queue"; }

# t_bounded DESC CMD... - CMD, ended by timeout(1) after $T_CMD_TIMEOUT
# seconds (SIGTERM to its process group, SIGKILL 5 s later): a Postfix
# command can block for good (behind a postlogd that blocks on a full
# postlog socket, or a stopped master), and a test's set-up or clean-up
# must then end in a FAIL line naming DESC, not a suite that never ends
T_CMD_TIMEOUT=${T_CMD_TIMEOUT:-60}
t_bounded() {
	local desc=$1 rc
	shift
	timeout -k 5 "$T_CMD_TIMEOUT" "$@"
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		t_fail "$desc: no answer in $T_CMD_TIMEOUT s, ended ($*)"
	fi
	return $rc
}

t_postfix() {
	local name=$1
	shift
	t_bounded "postfix $* of $name" postfix -c "$T_ROOT/$name/etc" "$@"
}

# t_instance_pids NAME - processes whose working directory is the queue
t_instance_pids() {
	local q
	q=$(readlink -f "$T_ROOT/$1/queue") || return 0
	t_pids_by_link cwd "$q"
}

# t_pids_by_link ENTRY TARGET - pids whose /proc/PID/ENTRY (cwd, ns/net...)
# links to TARGET: one find for all of /proc, not a readlink per process
# (these are polled while other tests run)
t_pids_by_link() {
	find /proc/[0-9]*/"$1" -maxdepth 0 -printf '%l\t%p\n' 2>/dev/null |
		awk -F '\t' -v t="$2" -v e="/$1" '$1 == t { p = $2; sub("^/proc/", "", p); sub(e "$", "", p); print p }'
	return 0
}

# t_instance_destroy NAME - leave nothing of the instance behind
t_instance_destroy() {
	local name=$1 d=$T_ROOT/$1 addr pid
	[ -d "$d" ] || return 0
	t_bounded "clean-up of $name: postfix stop" postfix -c "$d/etc" stop >/dev/null 2>&1 || true
	for pid in $(t_instance_pids "$name"); do kill -CONT "$pid" 2>/dev/null; kill -KILL "$pid" 2>/dev/null; done
	addr=$(postconf -c "$d/etc" -h inet_interfaces 2>/dev/null)
	[ -z "${T_ADDR_EXTERNAL:-}" ] && [ -n "$addr" ] && [ "$addr" != all ] && t_addr_del "$addr"
	t_default_main_cf_del "$d/etc"
	rm -rf "$d"
}

# t_agent NAME ACTION [VAR=value...] - run the agent as Pacemaker would
t_agent() {
	local name=$1 action=$2
	shift 2
	# the agent's stderr: a file of this shell's (no mktemp, no cat; T_ROOT
	# exists: lib.sh makes it)
	local errf=$T_ROOT/.agent-stderr.$BASHPID unset=()
	# T_UNSET=NAME: NAME absent from the agent's environment altogether
	[ -n "${T_UNSET:-}" ] && unset=(env -u "$T_UNSET")
	T_OUT=$(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
		OCF_ROOT=/usr/lib/ocf OCF_RESOURCE_INSTANCE="$name" \
		OCF_RESKEY_config_dir="$T_ROOT/$name/etc" \
		OCF_RESKEY_CRM_meta_timeout=20000 HA_LOGFACILITY=none \
		"$@" "${unset[@]}" "$AGENT" "$action" 2>"$errf")
	T_RC=$?
	T_ERR=
	IFS= read -r -d '' T_ERR <"$errf"
	# as $(cat) would: without its trailing newlines
	T_ERR=${T_ERR%%+($'\n')}
	rm -f "$errf"
	return 0
}

# Probes, monitors, starts and stops get the environment real Pacemaker
# gives them, as tests/cluster/t_answers.sh recorded it from this
# machine's Pacemaker (tests/unit/fixtures/pacemaker/<version>; the newest
# recorded version when this one has none): its OCF_RESKEY_CRM_meta_* and
# OCF_RA_VERSION_* variables, but the timeout, which t_agent sets (20 s;
# start: the recorded one) and a test may override. So a probe comes without an interval, as
# Pacemaker sends it.
T_PCMK_FIXTURES=$(cd "$(dirname "${BASH_SOURCE[0]}")/../unit/fixtures/pacemaker" && pwd)
t_pcmk_dir() {
	local v
	v=$(pacemakerd --version 2>/dev/null | sed -n '1s/^Pacemaker \([0-9][0-9.]*\).*/\1/p')
	if [ -n "$v" ] && [ -d "$T_PCMK_FIXTURES/$v" ]; then
		printf '%s\n' "$T_PCMK_FIXTURES/$v"
	else
		find "$T_PCMK_FIXTURES" -mindepth 1 -maxdepth 1 -type d | sort -V | tail -n 1
	fi
}
T_PCMK_DIR=$(t_pcmk_dir)
# t_pcmk_env GLOB - the variables of the recorded call GLOB.env, one a line
t_pcmk_env() {
	local f
	for f in "$T_PCMK_DIR"/$1.env; do
		grep -E '^(OCF_RESKEY_CRM_meta_|OCF_RA_VERSION_)' "$f" |
			grep -v '^OCF_RESKEY_CRM_meta_timeout='
		return 0
	done
	t_log "no recorded Pacemaker call $1 in $T_PCMK_DIR"
	return 1
}
# t_pcmk CALL NAME ACTION [VAR=value...] - t_agent with the environment of
# the recorded call CALL (read once per shell: T_PCMK_ENV)
declare -A T_PCMK_ENV=()
t_pcmk() {
	local call=$1 e
	shift
	[ -n "${T_PCMK_ENV[$call]+set}" ] || T_PCMK_ENV[$call]=$(t_pcmk_env "$call")
	e=()
	[ -z "${T_PCMK_ENV[$call]}" ] || mapfile -t e <<<"${T_PCMK_ENV[$call]}"
	t_agent "$1" "$2" "${e[@]}" "${@:3}"
}
t_probe() { t_pcmk 'pacemaker-execd--monitor' "$1" monitor "${@:2}"; }
t_monitor() { t_pcmk 'pacemaker-execd--monitor-i+([0-9])' "$1" monitor "${@:2}"; }
t_stop() { t_pcmk 'pacemaker-execd--stop' "$1" stop "${@:2}"; }
# start gets the start timeout Pacemaker passed (the op's 60 s, as in
# crm-examples): the first start of a fresh instance runs all of
# postfix-script's set-up, slow on a loaded machine
t_start() {
	t_pcmk 'pacemaker-execd--start' "$1" start \
		"$(grep -m1 '^OCF_RESKEY_CRM_meta_timeout=' "$T_PCMK_DIR/pacemaker-execd--start.env")" "${@:2}"
}

# t_reason_read - T_REASON: the last ocf-exit-reason line of the last
# t_agent run, T_REASONS: how many it printed (read in bash: hostile cases
# ask this thousands of times in a run)
t_reason_read() {
	local l
	T_REASON='' T_REASONS=0
	while IFS= read -r l; do
		[[ $l == ocf-exit-reason:* ]] && T_REASON=${l#ocf-exit-reason:} T_REASONS=$((T_REASONS + 1))
	done <<<"$T_ERR"
}
# t_reason - the last ocf-exit-reason of the last t_agent run
t_reason() { t_reason_read; printf '%s\n' "$T_REASON"; }

t_pass() { echo "PASS $1" >>"$T_RESULTS"; echo "ok - $1"; }
t_fail() { echo "FAIL $1" >>"$T_RESULTS"; echo "not ok - $1"; }
# t_exists PATH - 0 when PATH exists, else 1: test -e's status as text,
# for t_check
t_exists() { if [ -e "$1" ]; then echo 0; else echo 1; fi; }

# t_skip TEST REASON - TEST cannot run here: a SKIP line with its reason,
# counted apart, never as a pass (run.sh and run-all.sh count and list
# them; run-all.sh fails on a skip its machine is meant to run)
t_skip() { echo "SKIP $1: $2" >>"$T_RESULTS"; echo "skip - $1: $2"; }
# t_info TEXT - a figure or an observation, not an assertion: an INFO
# line in the results, which run.sh never counts as a pass (what is only
# measured must not read as proven)
t_info() { echo "INFO $1" >>"$T_RESULTS"; echo "info - $1"; }

# t_check TEST DESC EXPECTED ACTUAL
t_check() {
	if [ "$3" = "$4" ]; then t_pass "$1: $2"; else
		t_fail "$1: $2 (expected '$3', got '$4')"
		[ -n "${T_ERR:-}" ] && printf '  stderr: %s\n' "$T_ERR" | head -5
	fi
}

# t_check_reason TEST DESC REGEX - the exit reason names the cause
t_check_reason() {
	local r
	r=$(t_reason)
	if printf '%s\n' "$r" | grep -Eq -- "$3"; then t_pass "$1: $2"; else
		t_fail "$1: $2 (reason '$r' does not match /$3/)"
	fi
}

# T_SMTP_SESSION - a bash program (bash -c "$T_SMTP_SESSION" NAME ADDR
# PORT FROM TO [PROXY]): one SMTP transaction on ADDR:PORT, from FROM to
# TO, by bash's /dev/tcp alone, after the PROXY protocol line PROXY (v1,
# without its CRLF, one write: Postfix peeks it whole) when given; exit 0 when the message was accepted (queued),
# 1 on any other reply or a closed connection. The client of every test
# that sends mail: a few milliseconds of CPU where swaks (a Perl program)
# takes 160. Each reply is read whole (multi-line ones, as postscreen's
# "220-" greeting, up to their last line) before the next command is sent.
# No time limit of its own: t_smtp_send runs it under timeout(1), which
# bounds the connect too.
# shellcheck disable=SC2016 # expanded by the bash that runs it
T_SMTP_SESSION='
printf -v cr "\r"
exec 3<>"/dev/tcp/$1/$2" || exit 1
[ -z "${5:-}" ] || printf "%s\r\n" "$5" >&3 || exit 1
# reply CODE - the whole reply (its continuation lines too) has code CODE
reply() {
	local line
	while IFS= read -r -u 3 line; do
		line=${line%"$cr"}
		case $line in
		[0-9][0-9][0-9]-*) ;;
		"$1" | "$1 "*) return 0 ;;
		*) return 1 ;;
		esac
	done
	return 1
}
say() { printf "%s\r\n" "$@" >&3; }
reply 220 && say "EHLO pfkit-client.invalid" && reply 250 &&
	say "MAIL FROM:<$3>" && reply 250 && say "RCPT TO:<$4>" && reply 250 &&
	say DATA && reply 354 &&
	say "From: <$3>" "To: <$4>" "Subject: pfkit test" "" "test" "." &&
	reply 250 || exit 1
say QUIT
exit 0'

# t_smtp_send ADDR PORT FROM TO [SECONDS [RUNNER...]] - an SMTP
# transaction from FROM to TO is accepted (mail queued) within SECONDS
# (T_SMTP_TIMEOUT, 10); RUNNER, a command prefix, runs the client
# elsewhere (c_exec N: inside a cluster node's namespaces); T_SMTP_PROXY,
# when set, is the PROXY v1 line the client sends first ("PROXY TCP4
# 192.0.2.7 127.0.0.1 40000 25"), as a load balancer in front does
t_smtp_send() {
	"${@:6}" timeout -k 2 "${5:-${T_SMTP_TIMEOUT:-10}}" \
		bash -c "$T_SMTP_SESSION" t_smtp_send "$1" "$2" "$3" "$4" \
		"${T_SMTP_PROXY:-}" >/dev/null 2>&1
}

# t_smtp_ok ADDR PORT - an SMTP transaction is accepted (mail queued)
t_smtp_ok() { t_smtp_send "$1" "$2" test@pfkit.invalid rcpt@pfkit.invalid; }

# t_smtp_result ADDR PORT - "accepted"; "refused" when the server said
# no within the time (connection refused or closed, a reply other than
# the one expected); "no answer in N s" when the time ran out first. A
# server that is merely slow is never "refused": a check that expects a
# hang names it ("no answer ..."), and proves the hang by another fact.
t_smtp_result() {
	local rc
	t_smtp_ok "$@"
	rc=$?
	case $rc in
	0) echo accepted ;;
	124 | 137) echo "no answer in ${T_SMTP_TIMEOUT:-10} s" ;;
	*) echo refused ;;
	esac
}

# t_maillog_says TEST DESC NAME REGEX - within 30 s, instance NAME's
# maillog has a line matching REGEX (grep -E): the fact that tells a
# server that cannot take mail from one that is merely slow, beside a
# check that saw no answer (t_smtp_result); its last lines when not
t_maillog_says() {
	local log=$T_ROOT/$3/maillog
	if t_wait_for 30 grep -Eq -- "$4" "$log"; then
		t_pass "$1: $2"
	else
		t_fail "$1: $2 (no line matching /$4/ in $log; its last lines: $(tail -n 4 "$log" 2>/dev/null | tr '\n' '|'))"
	fi
}

# t_sleep SECONDS - pause without starting a process (sleep(1) is one per
# pause, and the polls of t_wait_for make thousands in a run): a read that
# times out on a pipe that never gets data, opened on first use, this
# shell holding both of its ends
T_SLEEP_FD=
t_sleep() {
	[ -n "$T_SLEEP_FD" ] || exec {T_SLEEP_FD}<> <(:)
	read -r -t "$1" -u "$T_SLEEP_FD" _ || :
}

# t_wait_for SECONDS CMD... - poll until CMD succeeds, within SECONDS.
# The pause between two tries grows from 10 ms to 200 ms: a condition that
# comes at once is seen at once, and a long wait does not run CMD (often a
# whole SMTP session or crm_resource) a hundred times a second on a machine that
# runs other tests beside this one.
t_wait_for() {
	local end=$((SECONDS + $1)) pause=10 s
	shift
	while ! "$@"; do
		[ $SECONDS -ge $end ] && return 1
		printf -v s '0.%03d' $pause
		t_sleep "$s"
		pause=$((pause * 2 > 200 ? 200 : pause * 2))
	done
	return 0
}

# t_master_pid NAME - pid in master.pid (may be stale)
t_master_pid() { tr -d ' \n' <"$T_ROOT/$1/queue/pid/master.pid" 2>/dev/null; }

# t_alive PID - the process exists and is not a zombie
t_alive() {
	local st
	st=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)
	[ -n "$st" ] && [ "$st" != Z ]
}

# t_pid_start_to VAR PID - VAR: PID's start time (field 22 of its
# /proc stat, after the command name, which may hold blanks and
# parentheses); returns 1, VAR empty, when there is no such process.
# No process is started: c_exec reads it at every call.
t_pid_start_to() {
	local _l _f
	printf -v "$1" '%s' ""
	{ read -r _l <"/proc/$2/stat"; } 2>/dev/null || return 1
	_l=${_l##*) }
	read -ra _f <<<"$_l"
	[ -n "${_f[19]:-}" ] || return 1
	printf -v "$1" '%s' "${_f[19]}"
}

# t_pid_record PID FILE - "PID START" into FILE: the process, as
# t_pid_read will know it again. A pid alone names whatever process has
# it when it is read; with pid_max at 32768 and a suite that starts
# processes by the thousand, a pid whose process ended by itself is soon
# another process's (a load that sent its messages, a daemon that died).
t_pid_record() {
	local start
	t_pid_start_to start "$1"
	printf '%s %s\n' "$1" "$start" >"$2"
}

# t_pid_read VAR FILE - VAR: the pid FILE records while that pid is still
# the process recorded (the same start time); else VAR is empty and the
# status 1 (no file, or no pid in it) or 2 (that process has ended, and
# the pid may be another's now: never signal it)
t_pid_read() {
	local _p _s _now
	printf -v "$1" '%s' ""
	read -r _p _s 2>/dev/null <"$2" || return 1
	[ -n "$_p" ] || return 1
	t_pid_start_to _now "$_p"
	[ -n "$_s" ] && [ "$_now" = "$_s" ] || return 2
	printf -v "$1" '%s' "$_p"
}

# t_no_pids NAME - nothing has its working directory in the queue
t_no_pids() { [ -z "$(t_instance_pids "$1")" ]; }

# t_pids_comm NAME COMM - the instance's processes named COMM
t_pids_comm() {
	local p c
	for p in $(t_instance_pids "$1"); do
		read -r c 2>/dev/null <"/proc/$p/comm" && [ "$c" = "$2" ] && echo "$p"
	done
	return 0
}

# t_answers TEST NAME PROBE MONITOR [VAR=value...] - exit codes of a
# probe and of a recurring monitor
t_answers() {
	local test=$1 name=$2 probe=$3 monitor=$4
	shift 4
	t_probe "$name" "$@"
	t_check "$test" "probe answers $probe" "$probe" "$T_RC"
	t_monitor "$name" "$@"
	t_check "$test" "recurring monitor answers $monitor" "$monitor" "$T_RC"
}

# t_stop_then_refused TEST NAME - for a fault of this node only: stop
# leaves nothing, start is then refused with 4 (never 6) and leaves nothing,
# and probe and monitor say "not running"
t_stop_then_refused() {
	local test=$1 name=$2
	t_stop "$name"
	t_check "$test" "stop" 0 "$T_RC"
	t_check "$test" "nothing left" "" "$(t_instance_pids "$name")"
	t_start "$name"
	t_check "$test" "start refused on this node" 4 "$T_RC"
	t_check "$test" "failed start leaves nothing" "" "$(t_instance_pids "$name")"
	t_answers "$test" "$name" 7 7
}

t_ms() { local us=${EPOCHREALTIME//[!0-9]/}; echo $((us / 1000)); }

# --- hostile peers: the fake SMTP server and its certificates ------------
T_TOOLS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools" && pwd)
T_TOOLS_BUILD=${top_builddir:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}/tests/tools

# t_fake_smtp_start [--tls CERT KEY] ADDR PORT MODE - start
# tests/tools/fake_smtp.py (lifetime $T_FAKE_LIFETIME s, default 60), wait
# until it listens; its pid is in T_FAKE_PID
t_fake_smtp_start() {
	local out
	out=$(mktemp)
	"$T_PY" "$T_TOOLS_SRC/fake_smtp.py" --lifetime "${T_FAKE_LIFETIME:-60}" "$@" >"$out" 2>&1 &
	T_FAKE_PID=$!
	# generous: only a server that never comes up waits this long
	t_wait_for 60 grep -q ready "$out"
	local rc=$?
	rm -f "$out"
	return $rc
}

# t_fake_smtp_stop - end the fake server started last (by its pid)
t_fake_smtp_stop() {
	[ -n "${T_FAKE_PID:-}" ] || return 0
	kill "$T_FAKE_PID" 2>/dev/null
	wait "$T_FAKE_PID" 2>/dev/null
	T_FAKE_PID=
}

# t_self_signed DIR [DAYS] - a self-signed certificate DIR/cert.pem,
# DIR/key.pem, valid for DAYS (365: far from tls_expiry_days, 14, so that
# a depth-10 monitor does not answer degraded for it)
t_self_signed() {
	mkdir -p "$1"
	openssl req -x509 -newkey rsa:2048 -nodes -days "${2:-365}" \
		-subj "/CN=pfkit.invalid" -keyout "$1/key.pem" \
		-out "$1/cert.pem" >/dev/null 2>&1
}

# t_no_crash TEST DESC RC - the exit code is no signal death (134, 139...);
# only where the exit code is not checked exactly anyway
t_no_crash() {
	if [ "$3" -lt 128 ]; then t_pass "$1: $2"; else
		t_fail "$1: $2 (exit $3: killed by a signal)"
	fi
}

# t_timed_agent NAME ACTION [VAR=value...] - t_agent, and T_MS = how long
# it took in milliseconds
t_timed_agent() { t_timed t_agent "$@"; }
# t_timed FUNCTION ARGS... - FUNCTION (t_probe, t_monitor...), timed as above
t_timed() {
	local start=${EPOCHREALTIME//[!0-9]/}
	"$@"
	T_MS=$(((${EPOCHREALTIME//[!0-9]/} - start) / 1000))
}

# t_hostile_check TEST DESC EXPECTED_RC MAX_MS [REASON_REGEX] - after
# t_timed_agent: the exit code (exact, so no death by a signal either),
# an answer bounded by MAX_MS (the action's timeout: Pacemaker's bound,
# not a guess at the machine's speed; see below), and a readable exit reason (one line,
# printable; present and matching REASON_REGEX when the answer is
# neither 0 nor 7)
t_hostile_check() {
	local test=$1 desc=$2 want=$3 max=$4 regex=${5:-.} r n
	t_check "$test" "$desc: exit code" "$want" "$T_RC"
	# bounded by the deadline, not timed against it: the agent ends its
	# own waits a margin before MAX_MS (pf_ocf_margin_ms: 10 %, at least
	# 500 ms), but measured from outside, starting and reaping the process
	# on a loaded machine can take longer than that margin, and no test
	# may depend on the machine's speed. It still fails where it matters:
	# a wait that ignored the deadline takes the whole hostile wait
	# (minutes), far above twice the limit.
	if [ "$T_MS" -le $((2 * max)) ]; then t_pass "$test: $desc: answered, bounded by its deadline (${T_MS} ms, limit $max)"; else
		t_fail "$test: $desc: answered after ${T_MS} ms (deadline $max: not bounded by it)"
	fi
	t_reason_read
	r=$T_REASON n=$T_REASONS
	if t_unprintable "$r"; then
		t_fail "$test: $desc: unprintable exit reason"
	elif [ "$T_RC" != 0 ] && [ "$T_RC" != 7 ]; then
		if [ "$n" -ge 1 ] && [[ $r =~ $regex ]]; then
			t_pass "$test: $desc: reason '${r:0:100}'"
		else
			t_fail "$test: $desc: reason '${r:0:200}' does not match /$regex/"
		fi
	fi
}

# t_unprintable TEXT - TEXT holds a byte that is not printable ASCII
t_unprintable() {
	local LC_ALL=C
	[[ $1 == *[![:print:]]* ]]
}

# --- case helpers: one shape for every hostile case and every clean stop --

# t_hostile_case TEST DESC EXPECTED_RC MAX_MS REGEX RUNNER ARGS... - one
# hostile-input case: RUNNER ARGS (t_agent NAME ACTION, t_probe, t_monitor,
# t_start, t_stop NAME, with their VAR=value...) timed, then judged by
# t_hostile_check (exact code, bounded by MAX_MS, a readable reason
# matching REGEX)
t_hostile_case() {
	local test=$1 desc=$2 want=$3 max=$4 re=$5
	shift 5
	t_timed "$@"
	t_hostile_check "$test" "$desc" "$want" "$max" "$re"
}

# t_stop_gone TEST NAME LABEL [VAR=value...] - the common ending: stop
# answers 0, nothing of the instance is left, and a probe and a recurring
# monitor answer 7 7 (the VAR=value words go to every call); LABEL ("" or
# "cycle 1: ") prefixes the descriptions
t_stop_gone() {
	local test=$1 name=$2 label=$3
	shift 3
	t_stop "$name" "$@"
	t_check "$test" "${label}stop" 0 "$T_RC"
	t_check "$test" "${label}nothing left" "" "$(t_instance_pids "$name")"
	t_answers "$test" "$name" 7 7 "$@"
}
