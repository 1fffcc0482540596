# Reads wsgi.input the way the query says (read, read(n), readline, readlines, iteration) and
# answers with the lines it got, as JSON. Under wsgiref's validator, which allows read(n) only.
import json
from wsgiref.validate import validator


def _app(environ, start_response):
    body = environ["wsgi.input"]
    mode = environ["QUERY_STRING"]
    if mode == "read7":
        parts = []
        while True:
            chunk = body.read(7)
            if not chunk:
                break
            parts.append(chunk)
        lines = b"".join(parts).splitlines(True)
    elif mode == "readline":
        lines = []
        while True:
            line = body.readline()
            if not line:
                break
            lines.append(line)
    elif mode == "readline3":
        lines = [body.readline(3), body.readline()]
    elif mode == "readlines":
        lines = body.readlines()
    else:
        lines = [line for line in body]
    out = json.dumps([line.decode("latin-1") for line in lines]).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [out]


application = validator(_app)
