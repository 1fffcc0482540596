#!/bin/sh
# /opt/kubewsgi/bin/kubewsgi: the runtime image's entry point (the pod contract):
#   kubewsgi run FILE.yaml [--port 8080] [--admin-port 8081] [--check]
# The Graal JIT on the image's JDK: compiler jars on the module path, never on the class path (the
# jlinked JDK has no jdk.graal.compiler module to upgrade, and an upgrade module path would turn the
# AOT cache off). The AOT cache (JEP 483/515: classes loaded and linked, method profiles) was
# trained at image build on examples/hello; GraalPy's language home was unpacked then too
# (read-only root filesystem).
# Native memory the compilers freed goes back to the system every 5 s (TrimNativeHeapInterval):
# glibc keeps it otherwise, ~150 MiB of a flask pod's peak RSS (runtime-image/RESULTS.md).
# A heap that runs out ends the process with exit code 3 (-XX:+ExitOnOutOfMemoryError): after an
# OutOfMemoryError any thread may have died, an HTTP event loop among them, and only a restart is
# safe; the restarted container is Ready again only when warm.
# Environment: KUBEWSGI_CACHE_DIR (writable: bytecode cache, native-module copies),
# KUBEWSGI_JAVA_OPTS (heap, GC: appended last, so they win), KUBEWSGI_AOT_CACHE (another cache
# file, or "off"), KUBEWSGI_BYTECODE_SEED (bytecode to start the cache with; default
# /opt/kubewsgi/pycache).
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
# Bytecode compiled at image build (the image's own modules, the app's when its image made it):
# a pod's first start copies it into its cache instead of parsing every module from source.
seed=${KUBEWSGI_BYTECODE_SEED:-$home/pycache}
if [ -d "$seed" ] && [ ! -e "$KUBEWSGI_CACHE_DIR/pycache" ]; then
  # Copied whole or not at all (a full volume must not leave half a file to read).
  part="$KUBEWSGI_CACHE_DIR/pycache.part.$$"
  { mkdir -p "$KUBEWSGI_CACHE_DIR" && cp -R "$seed" "$part" && mv "$part" "$KUBEWSGI_CACHE_DIR/pycache"; } 2>/dev/null ||
    rm -rf "$part" 2>/dev/null || true
fi
aot=${KUBEWSGI_AOT_CACHE:-$home/kubewsgi.aot}
aot_opt=
if [ "$aot" != off ] && [ -r "$aot" ]; then aot_opt=-XX:AOTCache=$aot; fi
# G1 unless KUBEWSGI_JAVA_OPTS names a collector (two would refuse to start): under a memory limit
# below 1792 MiB the JVM picks the serial collector, whose full collections stopped every thread
# for seconds on a busy node (e2e/RESULTS.md, run N).
gc=-XX:+UseG1GC
case " ${KUBEWSGI_JAVA_OPTS:-}" in
  *-XX:+UseSerialGC* | *-XX:+UseParallelGC* | *-XX:+UseG1GC* | *-XX:+UseZGC* | *-XX:+UseShenandoahGC* | *-XX:+UseEpsilonGC*) gc= ;;
esac
# The class path spelled out in sorted order: the AOT cache is valid only for the exact class path
# it was trained with, and java expands "lib/*" in directory order, which differs between the
# build's file system and a pod's image snapshot (the cache then does not map).
cp=
for jar in "$home"/lib/*.jar; do cp="${cp:+$cp:}$jar"; done
# shellcheck disable=SC2086
exec "$java" \
  -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
  --module-path="$home/jvmci" --add-modules=jdk.graal.compiler,org.graalvm.truffle.compiler \
  $aot_opt \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000 $gc \
  -Djava.io.tmpdir="$tmp" \
  -Djava.awt.headless=true \
  -Dpolyglot.engine.resourcePath="$home/resources" \
  ${KUBEWSGI_JAVA_OPTS:-} \
  -cp "$cp" \
  dev.kubewsgi.runtime.Main run "$@"
