#!/usr/bin/env bash
# Set everything up (scripts/setup.sh) and run the demo: a synthetic authority generated,
# loaded through the real readers, validated with the DfE rules, and reported.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CAREPATH_VALIDATORS_ENV=${CAREPATH_VALIDATORS_ENV:-$HOME/.cache/carepath/validators-env}
exec .venv/bin/carepath demo "$@"
