# Uses the write() callable that start_response returns, then an empty iterable.
from wsgiref.validate import validator


def _app(environ, start_response):
    write = start_response("200 OK", [("Content-Type", "text/plain")])
    write(b"written ")
    write(b"by write()\n")
    return []


application = validator(_app)
