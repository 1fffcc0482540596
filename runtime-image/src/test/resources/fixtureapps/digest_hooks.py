# WSGIAuthUserScript for Digest: the hex MD5 of "user:realm:password", as htdigest stores it.
import hashlib

PASSWORDS = {"carol": "s3cret"}


def get_realm_hash(environ, user, realm):
    if user not in PASSWORDS:
        return None
    return hashlib.md5(("%s:%s:%s" % (user, realm, PASSWORDS[user])).encode()).hexdigest()
