# Counts the requests it served by method, SCRIPT_NAME and PATH_INFO; GET .../seen answers the counts.
import collections
import json

SEEN = collections.Counter()


def application(environ, start_response):
    if environ["PATH_INFO"] == "/seen":
        body = json.dumps(SEEN).encode()
        start_response("200 OK", [("Content-Type", "application/json")])
        return [body]
    SEEN[environ["REQUEST_METHOD"] + " " + environ["SCRIPT_NAME"] + "|" + environ["PATH_INFO"]] += 1
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok\n"]
