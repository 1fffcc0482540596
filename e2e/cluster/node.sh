#!/usr/bin/env bash
# A real worker node on this machine for the control plane of control-plane.sh: containerd 1.6 +
# runc from Debian, CNI bridge/host-local/portmap, kubelet and kube-proxy (iptables). Pods get
# Running and Ready, Services and NodePorts work. Needs root (cgroups, netns, iptables).
#
#   node.sh up           install missing Debian packages, start the control plane if it is not
#                        running (bound to the node IP so pods reach the API), then the node;
#                        last line: KUBECONFIG=<path>
#   node.sh down         remove pods, stop the node's processes by PID, delete the interfaces,
#                        iptables chains, mounts and cgroups it made, restore kernel values; and
#                        stop the control plane too if `node.sh up` started it
#   node.sh pause-image  print the name of the imported pause image (entrypoint /pause)
#   node.sh busybox-image print the name of the imported busybox image (entrypoint /bin/sh)
#   node.sh import FILE  import a docker-archive tar into the node's containerd (k8s.io namespace)
#
# Settings (environment), besides those of control-plane.sh:
#   KUBEWSGI_NODE_DIR       state: configs, pid files, logs, containerd and kubelet data (/tmp/kubewsgi-node)
#   KUBEWSGI_NODE_IP        node address, put on lo (10.250.0.1; this kernel has no dummy device)
#   KUBEWSGI_NODE_NAME      node name (kubewsgi-node)
#   KUBEWSGI_KUBELET_PORT   kubelet API port (20250); healthz ports 20248 (kubelet), 20256 (kube-proxy)
#   KUBEWSGI_CNI_BRIDGE     bridge interface name (kubewsgi0)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/certs.sh
source "$HERE/lib/certs.sh"

CP_DIR="${KUBEWSGI_CLUSTER_DIR:-/tmp/kubewsgi-cluster}"
NODE_DIR="${KUBEWSGI_NODE_DIR:-/tmp/kubewsgi-node}"
NODE_IP="${KUBEWSGI_NODE_IP:-10.250.0.1}"
NODE_NAME="${KUBEWSGI_NODE_NAME:-kubewsgi-node}"
KUBELET_PORT="${KUBEWSGI_KUBELET_PORT:-20250}"
KUBELET_HEALTHZ_PORT="${KUBEWSGI_KUBELET_HEALTHZ_PORT:-20248}"
PROXY_HEALTHZ_PORT="${KUBEWSGI_PROXY_HEALTHZ_PORT:-20256}"
PROXY_METRICS_PORT="${KUBEWSGI_PROXY_METRICS_PORT:-20249}"
BRIDGE="${KUBEWSGI_CNI_BRIDGE:-kubewsgi0}"
POD_CIDR="${KUBEWSGI_POD_CIDR:-10.244.0.0/16}"
CACHE="${KUBEWSGI_CACHE:-$HOME/.cache/kubewsgi}"
UP_TIMEOUT="${KUBEWSGI_UP_TIMEOUT:-120}"
PAUSE_IMAGE="kubewsgi.local/pause:3.10"
BUSYBOX_IMAGE="kubewsgi.local/busybox:1.35"
CTRD="$NODE_DIR/containerd"
SOCK="$CTRD/containerd.sock"
# Kernel values the kubelet (and the bridge plugin: ip_forward) rewrite; put back after start and at down.
SYSCTLS=(vm.overcommit_memory kernel.panic kernel.panic_on_oops net.ipv4.ip_forward)
COMPONENTS=(containerd kubelet kube-proxy)
# Parents before children; down removes the ones up created, children first, if empty.
# (/var/lib/kubelet/device-plugins is fixed in the kubelet, whatever its --root-dir.)
SYSTEM_DIRS=(/var/log/containers /var/lib/cni /var/lib/cni/results /run/containerd
  /run/containerd/s /run/containerd/runc /run/containerd/runc/k8s.io /var/lib/kubelet
  /var/lib/kubelet/device-plugins)
