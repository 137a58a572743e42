#!/usr/bin/env bash
# Install what the tests need, run the static checks (ruff, ruff format, mypy --strict, eslint),
# then every test. PRIVGUARD_SKIP_CHECKS=1 skips the static checks (to rerun a few tests quickly).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ "${PRIVGUARD_SKIP_CHECKS:-0}" != "1" ]; then
    bash scripts/check.sh
fi
exec .venv/bin/python -m pytest "$@"
