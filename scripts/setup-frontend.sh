#!/usr/bin/env bash
# Set up what the labextension's build and browser tests need, then build the extension.
#   - Debian's Chromium at /usr/bin/chromium (apt-get; never `playwright install`, it downloads a browser)
#   - JupyterLab 4.6, jupyter-builder (provides jlpm) and Python Playwright in .venv
#   - node_modules from labextension/yarn.lock (CI-safe: the lock file must not change)
#   - a production build into jupyter_privguard/labextension
# Usage: bash scripts/setup-frontend.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"
PY="${PRIVGUARD_PYTHON:-$ROOT/.venv/bin/python}"

if [ ! -x /usr/bin/chromium ]; then
  echo "setup-frontend: installing Debian's chromium (about a minute)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! "$PY" -c "import jupyterlab, jupyter_builder, playwright" 2>/dev/null; then
  echo "setup-frontend: installing jupyterlab, jupyter-builder and playwright into $(dirname "$(dirname "$PY")")"
  "$PY" -m pip install -q "jupyterlab==4.6.*" "jupyter-builder>=1.2,<2" "playwright>=1.45"
fi

BIN="$(dirname "$PY")"
export PATH="$BIN:$PATH"
# jlpm is yarn 3 (from jupyter-builder); use the registry npm is configured for, if it cannot reach its own
if command -v npm >/dev/null 2>&1 && [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  registry="$(npm config get registry 2>/dev/null || true)"
  [ -n "$registry" ] && export YARN_NPM_REGISTRY_SERVER="$registry"
fi

# yarn's and the builder's messages (peer-dependency warnings, progress) go to a log a user can read
# when something fails; a first run prints only this script's own lines
LOG="${PRIVGUARD_BUILD_LOG:-$(dirname "$BIN")/privguard-frontend-build.log}"
: > "$LOG"
quiet() {
  if ! "$@" >>"$LOG" 2>&1; then
    echo "setup-frontend: '$*' failed; the end of its output ($LOG):" >&2
    tail -n 60 "$LOG" >&2
    return 1
  fi
}

cd labextension
# CI=true makes yarn refuse to change yarn.lock (an immutable install), the same here as in CI
CI=true quiet jlpm install --immutable
if [ "${1:-}" != "--no-build" ]; then
  quiet jlpm build:prod
  echo "setup-frontend: built into jupyter_privguard/labextension (messages in $LOG)"
fi
