# mod_wsgi's access and authentication hooks, checked before an application runs: evaluated once
# per context, between wsgi_streams.py and wsgi_adapter.py, in the same globals. The adapter keeps
# an _Auth per protected application and calls admit() with the request's environ.
import base64
import binascii
import hashlib
import hmac
import re
import time

# Apache's AuthDigestNonceLifetime default: an older nonce is answered with stale=true.
_NONCE_SECONDS = 300
# One name=value pair of a Digest Authorization header, the value a token or a quoted string.
_DIGEST_PARAM = re.compile(r'\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^",\s]+))\s*(?:,|$)')
_QUOTED_PAIR = re.compile(r"\\(.)")


def _basic_credentials(header):
    """(user, password) of a Basic Authorization header, or None when it is absent or malformed.
    Decoded as latin-1, as mod_wsgi does: every byte sequence maps to a str."""
    if header is None:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("latin-1")
    except (binascii.Error, ValueError):
        return None
    user, colon, password = decoded.partition(":")
    if not colon:
        return None
    return user, password


def _digest_params(header):
    """The parameters of a Digest Authorization header, names lower-cased; None when it is absent,
    another scheme, or does not parse (a pair twice included)."""
    if header is None:
        return None
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return None
    rest = rest.strip()
    params = {}
    pos = 0
    while pos < len(rest):
        m = _DIGEST_PARAM.match(rest, pos)
        if m is None or m.end() == pos:
            return None
        key = m.group(1).lower()
        if key in params:
            return None
        params[key] = _QUOTED_PAIR.sub(r"\1", m.group(2)) if m.group(2) is not None else m.group(3)
        pos = m.end()
    return params


def _md5(text):
    return hashlib.md5(text.encode("latin-1")).hexdigest()


def _answer(sink, code, reason, headers, text):
    """A complete small response from the checks, before the application."""
    body = text.encode()
    headers = headers + ["Content-Type", "text/plain; charset=utf-8", "Content-Length", str(len(body))]
    sink.head(code, reason, "\0".join(headers))
    sink.write(body)
    sink.finish()


def _hook_environ(environ):
    """What a hook sees, as mod_wsgi's: the request's variables without the body or file wrapper,
    which belong to the application."""
    hook_environ = dict(environ)
    del hook_environ["wsgi.input"]
    del hook_environ["wsgi.file_wrapper"]
    return hook_environ


