#!/bin/sh
# sanitize-check.sh - build pfkit with AddressSanitizer and
# UndefinedBehaviorSanitizer in a separate directory and run make check
# there (tests/run-all.sh runs it, in CI too).
#
# usage: tests/sanitize-check.sh [BUILD_DIR]   (default: $TMPDIR/pfkit-san)
#
# The source tree may already be configured in place, which autotools
# refuses for a VPATH build; so the tracked and new (not ignored) files are
# copied into BUILD_DIR/src and built there. Without git (a tree copied
# out of its checkout, as scripts/ci-trixie.sh does), the whole tree is
# copied and its build products removed there with make distclean. Any sanitizer report fails the
# run: -fno-sanitize-recover=all makes UBSan fatal, and ASan stops at the
# first error with exit code 1.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-${TMPDIR:-/tmp}/pfkit-san}

rm -rf "$build"
mkdir -p "$build/src"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$src" && git ls-files -co --exclude-standard -z) |
		(cd "$src" && xargs -0 tar -cf - --no-recursion) | tar -xf - -C "$build/src"
	cd "$build/src"
else
	(cd "$src" && tar -cf - --exclude=./.git .) | tar -xf - -C "$build/src"
	cd "$build/src"
	if [ -f Makefile ]; then make distclean >/dev/null 2>&1 || true; fi
fi
autoreconf -fi >/dev/null
# clang: the same compiler as the fuzzers; gcc's ASan works as well
CC=${CC:-clang} ./configure -q --enable-sanitizers --enable-fatal-warnings
make -j"$(nproc)"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:halt_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	make -j"$(nproc)" check || {
	find . -name '*.log' -path './tests/*' -exec grep -l 'Sanitizer\|runtime error' {} + 2>/dev/null |
		while read -r f; do echo "== $f"; cat "$f"; done
	exit 1
}
# the cmocka cases skipped inside passing programs, for run-all.sh's count
grep -H -E '^\[  SKIPPED \] *[0-9]+ test' tests/unit/test_*.log || true
echo "sanitize-check: make check passed under ASan+UBSan ($build)"
