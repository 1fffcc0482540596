# Answers with its context's token and how many requests this context has seen (warm-up included);
# ?sleep=S sleeps first.
import json
import time
import uuid

TOKEN = uuid.uuid4().hex
COUNT = 0


def application(environ, start_response):
    global COUNT
    COUNT += 1
    seen = COUNT
    query = environ.get("QUERY_STRING", "")
    if query.startswith("sleep="):
        time.sleep(float(query[len("sleep="):]))
    body = json.dumps({"token": TOKEN, "count": seen}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
