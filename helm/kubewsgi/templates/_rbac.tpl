{{/* What the operator does in a watched namespace, and nothing more:
     - reads and writes WsgiProcessGroups and their status (and finalizers, for owner references
       with blockOwnerDeletion);
     - owns one ConfigMap, Deployment, Service, PodDisruptionBudget and (networkPolicy.enabled)
       NetworkPolicy per WsgiProcessGroup; it watches NetworkPolicies either way, so turning the
       setting off deletes the ones it made;
     - reads pods and their ReplicaSets to explain why a rollout is stuck (Degraded condition);
     - records Events. */}}
{{- define "kubewsgi.operatorRules" -}}
- apiGroups: ["kubewsgi.dev"]
  resources: ["wsgiprocessgroups"]
  verbs: ["get", "list", "watch", "patch", "update"]
- apiGroups: ["kubewsgi.dev"]
  resources: ["wsgiprocessgroups/status"]
  verbs: ["get", "patch", "update"]
- apiGroups: ["kubewsgi.dev"]
  resources: ["wsgiprocessgroups/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["replicasets"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
