# A plain WSGI application: a small sum, and a short text answer.
import greeting  # the same module object the import script filled (spec.pythonPath has this folder)


def application(environ, start_response):
    query = environ.get("QUERY_STRING", "")
    n = int(query[2:]) if query.startswith("n=") and query[2:].isdigit() else 10
    total = 0
    for i in range(n + 1):
        total += i
    preloaded = greeting.WORDS is not None
    body = ("hello, world: sum(0..%d) = %d (preloaded: %s)\n" % (n, total, preloaded)).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
