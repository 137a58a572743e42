#!/usr/bin/env bash
# The static checks, run by scripts/test.sh before pytest (and on their own by contributors):
#   ruff lint, ruff format --check, mypy --strict on the package (config in pyproject.toml),
#   and eslint on the labextension when its node_modules are installed.
# Any failure fails the run. Usage: bash scripts/check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PRIVGUARD_PYTHON:-.venv/bin/python}"

echo "check: ruff check"
"$PY" -m ruff check --quiet .
echo "check: ruff format --check"
"$PY" -m ruff format --check --quiet .
echo "check: mypy (strict)"
"$PY" -m mypy --no-error-summary
if [ -d labextension/node_modules ] && [ -x "$(dirname "$PY")/jlpm" ]; then
    echo "check: eslint and prettier (labextension)"
    BIN="$(cd "$(dirname "$PY")" && pwd)"
    (cd labextension && PATH="$BIN:$PATH" jlpm lint:check)
fi
