#!/usr/bin/env bash
# Proves the operator image and the chart's RBAC together, without a node: `helm install`s the chart
# on a real API server (e2e/cluster/control-plane.sh, own state dir and ports), then runs the
# operator image with runc (host network, read-only root filesystem, UID 10001) as the chart's
# ServiceAccount (a token from `kubectl create token`), with the environment of the installed
# Deployment. Then: /healthz/ready answers 200, the Lease is taken, a WsgiProcessGroup gets its
# Deployment and ConfigMap (owned by it) and a status, and the log has no "forbidden".
#
#   operator/image/smoke-runc.sh [--build] [TARBALL]
#
# Writes target/images/operator-smoke.txt with the figures. Stops what it started, by id or PID.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=../../runtime-image/image/lib/oci.sh
source "$ROOT/runtime-image/image/lib/oci.sh"
# shellcheck source=../../runtime-image/image/lib/smoke.sh
source "$ROOT/runtime-image/image/lib/smoke.sh"
OCI_LOG_PREFIX="operator/image/smoke-runc.sh"

BUILD=0
if [[ "${1:-}" == "--build" ]]; then BUILD=1; shift; fi
TARBALL="${1:-$ROOT/target/images/kubewsgi-operator-0.1.0.tar}"
NS=kubewsgi-system
APPS_NS=smoke-apps
CLUSTER_DIR="${KUBEWSGI_OPERATOR_SMOKE_CLUSTER_DIR:-/tmp/kubewsgi-operator-smoke}"
PORT_BASE="${KUBEWSGI_OPERATOR_SMOKE_PORT_BASE:-23460}"

oci_require umoci:umoci skopeo:skopeo runc:runc curl:curl jq:jq
if ((BUILD)) || [[ ! -f "$TARBALL" ]]; then "$HERE/build.sh" >/dev/null; fi
BIN="$("$ROOT/e2e/cluster/build.sh" | tail -n 1)"
HELM="$BIN/helm"
kubectl() { "$BIN/kubectl" "$@"; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubewsgi-operator-smoke.XXXXXX")"
ID="kubewsgi-operator-smoke-$$"
STATE="$WORK/runc-state"
started=0
cluster() {
  KUBEWSGI_CLUSTER_DIR="$CLUSTER_DIR" KUBEWSGI_APISERVER_PORT=$((PORT_BASE + 3)) \
    KUBEWSGI_ETCD_PORT=$((PORT_BASE + 1)) KUBEWSGI_ETCD_PEER_PORT=$((PORT_BASE + 2)) \
    KUBEWSGI_KCM_PORT=$((PORT_BASE + 4)) KUBEWSGI_SCHEDULER=0 KUBEWSGI_BIN_DIR="$BIN" \
    "$ROOT/e2e/cluster/control-plane.sh" "$@"
}
cleanup() {
  if [[ -f "$WORK/operator.log" ]]; then
    mkdir -p "$ROOT/target/images"
    cp "$WORK/operator.log" "$ROOT/target/images/operator-smoke-container.log"
  fi
  if ((started)); then
    runc --root "$STATE" kill "$ID" KILL >/dev/null 2>&1 || true
    runc --root "$STATE" delete --force "$ID" >/dev/null 2>&1 || true
  fi
  cluster down >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT


# --- a real API server with the chart installed -----------------------------------------------
cluster down >/dev/null 2>&1 || true
export KUBECONFIG
KUBECONFIG="$(cluster up | tail -n 1)"
KUBECONFIG="${KUBECONFIG#KUBECONFIG=}"
API="$(kubectl config view --minify -o jsonpath='{.clusters[0].cluster.server}')"
"$HELM" install kubewsgi "$ROOT/helm/kubewsgi" -n "$NS" --create-namespace >/dev/null
kubectl wait --for=condition=Established --timeout=60s crd/wsgiprocessgroups.kubewsgi.dev >/dev/null
kubectl create namespace "$APPS_NS" >/dev/null

# The chart's ServiceAccount, as a kubeconfig: what the pod would get from its token volume.
TOKEN="$(kubectl -n "$NS" create token kubewsgi --duration=1h)"
kubectl config view --raw --minify -o jsonpath='{.clusters[0].cluster.certificate-authority-data}' |
  base64 -d >"$WORK/ca.crt"
cat >"$WORK/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: smoke, cluster: {server: "$API", certificate-authority-data: "$(base64 -w0 <"$WORK/ca.crt")"}}]
users: [{name: operator, user: {token: "$TOKEN"}}]
contexts: [{name: smoke, context: {cluster: smoke, user: operator}}]
current-context: smoke
EOF
chmod 0644 "$WORK/kubeconfig"

# The installed Deployment's environment (values only; the downward API ones set by hand).
HEALTH_PORT="$(smoke_free_port 29000)"
METRICS_PORT="$(smoke_free_port 29000)"
[[ "$METRICS_PORT" != "$HEALTH_PORT" ]] || METRICS_PORT=$((HEALTH_PORT + 1))
kubectl -n "$NS" get deployment kubewsgi -o json |
  jq -r '.spec.template.spec.containers[0].env[] | select(.value != null) | "\(.name)=\(.value)"' |
  grep -v -E '^KUBEWSGI_(HEALTH|METRICS)_PORT=' >"$WORK/env"
printf '%s\n' "KUBEWSGI_HEALTH_PORT=$HEALTH_PORT" "KUBEWSGI_METRICS_PORT=$METRICS_PORT" \
  "POD_NAME=kubewsgi-smoke" "POD_NAMESPACE=$NS" "KUBECONFIG=/etc/kubewsgi/kubeconfig" >>"$WORK/env"

# --- the image, as the pod would run it --------------------------------------------------------
skopeo copy --quiet "docker-archive:$TARBALL" "oci:$WORK/oci:smoke"
umoci unpack --image "$WORK/oci:smoke" "$WORK/bundle" >/dev/null
jq --slurpfile env <(jq -R . "$WORK/env" | jq -s .) --arg kubeconfig "$WORK/kubeconfig" '
  .process.terminal = false
  | .process.env += $env[0]
  | .root.readonly = true
  | .mounts += [
      {destination: "/etc/kubewsgi/kubeconfig", type: "bind", source: $kubeconfig, options: ["rbind", "ro"]},
      {destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["nosuid", "nodev", "mode=1777", "size=64m"]}]
  | .linux.namespaces |= map(select(.type != "network"))
' "$WORK/bundle/config.json" >"$WORK/config.json"
mv "$WORK/config.json" "$WORK/bundle/config.json"

oci_log "runc run (health port $HEALTH_PORT, metrics port $METRICS_PORT, API $API)"
t0="$(date +%s.%N)"
runc --root "$STATE" run --detach --bundle "$WORK/bundle" "$ID" >"$WORK/operator.log" 2>&1
started=1
deadline=$((SECONDS + 300))
until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$HEALTH_PORT/healthz/ready" || true)" == 200 ]]; do
  if [[ "$(smoke_runc_status "$STATE" "$ID")" != running ]]; then
    oci_log "the operator stopped before Ready:"; tail -n 40 "$WORK/operator.log" >&2; exit 1
  fi
  ((SECONDS < deadline)) || { oci_log "not Ready after 300 s:"; tail -n 40 "$WORK/operator.log" >&2; exit 1; }
  sleep 0.5
