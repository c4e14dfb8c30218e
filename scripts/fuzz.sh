#!/usr/bin/env bash
# Coverage-guided fuzzing of Myna's parsers of outside input with AFL++ and SharpFuzz (docs/fuzzing.md).
#
#   scripts/fuzz.sh TARGET|all [--seconds N | --execs N]     default: --seconds 60 per target
#   scripts/fuzz.sh list
#
# Installs what it needs when missing (apt: afl++; .NET tool: SharpFuzz.CommandLine into .tools/), builds
# fuzz/Myna.Fuzz, instruments Myna's assemblies in a copy of its output, replays the target's corpus
# (fuzz/corpus/TARGET) in process, then runs afl-fuzz on it. Findings (inputs that crash or hang) land in
# $FUZZ_WORK/findings/TARGET/default/{crashes,hangs}; the script fails when there is any.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=--seconds
amount=60
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds|--execs) mode=$1; amount=$2; shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v afl-fuzz >/dev/null; then
  echo "==> installing afl++"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
tools=$root/.tools
if [ ! -x "$tools/sharpfuzz" ]; then
  echo "==> installing the SharpFuzz instrumenter"
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

echo "==> building fuzz/Myna.Fuzz"
dotnet build fuzz/Myna.Fuzz -c Release -v quiet -nologo >/dev/null
work=${FUZZ_WORK:-/tmp/myna-fuzz}
rm -rf "$work/bin"
mkdir -p "$work"
cp -r fuzz/Myna.Fuzz/bin/Release/net10.0 "$work/bin"
# Instrument the code under test (not the harness, not the framework or third-party libraries).
for dll in "$work"/bin/Myna.*.dll; do
  case "$(basename "$dll")" in Myna.Fuzz.dll) continue ;; esac
  "$tools/sharpfuzz" "$dll" >/dev/null
done

# The instrumented copy runs only under afl-fuzz (it writes to AFL's shared coverage map); the build itself replays.
plain=fuzz/Myna.Fuzz/bin/Release/net10.0/Myna.Fuzz.dll
if [ "${targets[0]}" = list ]; then dotnet "$plain" list; exit 0; fi
if [ "${targets[0]}" = all ]; then mapfile -t targets < <(dotnet "$plain" list); fi

# AFL++ in a container or CI: no core dumps to configure, CPU frequency not ours to set, no terminal.
export AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
failed=0
for target in "${targets[@]}"; do
  corpus=$root/fuzz/corpus/$target
  [ -d "$corpus" ] || { echo "no corpus for '$target' in fuzz/corpus" >&2; exit 2; }
  echo "==> $target: replaying the corpus"
  dotnet "$plain" "$target" --replay "$corpus"
  findings=$work/findings/$target
  rm -rf "$findings"
  mkdir -p "$work/findings"
  limit=(-V "$amount"); [ "$mode" = --execs ] && limit=(-E "$amount")
  echo "==> $target: afl-fuzz ${limit[*]}"
  afl-fuzz -i "$corpus" -o "$findings" -t 10000 -m none "${limit[@]}" -- dotnet "$work/bin/Myna.Fuzz.dll" "$target" >"$work/$target.log" 2>&1 || {
    tail -20 "$work/$target.log" >&2; echo "afl-fuzz failed for $target" >&2; failed=1; continue; }
  stats=$findings/default/fuzzer_stats
  execs=$(awk -F': *' '$1 ~ /^execs_done/ {print $2}' "$stats")
  paths=$(awk -F': *' '$1 ~ /^corpus_count/ {print $2}' "$stats")
  crashes=$(find "$findings/default/crashes" -type f ! -name README.txt | wc -l)
  hangs=$(find "$findings/default/hangs" -type f | wc -l)
  echo "    $target: $execs executions, $paths inputs in the queue, $crashes crashes, $hangs hangs"
  if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
    echo "    findings in $findings/default: replay one with dotnet fuzz/Myna.Fuzz/bin/Release/net10.0/Myna.Fuzz.dll $target --replay FILE" >&2
    failed=1
  fi
done
exit $failed
