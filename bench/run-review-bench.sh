#!/usr/bin/env bash
# Review benchmark, in one run on the same input: Sluice's engine (library and `sluicectl lint`), libpg_query's own
# JSON parse, and squawk-cli (installed from the npm registry into bench/out/squawk) with its json reporter.
#   bench/run-review-bench.sh [MEGABYTES]
set -euo pipefail
# glibc's malloc gives large blocks fresh mmaps (page faults on every use) until a large free raises its mmap
# threshold, so libpg_query's parse ran at a speed that depended on what ran before it. Fixed thresholds make
# both sides of every comparison run with the same allocator behaviour.
export GLIBC_TUNABLES=${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=67108864}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=$root/bench/out
corpus=$out/corpus
mkdir -p "$out"
cd "$root"

command -v npm >/dev/null || { echo "bench: npm is needed to install squawk-cli" >&2; exit 1; }
dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q 'install ok installed' ||
    { echo "bench: install libbenchmark-dev (Google Benchmark)" >&2; exit 1; }

cmake --preset release >/dev/null
cmake --build --preset release --target review_bench sluicectl >/dev/null
rm -rf "$corpus"
python3 bench/gen_corpus.py "$corpus" --megabytes "${1:-5}"
files=("$corpus"/m*.sql)
bytes=$(cat "${files[@]}" | wc -c)

if [ ! -x "$out/squawk/node_modules/.bin/squawk" ]; then
    npm install --no-save --silent --prefix "$out/squawk" squawk-cli >/dev/null
fi
squawk=$out/squawk/node_modules/.bin/squawk
# The native binary the npm package's node launcher runs, for its CPU time (it lints on every core).
squawk_bin=$(find "$out/squawk/node_modules/@squawk-cli" -path '*/bin/squawk' -type f | head -n 1)

# Wall-clock seconds of a command, best of 3.
best_of_3() {
    python3 -c '
import subprocess, sys, time
best = None
for _ in range(3):
    start = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    best = elapsed if best is None else min(best, elapsed)
print(best)' "$@"
}

echo "corpus: ${#files[@]} migrations, $bytes bytes"
squawk_s=$(best_of_3 "$squawk" --reporter json "${files[@]}")
ctl_s=$(best_of_3 build/release/app/sluicectl lint --format json "${files[@]}")
# CPU seconds (user + system) of one run of squawk's native binary and of sluicectl.
cpu_of() {
    python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(r.ru_utime + r.ru_stime)' "$@"
}
squawk_cpu=$(cpu_of "$squawk_bin" --reporter json "${files[@]}")
ctl_cpu=$(cpu_of build/release/app/sluicectl lint --format json "${files[@]}")
# Nine repetitions of each library benchmark, in random order, and their medians: on a shared machine the
# speed of a core changes from one minute to the next, and interleaving lets both sides of a ratio see it.
build/release/bench/review_bench "$corpus" --benchmark_format=json --benchmark_min_time=0.5 \
    --benchmark_repetitions=9 --benchmark_enable_random_interleaving=true \
    --benchmark_report_aggregates_only=true >"$out/review_bench.json"
python3 - "$out/review_bench.json" "$bytes" "$squawk_s" "$ctl_s" "$squawk" "$squawk_cpu" "$ctl_cpu" <<'PY'
import json, subprocess, sys
data = json.load(open(sys.argv[1]))
bytes_ = int(sys.argv[2]); squawk_s = float(sys.argv[3]); ctl_s = float(sys.argv[4])
squawk_cpu = float(sys.argv[6]); ctl_cpu = float(sys.argv[7])
b = {x["run_name"]: x for x in data["benchmarks"] if x.get("aggregate_name") == "median"}
def secs(name):
    x = b.get(name) or b[name + "/real_time"]; unit = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9}[x["time_unit"]]
    return x["real_time"] * unit
