#!/usr/bin/env bash
# Runs the Flask example image with runc as a pod would (flask.yaml as the config, read-only root
# filesystem, non-root, tmpfs cache) until Ready, then calls the JSON API over loopback.
#   examples/flask/smoke-runc.sh [--build]   (--build: build.sh first; also when the tarball is missing)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARBALL="$ROOT/target/images/kubewsgi-example-flask-0.1.0.tar"
if [[ "${1:-}" == "--build" || ! -f "$TARBALL" ]]; then "$HERE/build.sh" >/dev/null; fi
SMOKE_NAME=example-flask SMOKE_RESOURCE="$HERE/flask.yaml" SMOKE_SCRIPT_ROOT="" \
  SMOKE_PATH=/api/items/42 SMOKE_EXPECT='"name":"item-0042"' \
  exec "$ROOT/runtime-image/image/smoke-runc.sh" "$TARBALL"
