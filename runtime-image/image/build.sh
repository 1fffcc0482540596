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
oci_require umoci:umoci skopeo:skopeo busybox:busybox-static patchelf:patchelf
[[ -x "$JDK/bin/jlink" ]] || oci_die "no JDK 25 at $JDK (set KUBEWSGI_JDK)"

# --- inputs: the Maven build, copied so a concurrent rebuild cannot change them under us --------
STAGE="$(mktemp -d "${TMPDIR:-/tmp}/kubewsgi-runtime-image.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
# mvn_quiet ARGS...: ./mvnw, its output shown only when it fails.
mvn_quiet() {
  (cd "$ROOT" && ./mvnw -B -q "$@") >"$STAGE/mvn.log" 2>&1 ||
    { cat "$STAGE/mvn.log" >&2; oci_die "./mvnw $* failed"; }
}
if ((!SKIP_MAVEN)); then
  oci_log "building the runtime with Maven"
  mvn_quiet -pl runtime-image -am package -DskipTests
fi
TARGET="$ROOT/runtime-image/target"
RUNTIME_JAR="$(ls "$TARGET"/kubewsgi-runtime-*.jar 2>/dev/null | head -n 1)"
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
modules="$("$JDK/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 25 \
  --class-path "$STAGE/lib/*" "$STAGE"/lib/*.jar 2>/dev/null | tail -n 1)"
# The compiler on --upgrade-module-path requires these; jdk.charsets gives Python's codecs
# their Java charsets; jdk.jcmd is for thread and heap dumps in a running pod.
modules="$modules,jdk.internal.vm.ci,jdk.unsupported,java.logging,java.management,jdk.management"
modules="$modules,jdk.charsets,jdk.jcmd,jdk.zipfs"
"$JDK/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$STAGE/java"
# A server has no display or sound: drop the AWT/sound libraries that would pull in X11.
rm -f "$STAGE"/java/lib/{libawt_xawt,libjawt,libsplashscreen,libjsound}.so
echo "$modules" >"$STAGE/java/modules.txt"

# GraalPy's language home and native libraries, unpacked now instead of at each start.
oci_log "unpacking GraalPy's resources"
"$JDK/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  -cp "$STAGE/lib/*" "$HERE/CopyLanguageResources.java" "$STAGE/resources"

# --- layers ------------------------------------------------------------------------------------
base_layer() { # ROOTFS: users, shell and tools, writable directories
  local r="$1" applet
  mkdir -p "$r"/{bin,etc,tmp,root,var/cache/kubewsgi,etc/kubewsgi,home/kubewsgi,usr/bin,etc/ssl/certs}
  chmod 1777 "$r/tmp"
  chmod 700 "$r/root"
  install -m 0755 /bin/busybox "$r/bin/busybox"
  for applet in $("$r/bin/busybox" --list); do
    [[ -e "$r/bin/$applet" ]] || ln -s busybox "$r/bin/$applet"
  done
  ln -sf ../../bin/env "$r/usr/bin/env"
  printf '%s\n' "root:x:0:0:root:/root:/bin/sh" \
    "kubewsgi:x:$APP_UID:$APP_UID:kubewsgi:/home/kubewsgi:/bin/sh" \
    "nobody:x:65534:65534:nobody:/nonexistent:/bin/false" >"$r/etc/passwd"
  printf '%s\n' "root:x:0:" "kubewsgi:x:$APP_UID:" "nogroup:x:65534:" >"$r/etc/group"
  echo "hosts: files dns" >"$r/etc/nsswitch.conf"
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    cp /etc/ssl/certs/ca-certificates.crt "$r/etc/ssl/certs/"
  fi
  chown "$APP_UID:$APP_UID" "$r/var/cache/kubewsgi" "$r/home/kubewsgi"
  oci_copy_elf "$r" /usr/bin/patchelf
}
jdk_layer() { # ROOTFS
  local r="$1" f
  mkdir -p "$r/opt"
  cp -a "$STAGE/java" "$r/opt/java"
  while read -r f; do
    LD_LIBRARY_PATH="$r/opt/java/lib:$r/opt/java/lib/server" oci_copy_libs "$r" "$f"
  done < <(find "$r/opt/java" -type f \( -name '*.so' -o -perm -u+x \))
}
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
  mkdir -p "$r/opt/kubewsgi/examples"
  cp -a "$ROOT/examples/hello" "$r/opt/kubewsgi/examples/hello"
  find "$r/opt/kubewsgi/examples" -name '__pycache__' -prune -exec rm -rf {} +
  echo "$VERSION" >"$r/opt/kubewsgi/VERSION"
}

oci_log "assembling $NAME:$VERSION"
mkdir -p "$OUT"
umoci rm --image "$LAYOUT:$TAG" 2>/dev/null || true
oci_new "$LAYOUT" "$TAG"
oci_add_layer "$LAYOUT" "$TAG" "base: busybox, users, patchelf, glibc" base_layer
oci_add_layer "$LAYOUT" "$TAG" "jdk: jlink of Temurin 25 ($modules)" jdk_layer
oci_add_layer "$LAYOUT" "$TAG" "graalpy: polyglot and third-party jars, Graal compiler, GraalPy home" graalpy_layer
oci_add_layer "$LAYOUT" "$TAG" "kubewsgi: runtime jars, entry points, examples/hello" kubewsgi_layer
umoci config --image "$LAYOUT:$TAG" \
  --config.user "$APP_UID:$APP_UID" \
  --config.workingdir /home/kubewsgi \
  --config.entrypoint /opt/kubewsgi/bin/kubewsgi \
  --config.cmd run --config.cmd /etc/kubewsgi/processgroup.yaml \
  --config.env PATH=/opt/kubewsgi/bin:/opt/java/bin:/bin:/usr/bin \
  --config.env JAVA_HOME=/opt/java \
  --config.env KUBEWSGI_HOME=/opt/kubewsgi \
  --config.env KUBEWSGI_CACHE_DIR=/var/cache/kubewsgi \
  --config.env HOME=/home/kubewsgi \
  --config.env LANG=C.UTF-8 \
  --config.exposedports 8080/tcp --config.exposedports 8081/tcp \
  --config.stopsignal SIGTERM \
  --config.label org.opencontainers.image.title=kubewsgi-runtime \
  --config.label org.opencontainers.image.version="$VERSION" \
  --config.label org.opencontainers.image.description="kubewsgi WSGI runtime: GraalPy with the Graal JIT on JDK 25" \
  --history.created_by "config: user $APP_UID, entrypoint kubewsgi"
oci_gc "$LAYOUT"
oci_export "$LAYOUT" "$TAG" "$TARBALL" "$NAME:$VERSION"
oci_log "built $NAME:$VERSION in $((SECONDS - start)) s: $TARBALL ($(oci_size "$TARBALL"))"
echo "$TARBALL"
