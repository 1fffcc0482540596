# The WSGI side of the bridge: evaluated once per GraalPy context and bound to the Java interface
# dev.kubewsgi.runtime.interp.WsgiBridge. Java passes primitives, Strings and host objects; environ,
# start_response and the body loop live here so a request crosses the boundary a handful of times.
# Input, _Log and FileWrapper come from wsgi_streams.py, _Auth from wsgi_auth.py, evaluated just
# before in the same globals.
import hashlib
import importlib
import importlib.machinery
import importlib.util
import py_compile
import sys
import traceback

_apps = {}
# index -> _Auth, for applications with an auth block; _hooks holds hooks loaded before configureAuth.
_auth = {}
_hooks = {}
_MODE = {"multithread": False, "multiprocess": False, "application_group": "", "process_group": ""}


def _compile_file(path):
    """Compiles a file, writing its bytecode cache when it can. Writing may fail where compiling
    does not: two workers writing the same cache file collide on its temporary name (built from
    id(), which GraalPy's contexts in one process repeat), or the cache is read-only. The syntax is
    then checked without the cache."""
    try:
        py_compile.compile(path, doraise=True)
    except py_compile.PyCompileError:
        raise
    except OSError:
        with open(path, "rb") as f:
            compile(f.read(), path, "exec")


def _describe(exc, path):
    """file, line, message and traceback of an exception, joined by NUL for Java."""
    if isinstance(exc, SyntaxError):
        filename, line = exc.filename or path, exc.lineno or 0
    else:
        filename, line = path, 0
        tb = exc.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            if not code.co_filename.startswith(_OWN_FILES):
                filename, line = code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    # The last line ("SyntaxError: expected ':'"); the code excerpt stays in the traceback.
    message = "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()[-1]
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return "\0".join([str(filename), str(line), message, text])


# Frames _describe skips: the runtime's own files (this one and wsgi_streams.py) and frozen modules.
_OWN_FILES = (_describe.__code__.co_filename, Input.read.__code__.co_filename, "<frozen")


def _latin1(value, what):
    if type(value) is not str:
        raise TypeError("%s must be str, not %s: %r" % (what, type(value).__name__, value))
    # ASCII is latin-1: isascii() is a flag check, encode() allocates an encoder per call on GraalPy.
    if not value.isascii():
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise ValueError("%s must be latin-1: %r" % (what, value)) from None
    if "\r" in value or "\n" in value or "\0" in value:
        raise ValueError("%s must not contain CR, LF or NUL: %r" % (what, value))
    return value


class _Response:
    """start_response and write() of one request, sending the head at the first body byte (PEP 3333)."""

    def __init__(self, sink):
        self.sink = sink
        self.status = None
        self.headers = None
        self.head_sent = False

    def start_response(self, status, headers, exc_info=None):
        if exc_info:
            try:
                if self.head_sent:
                    raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None
        elif self.status is not None:
            raise AssertionError("start_response() called twice without exc_info")
        _latin1(status, "status")
        code = status[:3]
        if len(status) < 4 or not code.isdigit() or status[3] != " ":
            raise ValueError("status must look like '200 OK', not %r" % status)
        if type(headers) is not list:
            raise TypeError("response headers must be a list, not %s" % type(headers).__name__)
        flat = []
        for item in headers:
            if type(item) is not tuple or len(item) != 2:
                raise TypeError("each response header must be a (name, value) tuple: %r" % (item,))
            flat.append(_latin1(item[0], "header name"))
            flat.append(_latin1(item[1], "value of header %s" % item[0]))
        self.status = status
        self.headers = flat
        return self.write

    def _send_head(self):
        if self.status is None:
            raise AssertionError("the application sent a body before calling start_response()")
        if not self.head_sent:
            self.sink.head(int(self.status[:3]), self.status[4:], "\0".join(self.headers))
            self.head_sent = True

    def write(self, data):
        if type(data) is not bytes:
            raise TypeError("the body must be bytes, not %s" % type(data).__name__)
        self._send_head()
        if data:
            self.sink.write(data)


