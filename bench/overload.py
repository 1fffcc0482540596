"""bench/overload.py: each server past its capacity, side by side. The iowait app (10 ms a request, so
2 workers x 1 thread answer at most ~200 requests/s) gets --clients concurrent clients, each sending
its next request as soon as the last is answered, for --duration seconds. kubewsgi runs with
lifecycle.queueTimeoutSeconds: 1 (bench/kubewsgi/overload.yaml): what cannot be served within the
second is answered 503 with Retry-After when the second is up. Reported per server: answers by
status, and the latency of each kind (p50, p99, max), with the load average.

  bench/run.sh overload [--servers gunicorn,kubewsgi] [--clients 400] [--duration 20]
"""

import argparse
import http.client
import json
import os
import shutil
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402  (the servers and their start-up, shared with the throughput runs)


def client(port, until, out, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    mine = []
    while time.monotonic() < until:
        t = time.perf_counter()
        try:
            conn.request("GET", "/")
            r = conn.getresponse()
            r.read()
            mine.append((r.status, time.perf_counter() - t, r.getheader("Retry-After")))
            if r.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        except (OSError, http.client.HTTPException) as e:
            mine.append(("error: " + type(e).__name__, time.perf_counter() - t, None))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()
    with lock:
        out.extend(mine)


def one(args, name):
    server = harness.SERVERS[name](args, "overload", harness.free_port())
    server.start()
    try:
        deadline = time.monotonic() + server.ready_timeout
        while not server.ready():
            if server.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{name} never became ready:\n" + server.log_tail())
            time.sleep(0.05)
        answers, lock = [], threading.Lock()
        load_before = os.getloadavg()[0]
        until = time.monotonic() + args.duration
        threads = [threading.Thread(target=client, args=(server.port, until, answers, lock))
                   for _ in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        load_after = os.getloadavg()[0]
    finally:
        server.stop()
        shutil.rmtree(server.tmp, ignore_errors=True)
    by_status = {}
    for status, seconds, retry_after in answers:
        entry = by_status.setdefault(str(status), {"n": 0, "lat": [], "retry_after": set()})
        entry["n"] += 1
        entry["lat"].append(seconds)
        if retry_after:
            entry["retry_after"].add(retry_after)
    report = {"server": name, "clients": args.clients, "duration_s": args.duration,
              "load_average": [round(load_before, 2), round(load_after, 2)], "answers": {}}
    for status, e in sorted(by_status.items()):
        report["answers"][status] = {
            "count": e["n"], "per_s": round(e["n"] / args.duration, 1),
            "p50_ms": round(harness.pct(e["lat"], 50) * 1e3, 1),
            "p99_ms": round(harness.pct(e["lat"], 99) * 1e3, 1),
            "max_ms": round(max(e["lat"]) * 1e3, 1),
            "retry_after": sorted(e["retry_after"])}
    return report


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--servers", default="gunicorn,kubewsgi")
    p.add_argument("--clients", type=int, default=400)
    p.add_argument("--duration", type=int, default=20)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--venv", type=Path, required=True)
    p.add_argument("--out", type=Path, default=harness.BENCH / "results")
    args = p.parse_args()
    reports = []
    for name in args.servers.split(","):
        print(f"{name}: {args.clients} clients for {args.duration} s ...", flush=True)
        r = one(args, name)
        reports.append(r)
        for status, a in r["answers"].items():
            print(f"  {status}: {a['count']} ({a['per_s']}/s)  p50 {a['p50_ms']} ms  p99 {a['p99_ms']} ms"
                  f"  max {a['max_ms']} ms  Retry-After {a['retry_after']}", flush=True)
        print(f"  load average {r['load_average'][0]} -> {r['load_average'][1]}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"overload-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(reports, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
