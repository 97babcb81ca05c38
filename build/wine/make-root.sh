#!/usr/bin/env bash
# Make, once per machine, the Debian 13 (trixie) root in which CI runs the shipped Windows executable under Wine 10
# (Debian 12's Wine 8.0 aborts Node >= 24 at start; build/runtime.md). Debian packages only:
#   debootstrap --variant=minbase trixie  +  apt-get install wine wine64 (inside the root)
# then a Wine prefix reporting Windows 10, made once inside the root. Everything lives outside the clone
# (default $HOME/.cache/distill/wine-trixie-<ROOT_VERSION>), so CI reuses it across runs and clean clones.
# Needs root (debootstrap, chroot, mount namespaces) and Debian's debootstrap; prints the root's path on stdout.
#
# Environment: DISTILL_WINE_ROOT (where), DEBIAN_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail

ROOT_VERSION=1   # bump when the recipe below changes: a new directory is made, the old one is left alone
ROOT="${DISTILL_WINE_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/distill/wine-trixie-$ROOT_VERSION}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
STAMP="$ROOT/.distill-ready"

if [[ -f "$STAMP" ]]; then echo "$ROOT"; exit 0; fi
if [[ "$(id -u)" != 0 ]]; then
  echo "build/wine/make-root.sh: must run as root (debootstrap, chroot): sudo $0" >&2; exit 1
fi
command -v debootstrap >/dev/null || { echo "build/wine/make-root.sh: debootstrap is missing: apt-get install -y debootstrap" >&2; exit 1; }
command -v unshare >/dev/null || { echo "build/wine/make-root.sh: unshare is missing: apt-get install -y util-linux" >&2; exit 1; }

log() { echo "wine-root: $*" >&2; }
started=$SECONDS
tmp="$ROOT.partial"
# A previous attempt may have left a partial root; its mounts were private to a namespace that is gone, so a plain
# rm cannot reach the host's /dev or /proc (--one-file-system as a second guard).
rm -rf --one-file-system "$tmp"
mkdir -p "$tmp"

log "debootstrap --variant=minbase trixie ($MIRROR)"
debootstrap --variant=minbase trixie "$tmp" "$MIRROR" >"$tmp.log" 2>&1 || { tail -20 "$tmp.log" >&2; exit 1; }
log "debootstrap took $((SECONDS - started)) s"

# Inside a private mount namespace: /proc and /dev mounted for apt and Wine, gone when the command ends.
in_root() {
  unshare --mount --propagation private -- sh -c '
    r="$1"; shift
    mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" && cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null
    exec chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"' sh "$tmp" "$@"
}

t=$SECONDS
log "apt-get install wine wine64 (inside the root)"
in_root sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine wine64 >/dev/null && apt-get clean' \
  >>"$tmp.log" 2>&1 || { tail -20 "$tmp.log" >&2; exit 1; }
log "wine install took $((SECONDS - t)) s: $(in_root wine --version)"

t=$SECONDS
log "Wine prefix (Windows 10)"
in_root sh -c 'export WINEPREFIX=/root/prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="; wine wineboot --init && wine winecfg -v win10 && wineserver -w' \
  >>"$tmp.log" 2>&1 || { tail -20 "$tmp.log" >&2; exit 1; }
log "prefix took $((SECONDS - t)) s"

mkdir -p "$tmp/work"
touch "$tmp/.distill-ready"
rm -rf --one-file-system "$ROOT"
mv "$tmp" "$ROOT"
mv "$tmp.log" "$ROOT.log"
log "ready in $((SECONDS - started)) s: $ROOT"
echo "$ROOT"
