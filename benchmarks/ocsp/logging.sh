#!/usr/bin/env bash
# What request logging costs the shipped server (docs/performance.md, "Request logging"): Myna.Server itself, its /ocsp
# loaded by wrk with the OCSP requests of the sandbox's demo cards, in three settings one after the other, each round:
#   quiet      — no line per request: the framework's request lines below the default level (as shipped) and
#                Myna:AccessLog:Enabled=false;
#   framework  — the same with Logging:LogLevel:Microsoft.AspNetCore=Information (the framework's lines per request,
#                through the console logger into a file);
#   access     — the shipped settings: Myna's access log (a W3C line per request, written in batches).
# For each: requests/s, p50 and p99 (wrk) and the server's CPU time per request (/proc/PID/stat over the run).
#
#   benchmarks/ocsp/logging.sh
#   DURATION=20s ROUNDS=3 CONNECTIONS=64 benchmarks/ocsp/logging.sh
#
# Needs the .NET SDK, openssl, curl and wrk (installed with apt when missing).
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
ROUNDS=${ROUNDS:-3}
PORT=${PORT:-18082}
LUA=$PWD/benchmarks/ocsp/ocsp-post.lua

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
for tool in wrk curl; do
  if ! command -v $tool >/dev/null; then
    echo "==> installing $tool"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends $tool >/dev/null
  fi
done
if ss -Hltn "sport = :$PORT" | grep -q .; then echo "port $PORT is already in use (set PORT)" >&2; exit 1; fi

load_before=$(cut -d' ' -f1 /proc/loadavg)
echo "==> load average before the run: $load_before"
echo "==> building"
dotnet build src/Myna.Server -c Release -v quiet -nologo >/dev/null
dotnet build src/Myna.Cli -c Release -v quiet -nologo >/dev/null
SERVER=$PWD/src/Myna.Server/bin/Release/net10.0/Myna.Server.dll
MYNA=$PWD/src/Myna.Cli/bin/Release/net10.0/myna.dll

work=$(mktemp -d "${TMPDIR:-/tmp}/myna-logging.XXXXXX")
data=$work/data
URL="http://127.0.0.1:$PORT"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

# start_server NAME [KEY=VALUE ...]: the server on the data directory, with the extra settings as environment variables.
start_server() {
  local name=$1; shift
  # env, not export: a setting's name may hold a dot (Logging__LogLevel__Microsoft.AspNetCore).
  env Myna__DataDirectory="$data" Myna__Mode=Sandbox ASPNETCORE_URLS="$URL" "$@" dotnet "$SERVER" >"$work/server-$name.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 600); do
    curl -fsS -o /dev/null "$URL/health" 2>/dev/null && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  tail -n 30 "$work/server-$name.log" >&2
  echo "the server did not start" >&2
  exit 1
}

# The server's CPU time so far, in clock ticks (user + system, all threads).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server_pid/stat"; }

echo "==> first start (authorities, demo residents and their cards) in $work"
start_server first
curl -fsS "$URL/ca/authentication.cer" -o "$work/ca.der"
openssl x509 -inform DER -in "$work/ca.der" -out "$work/ca.pem"
mkdir -p "$work/requests"
: >"$work/requests.txt"
for card in "$data"/cards/*.card; do
  id=$(basename "$card" .card)
  MYNA_HOME=$data dotnet "$MYNA" card export auth --card "$card" >"$work/requests/$id.pem"
  openssl ocsp -issuer "$work/ca.pem" -cert "$work/requests/$id.pem" -reqout "$work/requests/$id.der" -no_nonce >/dev/null
  echo "$work/requests/$id.der" >>"$work/requests.txt"
done
count=$(wc -l <"$work/requests.txt")
[ "$count" -gt 0 ] || { echo "no demo cards in $data/cards" >&2; exit 1; }
# One answer checked as openssl would: signed by the authority's responder, a status given (the demo cards include revoked ones).
answer=$(openssl ocsp -issuer "$work/ca.pem" -cert "$(ls "$work"/requests/*.pem | head -n 1)" -url "$URL/ocsp" -CAfile "$work/ca.pem" -no_nonce 2>&1) || true
grep -Eq ": (good|revoked)$" <<<"$answer" && grep -q "Response verify OK" <<<"$answer" || { echo "$answer" >&2; echo "the server's OCSP answer did not verify" >&2; exit 1; }
echo "    $count user-authentication certificates of the demo cards; one answer checked with openssl ocsp"
stop_server

# run NAME DURATION: wrk against the running server; prints "req/s p50_ms p99_ms cpu_us_per_request".
run() {
  local name=$1 duration=$2 out before after
  out="$work/wrk-$name-$(date +%s%N).txt"
  before=$(cpu_ticks)
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -s "$LUA" "$URL/ocsp" -- "$work/requests.txt" >"$out"
  after=$(cpu_ticks)
  awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    $1 ~ /requests$/ || $2 == "requests" { requests = $1 }
    $1 == "Requests/sec:" { rps = $2 }
    /Non-2xx|Socket errors/ { bad = 1 }
    END { printf "%.0f %.2f %.2f %.1f%s\n", rps, p50, p99, ticks / hz * 1e6 / requests, (bad ? " errors" : "") }
  ' "$out"
}

declare -A settings=(
  [quiet]="Myna__AccessLog__Enabled=false"
  [framework]="Myna__AccessLog__Enabled=false Logging__LogLevel__Microsoft.AspNetCore=Information"
  [access]=""
)
results=()
for round in $(seq "$ROUNDS"); do
  echo "==> round $round of $ROUNDS"
  for name in quiet framework access; do
    # shellcheck disable=SC2086
    start_server "$name" ${settings[$name]}
    run "$name-warmup" 5s >/dev/null
    r=$(run "$name" "$DURATION")
    lines=$(wc -l <"$work/server-$name.log")
    [ "$name" = access ] && lines=$(cat "$data"/logs/access-* | wc -l)
    stop_server
    echo "    $name: $r ($lines log lines)"
    results+=("$round $name $r")
  done
  rm -rf "$data/logs"
done

echo
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency on Myna.Server's /ocsp, $count certificates;" \
  "$(nproc) cores shared by wrk and the server; $(date -u +%Y-%m-%d); load average before $load_before, after $(cut -d' ' -f1 /proc/loadavg)"
printf '| round | logging | req/s | p50 ms | p99 ms | server CPU µs/request |\n|---:|---|---:|---:|---:|---:|\n'
for r in "${results[@]}"; do
  read -r round name rps p50 p99 cpu rest <<<"$r"
  printf '| %s | %s | %s | %s | %s | %s |%s\n' "$round" "$name" "$rps" "$p50" "$p99" "$cpu" "${rest:+ $rest}"
done
