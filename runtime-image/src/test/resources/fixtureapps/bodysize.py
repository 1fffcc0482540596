# Remembers the request bodies it was sent (size and first bytes); GET /seen lists them as JSON.
import json

_seen = set()


def application(environ, start_response):
    if environ["REQUEST_METHOD"] == "POST":
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        _seen.add((len(body), body[:6].decode("latin-1")))
        start_response("204 No Content", [])
        return []
    out = json.dumps(sorted(_seen)).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(out)))])
    return [out]
