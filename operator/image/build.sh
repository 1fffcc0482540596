#!/usr/bin/env bash
# Builds the operator image kubewsgi/operator:0.1.0 without a Docker daemon or a registry: a
# jlinked JDK 25 from the local Temurin with the modules the operator's jars use, the glibc
# libraries ldd names, busybox, and the operator's jars from the Maven build (umoci + skopeo, the
# same pieces as runtime-image/image/build.sh).
#
#   operator/image/build.sh [--skip-maven]
#
# Output (gitignored): target/images/oci/ (tag operator-0.1.0) and
# target/images/kubewsgi-operator-0.1.0.tar (docker-archive).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../runtime-image/image/lib/oci.sh
source "$ROOT/runtime-image/image/lib/oci.sh"
# shellcheck source=../../runtime-image/image/lib/rootfs.sh
source "$ROOT/runtime-image/image/lib/rootfs.sh"
OCI_LOG_PREFIX="operator/image/build.sh"

VERSION=0.1.0
NAME=kubewsgi/operator
TAG="operator-$VERSION"
OUT="$ROOT/target/images"
LAYOUT="$OUT/oci"
TARBALL="$OUT/kubewsgi-operator-$VERSION.tar"
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
oci_require umoci:umoci skopeo:skopeo busybox:busybox-static
[[ -x "$JDK/bin/jlink" ]] || oci_die "no JDK 25 at $JDK (set KUBEWSGI_JDK)"

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/kubewsgi-operator-image.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
mvn_quiet() { maven_quiet "$ROOT" "$STAGE/mvn.log" "$@"; }
mkdir -p "$STAGE/lib"
# The operator's runtime class path, resolved by Maven in the same reactor build, so the api jar
# is the one just built and never a stale copy from ~/.m2.
if ((!SKIP_MAVEN)); then
  oci_log "building the operator with Maven"
  mvn_quiet -pl operator/controller -am package dependency:copy-dependencies -DskipTests \
    -DincludeScope=runtime -DoutputDirectory="$STAGE/lib"
else
  # jar:jar only registers the jars already built, so the reactor resolves the api module to one.
  mvn_quiet -pl operator/controller -am jar:jar dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$STAGE/lib"
fi
TARGET="$ROOT/operator/controller/target"
OPERATOR_JAR="$(ls "$TARGET"/kubewsgi-operator-*.jar 2>/dev/null | grep -v -e '-tests' | head -n 1)"
[[ -f "$OPERATOR_JAR" ]] || oci_die "no operator build in $TARGET (run without --skip-maven)"
cp "$OPERATOR_JAR" "$STAGE/lib/"

oci_log "jlink"
# jdk.crypto.ec and jdk.naming.dns: TLS to the API server and DNS names in kubeconfigs;
# jdk.jcmd for thread and heap dumps.
jdk_jlink "$JDK" "$STAGE/java" jdk.crypto.ec,jdk.naming.dns,jdk.jcmd,jdk.unsupported "$STAGE"/lib/*.jar
modules="$(cat "$STAGE/java/modules.txt")"

base_layer() { rootfs_base "$1" "$APP_UID" kubewsgi /home/kubewsgi; }
jdk_layer() { rootfs_jdk "$1" "$STAGE/java"; }
deps_layer() { # ROOTFS: third-party jars (change with dependency upgrades only)
  mkdir -p "$1/opt/kubewsgi-operator/lib"
  find "$STAGE/lib" -name '*.jar' ! -name 'kubewsgi-*' -exec cp {} "$1/opt/kubewsgi-operator/lib/" \;
}
operator_layer() { # ROOTFS: our jars and the entry point
  cp "$STAGE"/lib/kubewsgi-*.jar "$1/opt/kubewsgi-operator/lib/"
  install -D -m 0755 "$HERE/operator.sh" "$1/opt/kubewsgi-operator/bin/operator"
  echo "$VERSION" >"$1/opt/kubewsgi-operator/VERSION"
}

oci_log "assembling $NAME:$VERSION"
mkdir -p "$OUT"
umoci rm --image "$LAYOUT:$TAG" 2>/dev/null || true
oci_new "$LAYOUT" "$TAG"
oci_add_layer "$LAYOUT" "$TAG" "base: busybox, users, glibc" base_layer
oci_add_layer "$LAYOUT" "$TAG" "jdk: jlink of Temurin 25 ($modules)" jdk_layer
oci_add_layer "$LAYOUT" "$TAG" "dependencies: JOSDK, Fabric8 and other jars" deps_layer
oci_add_layer "$LAYOUT" "$TAG" "kubewsgi operator jars and entry point" operator_layer
oci_config_service "$LAYOUT" "$TAG" "$APP_UID" /opt/kubewsgi-operator/bin/operator \
  kubewsgi-operator "$VERSION" "kubewsgi operator: WsgiProcessGroup to Deployment, Service, PDB"
oci_publish "$LAYOUT" "$TAG" "$TARBALL" "$NAME:$VERSION" "$start"
