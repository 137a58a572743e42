#!/usr/bin/env bash
# Make .venv with everything the demo and the tests need: the Python packages (with the small
# English spaCy model and pyspark), the JupyterLab extension built from labextension/, Debian's
# Chromium for the browser tests and Debian's Java 17 runtime for the local[2] Spark tests.
# Safe to run again: each step is skipped when it is already done.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi
# jlpm (yarn) is told to use the registry npm is configured for, in case it cannot reach its own
if command -v npm >/dev/null 2>&1 && [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
    registry="$(npm config get registry 2>/dev/null || true)"
    [ -n "$registry" ] && export YARN_NPM_REGISTRY_SERVER="$registry"
fi
# pyspark (in the dev extra) needs a JVM; Debian's headless runtime is enough (about 45 MB to download)
if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
    echo "bootstrap: installing Debian's Java 17 runtime for the Spark tests (about a minute)"
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
stamp=".venv/.privguard-stamp"
want="$(cat pyproject.toml labextension/package.json labextension/yarn.lock | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "bootstrap: installing jupyter-privguard[dev] into .venv, building the labextension (a few minutes the first time)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[dev]"
    bash scripts/setup-frontend.sh
    echo "$want" > "$stamp"
fi
