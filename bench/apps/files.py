"""files: a 32 KiB stylesheet through wsgi.file_wrapper, whatever the path (the servers send such a
file with sendfile)."""

import os

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static", "site.css")


def application(environ, start_response):
    f = open(PATH, "rb")
    size = os.fstat(f.fileno()).st_size
    start_response("200 OK", [("Content-Type", "text/css"), ("Content-Length", str(size))])
    return environ["wsgi.file_wrapper"](f, 65536)
