#!/usr/bin/env bash
# The e2e stage: builds the images, starts a real cluster on this machine (e2e/cluster/), imports
# the images into its containerd, runs the *E2E scenarios (./mvnw -Pe2e -pl e2e verify), and
# ALWAYS tears the cluster down again, on success, failure or Ctrl-C.
#
#   e2e/run.sh                      everything
#   e2e/run.sh -Dit.test=ServeE2E   extra arguments go to Maven (here: one scenario only)
#
# Settings (environment):
#   KUBEWSGI_E2E_SKIP_IMAGES=1   reuse the image tarballs in target/images/ (no image build)
#   KUBEWSGI_E2E_KEEP_CLUSTER=1  leave the cluster running afterwards (for debugging; take it down
#                                with: e2e/cluster/node.sh down; e2e/cluster/control-plane.sh down)
#   KUBEWSGI_CLUSTER_DIR, KUBEWSGI_NODE_DIR  cluster state (default: e2e's own, under /tmp)
#   and every setting of e2e/cluster/control-plane.sh and node.sh.
#
# Outputs in e2e/target/: rollout-report.json, e2e-figures.json, e2e-timings.txt, and
# cluster-logs/ (objects, events, operator and pod logs, taken before teardown).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CLUSTER="$HERE/cluster"
OUT="$HERE/target"
IMAGES="$ROOT/target/images"
VERSION=0.1.0

# The e2e cluster has its own state dirs, so it never adopts (or is taken down by) a cluster a
# developer started with the scripts' defaults. One node per machine, though: see below.
export KUBEWSGI_CLUSTER_DIR="${KUBEWSGI_CLUSTER_DIR:-/tmp/kubewsgi-e2e-cluster}"
export KUBEWSGI_NODE_DIR="${KUBEWSGI_NODE_DIR:-/tmp/kubewsgi-e2e-node}"
NODE_IP="${KUBEWSGI_NODE_IP:-10.250.0.1}"

log() { echo "$(date -u +%H:%M:%S) e2e/run.sh: $*" >&2; }
die() { log "$*"; exit 1; }

mkdir -p "$OUT"
TIMINGS="$OUT/e2e-timings.txt"
: >"$TIMINGS"
timing() { echo "$1 $2" >>"$TIMINGS"; log "$1: $2 s"; }
t_all=$SECONDS

# --- images ------------------------------------------------------------------------------------
RUNTIME_TAR="$IMAGES/kubewsgi-runtime-$VERSION.tar"
OPERATOR_TAR="$IMAGES/kubewsgi-operator-$VERSION.tar"
FLASK_TAR="$IMAGES/kubewsgi-example-flask-$VERSION.tar"
t=$SECONDS
if [[ "${KUBEWSGI_E2E_SKIP_IMAGES:-0}" == 1 ]]; then
  log "reusing the image tarballs in $IMAGES"
else
  log "building the images (runtime, operator, examples/flask)"
  "$ROOT/runtime-image/image/build.sh" >/dev/null
  "$ROOT/operator/image/build.sh" >/dev/null
  "$ROOT/examples/flask/build.sh" >/dev/null
fi
TARS=()
for f in "$RUNTIME_TAR" "$OPERATOR_TAR" "$FLASK_TAR"; do
  if [[ -s "$f" ]]; then
    TARS+=("$f")
  elif [[ "${KUBEWSGI_E2E_SKIP_IMAGES:-0}" == 1 ]]; then
    log "WARNING: no $f: scenarios that need it will fail"
  else
    die "the image build did not produce $f"
  fi
done
timing images_s $((SECONDS - t))

# --- cluster -----------------------------------------------------------------------------------
t=$SECONDS
BIN="$("$CLUSTER/build.sh" | tail -n 1)"
export KUBEWSGI_BIN_DIR="$BIN"
timing kubernetes_binaries_s $((SECONDS - t))

# A second kubelet or kube-proxy on this machine would fight ours over iptables and cgroups.
for p in kubelet kube-proxy; do
  if pgrep -x "$p" >/dev/null; then
    die "a $p is already running on this machine (PID $(pgrep -x "$p" | tr '\n' ' ')): one node per machine;
stop that cluster first (e2e/cluster/node.sh down with its KUBEWSGI_NODE_DIR)"
  fi
done

