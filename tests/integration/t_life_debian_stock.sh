#!/bin/bash
# t_life_debian_stock.sh - Debian's stock main.cf (main.cf.debian and
# main.cf.tls, as postinst assembles them) and master.cf (smtpd with
# chroot = y), edited only where the test needs it (paths, address, port,
# no outbound mail). start runs /usr/lib/postfix/configure-instance.sh
# before postfix start, as Debian's postfix.service does: the chroot under
# the (shared) queue directory then holds this node's files, not those a
# former node left there. configure_instance=false leaves them alone.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
T=life_debian_stock N=ldebian A=127.0.132.30 P=2525
SCRIPT=/usr/lib/postfix/configure-instance.sh
if [ ! -x $SCRIPT ] || [ ! -r /usr/share/postfix/main.cf.debian ]; then
	t_skip "$T" "$SCRIPT or /usr/share/postfix/main.cf.debian absent (not Debian's postfix)"
	exit 0
fi
t_setup $N $A $P
d=$T_ROOT/$N q=$(t_queue $N) etc=$(t_etc $N)

cat /usr/share/postfix/main.cf.debian /usr/share/postfix/main.cf.tls >"$etc/main.cf"
postconf -c "$etc" -e "queue_directory = $q" "data_directory = $d/data" \
	"inet_interfaces = $A" "inet_protocols = ipv4" \
	"myhostname = $N.pfkit.invalid" "mydestination =" \
	"mynetworks = 127.0.0.0/8" "relay_domains = pfkit.invalid" \
	"defer_transports = relay smtp local virtual" \
	"maillog_file = $d/maillog" "maillog_file_prefixes = /tmp, /var" \
	"smtputf8_enable = no"
sed -e "s/^smtp      inet/$P inet/" /usr/share/postfix/master.cf.dist >"$etc/master.cf"
t_check $T "stock master.cf runs smtpd chrooted" y \
	"$(postconf -c "$etc" -Fh "$P/inet/chroot")"

stale() {
	mkdir -p "$q/etc"
	echo "# left by another node" >"$q/etc/services"
}
stale
t_start $N
t_check $T "start" 0 "$T_RC"
t_check $T "chroot's etc/services is this node's" 0 "$(cmp -s /etc/services "$q/etc/services"; echo $?)"
t_check $T "chroot's etc/hosts is this node's" 0 "$(cmp -s /etc/hosts "$q/etc/hosts"; echo $?)"
t_answers $T $N 0 0
t_check $T "ground truth: chrooted smtpd accepts mail" accepted "$(t_smtp_result $A $P)"
t_stop $N
t_check $T "stop" 0 "$T_RC"
t_check $T "nothing left" "" "$(t_instance_pids $N)"

stale
t_start $N OCF_RESKEY_configure_instance=false
t_check $T "configure_instance=false: start" 0 "$T_RC"
t_check $T "configure_instance=false: chroot left alone" "# left by another node" "$(cat "$q/etc/services")"
t_stop $N
t_check $T "configure_instance=false: stop" 0 "$T_RC"
t_check $T "nothing left at the end" "" "$(t_instance_pids $N)"
