# An import script that fails: boot must stop with exit code 3, naming this file and line 3.

raise RuntimeError("preload failed on purpose")
