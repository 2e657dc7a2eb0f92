#!/bin/sh
# check-man.sh - ocf_pfkit_postfix(7), generated from the meta-data, renders
# without a single groff or man warning, has resource-agents' sections, and
# documents every parameter and action the agent's meta-data announces.
set -eu
page=${top_builddir:-.}/man/ocf_pfkit_postfix.7
agent=${top_builddir:-.}/agents/ocf-postfix

if ! command -v groff >/dev/null 2>&1; then
	echo "SKIP: groff not installed"
	exit 77
fi
fail=0
warn=$(groff -man -ww -z "$page" 2>&1)
if [ -n "$warn" ]; then
	echo "FAIL: groff -man -ww: $warn" >&2
	fail=1
fi
if command -v man >/dev/null 2>&1; then
	warn=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings=all -l "$page" 2>&1 >/dev/null)
	if [ -n "$warn" ]; then
		echo "FAIL: man --warnings -l: $warn" >&2
		fail=1
	fi
fi
for s in NAME SYNOPSIS DESCRIPTION "SUPPORTED PARAMETERS" "SUPPORTED ACTIONS" \
	"EXIT CODES" "EXAMPLE CRM SHELL" "EXAMPLE PCS" "SEE ALSO"; do
	grep -q "^\.SH \"$s\"" "$page" || { echo "FAIL: section $s missing" >&2; fail=1; }
done
md=$("$agent" meta-data)
for p in $(printf '%s\n' "$md" | sed -n 's/.*<parameter name="\([^"]*\)".*/\1/p'); do
	grep -qF "\\fB$(printf '%s' "$p" | sed 's/-/\\-/g')\\fR" "$page" ||
		{ echo "FAIL: parameter $p not documented" >&2; fail=1; }
done
for a in $(printf '%s\n' "$md" | sed -n 's/.*<action name="\([^"]*\)".*/\1/p' | sort -u); do
	grep -qF "\\fB$(printf '%s' "$a" | sed 's/-/\\-/g')" "$page" ||
		{ echo "FAIL: action $a not documented" >&2; fail=1; }
done
[ $fail -eq 0 ] && echo "man page renders cleanly and documents every parameter and action"
exit $fail
