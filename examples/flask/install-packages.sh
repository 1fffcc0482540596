#!/bin/sh
# install-packages.sh TARGET REQUIREMENTS: the pinned requirements installed by GraalPy's pip into
# the directory TARGET, which the WsgiProcessGroup puts on spec.pythonPath. Runs inside an image
# built FROM kubewsgi/runtime (the Dockerfile's RUN step, or build.sh's runc step).
#
# Why a plain directory and not a venv named as spec.pythonHome: with a venv, GraalPy writes its
# per-interpreter copies of native modules (python.IsolateNativeModules; even the standard
# library's unicodedata, which Flask loads) into the venv's root, and the root filesystem of a pod
# is read-only. Without one, the copies go to a temporary directory (/tmp, an emptyDir).
set -eu
target=$1
requirements=$2
# pip itself lives in a throw-away venv under /tmp.
tool_venv=$(mktemp -d /tmp/graalpy-pip.XXXXXX)/venv
graalpy -m venv "$tool_venv"
# GraalPy's pip also asks an extra wheel index and a patch repository; where those are out of
# reach each attempt is retried (an install takes twice as long). Point the extra index at the one
# pip uses anyway, and switch the patch lookup off.
# GraalPy's ssl verifies with the CAs it is given, not the system's: hand pip the image's bundle
# (Debian's, plus whatever CA the build machine trusts).
if [ -z "${PIP_CERT:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  PIP_CERT=/etc/ssl/certs/ca-certificates.crt
  export PIP_CERT
fi
index=${PIP_INDEX_URL:-$("$tool_venv/bin/python" -c 'from pip._internal.models.index import PyPI; print(PyPI.simple_url)')}
PIP_EXTRA_INDEX_URL=${PIP_EXTRA_INDEX_URL:-$index} PIP_GRAALPY_PATCHES_URL=disabled \
  "$tool_venv/bin/python" -m pip install --no-cache-dir --disable-pip-version-check --no-compile \
  --target "$target" -r "$requirements"
PYTHONPATH=$target "$tool_venv/bin/python" -m pip list --disable-pip-version-check --path "$target"
rm -rf "$(dirname "$tool_venv")"
