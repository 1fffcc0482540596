# Returns wsgi.file_wrapper over an in-memory file of 100,000 bytes.
import io
from wsgiref.validate import validator

DATA = bytes(range(256)) * 390 + b"x" * 160


def _app(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/octet-stream")])
    return environ["wsgi.file_wrapper"](io.BytesIO(DATA), 4096)


application = validator(_app)
