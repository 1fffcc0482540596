#!/usr/bin/env bash
# bench/graalpy-venv.sh CACHE: a GraalPy venv with Flask and Django at CACHE/venv-graalpy, made by GraalPy's
# own venv and pip (GRAALPY.md, "Packages"). GraalPy's command line comes from Maven (python-launcher at the
# runtime's GraalPy version) and runs on the JDK 25 that ./mvnw uses with the runtime's own GraalPy jars, interpreter only: pip is a short job.
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
CACHE=$1
VENV=$CACHE/venv-graalpy
if [ -x "$VENV/bin/python" ] && [ "$VENV/.installed" -nt "$BENCH/requirements-graalpy.txt" ]; then
  exit 0
fi
# shellcheck source=../.mvn/jdk.sh
. "$ROOT/.mvn/jdk.sh"

LAUNCHER=$CACHE/graalpy
if [ ! -d "$LAUNCHER/lib" ]; then
  echo "bench: fetching GraalPy's command line ..." >&2
  (cd "$ROOT" && ./mvnw -q -f runtime-image/image/graalpy-launcher/pom.xml dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$LAUNCHER/lib.tmp") >&2
  mv "$LAUNCHER/lib.tmp" "$LAUNCHER/lib"
fi
# GraalPy itself (polyglot, python-language, its resources) is on the runtime's class path: target/lib.
RUNTIME_LIB=$ROOT/runtime-image/target/lib
if [ ! -d "$RUNTIME_LIB" ]; then
  echo "bench: $RUNTIME_LIB is missing: build the runtime first (./kubewsgi check bench/kubewsgi/hello.yaml)" >&2
  exit 1
fi
mkdir -p "$LAUNCHER/bin"
cat >"$LAUNCHER/bin/graalpy" <<SH
#!/bin/sh
# GraalPy's launcher; a venv's python links here and GraalPy finds the venv from the name it was run by.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \\
  -Dpolyglot.engine.WarnInterpreterOnly=false -cp "$RUNTIME_LIB/*:$LAUNCHER/lib/*" \\
  com.oracle.graal.python.shell.GraalPythonMain --python.Executable="\$0" "\$@"
SH
chmod +x "$LAUNCHER/bin/graalpy"

echo "bench: creating the GraalPy venv $VENV (a few minutes) ..." >&2
rm -rf "$VENV"
"$LAUNCHER/bin/graalpy" -m venv "$VENV"
# GraalPy's pip also asks an extra wheel index and a patch repository; point the first at the index pip
# already uses and switch the second off, or every install waits for retries (GRAALPY.md).
INDEX=${PIP_INDEX_URL:-$(python3 -c 'from pip._internal.models.index import PyPI; print(PyPI.simple_url)')}
PIP_EXTRA_INDEX_URL=$INDEX PIP_GRAALPY_PATCHES_URL=disabled \
  "$VENV/bin/pip" install --no-cache-dir -r "$BENCH/requirements-graalpy.txt" >&2
touch "$VENV/.installed"
