#!/usr/bin/env bash
# Prints the path of a Node 24 binary, installed into .node24/ on first use: `bash scripts/node.sh 24`.
#   PATH="$(dirname "$(bash scripts/node24.sh)"):$PATH" npm test
exec bash "$(dirname "${BASH_SOURCE[0]}")/node.sh" 24
