# Loads a C-API module (unicodedata, as Werkzeug does) in every context of its group: a second
# context needs python.IsolateNativeModules, allowCreateProcess and patchelf (GRAALPY.md).
import unicodedata


def application(environ, start_response):
    body = unicodedata.name("\u00e9").encode()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [body]
