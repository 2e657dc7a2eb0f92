#!/bin/bash
# t_pcs_validate.sh - pcs resource create runs the agent's validate-all
# (crm_resource --validate, no check level) on the node pcs runs on, before
# the resource exists anywhere. On a node where the instance's storage is
# not mounted (config and queue absent), the agent must let the resource be
# created without a word; a parameter that is wrong on every node (a
# relative config_dir, a "$(" in it) must still be refused. Runs pcs -f on
# a file CIB (no cluster needed), with the agent under test bound as
# ocf:pfkit:postfix in a private mount namespace.
here=$(cd "$(dirname "$0")" && pwd)
C_ID=pv
# shellcheck source-path=SCRIPTDIR source=../integration/lib.sh
. "$here/../integration/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lib-cluster.sh
. "$here/lib-cluster.sh"

T=pcs_validate

if [ "$(id -u)" -ne 0 ] || ! command -v pcs >/dev/null || ! command -v crm_resource >/dev/null; then
	t_skip "$T" "needs root, pcs and pacemaker-cli-utils"
	exit 0
fi
work=$T_ROOT/pcs-validate
rm -rf "$work"
mkdir -p "$work"
trap 'rm -rf "$work" "$T_ROOT/ocf-pfkit-$C_ID"' EXIT

# pcs 0.11 validates with the agent only when asked; 0.12 always does
agent_validation=()
pcs resource create --help 2>&1 | grep -q -- '--agent-validation' &&
	agent_validation=(--agent-validation)

# create NAME CONFIG_DIR - pcs -f resource create on an empty file CIB;
# sets out (pcs's output) and rc
create() {
	local cib=$work/$1.xml
	cibadmin --empty >"$cib" || return 1
	out=$(c_with_agent pcs -f "$cib" resource create "$1" ocf:pfkit:postfix \
		config_dir="$2" "${agent_validation[@]}" 2>&1)
	rc=$?
}

# present NAME - the resource is in its file CIB
present() {
	CIB_file=$work/$1.xml crm_resource --list-raw 2>/dev/null | grep -qx "$1"
}

# the storage is not mounted here: neither config_dir nor queue exists
create mta_unmounted "$work/not-mounted/etc/postfix"
t_check "$T" "config and queue not mounted here: pcs resource create" 0 "$rc"
t_check "$T" "config and queue not mounted here: resource in the CIB" yes \
	"$(present mta_unmounted && echo yes || echo no)"
t_check "$T" "config and queue not mounted here: no warning" "" \
	"$(printf '%s\n' "$out" | grep -i -E 'warning|error|validat|exit-reason')"

create mta_relative etc/postfix
t_check "$T" "relative config_dir: pcs refuses" yes "$([ "$rc" -ne 0 ] && echo yes || echo no)"
t_check "$T" "relative config_dir: resource not created" no \
	"$(present mta_relative && echo yes || echo no)"
t_check "$T" "relative config_dir: pcs shows the agent's reason" 1 \
	"$(printf '%s\n' "$out" | grep -c 'config_dir etc/postfix: not an absolute path')"

# shellcheck disable=SC2016 # the $( is the hostile value
create mta_subst "/etc/postfix\$(touch $work/pwned)"
t_check "$T" "config_dir with \$(: pcs refuses" yes "$([ "$rc" -ne 0 ] && echo yes || echo no)"
t_check "$T" "config_dir with \$(: resource not created" no \
	"$(present mta_subst && echo yes || echo no)"
t_check "$T" "config_dir with \$(: pcs shows the agent's reason" 1 \
	"$(printf '%s\n' "$out" | grep -c "character '\\$' is not allowed")"
t_check "$T" "config_dir with \$(: nothing ran it" no \
	"$([ -e "$work/pwned" ] && echo yes || echo no)"
