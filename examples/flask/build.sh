#!/usr/bin/env bash
# Builds kubewsgi/example-flask:0.1.0 FROM the runtime image without a Docker daemon: the same
# steps as the Dockerfile next to this file, with umoci layers and runc for the RUN step
# (GraalPy's pip, on the host network to reach the package index).
#
#   examples/flask/build.sh
#
# Needs the runtime image (built first when missing). Output (gitignored):
#   target/images/oci/ (tag example-flask-0.1.0), target/images/kubewsgi-example-flask-0.1.0.tar
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../runtime-image/image/lib/oci.sh
source "$ROOT/runtime-image/image/lib/oci.sh"
# shellcheck source=../../runtime-image/image/lib/smoke.sh
source "$ROOT/runtime-image/image/lib/smoke.sh"
OCI_LOG_PREFIX="examples/flask/build.sh"

VERSION=0.1.0
NAME=kubewsgi/example-flask
TAG="example-flask-$VERSION"
FROM_TAG="runtime-$VERSION"
LAYOUT="$ROOT/target/images/oci"
TARBALL="$ROOT/target/images/kubewsgi-example-flask-$VERSION.tar"
APP_UID=10001

start=$SECONDS
oci_require umoci:umoci skopeo:skopeo runc:runc jq:jq
if ! umoci stat --image "$LAYOUT:$FROM_TAG" >/dev/null 2>&1; then
  oci_log "no runtime image yet: building it"
  "$ROOT/runtime-image/image/build.sh" >/dev/null
fi
oci_lock "$LAYOUT"

LOG="$(mktemp "${TMPDIR:-/tmp}/kubewsgi-flask-build.XXXXXX")"
trap 'rm -f "$LOG"' EXIT

# FROM kubewsgi/runtime:0.1.0
umoci rm --image "$LAYOUT:$TAG" 2>/dev/null || true
oci_derive "$LAYOUT" "$FROM_TAG" "$TAG"

# COPY requirements.txt install-packages.sh /opt/app/build/
# RUN /opt/app/build/install-packages.sh /opt/app/venv /opt/app/build/requirements.txt
packages_layer() {
  install -D -m 0644 "$HERE/requirements.txt" "$1/opt/app/build/requirements.txt"
  install -D -m 0755 "$HERE/install-packages.sh" "$1/opt/app/build/install-packages.sh"
  oci_log "GraalPy's pip: $(grep -c '==' "$HERE/requirements.txt") pinned packages (a few minutes)"
  oci_run "$OCI_BUNDLE" 0:0 \
    "/opt/app/build/install-packages.sh /opt/app/site-packages /opt/app/build/requirements.txt" \
    HOME=/tmp >"$LOG" 2>&1 ||
    { cat "$LOG" >&2; exit 1; }
  grep -iE '^(flask|werkzeug|jinja2) ' "$LOG" >&2 || true
  rm -rf "$1/opt/app/build"
}
oci_add_layer "$LAYOUT" "$TAG" "RUN install-packages.sh /opt/app/site-packages (GraalPy pip)" packages_layer

# COPY app/ /opt/app/
app_layer() {
  mkdir -p "$1/opt/app"
  cp "$HERE"/app/*.py "$1/opt/app/"
  cp -R "$HERE"/app/static "$1/opt/app/static"
  chmod 0644 "$1"/opt/app/*.py "$1"/opt/app/static/*
  chmod 0755 "$1"/opt/app/static
}
oci_add_layer "$LAYOUT" "$TAG" "COPY app/ /opt/app/" app_layer

# The bytecode of what a pod imports at start, compiled now (kubewsgi-bytecode in the image).
bytecode_layer() {
  install -D -m 0644 "$HERE/bytecode.yaml" "$1/opt/app/build/bytecode.yaml"
  oci_log "compiling the app's bytecode (kubewsgi-bytecode)"
  oci_run "$OCI_BUNDLE" 0:0 "/opt/kubewsgi/bin/kubewsgi-bytecode /opt/app/build/bytecode.yaml" \
    KUBEWSGI_BYTECODE_PORT="$(smoke_free_port 18480)" >"$LOG" 2>&1 ||
    { cat "$LOG" >&2; exit 1; }
  tail -n 1 "$LOG" >&2
  rm -rf "$1/opt/app/build"
}
oci_add_layer "$LAYOUT" "$TAG" "RUN kubewsgi-bytecode bytecode.yaml" bytecode_layer

umoci config --image "$LAYOUT:$TAG" \
  --config.user "$APP_UID:$APP_UID" \
  --config.label org.opencontainers.image.title=kubewsgi-example-flask \
  --config.label org.opencontainers.image.version="$VERSION" \
  --history.created_by "USER $APP_UID"
oci_publish "$LAYOUT" "$TAG" "$TARBALL" "$NAME:$VERSION" "$start"
