# WSGIImportScript for application group %{GLOBAL}: the app finds this module in sys.modules
# only in the interpreters it ran in. rtstate is on the daemon's python-path.
import rtstate

PRELOADED = rtstate.mark("preload_global")
