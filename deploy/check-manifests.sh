#!/usr/bin/env bash
# Renders deploy/k8s and every example overlay with `kubectl kustomize` and checks each object against the
# Kubernetes API's and the Prometheus Operator's schemas (schema/check.mjs: types, enums, required fields, and no
# field the API does not know). No cluster is needed. Run by monitoring/check-scaleout.sh.
# Needs kubectl (Kustomize 5), node (18 or newer) and npm; the checker's packages are pinned in schema/, installed
# from npm into a temporary directory.
set -euo pipefail
cd "$(dirname "$0")"

for tool in kubectl node npm; do
  command -v "$tool" >/dev/null || { echo "check-manifests.sh needs $tool" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp schema/package.json schema/package-lock.json schema/check.mjs "$work/"
(cd "$work" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

for dir in k8s examples/*/; do
  echo "== ${dir%/}"
  kubectl kustomize "$dir" >"$work/rendered.yaml"
  node "$work/check.mjs" <"$work/rendered.yaml"
done
