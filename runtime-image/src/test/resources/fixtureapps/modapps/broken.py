# Raises on import, on line 3.
VALUE = 1
raise RuntimeError("broken on purpose")
