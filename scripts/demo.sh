#!/usr/bin/env bash
# The main job: scan the bundled example data, print the findings and the redacted view.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python examples/demo.py "$@"
