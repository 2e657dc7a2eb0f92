#!/bin/sh
# check-layers.sh - which code may know what: the floors of common/, as
# README's layout names them, held against every #include of the sources.
#
#   util      knows neither Postfix nor Pacemaker: includes only util
#   postfix   knows Postfix: util and postfix
#   pacemaker knows Pacemaker (the OCF environment, the answer table, the
#             CIB, node attributes): util and pacemaker
#   agents/   the agent: anything of common/; common/ never includes agents/
#
# One exception, named here so that it stays one: pf_conf_cache keeps the
# postconf -d cache where resource agents keep state ($HA_RSCTMP, read by
# pf_ocf_rsctmp()).
#
# Prints one line per include that climbs a floor or crosses to the other
# side, and exits 1 if there is any (make check runs it).
top=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top/common" || exit 1

util="pf_rc pf_name_code pf_clock pf_decimal pf_file pf_addr pf_proc pf_log
pf_spawn pf_buf pf_systemd"
postfix="pf_readlline pf_params pf_expand pf_master_ent pf_conf_cache pf_conf
pf_listen pf_ids pf_mount pf_master pf_qmgr pf_qstamp pf_accept pf_smtp pf_tls
pf_chroot pf_cert pf_qscan"
pacemaker="pf_ocf pf_answer pf_cib pf_attrd"
exceptions="pf_conf_cache:pf_ocf"

floor_of() {
	for m in $util; do [ "$m" = "$1" ] && { echo util; return; }; done
	for m in $postfix; do [ "$m" = "$1" ] && { echo postfix; return; }; done
	for m in $pacemaker; do [ "$m" = "$1" ] && { echo pacemaker; return; }; done
	echo unknown
}

# may FLOOR INCLUDED_FLOOR - may a module of FLOOR include one of the other
may() {
	case $1:$2 in
	util:util | postfix:util | postfix:postfix | pacemaker:util | pacemaker:pacemaker) return 0 ;;
	*) return 1 ;;
	esac
}

bad=0 n=0
for f in pf_*.c pf_*.h; do
	[ -e "$f" ] || continue
	mod=${f%.*}
	floor=$(floor_of "$mod")
	if [ "$floor" = unknown ]; then
		echo "common/$f: module $mod is on no floor: add it to tests/check-layers.sh"
		bad=1
		continue
	fi
	# shellcheck disable=SC2013 # words are wanted: one module name a line
	for inc in $(sed -n 's/^#include "\(pf_[a-z_]*\)\.h".*/\1/p' "$f"); do
		n=$((n + 1))
		[ "$inc" = "$mod" ] && continue
		case " $exceptions " in *" $mod:$inc "*) continue ;; esac
		ifloor=$(floor_of "$inc")
		if [ "$ifloor" = unknown ]; then
			echo "common/$f: includes $inc.h, which is not in common/ (agents/ are above every floor)"
			bad=1
		elif ! may "$floor" "$ifloor"; then
			echo "common/$f: a $floor module includes $inc.h ($ifloor)"
			bad=1
		fi
	done
done
[ "$n" -gt 0 ] || { echo "no include read: is $top/common the sources?"; exit 1; }
[ "$bad" -eq 0 ] && echo "layers: $n includes of common/, each within its floor"
exit $bad
