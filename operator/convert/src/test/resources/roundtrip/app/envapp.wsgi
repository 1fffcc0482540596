# The round trip's app (stdlib only; CPython under mod_wsgi, GraalPy under kubewsgi): answers JSON
# of the environ fields ApacheRoundTripTest compares. Mounted twice, at / and at /sub.
import hashlib
import json

import rtstate


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    answer = {
        "REQUEST_METHOD": environ.get("REQUEST_METHOD"),
        "SCRIPT_NAME": environ.get("SCRIPT_NAME"),
        "PATH_INFO": path,
        "QUERY_STRING": environ.get("QUERY_STRING"),
        "REQUEST_URI": environ.get("REQUEST_URI"),
        "REMOTE_USER": environ.get("REMOTE_USER"),
        "AUTH_TYPE": environ.get("AUTH_TYPE"),
        "wsgi.url_scheme": environ.get("wsgi.url_scheme"),
        "wsgi.multithread": environ.get("wsgi.multithread"),
        "wsgi.multiprocess": environ.get("wsgi.multiprocess"),
        # The import scripts that ran in this interpreter: names its application group.
        "import_scripts": rtstate.import_scripts(),
        # mod_wsgi's own names: the application group ("" is %{GLOBAL}) and the daemon's.
        "mod_wsgi.application_group": environ.get("mod_wsgi.application_group"),
        "mod_wsgi.process_group": environ.get("mod_wsgi.process_group"),
        "HTTP_AUTHORIZATION": environ.get("HTTP_AUTHORIZATION"),
        "body_length": len(body),
        "body_sha256": hashlib.sha256(body).hexdigest(),
    }
    status = "404 Not Found" if path.startswith("/missing") else "200 OK"
    data = json.dumps(answer, sort_keys=True).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
