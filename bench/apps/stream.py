"""stream: a response of 64 chunks of 1 KiB, no Content-Length, produced by a generator."""

CHUNK = b"x" * 1023 + b"\n"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    for _ in range(64):
        yield CHUNK
