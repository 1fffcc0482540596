# The WSGI script the resource mounts at "/": the same module object the import script loaded.
from shop import app as application  # noqa: F401
