#!/bin/bash
# ci-deb.sh - the .deb as a user gets it, on this machine's Debian release
# (12 on CI) and on Debian 13: built with `dpkg-buildpackage -us -uc -b`
# from a copy of the tree, checked with lintian, installed with
# `apt-get install ./pfkit_*.deb` into a root where pfkit is absent, then
# used from where the package put it: `crm_resource --show-metadata
# ocf:pfkit:postfix`, and a probe, start, monitor and stop of a real
# Postfix instance by /usr/lib/ocf/resource.d/pfkit/postfix.
#
# The roots are throw-away overlays (scripts/lib-root.sh, ci_enter): this
# machine's / for its own release, with the files a `make install` left
# removed in the overlay first; scripts/ci-trixie.sh's cached root for
# Debian 13 (built first if missing). Each runs in its own mount, pid and
# network namespaces: nothing is installed on the host, and the test
# instance's address cannot collide with another test's.
#
# Output: "PASS deb <release>: ..." and "FAIL deb <release>: ..." lines,
# then "deb: N passed, N failed"; exit status 0 only when all passed. Logs
# in $PFKIT_DEB_LOGS (/var/tmp/pfkit-deb-logs).
# Usage: scripts/ci-deb.sh [host] [trixie]   (both when none is named)
#        scripts/ci-deb.sh --inside RELEASE  (the checks, run in the root)
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
logs=${PFKIT_DEB_LOGS:-/var/tmp/pfkit-deb-logs}

# deb_inside RELEASE - in a fresh root, the source tree being the current
# directory: build, lint, install and use the package
deb_inside() {
	local rel=$1 work=/tmp/pfkit-deb deb t
	export T_ROOT=/tmp/pfkit-deb-it T_RESULTS=/tmp/pfkit-deb-it/results
	mkdir -p "$T_ROOT" "$work/pfkit"
	: >"$T_RESULTS"
	pass() { echo "PASS deb $rel: $1 ($((SECONDS - t)) s)"; t=$SECONDS; }
	fail() { echo "FAIL deb $rel: $1 ($((SECONDS - t)) s)"; t=$SECONDS; }
	t=$SECONDS

	if dpkg -s pfkit >/dev/null 2>&1 || [ -e /usr/lib/ocf/resource.d/pfkit ]; then
		fail "pfkit absent from the root before the install"
		return
	fi
	tar --exclude=./.git -cf - . | tar -C "$work/pfkit" -xf -
	if (cd "$work/pfkit" && DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b) >/logs/"$rel"-build.log 2>&1; then
		deb=$(ls "$work"/pfkit_*.deb)
		pass "dpkg-buildpackage -us -uc -b built $(basename "$deb")"
	else
		tail -n 20 /logs/"$rel"-build.log
		fail "dpkg-buildpackage -us -uc -b (log: $rel-build.log)"
		return
	fi
	if lintian --fail-on error,warning "$work"/pfkit_*.changes >/logs/"$rel"-lintian.log 2>&1; then
		pass "lintian: no error, no warning"
	else
		sed 's/^/  /' /logs/"$rel"-lintian.log | head -n 20
		fail "lintian (log: $rel-lintian.log)"
	fi
	# the package's dependencies are on the root already (its network
	# namespace has no route out: apt could not download anything)
	if (cd "$work" && apt-get install -y -q "./$(basename "$deb")") \
		>/logs/"$rel"-install.log 2>&1 && dpkg -s pfkit >/dev/null 2>&1; then
		pass "apt-get install ./$(basename "$deb")"
	else
		tail -n 20 /logs/"$rel"-install.log
		fail "apt-get install ./$(basename "$deb") (log: $rel-install.log)"
		return
	fi
	AGENT=/usr/lib/ocf/resource.d/pfkit/postfix
	if [ "$(dpkg -S "$AGENT" 2>/dev/null)" = "pfkit: $AGENT" ] && [ -x "$AGENT" ]; then
		pass "the package installed $AGENT"
	else
		fail "the package installed $AGENT (dpkg -S: $(dpkg -S "$AGENT" 2>&1))"
		return
	fi
	if crm_resource --show-metadata ocf:pfkit:postfix >/logs/"$rel"-metadata.xml 2>&1 &&
		grep -q '<resource-agent name="postfix"' /logs/"$rel"-metadata.xml; then
		pass "crm_resource --show-metadata ocf:pfkit:postfix"
	else
		head -n 5 /logs/"$rel"-metadata.xml
		fail "crm_resource --show-metadata ocf:pfkit:postfix"
	fi

	# a real Postfix instance, run by the installed agent with the
	# environment Pacemaker gives it (tests/integration/lib.sh)
	export AGENT
	bash -c '
		. tests/integration/lib.sh
		T=deb N=deb A=127.0.0.2 P=2525
		t_instance_create $N $A $P
		trap "t_instance_destroy $N" EXIT
		t_probe $N
		t_check $T "probe of the stopped instance" 7 "$T_RC"
		t_start $N
		t_check $T "start" 0 "$T_RC"
		t_monitor $N
		t_check $T "monitor" 0 "$T_RC"
		t_check $T "the instance accepts mail" accepted "$(t_smtp_result $A $P)"
		t_stop $N
		t_check $T "stop" 0 "$T_RC"
		t_check $T "no process of the instance left" yes "$(t_no_pids $N && echo yes)"
		t_probe $N
		t_check $T "probe after the stop" 7 "$T_RC"
	' >/logs/"$rel"-instance.log 2>&1
	sed -e "s/^PASS deb: /PASS deb $rel: installed agent: /" \
		-e "s/^FAIL deb: /FAIL deb $rel: installed agent: /" "$T_RESULTS"
	grep -q '^PASS deb' "$T_RESULTS" || fail "installed agent: no check ran (log: $rel-instance.log)"
}

