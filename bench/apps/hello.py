"""hello: a plain WSGI app that computes a small sum and returns short text."""


def application(environ, start_response):
    total = sum(range(100))
    body = b"Hello, World! %d\n" % total
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
