#!/bin/bash
# t_hostile_cache.sh - the postconf -d cache in $HA_RSCTMP is trusted only
# when it is intact, root's and not writable by others; a corrupt,
# truncated, foreign or planted cache changes nothing, and a missing or
# unwritable HA_RSCTMP only means working without a cache.
#
# pf_conf_dump (tests/tools) loads a configuration exactly as the agent
# does and prints the resolved values; mail_owner is not set in the test
# main.cf, so its value comes from the defaults (cache or postconf -d).
. "$(dirname "$0")/lib.sh"
T=hostile_cache
D=$T_ROOT/$T
DUMP=$T_TOOLS_BUILD/pf_conf_dump
RS=$D/rsctmp
CACHE=""			# $RS/pfkit-postconf-d.<hash of postconf path>.cache

rm -rf "$D"
mkdir -p "$D/etc" "$RS"
printf '%s\n' "compatibility_level = 3.6" "inet_interfaces = 127.0.0.73" \
	"inet_protocols = ipv4" "queue_directory = $D/queue" >"$D/etc/main.cf"
cp /etc/postfix/master.cf "$D/etc/master.cf"

# dump VAR=value... - pf_conf_dump with that environment; sets T_RC, T_OUT
dump() {
	T_OUT=$(env "$@" timeout 30 "$DUMP" "$D/etc" 2>"$D/err")
	T_RC=$?
	T_ERR=$(cat "$D/err")
}
owner() { printf '%s\n' "$T_OUT" | sed -n 's/^mail_owner = //p'; }
# sig FILE - what a cache holds, minus what differs between two postconf
# runs (process_id is postconf's own pid, and the length follows it;
# mynetworks lists the addresses on lo, which scripts running at the same
# time add and remove)
sig() { grep -v -e '^process_id = ' -e '^length ' -e '^mynetworks = ' "$1" 2>/dev/null | md5sum | cut -d' ' -f1; }

dump HA_RSCTMP="$RS"
caches=("$RS"/pfkit-postconf-d.*.cache)
[ -e "${caches[0]}" ] && CACHE=${caches[0]}
t_check "$T" "first run: one cache file" yes "$([ -n "$CACHE" ] && echo yes || echo no)"
t_check "$T" "first run: exit" 0 "$T_RC"
t_check "$T" "first run: mail_owner from postconf -d" postfix "$(owner)"
t_check "$T" "cache written, root's, mode 600" "0 600" "$(stat -c '%u %a' "$CACHE" 2>/dev/null)"
good=$(cat "$CACHE")
good_sig=$(sig "$CACHE")

# corrupt: random bytes in place of the cache
head -c 8192 /dev/urandom >"$CACHE"
dump HA_RSCTMP="$RS"
t_check "$T" "corrupt cache: exit" 0 "$T_RC"
t_check "$T" "corrupt cache: value from postconf -d" postfix "$(owner)"
t_check "$T" "corrupt cache: rewritten" "$good_sig" "$(sig "$CACHE")"

# truncated: the first half only, and an empty file
printf '%s' "$good" | head -c $((${#good} / 2)) >"$CACHE"
dump HA_RSCTMP="$RS"
t_check "$T" "truncated cache: exit" 0 "$T_RC"
t_check "$T" "truncated cache: value from postconf -d" postfix "$(owner)"
t_check "$T" "truncated cache: rewritten" "$good_sig" "$(sig "$CACHE")"
: >"$CACHE"
dump HA_RSCTMP="$RS"
t_check "$T" "empty cache: value from postconf -d" postfix "$(owner)"

# planted: a well-formed cache whose mail_owner default is "nobody1"
# (same length, so header and trailer still match)
planted=${good/$'\nmail_owner = postfix\n'/$'\nmail_owner = nobody1\n'}
if [ "$planted" = "$good" ]; then
	t_fail "$T: could not plant a value (mail_owner line not in the cache)"
fi
plant() { printf '%s\n' "$planted" >"$CACHE"; chmod "$1" "$CACHE"; chown "$2" "$CACHE"; }

plant 600 nobody
dump HA_RSCTMP="$RS"
t_check "$T" "cache owned by nobody: ignored" postfix "$(owner)"
t_check "$T" "cache owned by nobody: replaced by root's" "0 $good_sig" "$(stat -c %u "$CACHE") $(sig "$CACHE")"
plant 666 root
dump HA_RSCTMP="$RS"
t_check "$T" "world-writable cache: ignored" postfix "$(owner)"
plant 620 root
dump HA_RSCTMP="$RS"
t_check "$T" "group-writable cache: ignored" postfix "$(owner)"
# control: the same planted file, root's and 0600, IS used; so the two
# checks above really prove that ownership and mode are what kept it out
plant 600 root
dump HA_RSCTMP="$RS"
t_check "$T" "root's 0600 cache: trusted (control)" nobody1 "$(owner)"

# a symlink in place of the cache is neither followed nor written through
printf 'untouched\n' >"$D/target"
rm -f "$CACHE"
ln -s "$D/target" "$CACHE"
dump HA_RSCTMP="$RS"
t_check "$T" "symlinked cache: value from postconf -d" postfix "$(owner)"
t_check "$T" "symlinked cache: target untouched" untouched "$(cat "$D/target")"
rm -f "$CACHE"

# HA_RSCTMP missing (pf_conf creates it, one level, as resource-agents
# would at boot), its parent missing too, a regular file, read-only,
# hostile
dump HA_RSCTMP="$D/does-not-exist"
t_check "$T" "HA_RSCTMP missing: exit" 0 "$T_RC"
t_check "$T" "HA_RSCTMP missing: value" postfix "$(owner)"
t_check "$T" "HA_RSCTMP missing: created root's, not writable by others" "0 755" \
	"$(stat -c '%u %a' "$D/does-not-exist" 2>/dev/null)"
dump HA_RSCTMP="$D/no-parent/rsctmp"
t_check "$T" "HA_RSCTMP and its parent missing: exit" 0 "$T_RC"
t_check "$T" "HA_RSCTMP and its parent missing: value" postfix "$(owner)"
t_check "$T" "HA_RSCTMP and its parent missing: nothing created" no \
	"$([ -e "$D/no-parent" ] && echo yes || echo no)"
printf 'x\n' >"$D/afile"
dump HA_RSCTMP="$D/afile"
t_check "$T" "HA_RSCTMP a regular file: exit" 0 "$T_RC"
t_check "$T" "HA_RSCTMP a regular file: file untouched" x "$(cat "$D/afile")"
mkdir -p "$D/ro"
if mount -t tmpfs -o ro,size=1m pfkit-harden-ro "$D/ro" 2>/dev/null; then
	dump HA_RSCTMP="$D/ro"
	t_check "$T" "HA_RSCTMP read-only: exit" 0 "$T_RC"
	t_check "$T" "HA_RSCTMP read-only: value" postfix "$(owner)"
	umount "$D/ro"
else
	t_skip "$T" "HA_RSCTMP read-only: cannot mount a read-only tmpfs here"
fi
pwned=$T_ROOT/$T-pwned	# this script's own: others run at once
rm -f "$pwned"
dump HA_RSCTMP="\$(touch $pwned)"
t_no_crash "$T" "HA_RSCTMP \$(touch ...): no crash" "$T_RC"
t_check "$T" "HA_RSCTMP \$(touch ...): $pwned never appears" no "$([ -e "$pwned" ] && echo yes || echo no)"
dump -u HA_RSCTMP
t_check "$T" "HA_RSCTMP unset: exit" 0 "$T_RC"

rm -rf "$D"
