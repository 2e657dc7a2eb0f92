#!/bin/bash
# t_conf_cache.sh - reading a real instance's configuration runs postconf
# only when this Postfix's compiled-in defaults are not cached yet, or the
# postconf binary changed, or the cache cannot be trusted (truncated, not
# root's, writable by others); never because main.cf changed (that is read
# natively). postconf is a counting wrapper here, so every run is seen.
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"

T=t_conf_cache
DUMP=${top_builddir:-$here/../..}/tests/tools/pf_conf_dump
N=cache1
ADDR=127.0.0.25
BIN=$T_ROOT/$N-bin
CALLS=$T_ROOT/$N-calls
export HA_RSCTMP=$T_ROOT/$N-rsctmp

t_instance_create "$N" "$ADDR" 2525
ETC=$(t_etc "$N")
cleanup() {
	t_instance_destroy "$N"
	rm -rf "$BIN" "$CALLS" "$HA_RSCTMP"
}
trap cleanup EXIT
rm -rf "$HA_RSCTMP" "$BIN"
mkdir -p "$BIN"
: >"$CALLS"
cat >"$BIN/postconf" <<EOF
#!/bin/sh
echo "\$*" >>"$CALLS"
exec /usr/sbin/postconf "\$@"
EOF
chmod 755 "$BIN/postconf"

calls() { wc -l <"$CALLS" | tr -d ' '; }
# dump - load the instance; prints the resolved queue_directory
dump() { "$DUMP" -p "$BIN/postconf" "$ETC" 2>&1 | sed -n 's/^queue_directory = //p'; }

q=$(dump)
t_check $T "first load resolves" "$(postconf -c "$ETC" -h queue_directory)" "$q"
t_check $T "first load runs postconf -d once" 1 "$(calls)"
cache=$(ls "$HA_RSCTMP"/pfkit-postconf-d.*.cache 2>/dev/null)
t_check $T "cache written root-owned, mode 600" "root 600" "$(stat -c '%U %a' "$cache" 2>/dev/null)"
t_check $T "no temporary file left" 1 "$(find "$HA_RSCTMP" -type f | wc -l)"

dump >/dev/null
dump >/dev/null
t_check $T "warm cache: no process" 1 "$(calls)"

postconf -c "$ETC" -e "queue_directory = $T_ROOT/$N/queue2"
t_check $T "main.cf change seen at once" "$T_ROOT/$N/queue2" "$(dump)"
t_check $T "main.cf change: still no process" 1 "$(calls)"

touch -d '1 minute ago' "$BIN/postconf"
dump >/dev/null
t_check $T "postconf binary changed: recomputed" 2 "$(calls)"
dump >/dev/null
t_check $T "and cached again" 2 "$(calls)"

truncate -s 100 "$cache"
t_check $T "truncated cache: value still right" "$T_ROOT/$N/queue2" "$(dump)"
t_check $T "truncated cache: recomputed" 3 "$(calls)"

chown nobody "$cache"
dump >/dev/null
t_check $T "cache not owned by root: recomputed" 4 "$(calls)"

chmod 666 "$cache"
dump >/dev/null
t_check $T "cache writable by others: recomputed" 5 "$(calls)"

printf 'garbage\n' >"$cache"
dump >/dev/null
t_check $T "malformed cache: recomputed" 6 "$(calls)"
dump >/dev/null
t_check $T "rewritten cache trusted again" 6 "$(calls)"

rm -rf "$HA_RSCTMP"
: >"$HA_RSCTMP"
t_check $T "HA_RSCTMP unusable: still resolves" "$T_ROOT/$N/queue2" "$(dump)"
dump >/dev/null
t_check $T "HA_RSCTMP unusable: works without a cache" 8 "$(calls)"
rm -f "$HA_RSCTMP"