collect_logs() {
  local kc=("$BIN/kubectl" --kubeconfig "$KUBEWSGI_CLUSTER_DIR/admin.kubeconfig" --request-timeout=20s)
  local d="$OUT/cluster-logs"
  rm -rf "$d"
  mkdir -p "$d"
  "${kc[@]}" get nodes,all,wpg,pdb,cm,events -A -o wide >"$d/objects.txt" 2>&1 || true
  "${kc[@]}" get wpg -A -o yaml >"$d/wsgiprocessgroups.yaml" 2>&1 || true
  "${kc[@]}" get events -A --sort-by=.lastTimestamp >"$d/events.txt" 2>&1 || true
  local ns pod
  while read -r ns pod; do
    [[ -n "$pod" ]] || continue
    "${kc[@]}" -n "$ns" logs "$pod" --all-containers --prefix >"$d/$ns.$pod.log" 2>&1 || true
    "${kc[@]}" -n "$ns" logs "$pod" --all-containers --prefix --previous >"$d/$ns.$pod.previous.log" 2>/dev/null ||
      rm -f "$d/$ns.$pod.previous.log"
  done < <("${kc[@]}" get pods -A --no-headers -o custom-columns=NS:.metadata.namespace,NAME:.metadata.name 2>/dev/null)
  cp -r "$KUBEWSGI_NODE_DIR/logs" "$d/node" 2>/dev/null || true
  cp -r "$KUBEWSGI_CLUSTER_DIR/logs" "$d/control-plane" 2>/dev/null || true
}

teardown() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -f "$KUBEWSGI_CLUSTER_DIR/admin.kubeconfig" ]]; then
    log "collecting objects, events and logs into $OUT/cluster-logs"
    collect_logs
  fi
  if [[ "${KUBEWSGI_E2E_KEEP_CLUSTER:-0}" == 1 ]]; then
    log "KUBEWSGI_E2E_KEEP_CLUSTER=1: leaving the cluster up (KUBECONFIG=$KUBEWSGI_CLUSTER_DIR/admin.kubeconfig)"
  else
    local t=$SECONDS
    log "tearing the cluster down"
    "$CLUSTER/node.sh" down || log "node.sh down failed (rc $?)"
    "$CLUSTER/control-plane.sh" down || log "control-plane.sh down failed (rc $?)"
    timing cluster_down_s $((SECONDS - t))
  fi
  timing total_s $((SECONDS - t_all))
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t=$SECONDS
log "starting the control plane (API server on the node address $NODE_IP, so pods reach it)"
KUBEWSGI_APISERVER_BIND="$NODE_IP" KUBEWSGI_ADVERTISE_ADDRESS="$NODE_IP" "$CLUSTER/control-plane.sh" up >/dev/null
timing control_plane_up_s $((SECONDS - t))
t=$SECONDS
log "starting the node"
KUBECONFIG_LINE="$("$CLUSTER/node.sh" up | tail -n 1)"
export KUBECONFIG="${KUBECONFIG_LINE#KUBECONFIG=}"
timing node_up_s $((SECONDS - t))

t=$SECONDS
for f in "${TARS[@]}"; do
  log "importing $(basename "$f")"
  "$CLUSTER/node.sh" import "$f"
done
timing image_import_s $((SECONDS - t))

# --- scenarios ---------------------------------------------------------------------------------
t=$SECONDS
export KUBEWSGI_REPO_DIR="$ROOT"
export KUBEWSGI_E2E_OPERATOR_IMAGE="kubewsgi/operator:$VERSION"
export KUBEWSGI_E2E_RUNTIME_IMAGE="kubewsgi/runtime:$VERSION"
export KUBEWSGI_E2E_FLASK_IMAGE="kubewsgi/example-flask:$VERSION"
KUBEWSGI_E2E_BUSYBOX_IMAGE="$("$CLUSTER/node.sh" busybox-image)"
export KUBEWSGI_E2E_BUSYBOX_IMAGE
log "running the scenarios (./mvnw -Pe2e -pl e2e verify)"
set +e
(cd "$ROOT" && ./mvnw -B -Pe2e -pl e2e verify "$@")
rc=$?
set -e
timing scenarios_s $((SECONDS - t))
if [[ -s "$OUT/rollout-report.json" ]]; then log "report: $OUT/rollout-report.json"; fi
exit "$rc"
