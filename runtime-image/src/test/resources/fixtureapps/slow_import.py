# An import script that takes a while: readiness must stay 503 while it runs.
import time

time.sleep(4)
