#!/usr/bin/env bash
# Prepares the PC/SC interop environment of tests/Myna.Interop.Tests (docs/card-interface.md §5, §8; docs/reader.md §3):
#   Debian packages pcscd, vsmartcard-vpcd, opensc, openssl (+ pcsc-tools, libengine-pkcs11-openssl for manual use),
#   then a pcscd that has read /etc/reader.conf.d/vpcd (it reads it only at start).
# Usage: scripts/interop-env.sh [start|stop|status]   (start is the default; needs root for apt and pcscd)
set -euo pipefail

PACKAGES=(pcscd vsmartcard-vpcd opensc openssl pcsc-tools libengine-pkcs11-openssl)
LOG=${PCSCD_LOG:-/tmp/myna-pcscd.log}
PIDFILE=${PCSCD_PIDFILE:-/tmp/myna-pcscd.pid}

missing() {
  local p out=()
  for p in "${PACKAGES[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || out+=("$p"); done
  echo "${out[@]:-}"
}

running() { pgrep -x pcscd >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    m=$(missing)
    if [ -n "$m" ]; then
      echo "installing: $m"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $m >/dev/null
    fi
    if ! running; then
      pcscd --foreground >"$LOG" 2>&1 &
      echo $! >"$PIDFILE"
      echo "pcscd started (pid $!, log $LOG)"
    fi
    for _ in $(seq 1 50); do
      if [ -S /run/pcscd/pcscd.comm ]; then break; fi
      sleep 0.2
    done
    [ -S /run/pcscd/pcscd.comm ] || { echo "pcscd did not come up; see $LOG" >&2; exit 1; }
    echo "pcscd is running; readers appear as 'Virtual PCD 00 00' / 'Virtual PCD 00 01'"
    ;;
  stop)
    # Only the pcscd this script started (its pid file); a system-managed pcscd is left alone.
    if [ -f "$PIDFILE" ]; then
      pid=$(cat "$PIDFILE"); rm -f "$PIDFILE"
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      echo "pcscd stopped"
    fi
    ;;
  status)
    running && echo "pcscd running" || echo "pcscd not running"
    echo "missing packages: $(missing)"
    ;;
  *) echo "usage: $0 [start|stop|status]" >&2; exit 2 ;;
esac
