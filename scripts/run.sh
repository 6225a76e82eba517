#!/usr/bin/env bash
# The main job: set up, load every bundled source into the embedded store, print the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/nadd run "$@"
