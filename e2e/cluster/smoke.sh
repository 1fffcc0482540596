#!/usr/bin/env bash
# Smoke check of control-plane.sh (and, with --node, of node.sh): brings a cluster up, checks
# what the operator's tests rely on, and tears it all down again, failing on any leftover.
#
#   e2e/cluster/smoke.sh          control plane only: objects, CRD + CEL, garbage collection
#   e2e/cluster/smoke.sh --node   also a real node: a pod gets Running and Ready
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WITH_NODE=0
if [[ "${1:-}" == "--node" ]]; then WITH_NODE=1; fi

say() { echo "smoke: $*" >&2; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
fail() { say "FAIL: $*"; exit 1; }

if "$HERE/control-plane.sh" env >/dev/null 2>&1; then
  fail "a cluster is already running in ${KUBEWSGI_CLUSTER_DIR:-/tmp/kubewsgi-cluster}; down it first"
fi

BIN="$("$HERE/build.sh" | tail -n 1)"
KC=("$BIN/kubectl")
NS=kubewsgi-smoke
teardown() {
  if ((WITH_NODE)); then "$HERE/node.sh" down || true; fi
  "$HERE/control-plane.sh" down || true
}
trap teardown EXIT

# wait_until SECONDS DESCRIPTION COMMAND...
wait_until() {
  local limit="$1" what="$2"; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "timed out after ${limit}s: $what"
    sleep 0.2
  done
}

t0=$(now)
if ((WITH_NODE)); then
  line="$("$HERE/node.sh" up | tail -n 1)"
else
  line="$("$HERE/control-plane.sh" up | tail -n 1)"
fi
[[ "$line" == KUBECONFIG=* ]] || fail "up did not print KUBECONFIG=...: $line"
export KUBECONFIG="${line#KUBECONFIG=}"
say "up in $(since "$t0") s: $line"
pids="$(cat "${KUBEWSGI_CLUSTER_DIR:-/tmp/kubewsgi-cluster}"/*.pid)"
if ((WITH_NODE)); then pids="$pids $(cat "${KUBEWSGI_NODE_DIR:-/tmp/kubewsgi-node}"/*.pid)"; fi
etcd_data="$(cat "${KUBEWSGI_CLUSTER_DIR:-/tmp/kubewsgi-cluster}/etcd-data-dir")"

[[ "$("$HERE/control-plane.sh" env)" == "$line" ]] || fail "env disagrees with up"
"${KC[@]}" version
"${KC[@]}" get ns
"${KC[@]}" create namespace "$NS"
wait_until 30 "default ServiceAccount in $NS" "${KC[@]}" -n "$NS" get sa default

# Deployment -> ReplicaSet -> Pod (Pending without a node).
cat <<EOF | "${KC[@]}" -n "$NS" apply -f -
apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 1
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      containers:
      - {name: hello, image: "kubewsgi.invalid/none:1", imagePullPolicy: Never}
EOF
wait_until 30 "ReplicaSet of the Deployment" \
  bash -c "'${KC[0]}' -n $NS get rs -l app=hello -o name | grep -q ."
wait_until 30 "Pod of the ReplicaSet" \
  bash -c "'${KC[0]}' -n $NS get pods -l app=hello -o name | grep -q ."
"${KC[@]}" -n "$NS" get deploy,rs,pods -o wide

# A CRD with a CEL rule is served and validates.
cat <<EOF | "${KC[@]}" apply -f -
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.smoke.kubewsgi.io}
spec:
  group: smoke.kubewsgi.io
  names: {kind: Widget, plural: widgets, singular: widget}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              replicas: {type: integer}
            x-kubernetes-validations:
            - {rule: "self.replicas >= 0", message: "replicas must not be negative"}
EOF
"${KC[@]}" wait --for=condition=Established --timeout=30s crd/widgets.smoke.kubewsgi.io
wait_until 30 "Widget kind served" "${KC[@]}" -n "$NS" get widgets
printf 'apiVersion: smoke.kubewsgi.io/v1\nkind: Widget\nmetadata: {name: good}\nspec: {replicas: 2}\n' |
  "${KC[@]}" -n "$NS" apply -f -
if out="$(printf 'apiVersion: smoke.kubewsgi.io/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {replicas: -1}\n' |
  "${KC[@]}" -n "$NS" apply -f - 2>&1)"; then
  fail "CEL rule did not reject a bad Widget"
fi
grep -q "replicas must not be negative" <<<"$out" || fail "unexpected rejection: $out"
say "CEL rule rejected the bad Widget: $out"

