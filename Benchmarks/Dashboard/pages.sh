#!/usr/bin/env bash
# Dashboard render times: a release-built `critmin serve` on a fresh copy of the shipped database, each page requested
# over loopback N times (default 30) with curl, after one warm-up request per page (which also computes the assessments
# every page shares). "built" requests carry a query parameter no page reads, so each misses the page cache and is
# built and rendered anew; "cached" requests repeat one URL. /health, the server's lightest route, is the baseline.
# Usage (from the repository root): swift build -c release --product critmin && Benchmarks/Dashboard/pages.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-30}
folder=$(mktemp -d /tmp/critmin-dashboard-bench.XXXXXX)
port=$((20000 + RANDOM % 20000))
.build/release/critmin init --database "$folder/db.sqlite" >/dev/null
.build/release/critmin serve --database "$folder/db.sqlite" --port "$port" >/dev/null 2>"$folder/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$folder"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
pages=(/health / /commodities/cobalt /commodities/rare-earths /countries/CHN /countries/CAN /assessment "/assessment?for=USA&method=eu&sort=eu"
  /partnership /datasets /scenarios "/scenarios/gallium-germanium-2023?draws=1000")
for page in "${pages[@]}"; do curl -s -o /dev/null "http://127.0.0.1:$port$page"; done
for page in "${pages[@]}"; do
  separator=$([[ $page == *\?* ]] && echo "&" || echo "?")
  built=$(for i in $(seq "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$page${separator}bench=$i"; done)
  cached=$(for i in $(seq "$runs"); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$page"; done)
  bytes=$(curl -s "http://127.0.0.1:$port$page" | wc -c)
  python3 - "$page" "$bytes" "$built" "$cached" <<'PY'
import sys
def stats(text):
    values = sorted(float(v) * 1000 for v in text.split())
    at = lambda p: values[min(len(values) - 1, int(p * len(values)))]
    return f"{at(0.5):7.1f} {at(0.95):7.1f}"
page, size, built, cached = sys.argv[1:]
print(f"{page:45} {int(size):>8} B   built p50/p95 ms {stats(built)}   cached p50/p95 ms {stats(cached)}")
PY
done
