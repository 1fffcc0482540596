#!/usr/bin/env bash
# Builds the runtime image kubewsgi/runtime:0.1.0 without a Docker daemon or a registry:
# a jlinked JDK 25 from the local Temurin (JVMCI kept for the Graal JIT), the glibc libraries ldd
# names, busybox for /bin/sh, patchelf (GraalPy's native-module isolation), the runtime's jars
# from the Maven build, GraalPy's language home unpacked at build time, and the GraalPy
# command line for users' `pip install` steps. Assembled with umoci, exported with skopeo.
#
#   runtime-image/image/build.sh [--skip-maven]
#
# Output (gitignored):
#   target/images/oci/                       the OCI layout (tags: runtime-0.1.0, ...)
#   target/images/kubewsgi-runtime-0.1.0.tar docker-archive, for `ctr -n k8s.io images import`
#                                            or `docker load`
# Settings: KUBEWSGI_JDK (default /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=lib/oci.sh
source "$HERE/lib/oci.sh"
# shellcheck source=lib/rootfs.sh
source "$HERE/lib/rootfs.sh"
# shellcheck source=lib/smoke.sh
source "$HERE/lib/smoke.sh"
OCI_LOG_PREFIX="runtime-image/build.sh"

VERSION=0.1.0
NAME=kubewsgi/runtime
TAG="runtime-$VERSION"
OUT="$ROOT/target/images"
LAYOUT="$OUT/oci"
TARBALL="$OUT/kubewsgi-runtime-$VERSION.tar"
JDK="${KUBEWSGI_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
APP_UID=10001
SKIP_MAVEN=0
case "${1:-}" in
  "") ;;
  --skip-maven) SKIP_MAVEN=1 ;;
  *) echo "usage: $0 [--skip-maven]" >&2; exit 2 ;;
esac

start=$SECONDS
oci_lock "$LAYOUT"
oci_require umoci:umoci skopeo:skopeo busybox:busybox-static patchelf:patchelf runc:runc jq:jq
[[ -x "$JDK/bin/jlink" ]] || oci_die "no JDK 25 at $JDK (set KUBEWSGI_JDK)"

# --- inputs: the Maven build, copied so a concurrent rebuild cannot change them under us --------
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/kubewsgi-runtime-image.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
mvn_quiet() { maven_quiet "$ROOT" "$STAGE/mvn.log" "$@"; }
if ((!SKIP_MAVEN)); then
  oci_log "building the runtime with Maven"
  mvn_quiet -pl runtime-image -am package -DskipTests
fi
TARGET="$ROOT/runtime-image/target"
# The main jar, not the tests jar beside it (operator/convert's tests use that one).
RUNTIME_JAR="$(ls "$TARGET"/kubewsgi-runtime-*.jar 2>/dev/null | grep -v -- '-tests\.jar$' | head -n 1)"
[[ -f "$RUNTIME_JAR" && -d "$TARGET/lib" && -d "$TARGET/jvmci" ]] ||
  oci_die "no runtime build in $TARGET (run without --skip-maven)"
