# Sleeps as long as ?sleep=SECONDS says, then answers with this interpreter's token (new per context).
import time
import uuid

TOKEN = uuid.uuid4().hex


def application(environ, start_response):
    query = environ["QUERY_STRING"]
    if query.startswith("sleep="):
        time.sleep(float(query[6:]))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [TOKEN.encode()]
