# start_response with exc_info before the head is sent: the error status replaces the first one.
import sys
from wsgiref.validate import validator


def _app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    try:
        raise RuntimeError("failed after start_response")
    except RuntimeError:
        start_response("503 Service Unavailable", [("Content-Type", "text/plain")], sys.exc_info())
    return [b"replaced by exc_info\n"]


application = validator(_app)
