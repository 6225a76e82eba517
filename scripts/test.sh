#!/usr/bin/env bash
# Set up, start a throwaway PostgreSQL, run the whole test suite (slow tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
eval "$(bash scripts/pg.sh start)"
trap 'bash scripts/pg.sh stop' EXIT
.venv/bin/python -m pytest -q "$@"
