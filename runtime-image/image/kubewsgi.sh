#!/bin/sh
# /opt/kubewsgi/bin/kubewsgi: the runtime image's entry point (the pod contract):
#   kubewsgi run FILE.yaml [--port 8080] [--admin-port 8081] [--check]
# The Graal JIT on the image's JDK: compiler jars on the module path, never on the class path (the
# jlinked JDK has no jdk.graal.compiler module to upgrade, and an upgrade module path would turn the
# AOT cache off). The AOT cache (JEP 483/515: classes loaded and linked, method profiles) was
# trained at image build on examples/hello; GraalPy's language home was unpacked then too
# (read-only root filesystem).
# Environment: KUBEWSGI_CACHE_DIR (writable: bytecode cache, native-module copies),
# KUBEWSGI_JAVA_OPTS (heap, GC: appended last, so they win), KUBEWSGI_AOT_CACHE (another cache
# file, or "off").
set -eu
home=${KUBEWSGI_HOME:-/opt/kubewsgi}
java=${JAVA_HOME:-/opt/java}/bin/java
: "${KUBEWSGI_CACHE_DIR:=/var/cache/kubewsgi}"
export KUBEWSGI_CACHE_DIR
# Temporary files (native-module copies, JVM perf data) go to the cache volume when /tmp is not
# writable.
tmp=/tmp
[ -w "$tmp" ] || tmp=$KUBEWSGI_CACHE_DIR
if [ "${1:-}" = run ]; then shift; fi
aot=${KUBEWSGI_AOT_CACHE:-$home/kubewsgi.aot}
aot_opt=
if [ "$aot" != off ] && [ -r "$aot" ]; then aot_opt=-XX:AOTCache=$aot; fi
# shellcheck disable=SC2086
exec "$java" \
  -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
  --module-path="$home/jvmci" --add-modules=jdk.graal.compiler,org.graalvm.truffle.compiler \
  $aot_opt \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -XX:MaxRAMPercentage=50 \
  -Djava.io.tmpdir="$tmp" \
  -Djava.awt.headless=true \
  -Dpolyglot.engine.resourcePath="$home/resources" \
  ${KUBEWSGI_JAVA_OPTS:-} \
  -cp "$home/lib/*" \
  dev.kubewsgi.runtime.Main run "$@"
