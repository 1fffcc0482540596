#!/usr/bin/env bash
# A real Kubernetes control plane on loopback for tests: etcd (data on /dev/shm), kube-apiserver,
# kube-controller-manager (garbage collection, Deployment -> ReplicaSet -> Pod, service accounts)
# and kube-scheduler. No node: pods stay Pending unless e2e/cluster/node.sh adds one.
#
#   control-plane.sh up     start (or reuse a healthy running one); last line: KUBECONFIG=<path>
#   control-plane.sh down   stop every process it started, by PID, and remove its state
#   control-plane.sh env    print KUBECONFIG=<path> if running, else exit 1
#   control-plane.sh outage SECONDS
#                           stop the API server, wait SECONDS, start it again with the same
#                           arguments and wait for /readyz (the e2e's API-outage scenario)
#
# Settings (environment):
#   KUBEWSGI_CLUSTER_DIR       state: certs, kubeconfigs, pid files, logs (/tmp/kubewsgi-cluster)
#   KUBEWSGI_BIN_DIR           binaries (default: what e2e/cluster/build.sh builds or has cached)
#   KUBEWSGI_ETCD_PORT         etcd client port (22379); KUBEWSGI_ETCD_PEER_PORT (22380)
#   KUBEWSGI_APISERVER_PORT    API server port (26443)
#   KUBEWSGI_KCM_PORT          controller-manager health port (20257)
#   KUBEWSGI_SCHEDULER_PORT    scheduler health port (20259); KUBEWSGI_SCHEDULER=0 to skip it
#   KUBEWSGI_APISERVER_BIND    address the API server listens on (127.0.0.1); node.sh sets the
#                              node IP here so that pods can reach the API
#   KUBEWSGI_ADVERTISE_ADDRESS address published in the `kubernetes` Service (10.250.0.1); it
#                              must not be loopback, and need not exist without a node
#   KUBEWSGI_SERVICE_CIDR      Service IP range (10.96.0.0/16)
#   KUBEWSGI_POD_CIDR          cluster pod range, /24 per node (10.244.0.0/16)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/certs.sh
source "$HERE/lib/certs.sh"

DIR="${KUBEWSGI_CLUSTER_DIR:-/tmp/kubewsgi-cluster}"
ETCD_PORT="${KUBEWSGI_ETCD_PORT:-22379}"
ETCD_PEER_PORT="${KUBEWSGI_ETCD_PEER_PORT:-22380}"
API_PORT="${KUBEWSGI_APISERVER_PORT:-26443}"
KCM_PORT="${KUBEWSGI_KCM_PORT:-20257}"
SCHED_PORT="${KUBEWSGI_SCHEDULER_PORT:-20259}"
WITH_SCHEDULER="${KUBEWSGI_SCHEDULER:-1}"
BIND="${KUBEWSGI_APISERVER_BIND:-127.0.0.1}"
ADVERTISE="${KUBEWSGI_ADVERTISE_ADDRESS:-10.250.0.1}"
SERVICE_CIDR="${KUBEWSGI_SERVICE_CIDR:-10.96.0.0/16}"
POD_CIDR="${KUBEWSGI_POD_CIDR:-10.244.0.0/16}"
UP_TIMEOUT="${KUBEWSGI_UP_TIMEOUT:-120}"

