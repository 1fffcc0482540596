# ?pause blocks in libc's pause() through ctypes: native code that Context.interrupt and a cancelling
# close cannot stop, as a deadlocked C extension would. Anything else answers this context's token.
import ctypes
import uuid

TOKEN = uuid.uuid4().hex
LIBC = ctypes.CDLL(None)


def application(environ, start_response):
    if environ["QUERY_STRING"] == "pause":
        LIBC.pause()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [TOKEN.encode()]
