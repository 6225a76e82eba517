#!/usr/bin/env bash
# Create .venv and install nadd with its test dependencies, from this repo's own files.
# Re-running is cheap: it reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "nadd needs Python 3.11 or newer (found: $("$PY" --version 2>&1))" >&2; exit 1
fi
# Spark (detection at national volumes, and its tests) needs a Java 17+ runtime.
if ! command -v java >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing a Java runtime for Spark (openjdk-17-jre-headless)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >&2
  else
    echo "warning: no java on PATH; Spark detection needs a Java 17+ runtime" >&2
  fi
fi
# The web app's browser tests drive Debian's Chromium through Playwright (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Chromium for the browser tests (Debian package chromium)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "warning: no chromium on PATH; the browser tests need Debian's chromium package" >&2
  fi
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
STAMP=.venv/.nadd-installed
HASH="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$HASH" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev,spark,bench]'
  echo "$HASH" > "$STAMP"
fi
