#!/usr/bin/env bash
# Runs every test of Myna on a Debian machine, installing what the tests need when it is missing.
#
#   ./scripts/test.sh            # all tests
#   ./scripts/test.sh --filter X # passed on to `dotnet test` (and no fuzzing)
#
# After the tests, without a filter, a short fuzzing run of every target (scripts/fuzz.sh, docs/fuzzing.md):
# MYNA_FUZZ_SECONDS per target (default 10; 0 skips it).
#
# Needs: the .NET SDK of global.json and Debian's apt (as root, or with sudo). Installs, when missing:
# pcscd, vsmartcard-vpcd, opensc, pcsc-tools, openssl, fonts-ipaexfont, softhsm2, postgresql, chromium (the browser tests' headless browser), zbar-tools, python3, poppler-utils, haproxy. Starts pcscd (the
# PC/SC daemon, whose vpcd driver the emulated cards plug into) if it is not running, and a throwaway PostgreSQL
# cluster for the storage tests (unless MYNA_TEST_POSTGRES is already set), and stops both again at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(pcscd vsmartcard-vpcd opensc pcsc-tools openssl fonts-ipaexfont libengine-pkcs11-openssl softhsm2 postgresql chromium)
# zbar-tools: zbarimg reads the card back's QR code in the browser tests (CardFacesTests)
APT_PACKAGES+=(zbar-tools)
# python3: runs the transparency log's independent verifier (tests/Myna.Transparency.Tests/Verifier/verify_log.py)
APT_PACKAGES+=(python3)
# poppler-utils: pdftotext, pdffonts, pdfinfo and pdftoppm read the certificates' PDFs back (Myna.Documents.Tests; zbarimg scans their QR code)
APT_PACKAGES+=(poppler-utils)
# haproxy: the reverse proxy in front of several servers on one database (Myna.Cluster.Tests, docs/operations.md)
APT_PACKAGES+=(haproxy)

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

# A throwaway PostgreSQL cluster for tests/Myna.Storage.Tests (docs/storage.md): its own data directory and
# socket under a temp dir, fsync off, a role with CREATEDB (each test class creates and drops its database).
# Port 55432, or the next free one: another checkout's test run may have a cluster up already, which is left alone.
pg_dir=""
start_postgres() {
  local bin port password out
  bin=$(postgres_bin)
  [ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found under /usr/lib/postgresql" >&2; return 1; }
  pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/myna-pg.XXXXXX")
  # Owned by postgres, mode 700: the socket inside (trust for the superuser) is nobody else's to use.
  as_root chown postgres: "$pg_dir"
  out=$(as_root runuser -u postgres -- "$bin/initdb" -D "$pg_dir/data" -U postgres -A trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 2>&1) || { echo "$out" >&2; return 1; }
  for port in $(seq 55432 55531); do
    # Something already listens there (another run's cluster): try the next port.
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    if as_root runuser -u postgres -- "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 30 \
         -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
         start >/dev/null; then
      password=$(openssl rand -hex 16)
      as_root runuser -u postgres -- "$bin/psql" -q -v ON_ERROR_STOP=1 -h "$pg_dir" -p "$port" -d postgres \
        -c "CREATE ROLE myna_test LOGIN CREATEDB PASSWORD '$password'" >/dev/null
      export MYNA_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Database=postgres;Username=myna_test;Password=$password"
      echo "==> PostgreSQL test cluster on port $port"
      return 0
    fi
    # Lost a race for the port to another run: try the next one.
  done
  echo "could not start the PostgreSQL test cluster:" >&2
  as_root tail -n 20 "$pg_dir/log" >&2 || true
  return 1
}
# Stops only the cluster this run started (by its data directory) and removes it.
stop_postgres() {
  [ -n "$pg_dir" ] || return 0
  as_root runuser -u postgres -- "$(postgres_bin)/pg_ctl" -D "$pg_dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  as_root rm -rf "$pg_dir"
}
postgres_bin() { { ls -d /usr/lib/postgresql/*/bin 2>/dev/null || true; } | sort -V | tail -n 1; }

cleanup() {
  if [ -n "$started_pcscd" ]; then as_root kill "$started_pcscd" 2>/dev/null || true; fi
  stop_postgres
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

if [ -z "${MYNA_TEST_POSTGRES:-}" ]; then
  start_postgres
fi

# The dotnet-ef tool of .config/dotnet-tools.json (for migrations; see docs/storage.md): restoring it here keeps
# the manifest honest.
dotnet tool restore >/dev/null

echo "==> building"
dotnet build Myna.slnx -c Release -nologo -v quiet

echo "==> testing"
log=$(mktemp)
set +e
# The crash harness's long version (category CrashLong, docs/crash-safety.md) runs only when asked for by name.
filter=(--filter "Category!=CrashLong")
for arg in "$@"; do [ "$arg" = "--filter" ] && filter=(); done
# One test assembly at a time (-m:1): on two cores the browser tests' page waits and the kiosk's concurrency test (which
# keeps both cores busy for a minute on purpose) must not run against each other.
dotnet test Myna.slnx -c Release --no-build -nologo -m:1 "${filter[@]}" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for the whole run, summed over the test assemblies.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"

fuzz_seconds=${MYNA_FUZZ_SECONDS:-10}
if [ ${#filter[@]} -gt 0 ] && [ $# -eq 0 ] && [ "$fuzz_seconds" != 0 ]; then
  echo "==> fuzzing every target for ${fuzz_seconds} s"
  ./scripts/fuzz.sh all --seconds "$fuzz_seconds" || status=1
fi
exit "$status"
