#!/usr/bin/env bash
# Set up carepath on a fresh Debian machine with Python 3.11: system packages, the project's
# virtual environment (.venv) and the DfE validators' own environment. Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
say() { printf '\n== %s\n' "$*"; }

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "carepath needs Python 3.11 or newer as '$PYTHON' (set PYTHON=/path/to/python3.11)." >&2
  exit 1
fi

need_apt=()
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || need_apt+=(python3-venv)
command -v git >/dev/null || need_apt+=(git)
command -v java >/dev/null || need_apt+=(default-jre-headless)   # Apache Spark's JVM (--engine spark, its tests)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)   # the dashboard's browser tests (Playwright drives it; never `playwright install`)
# the board pack's PDF: WeasyPrint needs pango (carepath report pack --out pack.pdf)
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need_apt[@]} -gt 0 ]; then
  say "Installing system packages: ${need_apt[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  say "Creating the virtual environment .venv"
  "$PYTHON" -m venv .venv
fi
say "Installing carepath and its Python packages into .venv"
.venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v -i '^warning: location' || true
.venv/bin/python -m pip install -q -e '.[test,spark]' 2>&1 | grep -v -i '^warning: location' || true
.venv/bin/python -c 'import carepath, duckdb, lxml, openpyxl, pyarrow' \
  || { echo "carepath's Python packages did not install; see the pip messages above." >&2; exit 1; }

say "Setting up the DfE validators' environment"
bash scripts/setup-validators.sh