mkdir -p "$STAGE/lib" "$STAGE/jvmci" "$STAGE/graalpy"
cp "$RUNTIME_JAR" "$TARGET"/lib/*.jar "$STAGE/lib/"
cp "$TARGET"/jvmci/*.jar "$STAGE/jvmci/"
mvn_quiet -f runtime-image/image/graalpy-launcher/pom.xml dependency:copy-dependencies \
  -DoutputDirectory="$STAGE/graalpy-all"
# Only what the runtime's class path lacks (the launcher, its common code, jline).
for jar in "$STAGE"/graalpy-all/*.jar; do
  [[ -e "$STAGE/lib/$(basename "$jar")" ]] || cp "$jar" "$STAGE/graalpy/"
done

# --- the JDK: modules the runtime's jars use (jdeps) plus what the Graal compiler needs ----------
oci_log "jlink"
# The compiler on the module path requires the first five; jdk.charsets gives Python's
# codecs their Java charsets; jdk.jcmd is for thread and heap dumps in a running pod.
jdk_jlink "$JDK" "$STAGE/java" \
  jdk.internal.vm.ci,jdk.unsupported,java.logging,java.management,jdk.management,jdk.charsets,jdk.jcmd,jdk.zipfs \
  "$STAGE"/lib/*.jar
modules="$(cat "$STAGE/java/modules.txt")"

# GraalPy's language home and native libraries, unpacked now instead of at each start.
oci_log "unpacking GraalPy's resources"
"$JDK/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$STAGE/lib/*" "$HERE/CopyLanguageResources.java" "$STAGE/resources"

# --- layers ------------------------------------------------------------------------------------
base_layer() { # ROOTFS: busybox, users, CA certificates, patchelf, writable directories
  rootfs_base "$1" "$APP_UID" kubewsgi /home/kubewsgi /var/cache/kubewsgi /etc/kubewsgi
  oci_copy_elf "$1" /usr/bin/patchelf
}
jdk_layer() { rootfs_jdk "$1" "$STAGE/java"; }
graalpy_layer() { # ROOTFS: third-party jars, the JIT, GraalPy's home (large, rarely changes)
  local r="$1" f
  mkdir -p "$r/opt/kubewsgi/lib"
  find "$STAGE/lib" -name '*.jar' ! -name 'kubewsgi-*' -exec cp {} "$r/opt/kubewsgi/lib/" \;
  cp -a "$STAGE/jvmci" "$STAGE/graalpy" "$STAGE/resources" "$r/opt/kubewsgi/"
  while read -r f; do oci_copy_libs "$r" "$f"; done < <(find "$r/opt/kubewsgi/resources" -name '*.so*' -type f)
}
kubewsgi_layer() { # ROOTFS: our jars, the entry points, the hello example (changes most often)
  local r="$1"
  cp "$STAGE"/lib/kubewsgi-*.jar "$r/opt/kubewsgi/lib/"
  install -D -m 0755 "$HERE/kubewsgi.sh" "$r/opt/kubewsgi/bin/kubewsgi"
  install -D -m 0755 "$HERE/graalpy.sh" "$r/opt/kubewsgi/bin/graalpy"
  install -D -m 0755 "$HERE/kubewsgi-bytecode.sh" "$r/opt/kubewsgi/bin/kubewsgi-bytecode"
  mkdir -p "$r/opt/kubewsgi/examples"
  cp -a "$ROOT/examples/hello" "$r/opt/kubewsgi/examples/hello"
  find "$r/opt/kubewsgi/examples" -name '__pycache__' -prune -exec rm -rf {} +
  echo "$VERSION" >"$r/opt/kubewsgi/VERSION"
}

# The JDK's AOT cache (JEP 483/514/515), trained by running examples/hello in the image itself, at
# the paths a pod uses (the cache is valid only for the class and module paths it was made with):
# the classes GraalPy, Truffle, the Graal compiler and Netty load, linked, with method profiles.
# A bounded warm-up (not until settled) puts the compiler's and the request path's classes in too.
# The run's bytecode cache becomes /opt/kubewsgi/pycache, the seed of every pod's cache.
aot_layer() { # ROOTFS: /opt/kubewsgi/kubewsgi.aot
  local r="$1" yaml=/opt/kubewsgi/examples/hello/aot-training.yaml t=$SECONDS
  cat >"$r$yaml" <<'YAML'
apiVersion: kubewsgi.dev/v1alpha1
kind: WsgiProcessGroup
metadata: {name: aot-training}
spec:
  workers: 2
  threads: 1
  pythonPath: ["."]
  importScripts: [{path: preload.py}]
  applications: [{mount: /, script: app.py}]
  warmup: {untilSettled: false, requests: [{path: /, count: 5000}]}
  lifecycle: {drainDelaySeconds: 0}
YAML
  # kubewsgi-bytecode runs it until Ready, stops it (the JVM writes the cache at exit) and keeps
  # its bytecode as /opt/kubewsgi/pycache.
  # A subshell: oci_run exits on failure, and the log must still be shown.
  if ! (oci_run "$OCI_BUNDLE" 0:0 "/opt/kubewsgi/bin/kubewsgi-bytecode $yaml" \
    KUBEWSGI_BYTECODE_PORT="$AOT_PORT" KUBEWSGI_AOT_CACHE=off \
    KUBEWSGI_JAVA_OPTS=-XX:AOTCacheOutput=/opt/kubewsgi/kubewsgi.aot) >"$STAGE/aot-training.log" 2>&1
  then
    cat "$STAGE/aot-training.log" >&2
    oci_die "the AOT training run failed (its log is above)"
  fi
  rm -f "$r$yaml"
  [[ -s "$r/opt/kubewsgi/kubewsgi.aot" ]] || oci_die "the AOT training run wrote no cache"
  chmod 0644 "$r/opt/kubewsgi/kubewsgi.aot"
  oci_log "AOT cache: $(du -m "$r/opt/kubewsgi/kubewsgi.aot" | cut -f1) MiB, trained in $((SECONDS - t)) s"
}
AOT_PORT="$(smoke_free_port 18400)" # and the next port, the admin port

oci_log "assembling $NAME:$VERSION"
mkdir -p "$OUT"
umoci rm --image "$LAYOUT:$TAG" 2>/dev/null || true
oci_new "$LAYOUT" "$TAG"
oci_add_layer "$LAYOUT" "$TAG" "base: busybox, users, patchelf, glibc" base_layer
oci_add_layer "$LAYOUT" "$TAG" "jdk: jlink of Temurin 25 ($modules)" jdk_layer
oci_add_layer "$LAYOUT" "$TAG" "graalpy: polyglot and third-party jars, Graal compiler, GraalPy home" graalpy_layer
oci_add_layer "$LAYOUT" "$TAG" "kubewsgi: runtime jars, entry points, examples/hello" kubewsgi_layer
oci_log "training the AOT cache on examples/hello"
oci_add_layer "$LAYOUT" "$TAG" "aot: the JDK's AOT cache, trained on examples/hello" aot_layer
oci_config_service "$LAYOUT" "$TAG" "$APP_UID" /opt/kubewsgi/bin/kubewsgi \
  kubewsgi-runtime "$VERSION" "kubewsgi WSGI runtime: GraalPy with the Graal JIT on JDK 25" \
  --config.cmd run --config.cmd /etc/kubewsgi/processgroup.yaml \
  --config.env KUBEWSGI_HOME=/opt/kubewsgi \
  --config.env KUBEWSGI_CACHE_DIR=/var/cache/kubewsgi
oci_publish "$LAYOUT" "$TAG" "$TARBALL" "$NAME:$VERSION" "$start"
