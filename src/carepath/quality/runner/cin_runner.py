"""Run the DfE CIN census rules (csc-validator-be-cin) over one CIN census XML file.

Executed by the validators' own Python, never imported by carepath. Request on stdin:
``{"file": PATH, "pack": "cin2024_25", "reference_date": "2025-03-31" or null}``; the answer
on stdout lists one issue per rule and place (table row) it flags, with the child, the fields,
their values and a locator such as ``Child ABC1 > CINdetails 2 (referral 2024-05-01)``.

The library reads XML without namespaces and needs ``Header/CollectionDetails/ReferenceDate``
(its census period is counted back from it): namespaces are stripped here, and a missing
reference date is filled from the return's year (``reference_date``) and said so in the notes.
Rules that crash are printed by the library as "Error with rule X" and then counted as passed;
they are caught from that output and reported as rules that could not run.
"""
import importlib
import re
import sys
import xml.etree.ElementTree as ET

from common import RunnerError, plain, quiet_logging, serve

RULE_CRASH = re.compile(r"^Error with rule (\S+?):", re.M)
# the field that tells one record of a table from its siblings, for locators
RECORD_DATE = {
    "CINdetails": ("referral", "CINreferralDate"),
    "Assessments": ("start", "AssessmentActualStartDate"),
    "CINplanDates": ("start", "CINPlanStartDate"),
    "Section47": ("start", "S47ActualStartDate"),
    "ChildProtectionPlans": ("start", "CPPstartDate"),
    "Reviews": ("review", "CPPreviewDate"),
}


def read_return(path, reference_date, notes):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise RunnerError(f"not well-formed XML ({exc})") from None
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    if root.find("Children") is None:
        raise RunnerError("no <Children> element, so not a CIN census return the validator can read")
    header = root.find("Header")
    if header is None:
        header = ET.Element("Header")
        root.insert(0, header)
    details = header.find("CollectionDetails")
    if details is None:
        details = ET.SubElement(header, "CollectionDetails")
    found = details.find("ReferenceDate")
    if found is None or not (found.text or "").strip():
        if not reference_date:
            raise RunnerError("no Header ReferenceDate; give the return's year with --year")
        if found is None:
            found = ET.SubElement(details, "ReferenceDate")
        found.text = reference_date
        notes.append(f"the file has no Header ReferenceDate; the rules used {reference_date}")
    return root


class Locator:
    """Where an issue is, in the words of the return: Child > CINdetails n > Section47 (start ...)."""

    def __init__(self, tables):
        self.tables = tables
        self.referrals = self._index("CINdetails", ("LAchildID", "CINdetailsID"), "CINreferralDate")
        self.plans = self._index("ChildProtectionPlans", ("LAchildID", "CINdetailsID", "CPPID"), "CPPstartDate")

    def _index(self, table, key, value):
        frame = self.tables.get(table)
        if frame is None or frame.empty:
            return {}
        return {tuple(str(part) for part in row[:-1]): plain(row[-1])
                for row in frame[list(key) + [value]].itertuples(index=False, name=None)}

    def __call__(self, table, record):
        child = plain(record.get("LAchildID"))
        parts = [f"Child {child}"]
        cin_id = plain(record.get("CINdetailsID"))
        if cin_id is not None and table != "CINdetails":
            referral = self.referrals.get((str(child), cin_id))
            parts.append(f"CINdetails {cin_id}" + (f" (referral {referral})" if referral else ""))
        cpp_id = plain(record.get("CPPID"))
        if table == "Reviews" and cpp_id is not None:
            start = self.plans.get((str(child), cin_id, cpp_id))
            parts.append(f"ChildProtectionPlans {cpp_id}" + (f" (start {start})" if start else ""))
        own_number = {"CINdetails": cin_id, "Assessments": plain(record.get("AssessmentID")),
                      "ChildProtectionPlans": cpp_id}.get(table)
        label = table + (f" {own_number}" if own_number else "")
        if table in RECORD_DATE:
            word, field = RECORD_DATE[table]
            when = plain(record.get(field))
            label += f" ({word} {when})" if when else ""
        elif table == "Disabilities":
            label += f" ({plain(record.get('Disability'))})"
        elif table == "AssessmentFactorsList":
            label = f"Assessments {plain(record.get('AssessmentID'))} factor {plain(record.get('AssessmentFactor'))}"
        if table not in ("ChildIdentifiers", "ChildCharacteristics"):
            parts.append(label)
        return " > ".join(parts)


def child_issues(validator, registry):
    """One issue per rule and table row: the library gives one line per field, so fold them."""
    tables = validator.data_files
    locate = Locator(tables)
    folded = {}
    frame = validator.full_issue_df
    columns = ["rule_code", "tables_affected", "row_id", "columns_affected", "child_id"]
    for code, table, row, field, child in frame[columns].itertuples(index=False, name=None):
        if plain(table) is None or plain(row) is None:
            continue
        key = (str(code), str(table), int(float(row)))
        issue = folded.get(key)
        if issue is None:
            rule = registry[str(code)]
            record = tables[str(table)].loc[key[2]]
            issue = folded[key] = {
                "rule_code": key[0], "rule_message": rule.message, "rule_type": rule.rule_type.value.lower(),
                "table": key[1], "row": key[2], "child": plain(child) or plain(record.get("LAchildID")),
                "fields": [], "values": {}, "locator": locate(key[1], record),
            }
        field = plain(field)
        if field and field not in issue["fields"]:
            issue["fields"].append(field)
            if field in tables[key[1]].columns:
                issue["values"][field] = plain(tables[key[1]].at[key[2], field])
    return list(folded.values())


def return_issues(validator, registry):
    """Issues about the return as a whole (its Header, or LA-level rules): no child."""
    issues = []
    header = validator.data_files.get("Header")
    for code in dict.fromkeys(str(c) for c in validator.multichild_issues.get("rule_code", [])):
        rule = registry[code]
        table = rule.module.name if rule.module is not None else None
        fields = [str(f) for f in (rule.affected_fields or [])]
        values = {}
        if table == "Header" and header is not None and len(header):
            values = {f: plain(header.iloc[0][f]) for f in fields if f in header.columns}
        issues.append({"rule_code": code, "rule_message": rule.message, "rule_type": rule.rule_type.value.lower(),
                       "table": table, "row": None, "child": None, "fields": fields, "values": values,
                       "locator": "the return's Header" if table == "Header" else "the return as a whole"})
    return issues


def run(request, chatter):
    quiet_logging()
    from cin_validator import cin_validator

    notes = []
    root = read_return(request["file"], request.get("reference_date"), notes)
    try:
        registry = importlib.import_module(f"cin_validator.rules.{request['pack']}").registry
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("cin_validator.rules."):
            raise RunnerError(f"this validator has no rule pack {request['pack']}") from None
        raise
    try:
        tables = cin_validator.process_data(cin_validator.convert_data(root))
    except Exception as exc:
        raise RunnerError(f"the CIN validator could not read it ({type(exc).__name__}: {exc})") from None
    before = len(chatter.getvalue())
    validator = cin_validator.CinValidator(tables, registry)
    crashed = sorted(set(RULE_CRASH.findall(chatter.getvalue()[before:])))
    issues = child_issues(validator, registry) + return_issues(validator, registry)
    return {"pack": request["pack"], "children": int(len(tables["ChildIdentifiers"])),
            "rules_run": [code for code in registry if code not in crashed], "rules_failed": crashed,
            "rules_skipped": [], "notes": notes, "issues": issues}


if __name__ == "__main__":
    sys.exit(serve(run))
