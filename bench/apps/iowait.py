"""iowait: an I/O-bound view: waits 10 ms (as on a database query), then returns short text.

Throughput is bounded by the threads waiting at once, not by the CPU: 2 workers x T threads can
answer at most 200 x T requests/s, and a server reaches that bound only if a waiting thread lets
the others run (the GIL is released while it sleeps).
"""

import time

WAIT_SECONDS = 0.010


def application(environ, start_response):
    time.sleep(WAIT_SECONDS)
    body = b"waited 10 ms\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