def _load_script(path):
    """Imports a script file as mod_wsgi does: module _mod_wsgi_<md5 of path>, loaded once."""
    name = "_mod_wsgi_" + hashlib.md5(path.encode()).hexdigest()
    module = sys.modules.get(name)
    if module is not None:
        return module
    # An explicit loader: mod_wsgi loads any file as Python source (app.wsgi, keystone-wsgi-public),
    # where spec_from_file_location alone knows only the .py suffixes.
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    if spec is None:
        raise ImportError("cannot load %s as a Python script" % path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _run_inline(name, path, source):
    """Runs inline source as a module of its own, kept in sys.modules like a script file's."""
    module = type(sys)("_kubewsgi_inline_" + hashlib.md5(name.encode()).hexdigest())
    module.__file__ = path
    sys.modules[module.__name__] = module
    exec(compile(source, path, "exec"), module.__dict__)
    return module


def _keep(index, module, where, callable_name):
    """Keeps module's callable under index; or the error, NUL-joined for Java."""
    app = getattr(module, callable_name, None)
    if app is None:
        return "\0".join([where, "0", "%s defines no callable named %r" % (where, callable_name), ""])
    if not callable(app):
        kind = type(app).__name__
        return "\0".join([where, "0", "%r in %s is a %s, not a callable" % (callable_name, where, kind), ""])
    _apps[index] = app
    return None


class Bridge:
    """What Java calls: import scripts, application loading, requests."""

    def configure(self, multithread, multiprocess, application_group, process_group):
        """Once per context: what wsgi.multithread, wsgi.multiprocess and mod_wsgi's
        mod_wsgi.application_group ("" for %{GLOBAL}) and mod_wsgi.process_group say."""
        _MODE["multithread"] = bool(multithread)
        _MODE["multiprocess"] = bool(multiprocess)
        _MODE["application_group"] = str(application_group)
        _MODE["process_group"] = str(process_group)

    def runImportScript(self, name, path, source):
        """Runs a script like mod_wsgi's WSGIImportScript; a file stays in sys.modules for its app."""
        try:
            if source is None:
                _load_script(path)
            else:
                _run_inline(name, path, source)
            return None
        except BaseException as exc:
            return _describe(exc, path)

    def loadApplication(self, index, path, callable_name):
        try:
            module = _load_script(path)
        except BaseException as exc:
            return _describe(exc, path)
        return _keep(index, module, path, callable_name)

    def loadModuleApplication(self, index, name, callable_name):
        """gunicorn's package.module:callable, imported from sys.path."""
        try:
            module = importlib.import_module(name)
        except BaseException as exc:
            return _describe(exc, name)
        return _keep(index, module, getattr(module, "__file__", None) or name, callable_name)

    def loadAuthHook(self, index, function, path, source):
        """Loads a WSGIAccessScript, WSGIAuthUserScript or WSGIAuthGroupScript and keeps its
        function for application index; a file is loaded once, as mod_wsgi names it."""
        try:
            module = _load_script(path) if source is None else _run_inline(path, path, source)
        except BaseException as exc:
            return _describe(exc, path)
        hook = getattr(module, function, None)
        if not callable(hook):
            return "\0".join([path, "0", "%s defines no function %s()" % (path, function), ""])
        _hooks.setdefault(index, {})[function] = hook
        return None

    def configureAuth(self, index, provider, realm, required_groups, pass_authorization, nonce_secret):
        required = required_groups.split("\0") if required_groups else ()
        hooks = _hooks.pop(index, {})
        _auth[index] = _Auth(hooks, provider, realm, required, bool(pass_authorization), nonce_secret)

    def authPassed(self, index):
        auth = _auth.get(index)
        return auth.passed if auth is not None else 0

    def compileModule(self, name):
        """Finds a module without running it and compiles its file (--check)."""
        try:
            spec = importlib.util.find_spec(name)
            if spec is None:
                return "\0".join([name, "0", "ModuleNotFoundError: No module named %r" % name, ""])
            if spec.origin and spec.origin.endswith(".py"):
                _compile_file(spec.origin)
            return None
        except py_compile.PyCompileError as exc:
            return _describe(exc.exc_value, name)
        except BaseException as exc:
            return _describe(exc, name)

    def compileScript(self, path, source):
        """Compiles without running, writing the bytecode cache for files (--check)."""
        try:
            if source is None:
                _compile_file(path)
            else:
                compile(source, path, "exec")
            return None
        except py_compile.PyCompileError as exc:
            return _describe(exc.exc_value, path)
        except BaseException as exc:
            return _describe(exc, path)

    def call(self, index, method, script_name, path_info, query, request_uri, protocol, headers,
             content_length, remote_addr, remote_port, server_name, server_port, url_scheme, host,
             body, sink):
        environ = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": script_name,
            "PATH_INFO": path_info,
            "QUERY_STRING": query,
            # As Apache's: the target as sent, before the path was normalised or decoded.
            "REQUEST_URI": request_uri,
            "SERVER_NAME": server_name,
            "SERVER_PORT": str(server_port),
            "SERVER_PROTOCOL": protocol,
            "REMOTE_ADDR": remote_addr,
            "REMOTE_PORT": str(remote_port),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": url_scheme,
            "wsgi.input": Input(body),
            # Werkzeug reads a chunked body only when the server says the stream ends.
            "wsgi.input_terminated": True,
            "wsgi.errors": _Log(sink),
            "wsgi.multithread": _MODE["multithread"],
            "wsgi.multiprocess": _MODE["multiprocess"],
            "wsgi.run_once": False,
            "wsgi.file_wrapper": FileWrapper,
            "mod_wsgi.application_group": _MODE["application_group"],
            "mod_wsgi.process_group": _MODE["process_group"],
        }
        if headers:
            items = headers.split("\0")
            for i in range(0, len(items) - 1, 2):
                name = items[i].upper().replace("-", "_")
                if "_" in items[i]:
                    continue  # like mod_wsgi: names with underscores could spoof others
                if name == "CONTENT_TYPE":
                    environ["CONTENT_TYPE"] = items[i + 1]
                    continue
                if name == "CONTENT_LENGTH":
                    if content_length >= 0:
                        environ["CONTENT_LENGTH"] = str(content_length)
                    continue
                key = "HTTP_" + name
                if key in environ:
                    sep = "; " if key == "HTTP_COOKIE" else ","
                    environ[key] = environ[key] + sep + items[i + 1]
                else:
                    environ[key] = items[i + 1]
        if host is not None:
            # Forwarded by a trusted proxy; SERVER_NAME and SERVER_PORT came with it.
            environ["HTTP_HOST"] = host
        elif "HTTP_HOST" in environ:
            host = environ["HTTP_HOST"]
            environ["SERVER_NAME"] = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        auth = _auth.get(index)
        if auth is not None:
            try:
                if not auth.admit(environ, sink):
                    environ["wsgi.errors"].flush()
                    return
            except BaseException as exc:
                environ["wsgi.errors"].flush()
                text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                sink.error(False, "an auth hook of %s raised:\n%s" % (script_name or "/", text))
                return
        response = _Response(sink)
        result = None
        try:
            result = _apps[index](environ, response.start_response)
            if type(result) is FileWrapper:
                real = result.real_file()
                if real is not None and response.status is not None:
                    rest = max(0, real[2] - real[1])
                    if not any(n.lower() == "content-length" for n in response.headers[::2]):
                        # Length-framed rather than chunked: the size is known.
                        response.headers += ["Content-Length", str(rest)]
                    response._send_head()
                    if sink.sendFile(real[0], real[1], rest):
                        result = _Sent(result)
            for data in result:
                if type(data) is not bytes:
                    raise TypeError("the application yielded %s, not bytes" % type(data).__name__)
                if data:
                    response.write(data)
            response._send_head()
        except BaseException as exc:
            text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            sink.error(response.head_sent, text)
            return
        finally:
            environ["wsgi.errors"].flush()
            if result is not None and hasattr(result, "close"):
                try:
                    result.close()
                except BaseException as exc:
                    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
                    sink.log("close() of the response iterable raised:\n" + text)
        sink.finish()


class _Sent:
    """A file wrapper whose file went out by sendfile: nothing left to iterate, still to close."""

    def __init__(self, wrapper):
        self.close = getattr(wrapper, "close", None) or (lambda: None)

    def __iter__(self):
        return iter(())


bridge = Bridge()
