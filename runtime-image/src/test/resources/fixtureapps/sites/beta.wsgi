# One of the scripts mountPattern "^/sites/([^/]+)" with script "sites/$1.wsgi" names.
import json

NAME = "beta"


def application(environ, start_response):
    body = json.dumps(
        {"name": NAME, "SCRIPT_NAME": environ["SCRIPT_NAME"], "PATH_INFO": environ["PATH_INFO"]}
    ).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
