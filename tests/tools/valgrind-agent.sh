#!/bin/sh
# valgrind-agent.sh - run the agent under valgrind memcheck, for the
# integration tests: AGENT=tests/tools/valgrind-agent.sh tests/integration/run.sh
#
# Each run writes $VG_LOGDIR/vg.<pid>.log (default $T_ROOT/valgrind, or
# /tmp/pfkit-valgrind). A memcheck error, or a definite or indirect leak,
# makes the agent exit 99, so that the test that ran it fails; the logs
# name the error. Child processes (postfix, postconf) are not traced.
here=$(cd "$(dirname "$0")" && pwd)
agent=${VG_AGENT:-${top_builddir:-$here/../..}/agents/ocf-postfix}
logdir=${VG_LOGDIR:-${T_ROOT:-/tmp/pfkit-valgrind}/valgrind}
mkdir -p "$logdir"
exec valgrind --tool=memcheck --quiet --error-exitcode=99 \
	--leak-check=full --errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect --track-origins=yes \
	--trace-children=no --log-file="$logdir/vg.%p.log" \
	"$agent" "$@"
