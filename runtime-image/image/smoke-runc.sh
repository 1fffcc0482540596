#!/usr/bin/env bash
# Proves the built runtime image works: unpacks the docker-archive tarball that build.sh exported,
# runs it with runc (Debian's; host network, no daemon) the way a pod runs it — the hello example's
# resource mounted at /etc/kubewsgi/processgroup.yaml, a read-only root filesystem, tmpfs for /tmp
# and the cache dir, the image's own non-root user — then waits for /healthz/ready and calls the
# app over loopback. Prints the image size and the time from `runc run` to Ready.
#
#   runtime-image/image/smoke-runc.sh [--build] [TARBALL]
#     --build   build the image first (runtime-image/image/build.sh)
#
# Another image and resource (examples/flask/smoke-runc.sh uses these):
#   SMOKE_RESOURCE     the WsgiProcessGroup file mounted as the config (examples/hello/hello.yaml)
#   SMOKE_SCRIPT_ROOT  where its relative paths resolve in the image (/opt/kubewsgi/examples/hello)
#   SMOKE_PATH         the request to send once Ready (/?n=10)
#   SMOKE_EXPECT       text its answer must contain
#   SMOKE_NAME         name in the figures file (runtime)
#
# Writes target/images/$SMOKE_NAME-smoke.txt with the figures. Stops and deletes its container, by
# its own id, on every exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=lib/oci.sh
source "$HERE/lib/oci.sh"
# shellcheck source=lib/smoke.sh
source "$HERE/lib/smoke.sh"
OCI_LOG_PREFIX="smoke-runc.sh"

BUILD=0
if [[ "${1:-}" == "--build" ]]; then BUILD=1; shift; fi
TARBALL="${1:-$ROOT/target/images/kubewsgi-runtime-0.1.0.tar}"
READY_TIMEOUT="${KUBEWSGI_SMOKE_READY_TIMEOUT:-900}"
RESOURCE="${SMOKE_RESOURCE:-$ROOT/examples/hello/hello.yaml}"
SCRIPT_ROOT="${SMOKE_SCRIPT_ROOT-/opt/kubewsgi/examples/hello}"
REQUEST_PATH="${SMOKE_PATH:-/?n=10}"
EXPECT="${SMOKE_EXPECT:-hello, world: sum(0..10) = 55 (preloaded: True)}"
SMOKE_NAME="${SMOKE_NAME:-runtime}"

oci_require umoci:umoci skopeo:skopeo runc:runc curl:curl jq:jq
if ((BUILD)) || [[ ! -f "$TARBALL" ]]; then
  "$HERE/build.sh" >/dev/null
