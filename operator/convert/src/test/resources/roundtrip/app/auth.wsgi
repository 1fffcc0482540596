# WSGIAuthUserScript and WSGIAuthGroupScript of the round trip's /auth: under Apache they run in
# Apache's own processes (embedded), under kubewsgi in the application's interpreter.
USERS = {"alice": "secret", "bob": "builder"}
GROUPS = {"alice": ["staff"], "bob": ["guests"]}


def check_password(environ, user, password):
    if user not in USERS:
        return None  # unknown user
    return USERS[user] == password


def groups_for_user(environ, user):
    return GROUPS.get(user, [])
