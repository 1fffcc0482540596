# mod_wsgi's three hook functions in one script (it is loaded once): users alice (staff) and bob
# (guests); user "boom" makes check_password raise; a client sending X-Blocked: yes is refused.
USERS = {"alice": "secret", "bob": "hunter2", "boom": "x"}
GROUPS = {"alice": ["staff", "ops"], "bob": [b"guests"]}


def allow_access(environ, host):
    assert "wsgi.input" not in environ  # the body is the application's
    return environ.get("HTTP_X_BLOCKED") != "yes" and host == environ["REMOTE_ADDR"]


def check_password(environ, user, password):
    if user == "boom":
        raise RuntimeError("the user database is down")
    if user not in USERS:
        return None
    return USERS[user] == password


def groups_for_user(environ, user):
    return GROUPS.get(user, [])
