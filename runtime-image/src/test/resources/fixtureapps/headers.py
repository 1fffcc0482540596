# Response headers in latin-1 (allowed) or beyond it (refused: 500).
def application(environ, start_response):
    value = "caf\u00e9" if environ["QUERY_STRING"] != "euro" else "\u20ac"
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-Word", value)])
    return [b"ok\n"]
