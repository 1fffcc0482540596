# The hooks of examples/auth/auth.yaml. A real one would ask a user database; these are a table.
import hmac

# user -> (password, groups); "warmup" is the warm-up request's user (warmup:warmup).
USERS = {
    "alice": ("wonderland", ["staff"]),
    "bob": ("builder", ["guests"]),
    "warmup": ("warmup", ["staff"]),
}


def allow_access(environ, host):
    # host is the client's address (REMOTE_ADDR, after trusted proxies).
    return not host.startswith("192.0.2.")


def check_password(environ, user, password):
    entry = USERS.get(user)
    if entry is None:
        return None  # unknown user
    return hmac.compare_digest(entry[0], password)


def groups_for_user(environ, user):
    return USERS.get(user, (None, []))[1]
