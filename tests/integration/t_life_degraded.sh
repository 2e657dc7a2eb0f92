#!/bin/bash
# t_life_degraded.sh - a healthy instance with trouble ahead: the recurring
# monitor answers 190 (degraded) naming the condition and its fix, a probe
# 0, and 0 again once it is fixed; the instance keeps serving throughout
# (the same master). Conditions: the queue's filesystem short of space
# (a small tmpfs), main.cf changed but not reloaded, the instance enabled
# in systemd (a link of this test's own unit name); degraded_checks turns
# each off. Through Pacemaker: tests/cluster/t_answers.sh.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_degraded N=ldegr A=127.0.167.1 P=2525
UNIT=postfix@pfkit-$N.service
WANTS=/etc/systemd/system/multi-user.target.wants
MNT=$T_ROOT/$N-fs
# every link and mount this test makes is undone, however it ends
undo() {
	rm -f "$WANTS/$UNIT"
	if mountpoint -q "$MNT"; then
		t_postfix $N stop >/dev/null 2>&1
		umount -l "$MNT"
	fi
	rmdir "$MNT" 2>/dev/null
	return 0
}
t_setup $N $A $P undo
# the name Debian's systemd generator would give the unit of this instance
postconf -c "$(t_etc $N)" -e "multi_instance_name = pfkit-$N"

t_start $N
t_check $T "start" 0 "$T_RC"
master=$(t_master_pid $N)
t_answers $T $N 0 0

# recurring monitor
mon() { t_monitor $N HA_debug=1 "$@"; }
# logged NAME REGEX - the agent's log of its last run (mon ... HA_debug=1:
# on stderr) says it
logged() {
	if printf '%s\n' "$T_ERR" | grep -Eq -- "$2"; then t_pass "$T: $1"; else
		t_fail "$T: $1 (no log line matches /$2/)"
		printf '  stderr: %s\n' "$T_ERR" | head -5
	fi
}

# --- main.cf changed after the running Postfix loaded it -----------------
# a change gets 10 s to be reloaded: an
# edit followed by "postfix reload" is no condition (t_answers' PROXY row,
# through Pacemaker, edits and reloads between two monitors)
t_sleep 0.05
postconf -c "$(t_etc $N)" -e "smtpd_banner = \$myhostname ESMTP pfkit-degraded"
unreloaded() { mon; [ "$T_RC" = 190 ]; }
t_wait_for 30 unreloaded
t_check $T "config changed, not reloaded for over 10 s: recurring monitor" 190 "$T_RC"
t_check_reason $T "config changed: the reason names main.cf" "^degraded: main.cf changed, not reloaded$"
logged "config changed: the log says when, and the fix" \
	"file $(t_etc $N)/main.cf: changed at .*, after the running Postfix loaded its configuration \(.*\); run \"postfix -c $(t_etc $N) reload\""
t_probe $N
t_check $T "config changed, not reloaded: probe" 0 "$T_RC"
mon OCF_RESKEY_degraded_checks="queue_space,systemd"
t_check $T "config changed, degraded_checks without config_reload" 0 "$T_RC"
mon OCF_RESKEY_degraded_checks=none
t_check $T "config changed, degraded_checks=none" 0 "$T_RC"
t_postfix $N reload >/dev/null 2>&1
# the reload starts a new queue manager: once it runs, 0 again
reloaded() { mon; [ "$T_RC" = 0 ]; }
t_wait_for 20 reloaded
t_check $T "after postfix reload: recurring monitor" 0 "$T_RC"
t_check $T "the same master served throughout" "$master" "$(t_master_pid $N)"

# reload_then_10 DESC - postfix reload, awaited (the depth-0 monitor answers
# 0 again), then a depth-10 monitor must answer 0
reload_then_10() {
	t_postfix $N reload >/dev/null 2>&1
	t_wait_for 20 reloaded
	mon OCF_CHECK_LEVEL=10
	t_check $T "$1" 0 "$T_RC"
}

# --- systemd would start this instance at boot ---------------------------
mkdir -p "$WANTS"
ln -s /lib/systemd/system/postfix@.service "$WANTS/$UNIT"
mon
t_check $T "$UNIT enabled: recurring monitor" 190 "$T_RC"
t_check_reason $T "$UNIT enabled: the reason names the unit" "^degraded: $UNIT enabled in systemd$"
logged "$UNIT enabled: the log names the link and the fix" \
	"systemd unit $UNIT: enabled \\($WANTS/$UNIT\\).*systemctl disable --now $UNIT"