log() { echo "control-plane.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# pid_alive NAME: the recorded PID still runs the binary we started (guards against PID reuse).
# running PID: the process exists and is not a zombie waiting for a parent to reap it.
running_pid() { [[ -r "/proc/$1/stat" ]] && [[ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

pid_alive() {
  local f="$DIR/$1.pid" pid
  [[ -s "$f" ]] || return 1
  pid="$(cat "$f")"
  running_pid "$pid" || return 1
  # " (deleted)": the binary was rebuilt under a process that still runs.
  local exe; exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  [[ "$exe" == */"$1" || "$exe" == */"$1 (deleted)" ]]
}

api_url() { echo "https://$BIND:$API_PORT"; }

# /readyz with the admin client certificate (anonymous access may be off or limited).
readyz() {
  curl -fsS --max-time 3 --cacert "$DIR/pki/ca.crt" --cert "$DIR/pki/admin.crt" \
    --key "$DIR/pki/admin.key" "$(cat "$DIR/api-url")/readyz" >/dev/null 2>&1
}

running() {
  [[ -f "$DIR/admin.kubeconfig" && -f "$DIR/api-url" && -f "$DIR/up.done" ]] || return 1
  local c
  while IFS= read -r c; do pid_alive "$c" || return 1; done <"$DIR/components"
  readyz
}

# stop NAMES...: TERM all at once, wait up to 10 s, then KILL what is left.
stop() {
  local name pids=() pid i
  for name in "$@"; do
    if pid_alive "$name"; then
      pid="$(cat "$DIR/$name.pid")"
      pids+=("$pid")
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
  for ((i = 0; i < 100; i++)); do
    for pid in "${pids[@]}"; do running_pid "$pid" && break; pid=""; done
    [[ -z "${pid:-}" ]] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do
    if running_pid "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  for ((i = 0; i < 50; i++)); do
    for pid in "${pids[@]}"; do running_pid "$pid" && break; pid=""; done
    [[ -z "${pid:-}" ]] && break
    sleep 0.1
  done
  for name in "$@"; do rm -f "$DIR/$name.pid"; done
}

do_down() {
  [[ -d "$DIR" ]] || return 0
  stop kube-scheduler kube-controller-manager kube-apiserver
  # etcd last, and killed outright: its data is thrown away next, and TERM costs ~2 s.
  if pid_alive etcd; then kill -KILL "$(cat "$DIR/etcd.pid")" 2>/dev/null || true; fi
  stop etcd
  if [[ -s "$DIR/etcd-data-dir" ]]; then rm -rf "$(cat "$DIR/etcd-data-dir")"; fi
  if [[ -s "$DIR/added-address" ]]; then ip addr del "$(cat "$DIR/added-address")" dev lo 2>/dev/null || true; fi
  rm -rf "$DIR"
}

fail_cleanup() {
  rm -rf "$DIR.failed-logs"
  if [[ -d "$DIR/logs" ]]; then
    cp -r "$DIR/logs" "$DIR.failed-logs"
    log "up failed; stopped what it started (logs kept in $DIR.failed-logs)"
  fi
  do_down
}

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }

# start NAME ARGS...: detached from our session and stdio, so callers that wait for our
# output to close (test harnesses) are not held open, and a Ctrl-C of the caller doesn't kill it.
start() {
  local name="$1"; shift
  # 9>&-: the child must not inherit our lock, or the next down would wait for it forever.
  setsid "$BIN/$name" "$@" >"$DIR/logs/$name.log" 2>&1 </dev/null 9>&- &
  disown # no "Killed" job notices from bash when down stops it
  echo $! >"$DIR/$name.pid"
  grep -qx "$name" "$DIR/components" 2>/dev/null || echo "$name" >>"$DIR/components"
}

wait_for() { # DESCRIPTION COMMAND...: poll until it succeeds, a component died, or time is up
  local what="$1"; shift
  local deadline=$((SECONDS + UP_TIMEOUT)) c
  until "$@"; do
    while IFS= read -r c; do
      pid_alive "$c" || die "$c exited while waiting for $what; see $DIR/logs/$c.log:
$(tail -n 15 "$DIR/logs/$c.log" 2>/dev/null)"
    done <"$DIR/components"
    ((SECONDS < deadline)) || die "timed out after ${UP_TIMEOUT}s waiting for $what (logs in $DIR/logs)"
    sleep 0.2
  done
}

default_sa_exists() {
  "$BIN/kubectl" --kubeconfig "$DIR/admin.kubeconfig" -n default get serviceaccount default \
    >/dev/null 2>&1
}

do_up() {
  local t0=$SECONDS
  BIN="${KUBEWSGI_BIN_DIR:-$("$HERE/build.sh" | tail -n 1)}"
  local b
  for b in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    [[ -x "$BIN/$b" ]] || die "missing $BIN/$b (run e2e/cluster/build.sh)"
  done
  for b in openssl curl ss setsid; do command -v "$b" >/dev/null || die "needs $b on PATH"; done
  local p ports=("$ETCD_PORT" "$ETCD_PEER_PORT" "$API_PORT" "$KCM_PORT")
  if [[ "$WITH_SCHEDULER" == 1 ]]; then ports+=("$SCHED_PORT"); fi
  for p in "${ports[@]}"; do
    port_free "$p" || die "port $p is in use (set KUBEWSGI_*_PORT to move it)"
  done

  mkdir -p "$DIR/pki" "$DIR/logs"
  chmod 700 "$DIR"
  : >"$DIR/components"
  echo "$BIN" >"$DIR/bin-dir"
  api_url >"$DIR/api-url"

  # A non-loopback bind address (node.sh's node IP) goes on lo: this kernel has no dummy device.
  if [[ "$BIND" != 127.* && "$BIND" != 0.0.0.0 ]] && [[ -z "$(ip -o -4 addr show to "$BIND/32")" ]]; then
    ip addr add "$BIND/32" dev lo
    echo "$BIND/32" >"$DIR/added-address"
  fi

  # Certificates and kubeconfigs.
  local pki="$DIR/pki" service_ip
  service_ip="$(certs_first_ip "$SERVICE_CIDR")"
  certs_ca "$pki"
  certs_apiserver "$pki" "$ADVERTISE" "$service_ip"
  certs_service_account "$pki"
  certs_client "$pki" admin kubewsgi-admin system:masters
  certs_client "$pki" apiserver-kubelet-client kube-apiserver-kubelet-client system:masters
  certs_client "$pki" controller-manager system:kube-controller-manager
  certs_client "$pki" scheduler system:kube-scheduler
  certs_kubeconfig "$pki" admin "$(api_url)" "$DIR/admin.kubeconfig"
  certs_kubeconfig "$pki" controller-manager "$(api_url)" "$DIR/controller-manager.kubeconfig"
  certs_kubeconfig "$pki" scheduler "$(api_url)" "$DIR/scheduler.kubeconfig"

  # etcd on tmpfs: fast, and nothing survives a reboot by accident.
  local etcd_data
  etcd_data="$(mktemp -d /dev/shm/kubewsgi-etcd.XXXXXX)"
  echo "$etcd_data" >"$DIR/etcd-data-dir"
  local etcd_url="http://127.0.0.1:$ETCD_PORT" peer_url="http://127.0.0.1:$ETCD_PEER_PORT"
  start etcd --name=kubewsgi --data-dir="$etcd_data" \
    --listen-client-urls="$etcd_url" --advertise-client-urls="$etcd_url" \
    --listen-peer-urls="$peer_url" --initial-advertise-peer-urls="$peer_url" \
    --initial-cluster="kubewsgi=$peer_url" --initial-cluster-state=new \
    --log-level=warn

  # An audit log of what workloads' service accounts do (the e2e compares the operator's requests
  # with its role: e2e/README.md); nothing for users, components and kube-system's controllers.
  cat >"$DIR/audit-policy.yaml" <<'POLICY'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived]
rules:
  - level: None
    userGroups: ["system:serviceaccounts:kube-system"]
  - level: Metadata
    userGroups: ["system:serviceaccounts"]
  - level: None
POLICY

  # Kept for `outage`, which starts the API server again as it was.
  local apiserver_args=(
    --etcd-servers="$etcd_url"
    --bind-address="$BIND" --secure-port="$API_PORT" --advertise-address="$ADVERTISE"
    --cert-dir="$DIR/pki"
    --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key"
    --client-ca-file="$pki/ca.crt"
    --kubelet-client-certificate="$pki/apiserver-kubelet-client.crt"
    --kubelet-client-key="$pki/apiserver-kubelet-client.key"
    --kubelet-preferred-address-types=InternalIP,Hostname
    --service-account-issuer=https://kubernetes.default.svc.cluster.local
    --service-account-key-file="$pki/sa.pub"
    --service-account-signing-key-file="$pki/sa.key"
    --service-cluster-ip-range="$SERVICE_CIDR"
    --authorization-mode=Node,RBAC
    # As OpenShift has it: setting an owner reference needs delete on the object, and
    # blockOwnerDeletion needs update on the owner's finalizers (the operator's role grants both).
    --enable-admission-plugins=OwnerReferencesPermissionEnforcement
    --audit-policy-file="$DIR/audit-policy.yaml"
    --audit-log-path="$DIR/logs/audit.log" --audit-log-maxsize=200 --audit-log-maxbackup=1
    --allow-privileged=true
    --profiling=false
  )
  printf '%s\n' "${apiserver_args[@]}" >"$DIR/kube-apiserver.args"
  start kube-apiserver "${apiserver_args[@]}"

  wait_for "API server /readyz" readyz
  log "API server ready after $((SECONDS - t0)) s"

  # Leader election off: a single instance, and it saves the ~15 s lease wait on start.
  # Node grace 5m (default 50 s): `outage 60` stops the API server for longer than the default, and
  # the only node must not be marked unreachable (its pods NotReady) before its kubelet can renew its
  # lease (2m was not enough once: NotReady 44 s after the API server returned, and the Service
  # refused connections for 0.4 s); the scenario is about serving and the operator, not node failure.
  start kube-controller-manager \
    --kubeconfig="$DIR/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$DIR/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$DIR/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="$KCM_PORT" \
    --leader-elect=false \
    --node-monitor-grace-period=5m \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --allocate-node-cidrs=true --cluster-cidr="$POD_CIDR" --node-cidr-mask-size=24 \
    --profiling=false

  if [[ "$WITH_SCHEDULER" == 1 ]]; then
    start kube-scheduler \
      --kubeconfig="$DIR/scheduler.kubeconfig" \
      --authentication-kubeconfig="$DIR/scheduler.kubeconfig" \
      --authorization-kubeconfig="$DIR/scheduler.kubeconfig" \
      --bind-address=127.0.0.1 --secure-port="$SCHED_PORT" \
      --leader-elect=false \
      --profiling=false
  fi

  # The controller-manager creates it; until then pods in `default` cannot be created.
  wait_for "the default ServiceAccount" default_sa_exists
  touch "$DIR/up.done"
  log "control plane up in $((SECONDS - t0)) s (state in $DIR)"
}

# outage SECONDS: the API server away and back, as it was.
do_outage() {
  local seconds="$1" t0=$SECONDS
  [[ "$seconds" =~ ^[0-9]+$ ]] || die "outage needs a number of seconds, got '$seconds'"
  running || die "not running (start it with: $0 up)"
  BIN="$(cat "$DIR/bin-dir")"
  local apiserver_args
  mapfile -t apiserver_args <"$DIR/kube-apiserver.args"
  stop kube-apiserver
  log "API server stopped for $seconds s"
  sleep "$seconds"
  start kube-apiserver "${apiserver_args[@]}"
  wait_for "API server /readyz" readyz
  log "API server back after $((SECONDS - t0)) s"
}

cmd="${1:-}"
case "$cmd" in
  up | down | env) ;;
  outage) [[ $# == 2 ]] || { echo "usage: $0 outage SECONDS" >&2; exit 2; } ;;
  *) echo "usage: $0 up|down|env|outage SECONDS" >&2; exit 2 ;;
esac

# One invocation at a time per state dir (the lock lives beside it: down removes the dir).
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9

case "$cmd" in
  up)
    if running; then
      BIN="$(cat "$DIR/bin-dir")"
    else
      # Leftovers of a crashed or half-started cluster go first.
      do_down
      # A failed up cleans up after itself, keeping the logs in $DIR.failed-logs.
      trap 'rc=$?; if ((rc != 0)); then fail_cleanup; fi' EXIT
      do_up
      trap - EXIT
    fi
    echo "KUBECONFIG=$DIR/admin.kubeconfig"
    ;;
  down)
    do_down
    ;;
  outage)
    do_outage "$2"
    ;;
  env)
    running || die "not running (start it with: $0 up)"
    echo "KUBECONFIG=$DIR/admin.kubeconfig"
    ;;
esac
