#!/usr/bin/env bash
# Builds the project's pinned Kubernetes, etcd and helm binaries from source through the Go
# module proxy (no prebuilt downloads are reachable here) and caches them by version.
#
#   e2e/cluster/build.sh                 build what is missing; last stdout line = bin dir
#   e2e/cluster/build.sh --print-bin-dir print the bin dir if everything is built, else exit 1
#
# Layout under ${KUBEWSGI_CACHE:-$HOME/.cache/kubewsgi}:
#   k8s-v1.34.10/bin/   kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl
#                       + symlinks etcd, etcdctl, helm (so one dir has everything a test needs)
#   etcd-v3.6.16/bin/   etcd etcdctl
#   helm-v3.22.0/bin/   helm
#   tools-<hash>/bin/   kubewsgi-tools (gomod/tools: kstatus and the PromQL parser, for the tests),
#                       controller-gen, and crds/ (prometheus-operator's PodMonitor, ServiceMonitor
#                       and PrometheusRule CRDs, generated from its API types)
#   kubeapitest/k8s/1.34.10-linux-amd64/  kube-apiserver etcd kubectl (symlinks): the layout of
#                       fabric8 kube-api-test; use it with KUBE_API_TEST_DIR=<cache>/kubeapitest
#                       KUBE_API_TEST_OFFLINE_MODE=true KUBE_API_TEST_API_SERVER_VERSION=1.34.10
set -euo pipefail

K8S_VERSION=v1.34.10
ETCD_VERSION=v3.6.16
HELM_VERSION=v3.22.0

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${KUBEWSGI_CACHE:-$HOME/.cache/kubewsgi}"
K8S_BIN="$CACHE/k8s-$K8S_VERSION/bin"
ETCD_BIN="$CACHE/etcd-$ETCD_VERSION/bin"
HELM_BIN="$CACHE/helm-$HELM_VERSION/bin"
# fabric8 kube-api-test looks for <dir>/k8s/<version without v>-<os>-<arch>/{kube-apiserver,etcd,kubectl}.
case "$(uname -m)" in x86_64) ARCH=amd64 ;; aarch64) ARCH=arm64 ;; *) ARCH="$(uname -m)" ;; esac
KUBEAPITEST_BIN="$CACHE/kubeapitest/k8s/${K8S_VERSION#v}-linux-$ARCH"
K8S_CMDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)

GO="${GO:-}"
if [[ -z "$GO" ]]; then
  if command -v go >/dev/null 2>&1; then GO="$(command -v go)"; else GO=/usr/local/go/bin/go; fi
fi

log() { echo "build.sh: $*" >&2; }

# A stamp records what a dir was built from (version + go.sum hash), so an edited wrapper
# module triggers a rebuild while an unchanged one returns at once.
stamp_of() { # name version [gomod-dir]
  local s="$1 $2"
  if [[ -n "${3:-}" ]]; then s="$s $(cat "$3/go.mod" "$3/go.sum" | sha256sum | cut -d' ' -f1)"; fi
  echo "$s"
}
is_built() { # dir stamp binaries...
  local dir="$1" stamp="$2"; shift 2
  [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" ]] || return 1
  local b; for b in "$@"; do [[ -x "$dir/$b" ]] || return 1; done
}

K8S_STAMP="$(stamp_of kubernetes "$K8S_VERSION" "$HERE/gomod/kubernetes")"
ETCD_STAMP="$(stamp_of etcd "$ETCD_VERSION" "$HERE/gomod/etcd")"
HELM_STAMP="$(stamp_of helm "$HELM_VERSION")"
# The tools' source is ours: a change of main.go rebuilds them too.
TOOLS_HASH="$(cat "$HERE/gomod/tools/go.mod" "$HERE/gomod/tools/go.sum" "$HERE/gomod/tools/"*.go |
  sha256sum | cut -c1-12)"
MONITORING_CRDS=(podmonitors servicemonitors prometheusrules)
TOOLS_BIN="$CACHE/tools-$TOOLS_HASH/bin"
TOOLS_STAMP="tools $TOOLS_HASH"

all_built() {
  is_built "$K8S_BIN" "$K8S_STAMP" "${K8S_CMDS[@]}" etcd etcdctl helm &&
    is_built "$ETCD_BIN" "$ETCD_STAMP" etcd etcdctl &&
    is_built "$HELM_BIN" "$HELM_STAMP" helm &&
    is_built "$TOOLS_BIN" "$TOOLS_STAMP" kubewsgi-tools controller-gen &&
    [[ "$(readlink "$K8S_BIN/kubewsgi-tools")" == "$TOOLS_BIN/kubewsgi-tools" ]] &&
    [[ "$(readlink "$K8S_BIN/monitoring-crds")" == "$TOOLS_BIN/crds" ]]
}

link_kubeapitest() {
  mkdir -p "$KUBEAPITEST_BIN"
  local b
  for b in kube-apiserver etcd kubectl; do ln -sfn "$K8S_BIN/$b" "$KUBEAPITEST_BIN/$b"; done
}

if [[ "${1:-}" == "--print-bin-dir" ]]; then
  if all_built; then echo "$K8S_BIN"; exit 0; fi
  log "binaries not built yet: run e2e/cluster/build.sh"; exit 1
