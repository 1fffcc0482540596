# Returns wsgi.file_wrapper over a real file (?path=), optionally after a seek (?offset=) and with a
# Content-Length (?length=): the runtime sends such a file by sendfile.
from urllib.parse import parse_qs


def application(environ, start_response):
    query = parse_qs(environ["QUERY_STRING"])
    f = open(query["path"][0], "rb")
    if "offset" in query:
        f.seek(int(query["offset"][0]))
    headers = [("Content-Type", "application/octet-stream")]
    if "length" in query:
        headers.append(("Content-Length", query["length"][0]))
    start_response("200 OK", headers)
    return environ["wsgi.file_wrapper"](f, 8192)
