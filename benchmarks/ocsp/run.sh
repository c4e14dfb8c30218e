#!/usr/bin/env bash
# OCSP over HTTP on loopback (docs/performance.md): Myna's responder (MapJpkiOcsp on Kestrel) against `openssl ocsp -index`
# serving the same certificates, loaded in turn by wrk with the same DER requests.
#
#   benchmarks/ocsp/run.sh
#   DURATION=30s CONNECTIONS=64 THREADS=1 ROUNDS=3 OPENSSL_MULTI=2 benchmarks/ocsp/run.sh
#
# Settings (environment): DURATION per run (30s), CONNECTIONS (64), THREADS of wrk (1), ROUNDS (3),
# CERTIFICATES (1000), REVOKE_EVERY (10: every 10th certificate is revoked), OPENSSL_MULTI (2: `-multi N`
# responder processes; 1 runs the single classic process), MYNA_PORT (18080), OPENSSL_PORT (18081),
# NONCE (no; yes: every request carries a 16-byte nonce, as `openssl ocsp` and Myna's checker send by default),
# NONCES (presigned: Myna answers the pre-signed response whatever the nonce, RFC 5019; echo: signs each, RFC 8954).
# Needs the .NET SDK, openssl, and wrk (installed with apt when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-30s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-3}
CERTIFICATES=${CERTIFICATES:-1000}
REVOKE_EVERY=${REVOKE_EVERY:-10}
OPENSSL_MULTI=${OPENSSL_MULTI:-2}
MYNA_PORT=${MYNA_PORT:-18080}
OPENSSL_PORT=${OPENSSL_PORT:-18081}
NONCE=${NONCE:-no}
NONCES=${NONCES:-presigned}
LUA=$PWD/benchmarks/ocsp/ocsp-post.lua

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v wrk >/dev/null; then
  echo "==> installing wrk"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 1; }

