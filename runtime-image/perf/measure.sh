#!/usr/bin/env bash
# Measures examples/hello: process start -> Ready, the first 1,000 requests after Ready with and
# without warm-up, and steady requests/s and p99 with wrk on loopback. Prints a report; loopback only.
#   runtime-image/perf/measure.sh [wrk seconds, default 30]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_WRK=${1:-30}
PORT=18180
ADMIN=18181
WORK=$(mktemp -d)
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
command -v wrk >/dev/null || { echo "measure.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }

# Build first so start-up time does not include Maven.
(cd "$ROOT" && ./mvnw -q -pl runtime-image -am install -DskipTests)
PID=

start_runtime() {  # $1 = resource file; sets PID and READY_MS (exec to /healthz/ready 200)
  local t0 t1
  if (exec 3<>"/dev/tcp/127.0.0.1/$ADMIN") 2>/dev/null; then
    echo "measure.sh: port $ADMIN is already in use; stop what listens there" >&2
    exit 1
  fi
  t0=$(date +%s%N)
  "$ROOT/kubewsgi" run "$1" --port $PORT --admin-port $ADMIN >"$WORK/log" 2>&1 &
  PID=$!
  until curl -sf "http://127.0.0.1:$ADMIN/healthz/ready" >/dev/null 2>&1; do
    kill -0 "$PID" 2>/dev/null || { cat "$WORK/log" >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s%N)
  READY_MS=$(((t1 - t0) / 1000000))
}

stop_runtime() {
  kill -TERM "$PID"
  wait "$PID" || true
  PID=
}

# Without warm-up: the same resource with the warmup block removed.
sed '/^  warmup:/,/^  [a-z]/{/^  warmup:/d;/^    /d}' "$ROOT/examples/hello/hello.yaml" >"$WORK/cold.yaml"
cp "$ROOT"/examples/hello/*.py "$WORK/"

echo "== hello without warm-up"
start_runtime "$WORK/cold.yaml"
echo "start -> Ready: $READY_MS ms (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$ROOT/runtime-image/perf/first_requests.py" "http://127.0.0.1:$PORT/?n=10" 1000
stop_runtime

echo "== hello with warm-up (examples/hello/hello.yaml)"
start_runtime "$ROOT/examples/hello/hello.yaml"
echo "start -> Ready: $READY_MS ms (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$ROOT/runtime-image/perf/first_requests.py" "http://127.0.0.1:$PORT/?n=10" 1000
echo "== wrk -t2 -c16 -d${SECONDS_WRK}s (after a 10 s wrk warm-up run)"
wrk -t2 -c16 -d10s "http://127.0.0.1:$PORT/?n=10" >/dev/null
wrk -t2 -c16 -d"${SECONDS_WRK}s" --latency "http://127.0.0.1:$PORT/?n=10"
stop_runtime
