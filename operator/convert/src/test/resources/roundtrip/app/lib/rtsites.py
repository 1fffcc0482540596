# The round trip's app (envapp.wsgi) for the scripts WSGIScriptAliasMatch names (app/sites/*.wsgi):
# loaded from its file once per interpreter, so each of those scripts serves the same answers.
import importlib.machinery
import importlib.util
import os

_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "envapp.wsgi")
_LOADER = importlib.machinery.SourceFileLoader("rtsites_envapp", _PATH)
_SPEC = importlib.util.spec_from_loader("rtsites_envapp", _LOADER)
_MODULE = importlib.util.module_from_spec(_SPEC)
_LOADER.exec_module(_MODULE)

application = _MODULE.application
