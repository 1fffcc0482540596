//go:build tools

// The prometheus-operator API types build.sh generates the monitoring CRDs from (PodMonitor,
// ServiceMonitor, PrometheusRule) with controller-gen, for helm/test.sh to admit the chart's
// objects against. The module ships Go types, not CRD YAML; this import keeps it in go.mod.
package main

import _ "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
