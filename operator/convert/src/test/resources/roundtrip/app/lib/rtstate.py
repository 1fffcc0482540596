# On the daemon's python-path: importing it proves the path reached the interpreter.
import sys


def mark(name):
    return name


def import_scripts():
    """The import scripts that ran in this interpreter (one per process and application group),
    found as the modules mod_wsgi and kubewsgi both keep in sys.modules, by their PRELOADED value."""
    return sorted(
        m.PRELOADED
        for m in list(sys.modules.values())
        if isinstance(getattr(m, "PRELOADED", None), str)
    )
