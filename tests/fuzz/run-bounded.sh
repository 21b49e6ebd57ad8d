#!/usr/bin/env bash
# Runs the review engine's fuzz target for a bounded time, seeded with the rule fixtures.
set -euo pipefail
binary=$1
seeds=$2
corpus=$3
if [ ! -x "$binary" ]; then
    echo "fuzz target $binary is missing: build it with 'cmake --preset fuzz && cmake --build --preset fuzz'" >&2
    exit 1
fi
mkdir -p "$corpus"
cp -n "$seeds"/*.sql "$corpus"/ 2>/dev/null || true
"$binary" -max_total_time="${SLUICE_FUZZ_SECONDS:-30}" -rss_limit_mb=2048 -max_len=8192 -timeout=10 \
    -print_final_stats=1 "$corpus" 2>&1 | tail -n 15
echo "1 passed, 0 failed: bounded fuzz run without a crash"