if [ "${1:-}" = --inside ]; then
	deb_inside "${2:-unknown}"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "ci-deb.sh: run as root (namespaces, overlays)" >&2
	exit 1
fi
# shellcheck source-path=SCRIPTDIR source=lib-root.sh
. "$top/scripts/lib-root.sh"
mkdir -p "$logs"
out=$logs/results
: >"$out"
releases=("$@")
[ ${#releases[@]} -gt 0 ] || releases=(host trixie)
# the tree to build: tracked and untracked files, not the build products
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z --cached --others --exclude-standard >"$logs/files.list"
else
	(cd "$top" && find . -path ./.git -prune -o -type f -print0) >"$logs/files.list"
fi
copy='tar -C /src --null -T /logs/files.list -cf - | tar -C /build -xf - && cd /build'
for rel in "${releases[@]}"; do
	t0=$(date +%s)
	case $rel in
	host)
		. /etc/os-release
		rel=debian${VERSION_ID:-}
		# what a `make install` of the tree put on this machine is
		# not the package's: removed in the overlay
		ci_enter / "
			ip link set lo up
			rm -rf /usr/lib/ocf/resource.d/pfkit /usr/local/share/man/man7/ocf_pfkit_postfix.7
			$copy && bash scripts/ci-deb.sh --inside $rel" 2>&1 | tee -a "$out"
		;;
	trixie)
		rel=debian13
		PFKIT_TRIXIE_LOGS=$logs "$top/scripts/ci-trixie.sh" --exec-src \
			"bash scripts/ci-deb.sh --inside debian13" 2>&1 | tee -a "$out"
		;;
	*)
		echo "ci-deb.sh: unknown release $rel (host or trixie)" >&2
		exit 1
		;;
	esac
	grep -q "^PASS deb $rel: apt-get install" "$out" ||
		echo "FAIL deb $rel: the package was not installed and used (logs in $logs)" | tee -a "$out"
	echo "deb $rel: took $(($(date +%s) - t0)) s"
done
pass=$(grep -c '^PASS deb' "$out")
fail=$(grep -c '^FAIL deb' "$out")
[ "$pass" -gt 0 ] || { echo "FAIL deb: no check ran"; fail=$((fail + 1)); }
echo "deb: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
