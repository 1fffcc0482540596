# The file-like objects a request's environ carries: wsgi.input over the Java request body,
# wsgi.errors into the runtime's log, wsgi.file_wrapper. Evaluated in each GraalPy context before
# wsgi_adapter.py, which finds these names in the same globals.
import io as _io
import os as _os
from polyglot import storage as _storage


class _Log:
    """wsgi.errors and sys.stderr of a request: lines go to the runtime's log."""

    def __init__(self, sink):
        self._sink = sink
        self._pending = ""

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("wsgi.errors.write() takes str, not %s" % type(text).__name__)
        self._pending += text
        if "\n" in self._pending:
            *lines, self._pending = self._pending.split("\n")
            for line in lines:
                self._sink.log(line)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        if self._pending:
            self._sink.log(self._pending)
            self._pending = ""


class Input:
    """wsgi.input: a file-like reader over the Java request body, with its own line buffer."""

    def __init__(self, body):
        self._body = body
        self._buffer = b""
        self._eof = False

    def _chunk(self, size):
        """Up to size bytes of the body (at most 1 MiB), or None at its end."""
        # Java copies straight into the bytearray's Java storage: str.encode("latin-1") cost
        # ~4 ns a byte on GraalPy, and a host ByteBuffer is not bytes-like.
        buf = bytearray(min(size, 1 << 20))
        n = self._body.readInto(_storage(buf))
        if n < 0:
            return None
        if n < len(buf):
            del buf[n:]
        return bytes(buf)

    def _fill(self, size):
        if self._eof:
            return False
        chunk = self._chunk(size)
        if chunk is None:
            self._eof = True
            return False
        self._buffer = chunk if not self._buffer else self._buffer + chunk
        return True

    def read(self, size=-1):
        if size is None or size < 0:
            parts, self._buffer = [self._buffer], b""
            while not self._eof:
                chunk = self._chunk(65536)
                if chunk is None:
                    self._eof = True
                else:
                    parts.append(chunk)
            return b"".join(parts)
        while len(self._buffer) < size and self._fill(max(size - len(self._buffer), 8192)):
            pass
        if len(self._buffer) <= size:
            data, self._buffer = self._buffer, b""
            return data
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def readline(self, size=-1):
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0 and (size is None or size < 0 or end < size):
                data, self._buffer = self._buffer[: end + 1], self._buffer[end + 1 :]
                return data
            if size is not None and 0 <= size <= len(self._buffer):
                data, self._buffer = self._buffer[:size], self._buffer[size:]
                return data
            if not self._fill(8192):
                data, self._buffer = self._buffer, b""
                return data

    def readlines(self, hint=-1):
        lines, total = [], 0
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)
            total += len(line)
            if hint is not None and 0 < hint <= total:
                return lines

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line


class FileWrapper:
    """wsgi.file_wrapper: iterates a file-like object in blocks and closes it. Over a regular file
    opened for reading in binary mode, the server sends the file itself (sendfile) instead."""

    def __init__(self, filelike, blksize=8192):
        self.filelike = filelike
        self.blksize = blksize
        if hasattr(filelike, "close"):
            self.close = filelike.close

    def real_file(self):
        """(absolute path, position, size) of a regular binary file to send as it is, or None."""
        f = self.filelike
        if not isinstance(f, (_io.BufferedReader, _io.FileIO)) or not isinstance(f.name, str):
            return None
        try:
            if "b" not in f.mode or not f.seekable():
                return None
            return _os.path.abspath(f.name), f.tell(), _os.fstat(f.fileno()).st_size
        except (OSError, ValueError, AttributeError):
            return None

    def __iter__(self):
        return self

    def __next__(self):
        data = self.filelike.read(self.blksize)
        if data:
            return data
        raise StopIteration
