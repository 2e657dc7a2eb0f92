#!/bin/bash
# t_examples.sh - every configuration in crm-examples/ loads into a file CIB
# (CIB_file, no cluster needed) with its own shell, crm or pcs, and
# crm_verify accepts the result; the resources and constraints the example
# promises are there.
here=$(cd "$(dirname "$0")" && pwd)
C_ID="ex"
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

T=examples
ex=$here/../../crm-examples

if [ "$(id -u)" -ne 0 ] || ! command -v crm_verify >/dev/null; then
	t_skip "$T" "needs root and pacemaker-cli-utils"
	exit 0
fi
work=$T_ROOT/examples
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work" "$T_ROOT/ocf-pfkit-$C_ID"' EXIT

# attr_values XPATH CIB - values of the attributes XPATH selects, one line
attr_values() {
	xmllint --xpath "$1" "$2" 2>/dev/null | sed -n 's/.*="\(.*\)"/\1/p' |
		tr '\n' ' ' | sed 's/ $//'
}

# verify NAME CIB - crm_verify passes and the CIB holds what NAME promises
verify() {
	local name=$1 cib=$2 out ids want
	if out=$(crm_verify -V --xml-file "$cib" 2>&1); then t_pass "$T: $name: crm_verify passes"; else
		t_fail "$T: $name: crm_verify: $(printf '%s' "$out" | head -5)"
	fi
	ids=$(CIB_file=$cib crm_resource --list-raw 2>/dev/null | tr '\n' ' ')
	case $name in
	active-standby*) want="fs_queue fs_spool ip_mail mta" ;;
	*) want="fs_mail1 ip_mail1 mta1 fs_mail2 ip_mail2 mta2" ;;
	esac
	local r missing=""
	for r in $want fence_node1 fence_node2; do
		case " $ids " in *" $r "*) ;; *) missing="$missing $r" ;; esac
	done
	t_check "$T" "$name: resources present" "" "$missing"
	# the group keeps the order storage, address, Postfix
	case $name in
	active-standby*)
		t_check "$T" "$name: group order" "fs_queue fs_spool ip_mail mta" \
			"$(attr_values '//group[@id="g_mail"]/primitive/@id' "$cib")"
		t_check "$T" "$name: mta is ocf:pfkit:postfix with a depth-10 monitor" 1 \
			"$(xmllint --xpath 'count(//primitive[@id="mta"][@provider="pfkit"][@type="postfix"]//op[@name="monitor"]//nvpair[@name="OCF_CHECK_LEVEL"][@value="10"])' "$cib")"
		;;
	*)
		t_check "$T" "$name: each instance prefers its node" 2 \
			"$(xmllint --xpath 'count(//rsc_location[(@rsc="g_mail1" and @node="node1") or (@rsc="g_mail2" and @node="node2")])' "$cib")"
		t_check "$T" "$name: two config_dir values" "/etc/postfix /etc/postfix2" \
			"$(attr_values '//primitive[@type="postfix"]//nvpair[@name="config_dir"]/@value' "$cib")"
		;;
	esac
}

# empty_cib FILE - an empty CIB of a quorate cluster whose nodes node1 and
# node2 are online (as the examples expect; crm_simulate writes the status)
empty_cib() {
	cibadmin --empty >"$1" &&
		CIB_file=$1 cibadmin --create -o nodes -X '<node id="1" uname="node1"/>' &&
		CIB_file=$1 cibadmin --create -o nodes -X '<node id="2" uname="node2"/>' &&
		crm_simulate --xml-file "$1" --quorum=1 --node-up node1 --node-up node2 \
			--save-output "$1.new" >/dev/null 2>&1 && mv "$1.new" "$1"
}

for f in "$ex"/*.crm; do
	name=$(basename "$f")
	cib=$work/$name.xml
	empty_cib "$cib"
	out=$(CIB_file=$cib c_with_agent crm configure load update "$f" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && ! printf '%s' "$out" | grep -qi 'error'; then
		t_pass "$T: $name: crm configure load update"
	else
		t_fail "$T: $name: crm configure load update (rc $rc): $(printf '%s' "$out" | head -5)"
	fi
	verify "$name" "$cib"
done

for f in "$ex"/*.pcs.sh; do
	name=$(basename "$f")
	cib=$work/$name.xml
	empty_cib "$cib"
	out=$(c_with_agent sh "$f" -f "$cib" 2>&1)
	rc=$?
	# pcs 0.12 warns where 0.11 was silent: node existence not checked
	# with -f, deprecated syntax, and the validate-all output of the other
	# agents (IPaddr2 and Filesystem check this node's nic and device; the
	# agent under test says nothing there: t_pcs_validate). Only pcs's
	# errors fail the example.
	if [ $rc -eq 0 ] && ! printf '%s\n' "$out" | grep -q '^Error'; then
		t_pass "$T: $name: pcs -f builds the CIB ($(printf '%s\n' "$out" | grep -c 'Warning:') pcs warnings)"
	else
		t_fail "$T: $name: pcs -f (rc $rc): $(printf '%s\n' "$out" | grep -m 5 -E '^Error|rror')"
	fi
	verify "$name" "$cib"
done
