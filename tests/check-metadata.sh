#!/bin/sh
# check-metadata.sh - the meta-data must satisfy both validators Pacemaker's
# world uses: resource-agents' metadata.rng (RELAX NG) and the ra-api-1.dtd
# check that ocf-tester performs (xmllint --valid, run from the DTD's dir).
set -eu
agent=${top_builddir:-.}/agents/ocf-postfix
radir=/usr/share/resource-agents

if [ ! -r "$radir/metadata.rng" ] || [ ! -r "$radir/ra-api-1.dtd" ]; then
	echo "SKIP: resource-agents (metadata.rng, ra-api-1.dtd) not installed"
	exit 77
fi
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
"$agent" meta-data >"$tmp"
(cd "$radir" && xmllint --noout --relaxng metadata.rng - <"$tmp")
(cd "$radir" && xmllint --noout --valid - <"$tmp")
# Advertising any of these breaks Debian 12's tools or makes Pacemaker
# reload instead of restart on a parameter change.
for bad in reload-agent reloadable unique-group '<select' 'action name="reload"'; do
	if grep -q -- "$bad" "$tmp"; then
		echo "FAIL: meta-data contains $bad" >&2
		exit 1
	fi
done
echo "meta-data valid (metadata.rng and ra-api-1.dtd)"
