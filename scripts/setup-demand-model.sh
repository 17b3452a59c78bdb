#!/usr/bin/env bash
# Create the environment of Social Finance's cs-demand-model, used only by
# benchmarks/demand_model_side_by_side.py: at $CAREPATH_DEMAND_MODEL_ENV, else
# ~/.cache/carepath/demand-model-env. Safe to run twice. Needs the network the first time.
#
# Why a separate environment: cs-demand-model pins pandas < 2 and numpy < 2, which cannot share
# carepath's own (numpy 2, pandas 2.3); like the DfE validators (scripts/setup-validators.sh) it
# runs in its own Python 3.11 environment, called as a subprocess.
set -euo pipefail

ENV_DIR=${CAREPATH_DEMAND_MODEL_ENV:-$HOME/.cache/carepath/demand-model-env}
PACKAGES=(cs-demand-model==0.5.1 'numpy<1.25' 'pandas<2')

complete() {
  [ -x "$ENV_DIR/bin/python" ] || return 1
  "$ENV_DIR/bin/python" - >/dev/null 2>&1 <<'PY'
from importlib.metadata import version
assert version("cs-demand-model") == "0.5.1"
from cs_demand_model import DemandModellingDataContainer, ModelPredictor, PopulationStats
PY
}

if complete; then
  echo "The cs-demand-model environment at $ENV_DIR is already set up."
  exit 0
fi
PY=${DEMAND_MODEL_PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || { echo "setup-demand-model: needs Python 3.11 (set DEMAND_MODEL_PYTHON)" >&2; exit 1; }
"$PY" -m venv "$ENV_DIR"
"$ENV_DIR/bin/python" -m pip install --quiet --upgrade pip
"$ENV_DIR/bin/python" -m pip install --quiet "${PACKAGES[@]}"
complete || { echo "setup-demand-model: cs-demand-model did not import after installing" >&2; exit 1; }
echo "cs-demand-model is set up at $ENV_DIR."
