#!/bin/bash
# shellcheck disable=SC2034 # AGENT: read by lib.sh's t_agent
# lib_stock.sh - Debian's stock configuration and network namespaces, for
# the tests of the configurations real sites run (sourced after lib.sh).
#
#   t_stock_create NAME ADDR       config from Debian's stock files
#                                  (main.cf.debian + main.cf.tls +
#                                  what postinst writes, master.cf.dist),
#                                  edited only for the test's own queue,
#                                  data directory, log file, address and
#                                  certificate; chroot off (the chroot
#                                  copy is another test's matter)
#   t_netns_up NS [v6off]          a network namespace with lo up; v6off:
#                                  disable_ipv6 set on all, default, lo
#                                  before lo comes up (no ::1)
#   t_netns_agent NS               AGENT becomes a wrapper that runs the
#                                  agent in NS
#   t_netns_down NS                delete it (after the instances are gone)
#   t_listening NS                 "addr:port" lines Postfix listens on in NS

# t_stock_create NAME ADDR - a stopped instance from Debian's stock files.
# The settings are made as Debian's postinst makes them, with postconf -e
# (each replaces the line it names), not appended: Debian 13's
# main.cf.debian sets mynetworks, mydestination, alias_maps... itself, and
# a second, different line for one of them makes every Postfix program
# warn "overriding earlier entry" as it reads main.cf. With maillog_file
# those warnings go to the postlog socket, postlogd's own among them
# (written before it serves the socket): when postlogd starts (postfix
# start, reload) while the other daemons write theirs, a socket of
# net.unix.max_dgram_qlen 10 (a new network namespace's) is full, postlogd
# blocks writing to itself, and every Postfix command blocks behind it.
# The instance's main.cf is checked to read without a warning.
t_stock_create() {
	local name=$1 addr=$2 d=$T_ROOT/$1 warn
	t_instance_dirs "$name"
	mkdir -p "$d/tls"
	t_self_signed "$d/tls"
	cat /usr/share/postfix/main.cf.debian /usr/share/postfix/main.cf.tls >"$d/etc/main.cf"
	# what Debian's postinst writes for an "Internet Site", then the
	# test's own instance
	postconf -c "$d/etc" -e "myhostname = $name.pfkit.invalid" \
		"alias_maps = hash:/etc/aliases" \
		"alias_database = hash:/etc/aliases" \
		"mydestination = \$myhostname, localhost" \
		"relayhost =" \
		"mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128" \
		"mailbox_size_limit = 0" "recipient_delimiter = +" \
		"inet_interfaces = all" "inet_protocols = all" \
		"queue_directory = $d/queue" "data_directory = $d/data" \
		"maillog_file = $d/maillog" "maillog_file_prefixes = /tmp, /var" \
		"defer_transports = relay smtp local virtual" \
		"smtpd_tls_cert_file = $d/tls/cert.pem" \
		"smtpd_tls_key_file = $d/tls/key.pem"
	[ "$addr" = all ] || postconf -c "$d/etc" -e "inet_interfaces = $addr"
	cp /usr/share/postfix/master.cf.dist "$d/etc/master.cf"
	postconf -c "$d/etc" -F '*/*/chroot = n'
	warn=$(postconf -c "$d/etc" -n 2>&1 >/dev/null)
	[ -z "$warn" ] || t_fail "t_stock_create $name: main.cf reads with warnings: $(printf '%s' "$warn" | head -n 3 | tr '\n' ' ')"
	t_default_main_cf_add "$d/etc"
}

# t_netns_up NS [v6off] - a namespace of the test's own, lo up
t_netns_up() {
	local ns=$1
	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" || return 1
	if [ "${2:-}" = v6off ]; then
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 \
			net.ipv6.conf.lo.disable_ipv6=1
	fi
	ip netns exec "$ns" ip link set lo up
}

t_netns_down() { ip netns del "$1" 2>/dev/null || true; }

# t_netns_agent NS - AGENT becomes a wrapper that runs the agent in NS
t_netns_agent() {
	local ns=$1 w=$T_ROOT/agent-in-$1
	T_AGENT_HOST=${T_AGENT_HOST:-$AGENT}
	printf '#!/bin/sh\nexec ip netns exec %s %s "$@"\n' "$ns" "$T_AGENT_HOST" >"$w"
	chmod 755 "$w"
	AGENT=$w
}

# t_listening NS - the TCP addresses listening in NS, sorted
t_listening() {
	ip netns exec "$1" ss -Hltn | awk '{print $4}' | sort | tr '\n' ' ' | sed 's/ $//'
}