elif [[ $# -gt 0 ]]; then
  echo "usage: $0 [--print-bin-dir]" >&2; exit 2
fi

if all_built; then link_kubeapitest; echo "$K8S_BIN"; exit 0; fi

[[ -x "$GO" ]] || { log "no Go toolchain (set GO=/path/to/go)"; exit 1; }
mkdir -p "$CACHE"
# Two concurrent runs would race on the same output dirs.
exec 9>"$CACHE/.build.lock"
flock 9

export CGO_ENABLED=0
# The committed go.sum is the source of truth: never rewrite the wrapper modules while building.
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=readonly -buildvcs=false"
# Newer toolchains named by dependencies cannot be downloaded here.
export GOTOOLCHAIN=local

# Temp build dirs of this run; whatever is left of them on exit (a failed build) goes.
TMPS=()
trap 'if ((${#TMPS[@]})); then rm -rf "${TMPS[@]}"; fi' EXIT

# Builds into a temp dir next to the target and renames it, so an interrupted build never
# leaves a half-filled bin dir that looks complete.
install_dir() { # target-dir stamp tmp-dir
  echo "$2" >"$3/.stamp"
  chmod 755 "$3" # mktemp -d made it 0700; other users run these binaries too
  mkdir -p "$(dirname "$1")"
  rm -rf "$1.old"
  if [[ -d "$1" ]]; then mv "$1" "$1.old"; fi
  mv "$3" "$1"
  rm -rf "$1.old"
}

build_k8s() {
  is_built "$K8S_BIN" "$K8S_STAMP" "${K8S_CMDS[@]}" && return 0
  log "building Kubernetes $K8S_VERSION (about 10 min on 2 cores with a cold Go cache)"
  local minor; minor="$(echo "$K8S_VERSION" | cut -d. -f2)"
  local ld="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ld="$ld -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  local tmp; tmp="$(mktemp -d "$CACHE/.k8s-build.XXXXXX")"
  TMPS+=("$tmp")
  local pkgs=(); for pkg in "${K8S_CMDS[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$pkg"); done
  (cd "$HERE/gomod/kubernetes" && "$GO" build -trimpath -ldflags "$ld" -o "$tmp/" "${pkgs[@]}") || return 1
  install_dir "$(dirname "$K8S_BIN")/bin" "$K8S_STAMP" "$tmp"
}

build_etcd() {
  is_built "$ETCD_BIN" "$ETCD_STAMP" etcd etcdctl && return 0
  log "building etcd $ETCD_VERSION"
  mkdir -p "$(dirname "$ETCD_BIN")"
  local tmp; tmp="$(mktemp -d "$CACHE/.etcd-build.XXXXXX")"
  TMPS+=("$tmp")
  (cd "$HERE/gomod/etcd" &&
    "$GO" build -trimpath -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3 &&
    "$GO" build -trimpath -ldflags "-s -w" -o "$tmp/etcdctl" go.etcd.io/etcd/etcdctl/v3) || return 1
  install_dir "$ETCD_BIN" "$ETCD_STAMP" "$tmp"
}

build_helm() {
  is_built "$HELM_BIN" "$HELM_STAMP" helm && return 0
  log "building helm $HELM_VERSION"
  mkdir -p "$(dirname "$HELM_BIN")"
  local tmp; tmp="$(mktemp -d "$CACHE/.helm-build.XXXXXX")"
  TMPS+=("$tmp")
  # helm's go.mod has no replace lines, so plain `go install pkg@version` works (no -mod flag
  # allowed there, hence GOFLAGS without it).
  GOFLAGS="" GOBIN="$tmp" "$GO" install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" || return 1
  install_dir "$HELM_BIN" "$HELM_STAMP" "$tmp"
}

build_tools() {
  is_built "$TOOLS_BIN" "$TOOLS_STAMP" kubewsgi-tools && return 0
  log "building kubewsgi-tools (kstatus, PromQL parser), controller-gen and the monitoring CRDs"
  mkdir -p "$(dirname "$TOOLS_BIN")"
  local tmp; tmp="$(mktemp -d "$CACHE/.tools-build.XXXXXX")"
  TMPS+=("$tmp")
  (cd "$HERE/gomod/tools" &&
    "$GO" build -trimpath -ldflags "-s -w" -o "$tmp/kubewsgi-tools" . &&
    "$GO" build -trimpath -ldflags "-s -w" -o "$tmp/controller-gen" \
      sigs.k8s.io/controller-tools/cmd/controller-gen &&
    "$tmp/controller-gen" crd:allowDangerousTypes=true output:crd:dir="$tmp/all-crds" \
      paths=github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1) || return 1
  mkdir -p "$tmp/crds"
  local crd
  for crd in "${MONITORING_CRDS[@]}"; do
    mv "$tmp/all-crds/monitoring.coreos.com_$crd.yaml" "$tmp/crds/" || return 1
  done
  rm -rf "$tmp/all-crds"
  install_dir "$TOOLS_BIN" "$TOOLS_STAMP" "$tmp"
}

start=$SECONDS
build_etcd
build_helm
build_tools
build_k8s
# One dir with everything (the layout test harnesses that want kube-apiserver, etcd and
# kubectl side by side expect).
ln -sfn "$ETCD_BIN/etcd" "$K8S_BIN/etcd"
ln -sfn "$ETCD_BIN/etcdctl" "$K8S_BIN/etcdctl"
ln -sfn "$HELM_BIN/helm" "$K8S_BIN/helm"
ln -sfn "$TOOLS_BIN/kubewsgi-tools" "$K8S_BIN/kubewsgi-tools"
ln -sfn "$TOOLS_BIN/crds" "$K8S_BIN/monitoring-crds"
link_kubeapitest
all_built || { log "build finished but the cache is incomplete"; exit 1; }
log "done in $((SECONDS - start)) s"
echo "$K8S_BIN"
