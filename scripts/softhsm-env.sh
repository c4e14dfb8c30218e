#!/usr/bin/env bash
# Makes a fresh SoftHSM2 token for Myna's PKCS#11 CA key store and prints the environment that finds it:
#
#   eval "$(scripts/softhsm-env.sh)"      # exports SOFTHSM2_CONF, MYNA_HSM_TOKEN_LABEL, MYNA_HSM_PIN
#
# Installs the Debian package softhsm2 when it is missing (as root, or with sudo). Each run creates a new
# token directory under $TMPDIR (SoftHSM's default, /var/lib/softhsm/tokens, is shared and keeps every
# object ever made), writes softhsm2.conf there and initialises one token in it. Only the export lines go
# to stdout; everything else goes to stderr.
#
# Overrides: MYNA_HSM_TOKEN_LABEL (default myna-test), MYNA_HSM_SO_PIN (87654321), MYNA_HSM_PIN (123456).
# These are test PINs for a throw-away token; never use them for a real HSM.
set -euo pipefail

label=${MYNA_HSM_TOKEN_LABEL:-myna-test}
so_pin=${MYNA_HSM_SO_PIN:-87654321}
pin=${MYNA_HSM_PIN:-123456}
library=/usr/lib/softhsm/libsofthsm2.so

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v softhsm2-util >/dev/null 2>&1 || [ ! -e "$library" ]; then
  echo "==> installing softhsm2" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq >&2
  as_root apt-get install -y -qq --no-install-recommends softhsm2 >&2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/myna-softhsm.XXXXXX")
mkdir -p "$dir/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n' \
  "$dir/tokens" > "$dir/softhsm2.conf"
SOFTHSM2_CONF="$dir/softhsm2.conf" softhsm2-util --init-token --free --label "$label" \
  --so-pin "$so_pin" --pin "$pin" >&2

printf 'export SOFTHSM2_CONF=%q\n' "$dir/softhsm2.conf"
printf 'export MYNA_HSM_TOKEN_LABEL=%q\n' "$label"
printf 'export MYNA_HSM_PIN=%q\n' "$pin"
