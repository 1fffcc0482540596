#!/bin/sh
# /opt/kubewsgi/bin/graalpy: GraalPy's command line on the image's JDK, for building images FROM
# this one: `graalpy -m venv /opt/app/venv`, then `/opt/app/venv/bin/pip install ...` (the venv's
# python is a link to this script; GraalPy finds the venv from the name it was started by).
# Interpreter only (no JIT): pip and venv are short jobs, and start faster without it.
set -eu
home=${KUBEWSGI_HOME:-/opt/kubewsgi}
java=${JAVA_HOME:-/opt/java}/bin/java
# shellcheck disable=SC2086
exec "$java" \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -Djava.awt.headless=true \
  -Dpolyglot.engine.WarnInterpreterOnly=false \
  -Dpolyglot.engine.resourcePath="$home/resources" \
  ${GRAALPY_JAVA_OPTS:-} \
  -cp "$home/lib/*:$home/graalpy/*" \
  com.oracle.graal.python.shell.GraalPythonMain --python.Executable="$0" "$@"