# The 1-minute load average before anything starts: other work on the machine skews both responders.
load_before=$(cut -d' ' -f1 /proc/loadavg)
echo "==> load average before the run: $load_before"
echo "==> building"
dotnet build benchmarks/Myna.OcspLoad -c Release -v quiet -nologo >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/myna-ocsp-load.XXXXXX")
myna_pid=""
openssl_pid=""
stop_openssl() {
  # With -multi, openssl makes itself a process-group leader (setpgid) and the group holds its children.
  if [ -n "$openssl_pid" ]; then
    kill -TERM -- "-$openssl_pid" 2>/dev/null || kill -TERM "$openssl_pid" 2>/dev/null || true
    wait "$openssl_pid" 2>/dev/null || true
  fi
  openssl_pid=""
}
cleanup() {
  stop_openssl
  if [ -n "$myna_pid" ]; then
    kill -TERM "$myna_pid" 2>/dev/null || true
    wait "$myna_pid" 2>/dev/null || true
    tail -n 1 "$work/myna.log"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

for port in "$MYNA_PORT" "$OPENSSL_PORT"; do
  if ss -Hltn "sport = :$port" | grep -q .; then echo "port $port is already in use (set MYNA_PORT/OPENSSL_PORT)" >&2; exit 1; fi
done
echo "==> issuing $CERTIFICATES certificates (every ${REVOKE_EVERY}th revoked) into $work"
dotnet benchmarks/Myna.OcspLoad/bin/Release/net10.0/Myna.OcspLoad.dll \
  --dir "$work" --port "$MYNA_PORT" --certificates "$CERTIFICATES" --revoke-every "$REVOKE_EVERY" \
  --nonce "$NONCE" --nonces "$NONCES" >"$work/myna.log" 2>&1 &
myna_pid=$!
for _ in $(seq 300); do [ -f "$work/ready" ] && break; kill -0 "$myna_pid" 2>/dev/null || break; sleep 0.2; done
[ -f "$work/ready" ] || { cat "$work/myna.log" >&2; echo "Myna.OcspLoad did not start" >&2; exit 1; }
cat "$work/myna.log"
MYNA_URL=$(cat "$work/ready")
OPENSSL_URL="http://127.0.0.1:$OPENSSL_PORT/ocsp"

start_openssl() {
  local multi=()
  if ss -Hltn "sport = :$OPENSSL_PORT" | grep -q .; then echo "port $OPENSSL_PORT is already in use" >&2; exit 1; fi
  [ "$OPENSSL_MULTI" -gt 1 ] && multi=(-multi "$OPENSSL_MULTI")
  # -nmin 60: nextUpdate one hour ahead, as Myna's answers have it.
  (cd "$work" && exec openssl ocsp -index index.txt -port "$OPENSSL_PORT" -CA ca.pem \
      -rsigner openssl-responder.pem -rkey openssl-responder.key -nmin 60 "${multi[@]}" >>"$work/openssl.log" 2>&1) &
  openssl_pid=$!
  # Waits for the listening socket with ss: a TCP probe that closes at once would hang OpenSSL 3.0's
  # responder (openssl/openssl#31129).
  for _ in $(seq 50); do
    ss -Hltn "sport = :$OPENSSL_PORT" | grep -q . && break
    sleep 0.1
  done
}

# Asks once with `openssl ocsp -url` for a good and a revoked certificate, verifying the signed answer.
check() {
  local name=$1 url=$2 cert expected out
  for cert in good revoked; do
    expected="$cert.pem: $cert"
    out=$(cd "$work" && openssl ocsp -issuer ca.pem -cert "$cert.pem" -url "$url" -CAfile ca.pem -no_nonce -timeout 10 2>&1) || true
    if ! grep -qx "$expected" <<<"$out" || ! grep -q "Response verify OK" <<<"$out"; then
      echo "$name answered wrongly for $cert.pem:" >&2
      echo "$out" >&2
      exit 1
    fi
  done
  echo "    $name: good.pem good, revoked.pem revoked, signatures verify"
}

# Runs wrk once; prints "req/s p50_ms p99_ms errors" and keeps the full output in $work.
load() {
  local name=$1 url=$2 duration=$3 out
  out="$work/wrk-$name-$(date +%s%N).txt"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$LUA" "$url" -- "$work/requests.txt" >"$out"
  awk '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    /Socket errors|Non-2xx/ { line = $0; gsub(/^ +/, "", line); gsub(/[ ,]+/, "_", line); errors = errors line }
    END { printf "%.0f %.2f %.2f %s\n", rps, p50, p99, (errors == "" ? "-" : errors) }
  ' "$out"
}

echo "==> checking answers"
check "Myna" "$MYNA_URL"
start_openssl
check "openssl ocsp" "$OPENSSL_URL"
stop_openssl

echo "==> warming up Myna (5s, not counted)"
load myna-warmup "$MYNA_URL" 5s >/dev/null

results=()
for round in $(seq "$ROUNDS"); do
  echo "==> round $round of $ROUNDS"
  m=$(load myna "$MYNA_URL" "$DURATION")
  echo "    Myna:         $m"
  # A fresh openssl each round: wrk's closing connections at the end of a run can leave it spinning
  # (openssl/openssl#31129), which would eat a core during the next run.
  start_openssl
  check "openssl ocsp" "$OPENSSL_URL" >/dev/null
  o=$(load openssl "$OPENSSL_URL" "$DURATION")
  stop_openssl
  echo "    openssl ocsp: $o"
  results+=("$round $m | $o")
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $CERTIFICATES certificates, nonce $NONCE, Myna nonces $NONCES, openssl -multi $OPENSSL_MULTI;" \
  "$(nproc) cores shared by wrk and the responder; $(openssl version | cut -d' ' -f1-2); $(date -u +%Y-%m-%d);" \
  "load average before $load_before, after $(cut -d' ' -f1 /proc/loadavg)"
printf '| Round | Myna req/s | Myna p50 ms | Myna p99 ms | openssl req/s | openssl p50 ms | openssl p99 ms | Ratio |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for r in "${results[@]}"; do
  read -r round mr m50 m99 merr _ or o50 o99 oerr <<<"$r"
  ratio=$(awk -v a="$mr" -v b="$or" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$round" "$mr" "$m50" "$m99" "$or" "$o50" "$o99" "$ratio"
  if [ "$merr" != "-" ]; then echo "  round $round Myna: $merr"; fi
  if [ "$oerr" != "-" ]; then echo "  round $round openssl: $oerr"; fi
done
echo "(full wrk output was in $work, removed on exit)"
