{{/* What the operator does in a watched namespace, and nothing more: every verb below is one the
     e2e saw the operator use in the API server's audit log, or one it needs for a check that is no
     request (e2e/README.md, "The operator's role"; CleanUpE2E fails on any other verb).
     - watches WsgiProcessGroups (informer: list, watch) and patches their status;
     - update on wsgiprocessgroups/finalizers: its objects' owner references set blockOwnerDeletion,
       which OwnerReferencesPermissionEnforcement allows only to who may update the owner's
       finalizers;
     - owns one ConfigMap (create, update: JOSDK writes ConfigMaps without server-side apply),
       Deployment, Service, PodDisruptionBudget and (networkPolicy.enabled) NetworkPolicy per
       WsgiProcessGroup, written by server-side apply (patch; create too, as an apply that creates
       is authorized as create), and watches each kind; it watches NetworkPolicies either way, so
       turning the setting off deletes the ones it made;
     - delete on each owned kind: the PodDisruptionBudget and NetworkPolicy go when replicas fall to
       1 or the setting is turned off, and changing an owner reference (adopting objects that a
       resource deleted and created again under the same name left behind) needs delete under
       OwnerReferencesPermissionEnforcement;
     - watches pods to explain why a rollout is stuck (Degraded condition);
     - records Events (create, and patch to raise a repeated one's count). */}}
{{- define "kubewsgi.operatorRules" -}}
- apiGroups: ["kubewsgi.dev"]
  resources: ["wsgiprocessgroups"]
  verbs: ["list", "watch"]
- apiGroups: ["kubewsgi.dev"]
  resources: ["wsgiprocessgroups/status"]
  verbs: ["patch"]
- apiGroups: ["kubewsgi.dev"]
  resources: ["wsgiprocessgroups/finalizers"]
  verbs: ["update"]
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["list", "watch", "create", "update", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["networking.k8s.io"]
  resources: ["networkpolicies"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end -}}
