#!/usr/bin/env bash
# The main job: set up, load every bundled source into the embedded store, run detection, print
# the trilateral summary, then serve the web app and API on the bundled data with demo users.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/nadd run "$@"
echo "starting the web app: http://127.0.0.1:${NADD_PORT:-8000}/  (Ctrl-C to stop)"
exec .venv/bin/nadd serve --demo --port "${NADD_PORT:-8000}"
