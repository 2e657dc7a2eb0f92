#!/bin/sh
# install-deps.sh - install every build, test and demo dependency of pfkit
# from Debian 12's packages, non-interactively, as root.
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

echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
echo "postfix postfix/mailname string pfkit.invalid" | debconf-set-selections

# policy-rc.d keeps maintainer scripts from starting daemons during install
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod 755 /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi

apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	build-essential autoconf automake libtool autoconf-archive pkg-config \
	libqb-dev libxml2-dev libxml2-utils libcmocka-dev libssl-dev \
	clang llvm libclang-rt-14-dev cppcheck clang-tools shellcheck valgrind \
	postfix swaks procps iproute2 kmod psmisc util-linux e2fsprogs xfsprogs btrfs-progs \
	resource-agents pacemaker pacemaker-cli-utils corosync pcs crmsh fence-agents \
	man-db groff-base python3 >/dev/null