PACKAGES=(containerd runc containernetworking-plugins iptables umoci skopeo gcc libc6-dev busybox-static)

log() { echo "node.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# running PID: the process exists and is not a zombie waiting for a parent to reap it.
running_pid() { [[ -r "/proc/$1/stat" ]] && [[ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

pid_alive() { # NAME: the recorded PID still runs that binary (guards against PID reuse)
  local f="$NODE_DIR/$1.pid" pid exe
  [[ -s "$f" ]] || return 1
  pid="$(cat "$f")"
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  [[ "$exe" == */"$1" || "$exe" == */"$1 (deleted)" ]]
}

stop_pid() { # PID: TERM, wait up to 15 s, then KILL
  local pid="$1" i
  running_pid "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do running_pid "$pid" || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

stop_one() {
  if pid_alive "$1"; then stop_pid "$(cat "$NODE_DIR/$1.pid")"; fi
  rm -f "$NODE_DIR/$1.pid"
}

start() { # NAME BINARY ARGS...: detached from our session, stdio and lock (see control-plane.sh)
  local name="$1" bin="$2"; shift 2
  setsid "$bin" "$@" >"$NODE_DIR/logs/$name.log" 2>&1 </dev/null 9>&- &
  disown # no "Killed" job notices from bash when down stops it
  echo $! >"$NODE_DIR/$name.pid"
}

wait_for() { # DESCRIPTION COMMAND...
  local what="$1"; shift
  local deadline=$((SECONDS + UP_TIMEOUT)) c
  until "$@" >/dev/null 2>&1; do
    for c in "${COMPONENTS[@]}"; do
      if [[ -f "$NODE_DIR/$c.pid" ]] && ! pid_alive "$c"; then
        die "$c exited while waiting for $what; see $NODE_DIR/logs/$c.log:
$(tail -n 15 "$NODE_DIR/logs/$c.log" 2>/dev/null)"
      fi
    done
    ((SECONDS < deadline)) || die "timed out after ${UP_TIMEOUT}s waiting for $what (logs in $NODE_DIR/logs)"
    sleep 0.2
  done
}

ctr_() { ctr --address "$SOCK" -n k8s.io "$@"; }
kc() { "$BIN/kubectl" --kubeconfig "$CP_DIR/admin.kubeconfig" "$@"; }

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# make_image REF TAR USER POPULATE ENTRYPOINT...: an OCI image without a daemon or registry:
# umoci lays out an empty image, POPULATE (a function) fills its rootfs, skopeo turns it into a
# docker-archive that `ctr images import` takes.
make_image() {
  local ref="$1" tar="$2" user="$3" populate="$4"; shift 4
  local tmp e args=()
  tmp="$(mktemp -d)"
  umoci init --layout "$tmp/oci"
  umoci new --image "$tmp/oci:img"
  umoci unpack --image "$tmp/oci:img" "$tmp/bundle" >/dev/null
  "$populate" "$tmp/bundle/rootfs"
  umoci repack --image "$tmp/oci:img" "$tmp/bundle"
  for e in "$@"; do args+=(--config.entrypoint "$e"); done
  umoci config --image "$tmp/oci:img" --config.user "$user" "${args[@]}"
  skopeo copy -q "oci:$tmp/oci:img" "docker-archive:$tmp/image.tar:$ref"
  mkdir -p "$(dirname "$tar")"
  mv "$tmp/image.tar" "$tar"
  rm -rf "$tmp"
}

# The pause image: a static C program that waits in pause() and reaps children.
PAUSE_SRC='#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
static void quit(int s) { (void)s; _exit(0); }
static void reap(int s) { (void)s; while (waitpid(-1, NULL, WNOHANG) > 0) {} }
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--version") == 0) { puts("kubewsgi-pause 3.10"); return 0; }
  signal(SIGINT, quit); signal(SIGTERM, quit); signal(SIGCHLD, reap);
  for (;;) pause();
}'
populate_pause() {
  printf '%s\n' "$PAUSE_SRC" >"$1/../pause.c"
  gcc -static -Os -s -o "$1/pause" "$1/../pause.c"
  rm -f "$1/../pause.c"
}

# A busybox image (Debian's busybox-static) for test pods that need a shell, nc, sleep.
populate_busybox() {
  mkdir -p "$1/bin" "$1/tmp" "$1/etc"
  install -m 0755 /bin/busybox "$1/bin/busybox"
  chroot "$1" /bin/busybox --install -s /bin
  echo "root:x:0:0:root:/root:/bin/sh" >"$1/etc/passwd"
  echo "root:x:0:" >"$1/etc/group"
}

# Both cached by the hash of their recipe (and of the busybox binary), so a second up only imports.
build_images() {
  local key
  key="$(printf '%s\n%s' "$PAUSE_SRC" "$PAUSE_IMAGE" | sha256sum | cut -c1-16)"
  PAUSE_TAR="$CACHE/images/pause-$key.tar"
  [[ -s "$PAUSE_TAR" ]] || make_image "$PAUSE_IMAGE" "$PAUSE_TAR" 65535:65535 populate_pause /pause
  key="$( (declare -f populate_busybox; echo "$BUSYBOX_IMAGE"; cat /bin/busybox) | sha256sum | cut -c1-16)"
  BUSYBOX_TAR="$CACHE/images/busybox-$key.tar"
  [[ -s "$BUSYBOX_TAR" ]] || make_image "$BUSYBOX_IMAGE" "$BUSYBOX_TAR" 0:0 populate_busybox /bin/sh
}

write_configs() {
  local pki="$NODE_DIR/pki"
  mkdir -p "$pki" "$NODE_DIR/cni/net.d" "$CTRD" "$NODE_DIR/kubelet" "$NODE_DIR/pod-logs"
  cp "$CP_DIR/pki/ca.crt" "$CP_DIR/pki/ca.key" "$pki/"
  certs_client "$pki" kubelet "system:node:$NODE_NAME" system:nodes
  certs_client "$pki" kube-proxy system:kube-proxy
  rm -f "$pki/ca.key"
  local server; server="$(cat "$CP_DIR/api-url")"
  certs_kubeconfig "$pki" kubelet "$server" "$NODE_DIR/kubelet.kubeconfig"
  certs_kubeconfig "$pki" kube-proxy "$server" "$NODE_DIR/kube-proxy.kubeconfig"

  # restrict_oom_score_adj: processes here lack CAP_SYS_RESOURCE; without it every sandbox
  # fails with "can't get final child's PID from pipe: EOF".
  cat >"$CTRD/config.toml" <<EOF
version = 2
root = "$CTRD/root"
state = "$CTRD/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.devmapper"]
[grpc]
  address = "$SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$CTRD/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_DIR/cni/net.d"
EOF

  # Image GC at 100/99: images imported by hand can never be pulled again, so never collect them.
  # Eviction thresholds low: a test machine's disk may be fuller than a real node's.
  cat >"$NODE_DIR/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $NODE_IP
port: $KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $KUBELET_HEALTHZ_PORT
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$SOCK
cgroupDriver: cgroupfs
failCgroupV1: false
failSwapOn: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
clusterDomain: cluster.local
resolvConf: /etc/resolv.conf
podLogsDir: $NODE_DIR/pod-logs
serializeImagePulls: false
EOF

  # conntrack 0 and localhostNodePorts false: kube-proxy then leaves host sysctls alone.
  # NodePorts only on the node IP, never on the machine's real interfaces.
  cat >"$NODE_DIR/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $NODE_DIR/kube-proxy.kubeconfig}
mode: iptables
hostnameOverride: $NODE_NAME
clusterCIDR: $POD_CIDR
healthzBindAddress: 127.0.0.1:$PROXY_HEALTHZ_PORT
metricsBindAddress: 127.0.0.1:$PROXY_METRICS_PORT
nodePortAddresses: ["$NODE_IP/32"]
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
iptables: {localhostNodePorts: false}
EOF
}

write_cni_config() { # SUBNET: the node's podCIDR, known once the node is registered
  cat >"$NODE_DIR/cni/net.d/10-kubewsgi.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "kubewsgi",
  "plugins": [
    {"type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$1"}]], "routes": [{"dst": "0.0.0.0/0"}],
              "dataDir": "$NODE_DIR/cni/ipam"}},
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

save_sysctls() {
  [[ -s "$NODE_DIR/sysctls.saved" ]] && return 0
  local k
  for k in "${SYSCTLS[@]}"; do echo "$k=$(sysctl -n "$k")"; done >"$NODE_DIR/sysctls.saved"
}

restore_sysctls() {
  [[ -s "$NODE_DIR/sysctls.saved" ]] || return 0
  local line
  while IFS= read -r line; do sysctl -q -w "$line" >/dev/null || log "could not restore $line"; done \
    <"$NODE_DIR/sysctls.saved"
}

node_ready() {
  [[ "$(kc get node "$NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}

pod_cidr() { kc get node "$NODE_NAME" -o jsonpath='{.spec.podCIDR}' 2>/dev/null; }
has_pod_cidr() { [[ -n "$(pod_cidr)" ]]; }

do_up() {
  local t0=$SECONDS
  [[ "$(id -u)" == 0 ]] || die "needs root (cgroups, network namespaces, iptables)"
  # iptables chains, the kubepods cgroups and /var/lib/kubelet/device-plugins are machine-wide:
  # one node per machine at a time.
  local p
  for p in /proc/[0-9]*; do
    case "$(readlink "$p/exe" 2>/dev/null || true)" in
      */kubelet | */kube-proxy) die "another kubelet or kube-proxy runs here (PID ${p#/proc/}); one node per machine" ;;
    esac
  done
  ensure_packages
  if [[ -z "$BIN" ]]; then BIN="$("$HERE/build.sh" | tail -n 1)"; fi
  export KUBEWSGI_BIN_DIR="$BIN"

  # The control plane, bound to the node IP so that pods reach the API server through the
  # `kubernetes` Service.
  if "$HERE/control-plane.sh" env >/dev/null 2>&1; then
    [[ "$(cat "$CP_DIR/api-url")" == "https://$NODE_IP:"* ]] ||
      die "the running control plane listens on $(cat "$CP_DIR/api-url"), which pods cannot reach;
run 'control-plane.sh down' first and let node.sh start it"
  else
    KUBEWSGI_APISERVER_BIND="$NODE_IP" KUBEWSGI_ADVERTISE_ADDRESS="$NODE_IP" \
      "$HERE/control-plane.sh" up >/dev/null
    touch "$NODE_DIR/started-control-plane"
  fi
  log "control plane ready after $((SECONDS - t0)) s"

  mkdir -p "$NODE_DIR/logs"
  # System dirs that the kubelet, libcni and the runc shims create outside our state dir: note
  # which ones are new, so that down removes them again (once empty).
  local d
  for d in "${SYSTEM_DIRS[@]}"; do [[ -e "$d" ]] || echo "$d" >>"$NODE_DIR/created-dirs"; done
  write_configs
  # From here on this run changes the host; only then may down undo machine-wide things.
  touch "$NODE_DIR/host-touched"
  save_sysctls
  build_images

  start containerd containerd --config "$CTRD/config.toml"
  wait_for "containerd" ctr_ version
  ctr_ images import "$PAUSE_TAR" >/dev/null
  ctr_ images import "$BUSYBOX_TAR" >/dev/null
  date +%s >"$NODE_DIR/containerd-started"

  start kubelet "$BIN/kubelet" --config="$NODE_DIR/kubelet-config.yaml" \
    --kubeconfig="$NODE_DIR/kubelet.kubeconfig" --root-dir="$NODE_DIR/kubelet" \
    --cert-dir="$NODE_DIR/kubelet/pki" --node-ip="$NODE_IP" --hostname-override="$NODE_NAME"
  wait_for "node $NODE_NAME to register and get a podCIDR" has_pod_cidr
  write_cni_config "$(pod_cidr)"

  start kube-proxy "$BIN/kube-proxy" --config="$NODE_DIR/kube-proxy-config.yaml"
  wait_for "node $NODE_NAME Ready" node_ready
  wait_for "kube-proxy healthz" curl -fsS "http://127.0.0.1:$PROXY_HEALTHZ_PORT/healthz"
  # The kubelet has rewritten the kernel's overcommit/panic values by now.
  restore_sysctls
  touch "$NODE_DIR/up.done"
  log "node $NODE_NAME Ready, $((SECONDS - t0)) s after node.sh up started"
}

running() {
  [[ -f "$NODE_DIR/up.done" && -n "$BIN" ]] || return 1
  local c; for c in "${COMPONENTS[@]}"; do pid_alive "$c" || return 1; done
  "$HERE/control-plane.sh" env >/dev/null 2>&1 && node_ready
}

# Pods first through the API, so that the kubelet tears their sandboxes down through CNI
# (veth pairs, IP leases, portmap rules) the proper way.
drain_pods() {
  [[ -f "$NODE_DIR/kubelet.pid" ]] && pid_alive kubelet || return 0
  "$HERE/control-plane.sh" env >/dev/null 2>&1 || return 0
  kc cordon "$NODE_NAME" >/dev/null 2>&1 || return 0
  kc delete pods -A --field-selector "spec.nodeName=$NODE_NAME" --grace-period=0 --force \
    --wait=false >/dev/null 2>&1 || true
  local i
  for ((i = 0; i < 150; i++)); do
    [[ -z "$(ctr_ tasks ls -q 2>/dev/null)" ]] && break
    sleep 0.2
  done
  kc delete node "$NODE_NAME" --wait=false >/dev/null 2>&1 || true
}

# Whatever the drain left: tasks, their shims, network namespaces, the bridge, IP leases.
sweep_runtime() {
  if pid_alive containerd; then
    local id
    for id in $(ctr_ tasks ls -q 2>/dev/null); do
      ctr_ tasks kill -s SIGKILL "$id" >/dev/null 2>&1 || true
    done
    sleep 0.5
    for id in $(ctr_ tasks ls -q 2>/dev/null); do ctr_ tasks delete -f "$id" >/dev/null 2>&1 || true; done
    for id in $(ctr_ containers ls -q 2>/dev/null); do ctr_ containers delete "$id" >/dev/null 2>&1 || true; done
  fi
}

# Shims outlive containerd; they name our socket on their command line.
stop_shims() {
  local p
  for p in /proc/[0-9]*; do
    [[ "$(readlink "$p/exe" 2>/dev/null || true)" == */containerd-shim-runc-v2* ]] || continue
    tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -qF -- "-address $SOCK" || continue
    stop_pid "${p#/proc/}"
  done
}

unmount_under() { # DIR: every mount below it, deepest first
  local m
  findmnt -rn -o TARGET | grep -F "$1/" | sort -r | while IFS= read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
}

remove_netns() {
  # Namespaces the CRI made for our sandboxes since our containerd started.
  [[ -s "$NODE_DIR/containerd-started" && -d /run/netns ]] || return 0
  local since ns; since="$(cat "$NODE_DIR/containerd-started")"
  for ns in /run/netns/cni-*; do
    [[ -e "$ns" ]] || continue
    (($(stat -c %Y "$ns") >= since)) || continue
    umount "$ns" 2>/dev/null || umount -l "$ns" 2>/dev/null || true
    rm -f "$ns"
  done
  rmdir /run/netns 2>/dev/null || true
}

# kube-proxy's own cleanup mode, then any KUBE-/CNI- chain and the rules that jump to them
# (kubelet canaries, portmap's top-level chains) in every table, IPv4 and IPv6.
remove_iptables() {
  if [[ -x "$BIN/kube-proxy" ]]; then "$BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true; fi
  local save restore table
  for save in iptables-save ip6tables-save; do
    command -v "$save" >/dev/null || continue
    restore="${save%-save}-restore"
    for table in filter nat mangle raw; do
      local rules; rules="$("$save" -t "$table" 2>/dev/null)" || continue
      grep -qE '(KUBE|CNI)-' <<<"$rules" || continue
      grep -vE '^:(KUBE|CNI)-|^-A (KUBE|CNI)-|-j (KUBE|CNI)-' <<<"$rules" | "$restore" -T "$table" ||
        log "could not clean $save table $table"
    done
  done
}

remove_cgroups() { # the kubepods hierarchy the kubelet made: kill what is left in it, then rmdir
  local c pid
  for c in /sys/fs/cgroup/*/kubepods; do
    [[ -d "$c" ]] || continue
    # shellcheck disable=SC2044 # PIDs: no spaces
    for pid in $(find "$c" -name cgroup.procs -exec cat {} + 2>/dev/null); do
      kill -KILL "$pid" 2>/dev/null || true
    done
  done
  sleep 0.2
  for c in /sys/fs/cgroup/*/kubepods; do
    [[ -d "$c" ]] || continue
    find "$c" -depth -type d -exec rmdir {} \; 2>/dev/null || true
    [[ ! -d "$c" ]] || log "could not remove cgroup $c"
  done
}

do_down() {
  [[ -d "$NODE_DIR" ]] || return 0
  local d
  drain_pods
  stop_one kube-proxy
  stop_one kubelet
  sweep_runtime
  stop_one containerd
  if [[ -f "$NODE_DIR/host-touched" ]]; then
    stop_shims
    remove_netns
    if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi
    remove_iptables
    unmount_under "$NODE_DIR"
    remove_cgroups
    rm -f /var/lib/cni/results/kubewsgi-* 2>/dev/null || true
  fi
  if [[ -d /var/log/containers ]]; then
    find /var/log/containers -maxdepth 1 -type l -lname "$NODE_DIR/*" -delete 2>/dev/null || true
  fi
  if [[ -s "$NODE_DIR/created-dirs" ]]; then
    tac "$NODE_DIR/created-dirs" | while IFS= read -r d; do
      if [[ "$d" == /var/lib/kubelet/device-plugins ]]; then rm -f "$d/kubelet.sock"; fi
      rmdir "$d" 2>/dev/null || true
    done
  fi
  restore_sysctls
  if [[ -f "$NODE_DIR/started-control-plane" ]]; then "$HERE/control-plane.sh" down; fi
  rm -rf "$NODE_DIR"
}

fail_cleanup() {
  rm -rf "$NODE_DIR.failed-logs"
  if [[ -d "$NODE_DIR/logs" ]]; then cp -r "$NODE_DIR/logs" "$NODE_DIR.failed-logs"; fi
  log "up failed; undoing it (logs, if any, kept in $NODE_DIR.failed-logs)"
  do_down
}

# The binaries, if built (up builds them when missing).
BIN="${KUBEWSGI_BIN_DIR:-$("$HERE/build.sh" --print-bin-dir 2>/dev/null || true)}"

cmd="${1:-}"
case "$cmd" in
  up | down) ;;
  pause-image) echo "$PAUSE_IMAGE"; exit 0 ;;
  busybox-image) echo "$BUSYBOX_IMAGE"; exit 0 ;;
  import)
    [[ -f "${2:-}" ]] || die "usage: $0 import FILE.tar"
    ctr_ images import "$2" >&2
    exit 0
    ;;
  *) echo "usage: $0 up|down|pause-image|busybox-image|import FILE" >&2; exit 2 ;;
esac

mkdir -p "$(dirname "$NODE_DIR")"
exec 9>"$NODE_DIR.lock"
flock 9

case "$cmd" in
  up)
    if ! running; then
      do_down
      mkdir -p "$NODE_DIR"
      trap 'rc=$?; if ((rc != 0)); then fail_cleanup; fi' EXIT
      do_up
      trap - EXIT
    fi
    echo "KUBECONFIG=$CP_DIR/admin.kubeconfig"
    ;;
  down)
    do_down
    ;;
esac
