#!/usr/bin/env bash
# Checks that the Dockerfile users run works: builds examples/flask/Dockerfile with Buildah (Debian's;
# no daemon, private storage under a temp dir) FROM the runtime image that runtime-image/image/build.sh
# exported (loaded from its tarball, never pulled), exports the result as a docker-archive and runs
# it with smoke-runc.sh like the daemonless build.
#
#   examples/flask/dockerfile-check.sh
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../runtime-image/image/lib/oci.sh
source "$ROOT/runtime-image/image/lib/oci.sh"
OCI_LOG_PREFIX="examples/flask/dockerfile-check.sh"

RUNTIME_TARBALL="$ROOT/target/images/kubewsgi-runtime-0.1.0.tar"
OUT="$ROOT/target/images/kubewsgi-example-flask-0.1.0-dockerfile.tar"
oci_require buildah:buildah skopeo:skopeo runc:runc
[[ -f "$RUNTIME_TARBALL" ]] || "$ROOT/runtime-image/image/build.sh" >/dev/null

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubewsgi-dockerfile-check.XXXXXX")"
STORE=(--root "$WORK/storage" --runroot "$WORK/run" --storage-driver vfs)
cleanup() {
  buildah "${STORE[@]}" rm --all >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start=$SECONDS
# The base, as a user who pulled kubewsgi/runtime:0.1.0 would have it.
skopeo copy --quiet "docker-archive:$RUNTIME_TARBALL" \
  "containers-storage:[vfs@$WORK/storage+$WORK/run]docker.io/kubewsgi/runtime:0.1.0"
oci_log "buildah bud examples/flask (GraalPy's pip runs inside: several minutes)"
buildah "${STORE[@]}" bud --pull=never --isolation chroot --network host \
  -t docker.io/kubewsgi/example-flask:0.1.0 "$HERE" >"$WORK/bud.log" 2>&1 ||
  { tail -n 40 "$WORK/bud.log" >&2; oci_die "buildah bud failed"; }
rm -f "$OUT"
buildah "${STORE[@]}" push --quiet docker.io/kubewsgi/example-flask:0.1.0 \
  "docker-archive:$OUT:kubewsgi/example-flask:0.1.0"
oci_log "built with the Dockerfile in $((SECONDS - start)) s: $OUT ($(oci_size "$OUT"))"

SMOKE_NAME=example-flask-dockerfile SMOKE_RESOURCE="$HERE/flask.yaml" SMOKE_SCRIPT_ROOT="" \
  SMOKE_PATH=/api/items/42 SMOKE_EXPECT='"name":"item-0042"' \
  "$ROOT/runtime-image/image/smoke-runc.sh" "$OUT"