mon OCF_RESKEY_degraded_checks="queue_space config_reload"
t_check $T "$UNIT enabled, degraded_checks without systemd" 0 "$T_RC"
# the preflight report names it as a warning, and answers 0 for it
t_agent $N validate-all OCF_CHECK_LEVEL=10
t_check $T "$UNIT enabled: validate-all at level 10 answers 0 (a warning)" 0 "$T_RC"
case $T_ERR in
*"WARNING: systemd unit $UNIT: enabled ($WANTS/$UNIT): it starts this instance at boot"*"; run \"systemctl disable --now $UNIT\""*)
	t_pass "$T: $UNIT enabled: the preflight report's WARNING line names it and the fix" ;;
*) t_fail "$T: $UNIT enabled: the preflight report's WARNING line names it and the fix: $T_ERR" ;;
esac
rm -f "$WANTS/$UNIT"
mon
t_check $T "$UNIT disabled again: recurring monitor" 0 "$T_RC"

# --- depth 10: a certificate that expires soon -----------------------------
certs=$T_ROOT/$N-certs
t_self_signed "$certs" 5 || t_fail "$T: openssl made a certificate"
postconf -c "$(t_etc $N)" -e "smtpd_tls_cert_file = $certs/cert.pem" \
	"smtpd_tls_key_file = $certs/key.pem" "smtpd_tls_security_level = may"
t_postfix $N reload >/dev/null 2>&1
t_wait_for 20 reloaded
t_check $T "STARTTLS offered, depth-0 monitor: the certificate is not looked at" 0 "$T_RC"
mon OCF_CHECK_LEVEL=10
t_check $T "certificate expiring in 5 days: depth-10 monitor" 190 "$T_RC"
t_check_reason $T "certificate expiring: the reason" "^degraded: TLS certificate expires in 4 days$"
logged "certificate expiring: the log names the file, the service and the fix" \
	"file $certs/cert.pem: the certificate of service 2525 expires at .* \\(tls_expiry_days 14\\); renew it"
mon OCF_CHECK_LEVEL=10 OCF_RESKEY_tls_expiry_days=3
t_check $T "certificate expiring in 5 days, tls_expiry_days=3" 0 "$T_RC"
mon OCF_CHECK_LEVEL=10 OCF_RESKEY_degraded_checks=queue_space,config_reload,systemd,chroot,deferred
t_check $T "certificate expiring, degraded_checks without tls_expiry" 0 "$T_RC"
postconf -c "$(t_etc $N)" -e "smtpd_tls_security_level = none"
reload_then_10 "no TLS offered: the certificate is not judged"

# --- depth 10: deferred mail over its limits ------------------------------
# the test instance defers every message (defer_transports)
for i in 1 2 3; do t_smtp_send $A $P "d$i@pfkit.invalid" rcpt@pfkit.invalid >/dev/null; done
three_deferred() { [ "$(find "$(t_queue $N)/deferred" -type f | wc -l)" -ge 3 ]; }
t_wait_for 30 three_deferred || t_fail "$T: three messages deferred"
mon OCF_CHECK_LEVEL=10
t_check $T "3 deferred messages, no deferred limit set (the default)" 0 "$T_RC"
mon OCF_CHECK_LEVEL=10 OCF_RESKEY_deferred_max_count=2
t_check $T "3 deferred messages, deferred_max_count=2" 190 "$T_RC"
t_check_reason $T "deferred_max_count: the reason" "^degraded: 3 deferred messages, over 2$"
mon OCF_CHECK_LEVEL=10 OCF_RESKEY_deferred_max_count=3
t_check $T "3 deferred messages, deferred_max_count=3" 0 "$T_RC"
t_sleep 2
mon OCF_CHECK_LEVEL=10 OCF_RESKEY_deferred_max_age=1s
t_check $T "deferred mail 2 s old, deferred_max_age=1s" 190 "$T_RC"
t_check_reason $T "deferred_max_age: the reason" "^degraded: deferred mail [0-9]+ s old, over 1 s$"
mon OCF_CHECK_LEVEL=10 OCF_RESKEY_deferred_max_age=1h
t_check $T "deferred mail 2 s old, deferred_max_age=1h" 0 "$T_RC"
t_agent $N validate-all OCF_RESKEY_deferred_max_age=1y
t_check $T "validate-all: deferred_max_age=1y is no time" 2 "$T_RC"
postsuper -c "$(t_etc $N)" -d ALL >/dev/null 2>&1

