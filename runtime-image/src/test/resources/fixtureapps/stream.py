# Streams a generator of chunks; counts close() calls, which /stream/closed reports.
from wsgiref.validate import validator

CLOSED = [0]


class Chunks:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        for i in range(self.n):
            yield b"chunk %d\n" % i

    def close(self):
        CLOSED[0] += 1


def _app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    if environ["PATH_INFO"] == "/closed":
        return [str(CLOSED[0]).encode()]
    return Chunks(int(environ["QUERY_STRING"] or "5"))


application = validator(_app)