fi
[[ -f "$TARBALL" ]] || oci_die "no image tarball at $TARBALL"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubewsgi-smoke.XXXXXX")"
ID="kubewsgi-smoke-$$"
STATE="$WORK/runc-state"
started=0
cleanup() {
  if [[ -f "$WORK/container.log" ]]; then
    mkdir -p "$ROOT/target/images"
    cp "$WORK/container.log" "$ROOT/target/images/$SMOKE_NAME-smoke-container.log"
  fi
  if ((started)); then
    runc --root "$STATE" kill "$ID" KILL >/dev/null 2>&1 || true
    runc --root "$STATE" delete --force "$ID" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$(smoke_free_port 28000)"
ADMIN_PORT="$(smoke_free_port 28000)"
[[ "$ADMIN_PORT" != "$PORT" ]] || ADMIN_PORT=$((PORT + 1))

# --- unpack the exported tarball (what a node would import), not the build's OCI layout ---------
oci_log "unpacking $TARBALL"
skopeo copy --quiet "docker-archive:$TARBALL" "oci:$WORK/oci:smoke"
umoci unpack --image "$WORK/oci:smoke" "$WORK/bundle" >/dev/null
ROOTFS_MIB="$(du -sm "$WORK/bundle/rootfs" | cut -f1)"

# The image's own config (user, env, entrypoint) as umoci rendered it, adjusted like a pod spec.
jq --arg port "$PORT" --arg admin "$ADMIN_PORT" --arg resource "$RESOURCE" --arg root "$SCRIPT_ROOT" '
  .process.terminal = false
  | .process.args = [.process.args[0], "run", "/etc/kubewsgi/processgroup.yaml",
                     "--host", "127.0.0.1", "--port", $port, "--admin-port", $admin]
  | .process.env += (if $root == "" then [] else ["KUBEWSGI_SCRIPT_ROOT=" + $root] end)
  | .root.readonly = true
  | .mounts += [
      {destination: "/etc/kubewsgi/processgroup.yaml", type: "bind", source: $resource,
       options: ["rbind", "ro"]},
      {destination: "/tmp", type: "tmpfs", source: "tmpfs",
       options: ["nosuid", "nodev", "mode=1777", "size=256m"]},
      {destination: "/var/cache/kubewsgi", type: "tmpfs", source: "tmpfs",
       options: ["nosuid", "nodev", "mode=0755", "uid=10001", "gid=10001", "size=1g"]}]
  | .linux.namespaces |= map(select(.type != "network"))
' "$WORK/bundle/config.json" >"$WORK/config.json"
mv "$WORK/config.json" "$WORK/bundle/config.json"
USER_IN_IMAGE="$(jq -r '"\(.process.user.uid):\(.process.user.gid)"' "$WORK/bundle/config.json")"

# --- run until Ready ---------------------------------------------------------------------------
oci_log "runc run (app port $PORT, admin port $ADMIN_PORT, user $USER_IN_IMAGE)"
t0="$(date +%s.%N)"
runc --root "$STATE" run --detach --bundle "$WORK/bundle" "$ID" >"$WORK/container.log" 2>&1
started=1
ready=0
while :; do
  code="$(curl -s -o "$WORK/ready.json" -w '%{http_code}' --max-time 2 \
    "http://127.0.0.1:$ADMIN_PORT/healthz/ready" || true)"
  if [[ "$code" == 200 ]]; then ready=1; break; fi
  status="$(smoke_runc_status "$STATE" "$ID")"
  if [[ "$status" != running ]]; then
    oci_log "the container stopped before Ready ($status); its log:"; tail -n 60 "$WORK/container.log" >&2
    exit 1
  fi
  if (($(date +%s) - ${t0%.*} > READY_TIMEOUT)); then
    oci_log "not Ready after ${READY_TIMEOUT}s; last answer ($code):"; cat "$WORK/ready.json" >&2
    tail -n 60 "$WORK/container.log" >&2
    exit 1
  fi
  sleep 0.5
done
t1="$(date +%s.%N)"
READY_S="$(printf "%.1f" "$(echo "$t1 - $t0" | bc)")"
oci_log "Ready after ${READY_S}s"

# --- what a pod relies on ----------------------------------------------------------------------
app_answers() {
  local body
  body="$(curl -fsS --max-time 10 "http://127.0.0.1:$PORT$REQUEST_PATH")" || return 1
  echo "$body"
  [[ "$body" == *"$EXPECT"* ]]
}
in_container() { runc --root "$STATE" exec "$ID" "$@"; }
smoke_expect "the app answers over loopback, after its import script ran" app_answers
smoke_expect "/healthz/ready is 200 with a JSON body" jq -e . "$WORK/ready.json"
smoke_expect "runs as the image's non-root user 10001" bash -c "[[ \"\$(runc --root '$STATE' exec '$ID' id -u)\" == 10001 ]]"
smoke_expect "the root filesystem is read-only" bash -c "! runc --root '$STATE' exec '$ID' touch /opt/kubewsgi/x"
smoke_expect "the cache dir is writable and used" in_container sh -c 'ls /var/cache/kubewsgi | grep -q .'
smoke_expect "GraalPy runs with the JIT (not the interpreter fallback)" \
  bash -c "! grep -q 'interpreter-only fallback' '$WORK/container.log'"
smoke_expect "the JVM maps the AOT cache trained at image build" \
  in_container grep -q /opt/kubewsgi/kubewsgi.aot /proc/1/maps

# SIGTERM: the runtime drains and exits by itself, as in a pod.
runc --root "$STATE" kill "$ID" TERM
for _ in $(seq 1 120); do
  [[ "$(runc --root "$STATE" state "$ID" 2>/dev/null | jq -r .status)" == stopped ]] && break
  sleep 0.5
done
smoke_expect "SIGTERM stops the runtime within 60 s" \
  bash -c "[[ \"\$(runc --root '$STATE' state '$ID' | jq -r .status)\" == stopped ]]"

SIZE="$(oci_size "$TARBALL")"
mkdir -p "$ROOT/target/images"
{
  echo "image: $TARBALL"
  echo "docker-archive size: $SIZE"
  echo "unpacked rootfs: ${ROOTFS_MIB} MiB"
  echo "runc run to /healthz/ready 200 ($(basename "$RESOURCE"), warm-up included): ${READY_S} s"
  echo "cores: $(nproc), load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$ROOT/target/images/$SMOKE_NAME-smoke.txt"
grep -E "engine: |warm" "$WORK/container.log" | head -n 5 || true
((SMOKE_FAILED == 0)) || { oci_log "failed; container log:"; tail -n 40 "$WORK/container.log" >&2; exit 1; }
echo "smoke-runc: $(basename "$TARBALL") serves $(basename "$RESOURCE")"
