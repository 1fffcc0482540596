# WSGIImportScript for the Flask example: runs in every worker before the pod is Ready.
# Importing Flask and the application here moves ~10 s of GraalPy import time out of the first
# requests; loading the catalogue stands for an application's own start-up work.
import flask  # noqa: F401  (the expensive import: about 10 s on GraalPy)

import catalogue
import shop  # noqa: F401  (the application module: routes registered, templates ready)

catalogue.load()
