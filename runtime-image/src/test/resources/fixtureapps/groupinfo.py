# Reports what the import scripts of its application group left behind.
import builtins
import json


def application(environ, start_response):
    body = json.dumps({
        "mark": getattr(builtins, "KUBEWSGI_MARK", None),
        "order": getattr(builtins, "ORDER", None),
        "application_group": environ.get("mod_wsgi.application_group"),
        "process_group": environ.get("mod_wsgi.process_group"),
    }).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]
