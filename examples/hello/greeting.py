# Shared by the import script (which fills WORDS) and the application (which reads it).
WORDS = None
