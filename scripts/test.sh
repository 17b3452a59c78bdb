#!/usr/bin/env bash
# Set everything up (scripts/setup.sh) and run carepath's whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CAREPATH_VALIDATORS_ENV=${CAREPATH_VALIDATORS_ENV:-$HOME/.cache/carepath/validators-env}
printf '\n== Running the tests\n'
exec .venv/bin/python -m pytest -q "$@"
