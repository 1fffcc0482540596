# Answers with its environ as JSON (the str values and a few others), under wsgiref's validator.
import json
from wsgiref.validate import validator


def _app(environ, start_response):
    out = {k: v for k, v in environ.items() if isinstance(v, str)}
    out["wsgi.version"] = list(environ["wsgi.version"])
    for key in ("wsgi.multithread", "wsgi.multiprocess", "wsgi.run_once", "wsgi.input_terminated"):
        out[key] = environ[key]
    environ["wsgi.errors"].write("echo: a line for wsgi.errors\n")
    environ["wsgi.errors"].flush()
    body = json.dumps(out, sort_keys=True).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


application = validator(_app)
