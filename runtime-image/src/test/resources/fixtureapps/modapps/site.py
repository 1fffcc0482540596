# module: modapps.site (callable "application") and modapps.site:api.
def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("site %s %s" % (__name__, environ["SCRIPT_NAME"])).encode()]


def api(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [("api %s" % environ["PATH_INFO"]).encode()]