# Garbage collection: deleting an owner removes what it owns.
"${KC[@]}" -n "$NS" create configmap owner
uid="$("${KC[@]}" -n "$NS" get configmap owner -o jsonpath='{.metadata.uid}')"
cat <<EOF | "${KC[@]}" -n "$NS" apply -f -
apiVersion: v1
kind: ConfigMap
metadata:
  name: owned
  ownerReferences:
  - {apiVersion: v1, kind: ConfigMap, name: owner, uid: "$uid"}
EOF
"${KC[@]}" -n "$NS" delete configmap owner --wait=false
g0=$(now)
wait_until 30 "garbage collection of the owned ConfigMap" \
  bash -c "! '${KC[0]}' -n $NS get configmap owned"
say "owned object collected $(since "$g0") s after its owner was deleted"

if ((WITH_NODE)); then
  # A real pod on the node, from the locally imported pause image.
  cat <<EOF | "${KC[@]}" -n "$NS" apply -f -
apiVersion: v1
kind: Pod
metadata: {name: pause}
spec:
  containers:
  - name: pause
    image: "$("$HERE/node.sh" pause-image)"
    imagePullPolicy: Never
    readinessProbe: {exec: {command: ["/pause", "--version"]}, periodSeconds: 1}
EOF
  p0=$(now)
  "${KC[@]}" -n "$NS" wait --for=condition=Ready --timeout=90s pod/pause
  say "pause pod Ready $(since "$p0") s after it was created"

  # A busybox web server behind a NodePort Service: probes, Service routing from the host,
  # the NodePort on the node IP, exec, logs, and a pod reaching the API through its Service IP.
  cat <<EOF | "${KC[@]}" -n "$NS" apply -f -
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: "$("$HERE/node.sh" busybox-image)"
        imagePullPolicy: Never
        command: ["sh", "-c", "hostname > /tmp/index.html; echo serving; exec httpd -f -p 8080 -h /tmp"]
        readinessProbe: {httpGet: {path: /index.html, port: 8080}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
EOF
  w0=$(now)
  "${KC[@]}" -n "$NS" rollout status deploy/web --timeout=90s
  say "2 busybox pods Ready $(since "$w0") s after the Deployment was created"
  ip="$("${KC[@]}" -n "$NS" get svc web -o jsonpath='{.spec.clusterIP}')"
  np="$("${KC[@]}" -n "$NS" get svc web -o jsonpath='{.spec.ports[0].nodePort}')"
  node_ip="$("${KC[@]}" get nodes -o jsonpath='{.items[0].status.addresses[?(@.type=="InternalIP")].address}')"
  wait_until 30 "ClusterIP $ip:80 from the host" curl -fsS --max-time 2 "http://$ip/index.html"
  say "ClusterIP answered: $(curl -fsS --max-time 2 "http://$ip/index.html")"
  wait_until 30 "NodePort $node_ip:$np" curl -fsS --max-time 2 "http://$node_ip:$np/index.html"
  say "NodePort answered: $(curl -fsS --max-time 2 "http://$node_ip:$np/index.html")"
  pod="$("${KC[@]}" -n "$NS" get pods -l app=web -o jsonpath='{.items[0].metadata.name}')"
  [[ "$("${KC[@]}" -n "$NS" exec "$pod" -- cat /tmp/index.html)" == "$pod" ]] || fail "kubectl exec"
  "${KC[@]}" -n "$NS" logs "$pod" | grep -q serving || fail "kubectl logs"
  api_ip="$("${KC[@]}" get svc kubernetes -o jsonpath='{.spec.clusterIP}')"
  # Plain HTTP to the TLS port: the API server's "HTTPS server" reply proves the path works
  # (busybox nc has no -z).
  "${KC[@]}" -n "$NS" exec "$pod" -- sh -c "printf 'GET / HTTP/1.0\r\n\r\n' | nc -w 3 $api_ip 443" |
    grep -q "HTTPS server" ||
    fail "a pod cannot reach the API server through the kubernetes Service ($api_ip:443)"
  say "kubectl exec and logs work; a pod reaches the API at $api_ip:443"
  "${KC[@]}" -n "$NS" get pods -o wide
  "${KC[@]}" get nodes -o wide
fi

trap - EXIT
d0=$(now)
teardown
say "down in $(since "$d0") s"
for pid in $pids; do
  [[ ! -d "/proc/$pid" || "$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null)" == Z ]] || fail "process $pid ($(cat "/proc/$pid/comm")) survived down"
done
[[ ! -e "${KUBEWSGI_CLUSTER_DIR:-/tmp/kubewsgi-cluster}" ]] || fail "state dir survived down"
((!WITH_NODE)) || [[ ! -e "${KUBEWSGI_NODE_DIR:-/tmp/kubewsgi-node}" ]] || fail "node dir survived down"
[[ ! -e "$etcd_data" ]] || fail "etcd data dir $etcd_data survived down"
say "OK"
