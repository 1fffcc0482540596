# /grow allocates without limit, as a view that loads a whole table into memory would; anything
# else answers at once.
def application(environ, start_response):
    if environ["PATH_INFO"] == "/grow":
        hog = []
        while True:
            hog.append(bytearray(1 << 20))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
