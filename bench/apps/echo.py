"""echo: returns the request body (the benchmark POSTs 1 MiB), read in 64 KiB blocks."""


def application(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    stream = environ["wsgi.input"]
    parts = []
    while length > 0:
        block = stream.read(min(length, 65536))
        if not block:
            break
        parts.append(block)
        length -= len(block)
    body = b"".join(parts)
    start_response(
        "200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(len(body)))]
    )
    return [body]
