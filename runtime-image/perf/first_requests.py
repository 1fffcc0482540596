#!/usr/bin/env python3
"""Latency of the first N requests after Ready, one keep-alive connection, sequential.

usage: first_requests.py URL [N]   prints total, p50, p90, p99, max and the per-100 medians.
"""
import http.client
import statistics
import sys
import time
import urllib.parse


def main():
    url = urllib.parse.urlsplit(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    target = url.path + ("?" + url.query if url.query else "")
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    latencies = []
    start = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        conn.request("GET", target)
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - t0) * 1000)
        if response.status != 200:
            sys.exit("status %d" % response.status)
    total = time.perf_counter() - start
    ordered = sorted(latencies)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    print("requests %d  total %.2f s  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms" % (
        n, total, pct(50), pct(90), pct(99), ordered[-1]))
    blocks = [statistics.median(latencies[i:i + 100]) for i in range(0, n, 100)]
    print("median per 100: " + " ".join("%.2f" % b for b in blocks))


if __name__ == "__main__":
    main()
