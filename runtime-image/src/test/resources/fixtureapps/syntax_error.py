# An application script that does not parse (line 2).
def application(environ, start_response)
    return []
