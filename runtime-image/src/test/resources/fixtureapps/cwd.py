# Answers where relative paths lead: os.getcwd(), a relative open() now and one at import time,
# and os.path.abspath of a relative name.
import json
import os

AT_IMPORT = open("marker.txt").read()


def application(environ, start_response):
    with open("marker.txt") as f:
        now = f.read()
    body = json.dumps({
        "cwd": os.getcwd(),
        "at_import": AT_IMPORT,
        "now": now,
        "abspath": os.path.abspath("marker.txt"),
    }).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