done
READY_S="$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")"
oci_log "Ready after ${READY_S}s"

owned_objects() {
  kubectl -n "$APPS_NS" get deployment hello -o json |
    jq -e '.metadata.ownerReferences[0].kind == "WsgiProcessGroup"' >/dev/null &&
    kubectl -n "$APPS_NS" get configmaps -o name | grep -q .
}
has_status() {
  kubectl -n "$APPS_NS" get wsgiprocessgroup hello -o json | jq -e '.status.conditions | length > 0' >/dev/null
}
lease_held() {
  kubectl -n "$NS" get lease kubewsgi-leader -o json | jq -e '.spec.holderIdentity | length > 0' >/dev/null
}

kubectl -n "$APPS_NS" apply -f "$ROOT/helm/kubewsgi/files/first-processgroup.yaml" >/dev/null
smoke_expect "the Lease is held (leader election with the chart's Lease Role)" smoke_poll 60 lease_held
smoke_expect "a WsgiProcessGroup gets its Deployment and ConfigMap, owned by it" smoke_poll 120 owned_objects
smoke_expect "the WsgiProcessGroup gets status conditions" smoke_poll 120 has_status
smoke_expect "/metrics answers in Prometheus text" \
  bash -c "curl -fsS --max-time 5 http://127.0.0.1:$METRICS_PORT/metrics | grep -q '^# TYPE'"
smoke_expect "no request was forbidden (the chart's RBAC is enough)" \
  bash -c "! grep -i 'forbidden' '$WORK/operator.log'"
smoke_expect "runs as UID 10001 on a read-only root filesystem" \
  bash -c "[[ \"\$(runc --root '$STATE' exec '$ID' id -u)\" == 10001 ]] && ! runc --root '$STATE' exec '$ID' touch /x"
runc --root "$STATE" kill "$ID" TERM
smoke_expect "SIGTERM stops the operator within 30 s" smoke_poll 30 \
  bash -c "[[ \"\$(runc --root '$STATE' state '$ID' | jq -r .status)\" == stopped ]]"
if [[ "$(smoke_runc_status "$STATE" "$ID")" == running ]]; then
  # Still up: keep its threads, to show where the shutdown is stuck.
  runc --root "$STATE" exec "$ID" jcmd 1 Thread.print >"$ROOT/target/images/operator-smoke-threads.txt" 2>&1 || true
  oci_log "still running after SIGTERM; threads in target/images/operator-smoke-threads.txt"
fi

mkdir -p "$ROOT/target/images"
{
  echo "image: $TARBALL"
  echo "docker-archive size: $(oci_size "$TARBALL")"
  echo "runc run to /healthz/ready 200 (real API server, chart RBAC): ${READY_S} s"
  echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$ROOT/target/images/operator-smoke.txt"
((SMOKE_FAILED == 0)) || { oci_log "failed; operator log:"; tail -n 40 "$WORK/operator.log" >&2; exit 1; }
echo "smoke-runc: the operator image reconciles with the chart's RBAC"
