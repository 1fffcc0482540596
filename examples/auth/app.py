# Says who is asking: REMOTE_USER and AUTH_TYPE are set by the auth hooks on /admin.
def application(environ, start_response):
    user = environ.get("REMOTE_USER", "anonymous")
    body = ("hello, %s (%s)\n" % (user, environ.get("AUTH_TYPE", "no auth"))).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