# --- depth 10: the chroot's copies of /etc files --------------------------
# a chrooted smtpd reads etc/hosts, etc/resolv.conf... under the queue
postconf -c "$(t_etc $N)" -F "$P/inet/chroot = y"
t_postfix $N reload >/dev/null 2>&1
t_wait_for 20 reloaded
# no copies at all (Debian 13's queue template already holds some)
q=$(t_queue $N)
rm -rf "${q:?}/etc"
mon OCF_CHECK_LEVEL=10
t_check $T "smtpd chrooted, no copies in the queue: depth-10 monitor" 190 "$T_RC"
t_check_reason $T "stale chroot copies: the reason" "^degraded: [0-9]+ chroot copies stale$"
logged "stale chroot copies: the log names them and the fix" \
	"queue $(t_queue $N): etc/.* differ from the files under / .*copy them again"
mkdir -p "$(t_queue $N)/etc"
for f in localtime services resolv.conf hosts host.conf nsswitch.conf nss_mdns.config; do
	[ -f "/etc/$f" ] && cp -L "/etc/$f" "$(t_queue $N)/etc/$f"
done
mon OCF_CHECK_LEVEL=10
t_check $T "the copies made as Debian's configure-instance.sh makes them" 0 "$T_RC"
echo "# changed after the copy" >>"$(t_queue $N)/etc/hosts"
mon OCF_CHECK_LEVEL=10
t_check $T "the queue's etc/hosts differs from /etc/hosts" 190 "$T_RC"
t_check_reason $T "one stale copy: the reason" "^degraded: 1 chroot copy stale$"
mon
t_check $T "the same at depth 0: not looked at" 0 "$T_RC"
postconf -c "$(t_etc $N)" -F "$P/inet/chroot = n"
reload_then_10 "no chrooted service: the copies are not judged"

# --- a bad degraded_checks is a parameter error --------------------------
t_agent $N validate-all OCF_RESKEY_degraded_checks=queue_space,bogus
t_check $T "validate-all: degraded_checks names an unknown check" 2 "$T_RC"
t_check_reason $T "validate-all: the reason names it" 'parameter degraded_checks: unknown check "bogus"'

# --- the queue's filesystem short of space --------------------------------
# a tmpfs of 64 MB as the queue: smtpd requires 1.5 x message_size_limit
# free (10 MB by default: 15.4 MB), the monitor twice that (30.7 MB)
t_stop $N
t_check $T "stop before moving the queue" 0 "$T_RC"
mkdir -p "$MNT"
if ! mount -t tmpfs -o size=64m tmpfs "$MNT"; then
	t_skip "$T: queue space" "cannot mount a tmpfs here"
	exit 0
fi
cp -a "$(t_queue $N)/." "$MNT/"
postconf -c "$(t_etc $N)" -e "queue_directory = $MNT"
t_start $N
t_check $T "start on a 64 MB queue filesystem" 0 "$T_RC"
mon
t_check $T "64 MB free: recurring monitor" 0 "$T_RC"
dd if=/dev/zero of="$MNT/filler" bs=1M count=40 status=none
mon
t_check $T "24 MB free: recurring monitor" 190 "$T_RC"
t_check_reason $T "24 MB free: the reason says the numbers" \
	"^degraded: queue filesystem 2[0-9]\\.[0-9] MB free, below 30\\.7 MB$"
logged "24 MB free: the log says what smtpd requires, and the fix" \
	"queue $MNT: 2[0-9]\\.[0-9] MB free on its filesystem, below 30\\.7 MB \\(twice what smtpd requires: 1\\.5 x message_size_limit 10240000\\); smtpd refuses mail below 15\\.4 MB; free space there or grow the filesystem"
t_check $T "24 MB free: smtpd still accepts mail" accepted "$(t_smtp_result $A $P)"
t_probe $N
t_check $T "24 MB free: probe" 0 "$T_RC"
mon OCF_RESKEY_degraded_checks="config_reload,systemd"
t_check $T "24 MB free, degraded_checks without queue_space" 0 "$T_RC"
rm -f "$MNT/filler"
mon
t_check $T "space freed: recurring monitor" 0 "$T_RC"
t_stop $N
t_check $T "stop" 0 "$T_RC"
