#!/bin/sh
# /opt/kubewsgi/bin/kubewsgi-bytecode FILE.yaml: a build step (a Dockerfile's RUN, as root) that
# compiles ahead the bytecode a pod's start-up needs. Runs the runtime on FILE until Ready, so the
# interpreter, its import scripts and applications import what they import, and keeps the bytecode
# cache it wrote as the image's seed, /opt/kubewsgi/pycache (the entry point copies it into a pod's
# cache at start). Give FILE `warmup: {enabled: false}`: only imports compile; warm-up adds nothing.
# The runtime image's own build trains its AOT cache with this same run.
# Environment: KUBEWSGI_BYTECODE_PORT (18480; it and the next port must be free).
set -eu
home=${KUBEWSGI_HOME:-/opt/kubewsgi}
file=${1:?usage: kubewsgi-bytecode FILE.yaml}
port=${KUBEWSGI_BYTECODE_PORT:-18480}
work="$home/.bytecode-work"
rm -rf "$work"
mkdir -p "$work"
# The run starts from the image's seed (the entry point copies it) and adds what FILE imports.
KUBEWSGI_CACHE_DIR="$work" "$home/bin/kubewsgi" run "$file" \
  --host 127.0.0.1 --port "$port" --admin-port $((port + 1)) &
pid=$!
until wget -q -O /dev/null "http://127.0.0.1:$((port + 1))/healthz/ready" 2>/dev/null; do
  if ! kill -0 "$pid" 2>/dev/null; then
    rm -rf "$work"
    echo "kubewsgi-bytecode: the runtime exited before Ready on $file (its log is above)" >&2
    exit 1
  fi
  sleep 1
done
# A clean stop (give FILE lifecycle.drainDelaySeconds: 0): the JVM writes what it was asked to at
# exit, such as the image build's AOT cache (-XX:AOTCacheOutput in KUBEWSGI_JAVA_OPTS).
kill -TERM "$pid"
wait "$pid" || true
rm -rf "$home/pycache"
mv "$work/pycache" "$home/pycache"
chmod -R a+rX "$home/pycache"
rm -rf "$work"
echo "kubewsgi-bytecode: $(find "$home/pycache" -name '*.pyc' | wc -l) modules compiled into $home/pycache"
