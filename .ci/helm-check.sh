#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Checks the Helm chart deploy/helm/jrunner offline (docs/scale.md "Checking the chart"):
#  1. helm lint and helm template for each values profile (values.yaml needs instanceUrl and a
#     token, so the defaults are checked with --set);
#  2. every rendered Kubernetes object against the Kubernetes schemas (kubernetes-validate, strict:
#     unknown fields fail);
#  3. the KEDA objects (ScaledJob, TriggerAuthentication) against KEDA's CRD schemas, taken from the
#     KEDA Go module (config/crd/bases) through the Go module proxy, also strict.
# Tools go to $JRUNNER_TOOLS (default ~/.cache/jrunner-tools), never into the repository: helm via
# `go install`, the validators in a Python venv. Not run by .ci/run (building helm takes longer
# than CI's budget); run it by hand after changing the chart.
set -euo pipefail
cd "$(dirname "$0")/.."

HELM_VERSION=v4.3.2
KEDA_VERSION=v2.18.0
K8S_VERSION=${K8S_VERSION:-1.33.0}
KUBERNETES_VALIDATE_VERSION=1.33.1
tools=${JRUNNER_TOOLS:-$HOME/.cache/jrunner-tools}
chart=deploy/helm/jrunner
mkdir -p "$tools/bin"

helm=$tools/bin/helm
# go install leaves no full version in the binary (`helm version` says v4.3): a marker file does.
if ! [ -x "$helm" ] || ! [ -e "$tools/bin/.helm-$HELM_VERSION" ]; then
  echo "helm-check: installing helm $HELM_VERSION into $tools/bin (go install)"
  GOBIN=$tools/bin go install "helm.sh/helm/v4/cmd/helm@$HELM_VERSION"
  touch "$tools/bin/.helm-$HELM_VERSION"
fi

venv=$tools/venv-helm-check
if ! [ -x "$venv/bin/kubernetes-validate" ]; then
  echo "helm-check: installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION and jsonschema into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" jsonschema pyyaml
fi

keda_dir=$(cd "$tools" && GOFLAGS=-mod=mod go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" |
  "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
crds=$keda_dir/config/crd/bases

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -A profiles=(
  [defaults]="--set instanceUrl=https://forgejo.example.com --set registration.token=t0ken"
  [longrunning]="-f $chart/values-longrunning.yaml"
  [ephemeral]="-f $chart/values-ephemeral.yaml"
)
for name in defaults longrunning ephemeral; do
  # shellcheck disable=SC2086 # the flags are words
  "$helm" lint --strict "$chart" ${profiles[$name]}
  # shellcheck disable=SC2086
  "$helm" template ci "$chart" ${profiles[$name]} >"$out/$name.yaml"
  echo "helm-check: $name: $(grep -c '^kind:' "$out/$name.yaml") objects rendered"
  "$venv/bin/python" .ci/helm-validate.py --k8s-version "$K8S_VERSION" \
    --crd "$crds/keda.sh_scaledjobs.yaml" --crd "$crds/keda.sh_triggerauthentications.yaml" \
    "$out/$name.yaml"
done
# Bad values are refused with a message, not rendered.
if "$helm" template ci "$chart" >/dev/null 2>"$out/err"; then
  echo "helm-check: values without instanceUrl rendered" >&2; exit 1
fi
grep -q "set instanceUrl" "$out/err"
echo "helm-check: OK"
