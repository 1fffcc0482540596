# WSGIAccessScript of the round trip's /auth: a request with X-Block is refused (403) before any
# authentication.
def allow_access(environ, host):
    return "HTTP_X_BLOCK" not in environ
