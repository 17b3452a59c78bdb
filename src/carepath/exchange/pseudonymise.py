"""Pseudonymised child-level extracts, for sharing records with a region (pooled analysis).

What regional alliances already require of a shared extract, done the same way every time:

* child ids become **keyed hashes**: HMAC-SHA256 of the qualified id (``846/ABC1``) under a key
  only the authority holds, written as 24 hex characters. The same child gets the same
  pseudonym in every extract made with the same key, so extracts can be joined over time, and
  nobody without the key can go back from a pseudonym to the id (or test a guessed id).
  Record ids built from the child id (``846/ABC1/2024-05-01``) get the same pseudonym in place of
  the child part.
* dates of birth (and expected dates of birth) become the **first of the month**;
* postcodes become the **postcode sector** (``BN1 1AB`` becomes ``BN1 1``);
* names, UPNs and free text that could identify a child are **dropped**.

The key is a file the authority keeps (at least 32 bytes of randomness; :func:`new_key` writes one).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import date
from pathlib import Path

from carepath.errors import CarepathError

DROPPED_COLUMNS = {"local_child_id", "forename", "surname", "upn", "former_upn", "child_forename", "child_surname",
                   "worker_name", "raw", "file_path"}
POSTCODE_COLUMNS = {"postcode", "home_postcode", "placement_postcode", "child_postcode"}
BIRTH_COLUMNS = {"dob", "expected_dob", "mc_dob", "child_dob"}
_POSTCODE = re.compile(r"^\s*([A-Z]{1,2}\d[A-Z\d]?)\s*(\d)[A-Z]{2}\s*$", re.I)


class KeyError_(CarepathError):
    pass


def new_key(path: Path) -> None:
    if path.exists():
        raise KeyError_(f"{path} already exists; carepath will not overwrite a pseudonymisation key.")
    path.write_text(secrets.token_hex(32) + "\n", encoding="ascii")
    path.chmod(0o600)


def read_key(path: Path) -> bytes:
    try:
        key = path.read_bytes().strip()
    except OSError as exc:
        raise KeyError_(f"Cannot read the pseudonymisation key {path} ({exc.strerror}). "
                        "Create one with `carepath extract --new-key FILE`.") from None
    if len(key) < 32:
        raise KeyError_(f"The key in {path} is too short ({len(key)} bytes); use at least 32 random bytes.")
    return key


class Pseudonymiser:
    def __init__(self, key: bytes):
        self.key = key

    def child(self, child_id: str | None) -> str | None:
        if child_id is None:
            return None
        return hmac.new(self.key, child_id.encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    def record(self, record_id: str | None, child_id: str | None) -> str | None:
        """A record id whose first part is the child id keeps the rest: <pseudonym>/2024-05-01."""
        if record_id is None or child_id is None:
            return record_id
        if record_id == child_id:
            return self.child(child_id)
        if record_id.startswith(child_id + "/"):
            return self.child(child_id) + record_id[len(child_id):]
        return record_id

    @staticmethod
    def birth(value: date | None) -> date | None:
        return value.replace(day=1) if value else None

    @staticmethod
    def sector(postcode: str | None) -> str | None:
        if not postcode:
            return None
        match = _POSTCODE.match(postcode)
        return f"{match.group(1).upper()} {match.group(2)}" if match else None

    def row(self, row: dict) -> dict:
        """One canonical row with every identifying field treated as above."""
        child_id = row.get("child_id")
        out = {}
        for column, value in row.items():
            if column in DROPPED_COLUMNS:
                continue
            if column == "child_id":
                out[column] = self.child(value)
            elif column.endswith("_id") and column not in ("la_code", "worker_id", "team_id", "batch_id", "sw_id"):
                out[column] = self.record(value, child_id)
            elif column in BIRTH_COLUMNS:
                out[column] = self.birth(value)
            elif column in POSTCODE_COLUMNS:
                out[column] = self.sector(value)
            else:
                out[column] = value
        return out
