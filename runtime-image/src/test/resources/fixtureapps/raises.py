# Raises unless asked not to: a 500 for that client, and the worker keeps serving the next one.
def application(environ, start_response):
    if environ["QUERY_STRING"] != "ok":
        return 1 / 0
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"still serving\n"]
