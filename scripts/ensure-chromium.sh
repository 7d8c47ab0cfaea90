#!/usr/bin/env bash
# Make sure a Chromium for the browser tests exists; install Debian's package when it is missing.
# Idempotent and quiet: prints the browser's path on success, a reason on stderr and exit 1 otherwise.
# CHROMIUM=/path/to/chrome overrides the lookup.
set -euo pipefail

find_browser() {
  local c
  for c in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/lib/chromium/chromium /usr/bin/google-chrome; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
  done
  return 1
}

if find_browser; then exit 0; fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no chromium found and no apt-get to install it (set CHROMIUM=/path/to/chrome)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    echo "ensure-chromium: chromium is missing and installing it needs root (run: sudo apt-get install chromium)" >&2
    exit 1
  fi
fi

LOCK=/tmp/ensure-chromium.lock
exec 9>"$LOCK"
if command -v flock >/dev/null 2>&1; then flock -w 900 9 || true; fi
if find_browser; then exit 0; fi   # installed by a concurrent run while we waited

export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
if ! { $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends chromium >"$log" 2>&1 ||
       { $SUDO apt-get update -qq >>"$log" 2>&1 && $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends chromium >>"$log" 2>&1; }; }; then
  echo "ensure-chromium: apt-get install chromium failed:" >&2
  tail -n 15 "$log" >&2
  rm -f "$log"
  exit 1
fi
rm -f "$log"
# fonts for readable screenshots; optional
$SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends fonts-dejavu-core fonts-liberation >/dev/null 2>&1 || true
find_browser || { echo "ensure-chromium: chromium installed but not found on disk" >&2; exit 1; }
