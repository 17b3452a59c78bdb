#!/usr/bin/env bash
# Create the DfE validators' own Python environment, used by `carepath validate`:
# csc-validator-be-903 and csc-validator-be-cin, at $CAREPATH_VALIDATORS_ENV, else
# ~/.cache/carepath/validators-env. Safe to run twice: an environment that already imports both
# validators at the pinned versions is left as it is. Needs the network the first time.
#
# Why a separate environment: the validators pin pandas < 2 and numpy < 1.25, which cannot share
# carepath's own (DuckDB, pyarrow). numpy < 1.25 has wheels only up to Python 3.11, so this
# environment is Python 3.11: $VALIDATORS_PYTHON if set, else python3.11, else python3 if it is 3.11.
set -euo pipefail

ENV_DIR=${CAREPATH_VALIDATORS_ENV:-$HOME/.cache/carepath/validators-env}
PACKAGES=(csc-validator-be-903==0.1.17 csc-validator-be-cin==0.1.13 'numpy<1.25' pytest)

fail() { printf '\nsetup-validators: %s\n' "$*" >&2; exit 1; }
is_311() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' >/dev/null 2>&1; }

# Complete = Python 3.11, both validators at the pinned versions, and they import (with pytest,
# which their command lines import without declaring it).
complete() {
  [ -x "$ENV_DIR/bin/python" ] || return 1
  "$ENV_DIR/bin/python" - >/dev/null 2>&1 <<'PY'
import sys
from importlib.metadata import version
assert sys.version_info[:2] == (3, 11)
assert version("csc-validator-be-903") == "0.1.17"
assert version("csc-validator-be-cin") == "0.1.13"
import numpy
assert tuple(int(x) for x in numpy.__version__.split(".")[:2]) < (1, 25)
import pytest
import lac_validator.lac_validator
import cin_validator.cin_validator
PY
}

pick_python() {
  if [ -n "${VALIDATORS_PYTHON:-}" ]; then
    echo "$VALIDATORS_PYTHON"
    return 0
  fi
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && is_311 "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if complete; then
  echo "The DfE validators' environment at $ENV_DIR is already set up."
  exit 0
fi

PY=$(pick_python) || fail "The DfE validators need Python 3.11 (numpy < 1.25 has no wheels for newer Pythons) and none was found.
Install it (Debian 12: apt-get install python3 python3-venv; elsewhere python3.11 and python3.11-venv),
or set VALIDATORS_PYTHON=/path/to/python3.11, then run: bash scripts/setup-validators.sh"

if ! is_311 "$PY"; then
  fail "VALIDATORS_PYTHON=$PY is not a working Python 3.11 (the validators need exactly 3.11)."
fi
if [ -e "$ENV_DIR" ] && [ ! -f "$ENV_DIR/pyvenv.cfg" ] && [ -n "$(ls -A "$ENV_DIR" 2>/dev/null)" ]; then
  fail "$ENV_DIR exists and is not a Python virtual environment; it was left alone.
Choose another folder with CAREPATH_VALIDATORS_ENV=/path/to/validators-env and run this again."
fi
if [ -x "$ENV_DIR/bin/python" ] && ! is_311 "$ENV_DIR/bin/python"; then
  fail "$ENV_DIR is a virtual environment of another Python version; it was left alone.
Remove it (rm -rf '$ENV_DIR') or choose another folder with CAREPATH_VALIDATORS_ENV, and run this again."
fi

if [ ! -x "$ENV_DIR/bin/python" ]; then
  echo "Creating the DfE validators' environment at $ENV_DIR (Python: $PY)"
  mkdir -p "$(dirname "$ENV_DIR")"
  "$PY" -m venv "$ENV_DIR" \
    || fail "Could not create a virtual environment with $PY (on Debian: apt-get install python3-venv)."
fi

echo "Installing ${PACKAGES[*]} (about 20 seconds)"
pip_log=$(mktemp)
pip_status=0
"$ENV_DIR/bin/python" -m pip install -q --disable-pip-version-check "${PACKAGES[@]}" >"$pip_log" 2>&1 || pip_status=$?
grep -v -i '^warning: location' "$pip_log" >&2 || true  # pip's notes about absent local indexes are noise
rm -f "$pip_log"
[ "$pip_status" -eq 0 ] || fail "pip could not install the validators into $ENV_DIR (see its messages above).
Check the network (or set HTTPS_PROXY / PIP_INDEX_URL), then run: bash scripts/setup-validators.sh"

complete || fail "The validators were installed into $ENV_DIR but do not import. Remove it (rm -rf '$ENV_DIR')
and run bash scripts/setup-validators.sh again; if it fails again, report it with the output above."
echo "The DfE validators' environment is ready at $ENV_DIR."
