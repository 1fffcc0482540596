#!/usr/bin/env bash
# Copies the generated CRD (crds/, committed by the operator build) into the chart's crds/, which
# Helm installs before the templates. helm/test.sh fails while the two differ.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$ROOT/helm/kubewsgi/crds"
cp "$ROOT/crds/wsgiprocessgroups.kubewsgi.dev-v1.yml" "$ROOT/helm/kubewsgi/crds/"
echo "helm/kubewsgi/crds/wsgiprocessgroups.kubewsgi.dev-v1.yml updated"
