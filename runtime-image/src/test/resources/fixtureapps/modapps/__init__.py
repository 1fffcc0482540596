# A package on pythonPath whose modules are applications named as gunicorn names them.
