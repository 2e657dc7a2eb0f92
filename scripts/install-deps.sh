#!/bin/sh
# install-deps.sh - install every build, test and demo dependency of pfkit
# from the running Debian release's packages (Debian 12 "bookworm" and
# Debian 13 "trixie"), non-interactively, as root.
#
# No version number is written here: a package whose name carries one (the
# compiler runtime of clang's major version) is found by asking apt what
# this release's clang depends on, and a package that a release renamed or
# split is named by its alternatives, the first one apt knows being taken.
#
# Postfix asks debconf questions on install; preseed them so the install
# never waits for a dialog. Services are not started: this machine kind has
# no systemd, and the tests start what they need themselves.
set -eu

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: must run as root" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive

# pf_known PKG - apt knows a package of that name with a candidate version
pf_known() {
	apt-cache policy "$1" 2>/dev/null | grep -q '^  Candidate: [^(]'
}

# pf_first PKG... - the first of these names apt can install
pf_first() {
	for p in "$@"; do
		if pf_known "$p"; then
			echo "$p"
			return 0
		fi
	done
	echo "install-deps.sh: none of these packages is known to apt: $*" >&2
	return 1
}

# pf_clang_major - the major version of the clang this release installs,
# read from the versioned clang-N package that "clang" depends on
pf_clang_major() {
	apt-cache depends clang 2>/dev/null \
		| sed -n 's/^ *Depends: clang-\([0-9][0-9]*\)$/\1/p' | head -n 1
}

echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
echo "postfix postfix/mailname string pfkit.invalid" | debconf-set-selections

# policy-rc.d keeps maintainer scripts from starting daemons during install
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi

# Offline (a root entered without network, as scripts/ci-trixie.sh runs
# the suite), the package lists already here do: everything is installed
if ! apt-get update -qq; then
	if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
		echo "install-deps.sh: apt-get update failed and there are no package lists" >&2
		exit 1
	fi
	echo "install-deps.sh: apt-get update failed; using the package lists already here" >&2
fi

major=$(pf_clang_major)
if [ -z "$major" ]; then
	echo "install-deps.sh: cannot tell which clang this release installs (apt-cache depends clang)" >&2
	exit 1
fi
# the sanitizer and libFuzzer runtimes of that clang
clang_rt=$(pf_first "libclang-rt-$major-dev")
# resource-agents: the package of that name if this release has one, else
# the split-off base package. The tests need one fence agent, fence_ipmilan
# (the examples' stonith devices): its own package where the release split
# fence-agents (there "fence-agents" pulls every cloud SDK, about 1 GB),
# else fence-agents
ra=$(pf_first resource-agents resource-agents-base)
fence=$(pf_first fence-agents-ipmilan fence-agents)
# libsasl2-modules: what libsasl2-2 recommends, so every site has it; the
# stock submission services (smtpd_sasl_auth_enable=yes) die with "no
# SASL authentication mechanisms" without it. systemd: systemctl, with
# which the demo keeps postfix.service from starting Postfix at boot (a
# container's root, as CI's Debian 13 one, may lack it)
apt-get install -y -qq --no-install-recommends \
	build-essential autoconf automake libtool autoconf-archive pkg-config \
	libqb-dev libxml2-dev libxml2-utils libcmocka-dev libssl-dev \
	clang llvm "$clang_rt" cppcheck clang-tools shellcheck valgrind \
	postfix libsasl2-modules swaks procps iproute2 kmod psmisc util-linux e2fsprogs xfsprogs btrfs-progs \
	"$ra" pacemaker pacemaker-cli-utils corosync pcs crmsh "$fence" \
	man-db groff-base python3 debhelper dpkg-dev lintian debootstrap systemd >/dev/null

# pacemaker-remoted, for the remote node of tests/cluster/t_three_node.sh:
# Debian's pacemaker-remote package conflicts with pacemaker (installing it
# removes pacemakerd), so its daemon is unpacked from the package, not
# installed, into a directory of the tests' own
remoted_dir=/usr/local/libexec/pfkit-test
if [ ! -x "$remoted_dir/pacemaker-remoted" ] && pf_known pacemaker-remote; then
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	if (cd "$tmp" && apt-get download -qq pacemaker-remote >/dev/null 2>&1) &&
		dpkg-deb -x "$tmp"/pacemaker-remote_*.deb "$tmp/x"; then
		install -D -m 755 "$tmp/x/usr/sbin/pacemaker-remoted" "$remoted_dir/pacemaker-remoted"
	else
		echo "install-deps.sh: pacemaker-remote could not be unpacked (t_three_node.sh makes node3 a full node)" >&2
	fi
	rm -rf "$tmp"
fi