class _Auth:
    """The checks of one application, in mod_wsgi's order: host access, user, groups."""

    def __init__(self, hooks, provider, realm, required, pass_authorization, nonce_secret):
        self.allow_access = hooks.get("allow_access")
        self.check_password = hooks.get("check_password")
        self.get_realm_hash = hooks.get("get_realm_hash")
        self.groups_for_user = hooks.get("groups_for_user")
        self.digest = provider == "digest"
        self.realm = realm
        self.required = frozenset(required)
        self.pass_authorization = pass_authorization
        # Shared by every worker of the pod, so any of them accepts a nonce another one gave.
        self.secret = nonce_secret.encode()
        self.passed = 0

    def admit(self, environ, sink):
        """True when the application may run, with REMOTE_USER and AUTH_TYPE set; else the
        answer (401, 403) is sent. A hook that raises or returns a wrong type raises here."""
        header = environ.get("HTTP_AUTHORIZATION")
        if not self.pass_authorization:
            environ.pop("HTTP_AUTHORIZATION", None)
        hook_environ = None
        if self.allow_access is not None:
            hook_environ = _hook_environ(environ)
            allowed = self.allow_access(hook_environ, environ["REMOTE_ADDR"])
            # None would defer to another Apache module; there is none, so it denies.
            if allowed is not True:
                if allowed is False or allowed is None:
                    _answer(sink, 403, "Forbidden", [], "Forbidden\n")
                    return False
                raise TypeError("allow_access() must return True, False or None, not %r" % (allowed,))
        if self.check_password is not None or self.get_realm_hash is not None:
            if hook_environ is None:
                hook_environ = _hook_environ(environ)
            if self.digest:
                user, stale = self._digest_user(header, environ, hook_environ)
            else:
                user, stale = self._basic_user(header, hook_environ), False
            if user is None:
                return self._challenge(sink, stale)
            if self.groups_for_user is not None and not self._in_group(hook_environ, user):
                # Apache's Require group answers 401 by default (AuthzSendForbiddenOnFailure Off).
                return self._challenge(sink, False)
            environ["REMOTE_USER"] = user
            environ["AUTH_TYPE"] = "Digest" if self.digest else "Basic"
            sink.user(user)
        self.passed += 1
        return True

    def _basic_user(self, header, hook_environ):
        credentials = _basic_credentials(header)
        if credentials is None:
            return None
        user, password = credentials
        valid = self.check_password(hook_environ, user, password)
        if valid is True:
            return user
        if valid is False or valid is None:
            return None
        raise TypeError("check_password() must return True, False or None, not %r" % (valid,))

    def _digest_user(self, header, environ, hook_environ):
        """(user, False) when the response is right for a nonce of ours that is fresh; (None, True)
        when it is right but the nonce is old or another pod's (the client retries at once);
        (None, False) otherwise. RFC 7616 with MD5, qop auth or none, as Apache's mod_auth_digest."""
        p = _digest_params(header)
        if p is None or any(k not in p for k in ("username", "realm", "nonce", "uri", "response")):
            return None, False
        qop = p.get("qop")
        if (
            p["realm"] != self.realm
            or p.get("algorithm", "MD5").upper() != "MD5"
            or (qop is not None and (qop != "auth" or "nc" not in p or "cnonce" not in p))
            or not self._same_target(p["uri"], environ)
        ):
            return None, False
        ha1 = self.get_realm_hash(hook_environ, p["username"], self.realm)
        if ha1 is None:
            return None, False  # unknown user
        if type(ha1) is bytes:
            ha1 = ha1.decode("latin-1")
        if type(ha1) is not str:
            raise TypeError("get_realm_hash() must return a str hex digest or None, not %r" % (ha1,))
        ha2 = _md5("%s:%s" % (environ["REQUEST_METHOD"], p["uri"]))
        if qop is None:
            expected = _md5("%s:%s:%s" % (ha1.lower(), p["nonce"], ha2))
        else:
            expected = _md5("%s:%s:%s:%s:%s:%s" % (ha1.lower(), p["nonce"], p["nc"], p["cnonce"], qop, ha2))
        if not hmac.compare_digest(expected, p["response"].lower()):
            return None, False
        if not self._fresh(p["nonce"]):
            return None, True
        return p["username"], False

    def _same_target(self, uri, environ):
        """Whether the header's uri is this request's target (a replayed header's is another's)."""
        import urllib.parse

        path, _, query = uri.partition("?")
        decoded = urllib.parse.unquote(path, encoding="latin-1")
        return decoded == environ["SCRIPT_NAME"] + environ["PATH_INFO"] and query == environ["QUERY_STRING"]

    def _nonce(self, issued):
        mac = hmac.new(self.secret, ("%d:%s" % (issued, self.realm)).encode(), hashlib.sha256)
        return "%d-%s" % (issued, mac.hexdigest()[:32])

    def _fresh(self, nonce):
        issued, dash, _ = nonce.partition("-")
        if not dash or not issued.isdigit() or not hmac.compare_digest(self._nonce(int(issued)), nonce):
            return False
        return 0 <= time.time() - int(issued) <= _NONCE_SECONDS

    def _in_group(self, hook_environ, user):
        groups = self.groups_for_user(hook_environ, user)
        if groups is None:
            return False
        if isinstance(groups, (str, bytes)):
            raise TypeError("groups_for_user() must return a list of group names, not %r" % (groups,))
        for group in groups:
            if isinstance(group, bytes):
                group = group.decode("latin-1")
            if type(group) is not str:
                raise TypeError("groups_for_user() returned a group that is no str: %r" % (group,))
            if group in self.required:
                return True
        return False

    def _challenge(self, sink, stale):
        if self.digest:
            value = 'Digest realm="%s", nonce="%s", algorithm=MD5, qop="auth"' % (
                self.realm,
                self._nonce(int(time.time())),
            )
            if stale:
                value += ", stale=true"
        else:
            # The realm is checked by the API (no quote, backslash or control character).
            value = 'Basic realm="%s"' % self.realm
        _answer(sink, 401, "Unauthorized", ["WWW-Authenticate", value], "Unauthorized\n")
        return False
