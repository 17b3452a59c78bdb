"""The DfE validators' own Python environment: finding it, listing its rule packs, running in it.

The field's validators (``csc-validator-be-cin``, ``csc-validator-be-903``) pin pandas < 2 and
numpy < 1.25, so they cannot live beside carepath's DuckDB and pyarrow. They are installed in a
virtual environment of their own (``scripts/setup-validators.sh``) at
``$CAREPATH_VALIDATORS_ENV``, else ``~/.cache/carepath/validators-env``. carepath runs the small
scripts in :mod:`carepath.quality.runner` with that environment's Python: a JSON request on
stdin, a JSON answer on stdout.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from carepath.errors import CarepathError

ENV_VARIABLE = "CAREPATH_VALIDATORS_ENV"
DEFAULT_ENV = Path("~/.cache/carepath/validators-env")
RUNNERS = Path(__file__).resolve().parent / "runner"


def how_to(verb: str = "Create") -> str:
    return (f"{verb} it with\n"
            "    bash scripts/setup-validators.sh\n"
            "(run from the carepath folder; it needs Python 3.11 and takes about a minute), or set "
            f"{ENV_VARIABLE} to the folder of a Python 3.11 virtual environment with csc-validator-be-903 and "
            "csc-validator-be-cin installed.")


_PACK = re.compile(r"^(cin|lac)(\d{4})_(\d{2})$")


class ValidatorsEnvError(CarepathError):
    """The validators' environment is missing or broken; the message says how to make it."""


class ValidatorFailed(CarepathError):
    """The validator could not check this return (a file it cannot read, or a crash)."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


def env_root() -> Path:
    return Path(os.environ.get(ENV_VARIABLE) or DEFAULT_ENV).expanduser()


@dataclass
class ValidatorsEnv:
    root: Path
    python: Path
    site_packages: Path

    def packs(self, kind: str) -> list[str]:
        """Rule packs installed for ``cin`` or ``903``, oldest first: ['cin2022_23', ...]."""
        package, prefix = ("cin_validator", "cin") if kind == "cin" else ("lac_validator", "lac")
        rules = self.site_packages / package / "rules"
        found = [p.name for p in rules.iterdir() if p.is_dir() and _PACK.match(p.name) and p.name.startswith(prefix)
                 and (p / "__init__.py").exists()] if rules.is_dir() else []
        return sorted(found)

    def run(self, script: str, request: dict) -> dict:
        """Run a runner script in the environment; its answer, or ValidatorFailed with a plain message."""
        environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        with tempfile.TemporaryDirectory(prefix="carepath-validate-") as scratch:  # the libraries drop files in cwd
            try:
                done = subprocess.run([str(self.python), "-E", "-s", str(RUNNERS / script)],
                                      input=json.dumps(request), capture_output=True,
                                      encoding="utf-8", errors="replace",
                                      cwd=scratch, env=environment)
            except OSError as exc:
                raise ValidatorsEnvError(f"The DfE validators' environment at {self.root} cannot run "
                                         f"({exc.strerror or exc}). {how_to('Repair')}") from None
        answer = _answer(done.stdout)
        if answer is None:
            tail = "\n".join(done.stderr.strip().splitlines()[-3:])
            raise ValidatorFailed(f"the validator stopped without an answer (exit status {done.returncode})"
                                  + (f": {tail}" if tail else ""), done.stderr)
        if not answer.get("ok"):
            if answer.get("env_broken"):
                raise ValidatorsEnvError(f"The DfE validators' environment at {self.root} is broken "
                                         f"({answer.get('error')}). {how_to('Repair')}")
            raise ValidatorFailed(answer.get("error") or "the validator failed", answer.get("detail") or done.stderr)
        answer["stderr"] = done.stderr
        return answer


def _answer(stdout: str) -> dict | None:
    lines = stdout.strip().splitlines()
    if not lines:
        return None
    try:
        answer = json.loads(lines[-1])
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


def find_env() -> ValidatorsEnv:
    """The validators' environment, checked cheaply (no import): its Python and both libraries."""
    root = env_root()
    python = root / "bin" / "python"
    if not root.is_dir() or not python.exists():
        raise ValidatorsEnvError(f"The DfE validators' environment is not set up (looked in {root}). {how_to()}")
    candidates = sorted(root.glob("lib/python3*/site-packages"))
    site = next((c for c in candidates if (c / "lac_validator").is_dir() and (c / "cin_validator").is_dir()), None)
    if site is None:
        missing = "csc-validator-be-903 and csc-validator-be-cin are not installed in it"
        raise ValidatorsEnvError(f"The DfE validators' environment at {root} is incomplete ({missing}). "
                                 f"{how_to('Complete')}")
    return ValidatorsEnv(root, python, site)


def nearest_pack(kind: str, year: str | None, packs: list[str]) -> tuple[str, str | None]:
    """The rule pack for a return year ('2024-25' -> 'cin2024_25'), else the nearest; and a note if not exact."""
    if not packs:
        raise ValidatorsEnvError(f"The DfE validators' environment has no {kind} rule packs. {how_to('Repair')}")
    if year is None:
        return packs[-1], f"the return's year is unknown; used the latest rule pack, {packs[-1]}"
    prefix = "cin" if kind == "cin" else "lac"
    wanted = f"{prefix}{year[:4]}_{year[-2:]}"
    if wanted in packs:
        return wanted, None
    start = int(year[:4])
    chosen = min(packs, key=lambda p: (abs(int(p[3:7]) - start), -int(p[3:7])))
    return chosen, (f"the validator has no rule pack for {year} (it has {packs[0][3:]} to {packs[-1][3:]}); "
                    f"used the nearest, {chosen}")
