# Named by WSGIScriptAliasMatch ^/sites/([^/]+) in roundtrip.conf.in, as $1 = "beta".
from rtsites import application  # noqa: F401
