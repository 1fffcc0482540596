# Named by WSGIScriptAliasMatch ^/sites/([^/]+) in roundtrip.conf.in, as $1 = "alpha".
from rtsites import application  # noqa: F401
