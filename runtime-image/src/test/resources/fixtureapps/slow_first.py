# The first two requests a context serves take 1.5 s each (as warm-up requests starved by a busy
# JIT may); later ones answer at once, except ?sleep=S, which sleeps S seconds.
import time

COUNT = 0


def application(environ, start_response):
    global COUNT
    COUNT += 1
    if COUNT <= 2:
        time.sleep(1.5)
    query = environ.get("QUERY_STRING", "")
    if query.startswith("sleep="):
        time.sleep(float(query[len("sleep="):]))
    body = b"count=%d" % COUNT
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