mb = bytes_ / 1048576
lint1 = secs("sluice_lint/corpus/1-thread"); lintn = secs("sluice_lint/corpus/all-cores")
parse = secs("pg_query_parse_json/corpus")
typ = secs("sluice_lint/typical-50"); typp = secs("pg_query_parse_json/typical-50")
raw1 = secs("pg_query_raw_parse/corpus/1-thread"); rawn = secs("pg_query_raw_parse/corpus/all-cores")
tree1 = secs("sluice_parse_tree/corpus/1-thread")
paired = b["sluice_lint_over_parse_json/corpus/real_time"]["ratio"]
version = subprocess.run([sys.argv[5], "--version"], capture_output=True, text=True).stdout.strip()
rows = [
    ("squawk-cli (%s), json reporter, whole corpus" % version, squawk_s, mb / squawk_s),
    ("sluicectl lint --format json, whole corpus (every core)", ctl_s, mb / ctl_s),
    ("Sluice engine, every core (library)", lintn, mb / lintn),
    ("Sluice engine, one thread (library)", lint1, mb / lint1),
    ("libpg_query pg_query_parse (JSON), one thread", parse, mb / parse),
    ("libpg_query raw parse (no JSON), one thread", raw1, mb / raw1),
    ("libpg_query raw parse (no JSON), every core", rawn, mb / rawn),
    ("Sluice parse tree (raw parse + tree), one thread", tree1, mb / tree1),
]
print("| what | time | throughput |")
print("|---|---|---|")
for name, s, t in rows:
    print("| %s | %.3f s | %.1f MB/s |" % (name, s, t))
print()
print("typical 50-statement migration: Sluice lint %.0f µs, libpg_query JSON parse %.0f µs" % (typ * 1e6, typp * 1e6))
print("sluicectl lint vs squawk: %.1fx the throughput" % (squawk_s / ctl_s))
print("Sluice engine (every core) vs squawk: %.1fx" % (squawk_s / lintn))
print("CPU seconds, whole corpus: squawk's binary %.2f s, sluicectl lint %.2f s" % (squawk_cpu, ctl_cpu))
print("one thread: raw parse %.0f%%, tree %.0f%%, rules and analysis %.0f%% of the engine"
      % (100 * raw1 / lint1, 100 * (tree1 - raw1) / lint1, 100 * (lint1 - tree1) / lint1))
print("20x squawk leaves %.3f s of wall clock; libpg_query's raw parse alone takes %.3f s of it on every core"
      % (squawk_s / 20, rawn))
print("Sluice engine, one thread, vs libpg_query JSON parse: %.2fx the parse time (medians); %.2fx paired "
      "migration by migration (median of the repetitions)" % (lint1 / parse, paired))
PY

# Large files (issue 12), same run, same inputs: one file of 20,000 statements, the same shape as 400 files of
# 50, 2x the statements (10,000 -> 20,000: 40,000 statements are over lint's 4 MiB limit, so the doubling is
# measured below it), and a 4 MiB file cut at a statement boundary.
large=$out/large
rm -rf "$large" && mkdir -p "$large"
python3 bench/gen_corpus.py "$large/s10k" --statements 10000 --megabytes 0.001 >/dev/null
python3 bench/gen_corpus.py "$large/s20k" --statements 20000 --megabytes 0.001 >/dev/null
python3 bench/gen_corpus.py "$large/s40k" --statements 40000 --megabytes 0.001 --seed 8 >/dev/null
python3 - "$large/s40k/m00000.sql" "$large/4mib.sql" <<'PY'
import sys
parts = open(sys.argv[1]).read().split("\n\n"); out = []; n = 0
for p in parts:
    if n + len(p) + 2 > 4 * 1024 * 1024 - 16:
        break
    out.append(p); n += len(p) + 2
open(sys.argv[2], "w").write("\n\n".join(out) + "\n")
PY
many=("$corpus"/m*.sql); many=("${many[@]:0:400}")
ctl=build/release/app/sluicectl
echo
echo "| input | sluicectl lint --format json | squawk --reporter json |"
echo "|---|---|---|"
for input in "20,000 statements in one file:$large/s20k/m00000.sql" "10,000 statements in one file:$large/s10k/m00000.sql" \
             "4 MiB file:$large/4mib.sql"; do
    echo "| ${input%%:*} | $(best_of_3 "$ctl" lint --format json "${input#*:}") s | $(best_of_3 "$squawk" --reporter json "${input#*:}") s |"
done
echo "| 400 files of 50 statements | $(best_of_3 "$ctl" lint --format json "${many[@]}") s | $(best_of_3 "$squawk" --reporter json "${many[@]}") s |"
