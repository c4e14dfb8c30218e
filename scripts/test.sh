#!/usr/bin/env bash
# Runs every test of Myna on a Debian machine, installing what the tests need when it is missing.
#
#   ./scripts/test.sh            # all tests
#   ./scripts/test.sh --filter X # passed on to `dotnet test`
#
# Needs: the .NET SDK of global.json and Debian's apt (as root, or with sudo). Installs, when missing:
# pcscd, vsmartcard-vpcd, opensc, pcsc-tools, openssl, fonts-ipaexfont, softhsm2. Starts pcscd (the PC/SC daemon,
# whose vpcd driver the emulated cards plug into) if it is not running, and stops it again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(pcscd vsmartcard-vpcd opensc pcsc-tools openssl fonts-ipaexfont libengine-pkcs11-openssl softhsm2)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "The .NET SDK (see global.json) is required: https://dot.net" >&2; exit 1; }

# pcscd reads /etc/reader.conf.d (the vpcd reader) only at start, so it starts after the packages.
started_pcscd=""
if ! pgrep -x pcscd >/dev/null; then
  echo "==> starting pcscd"
  as_root pcscd --foreground >"${TMPDIR:-/tmp}/myna-pcscd.log" 2>&1 &
  started_pcscd=$!
  for _ in $(seq 50); do [ -S /run/pcscd/pcscd.comm ] && break; sleep 0.1; done
fi
cleanup() { if [ -n "$started_pcscd" ]; then as_root kill "$started_pcscd" 2>/dev/null || true; fi; }
trap cleanup EXIT

echo "==> building"
dotnet build Myna.slnx -c Release -nologo -v quiet

echo "==> testing"
log=$(mktemp)
set +e
dotnet test Myna.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
