{{/* Name of the chart, or nameOverride. */}}
{{- define "kubewsgi.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Prefix of every object name: fullnameOverride, or "<release>-<name>" unless the release
     name already contains the chart name. */}}
{{- define "kubewsgi.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "kubewsgi.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Selector labels: stable across upgrades (a Deployment's selector is immutable). */}}
{{- define "kubewsgi.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kubewsgi.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{/* Labels of every object: the standard app.kubernetes.io set plus commonLabels. */}}
{{- define "kubewsgi.labels" -}}
{{ include "kubewsgi.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: kubewsgi
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "kubewsgi.chart" . }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The annotations of an object: commonAnnotations plus the object's own ("extra"), as YAML,
     or nothing when there are none. */}}
{{- define "kubewsgi.annotations" -}}
{{- $all := merge (deepCopy (default (dict) .extra)) (deepCopy (default (dict) .root.Values.commonAnnotations)) -}}
{{- with $all }}{{ toYaml . }}{{ end -}}
{{- end -}}

{{- define "kubewsgi.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "kubewsgi.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* repository[:tag][@digest] of an image block; the tag defaults to the chart's appVersion. */}}
{{- define "kubewsgi.image" -}}
{{- $image := .image -}}
{{- $repository := required (printf "%s.repository is required" .path) $image.repository -}}
{{- if $image.digest -}}
{{- printf "%s@%s" $repository $image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}
{{- end -}}

{{/* The namespaces the operator watches; empty means all of them. */}}
{{- define "kubewsgi.watchedNamespaces" -}}
{{- if eq .Values.watch.mode "namespaces" -}}
{{- required "watch.namespaces needs at least one namespace when watch.mode is namespaces" (join "," .Values.watch.namespaces) -}}
{{- else if eq .Values.watch.mode "release" -}}
{{- .Release.Namespace -}}
{{- end -}}
{{- end -}}

{{- define "kubewsgi.leaseNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace -}}
{{- end -}}

{{- define "kubewsgi.leaseName" -}}
{{- default (printf "%s-leader" (include "kubewsgi.fullname" .)) .Values.leaderElection.leaseName -}}
{{- end -}}

{{/* A label map as key=value,key=value (sorted), as the operator's label settings take it. */}}
{{- define "kubewsgi.labelList" -}}
{{- $pairs := list -}}
{{- range $k, $v := . -}}
{{- $pairs = append $pairs (printf "%s=%s" $k $v) -}}
{{- end -}}
{{- join "," $pairs -}}
{{- end -}}
