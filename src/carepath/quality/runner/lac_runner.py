"""Run the DfE SSDA903 rules (csc-validator-be-903) over one year's return, CSV tables or XML.

Executed by the validators' own Python, never imported by carepath. Request on stdin::

    {"pack": "lac2024_25", "collection_year": "2025", "local_authority": "E06000043" or null,
     "this_year": {"format": "csv" | "xml", "files": [PATH, ...]},
     "previous": {"format": "csv" | "xml", "files": [PATH, ...]} or null}

CSV files must already have exactly one table's columns each (carepath prepares them); the
library tells the tables apart by their column sets. The previous year's tables become
``<Table>_last``, which the rules comparing years look for. The library reads only one XML
file and never a previous year's XML, so XML is read here with its own reader and suffixed.

The answer lists one issue per rule and flagged table row, with CHILD, the rule's fields and
their values, and a hint such as ``DECOM 14/08/2017``. Rules that compare placements with the
authority's own area need its ONS code (``local_authority``); without it they are not run
(running them would flag every in-area placement) and the answer says which were left out.
"""
import importlib
import sys

from common import RunnerError, plain, quiet_logging, serve

HINT_FIELD = {"Episodes": "DECOM", "Missing": "MIS_START", "Reviews": "REVIEW", "SWEpisodes": "SW_DECOM",
              "DoLo": "DOLO_START", "PlacedAdoption": "DATE_PLACED", "AD1": "DATE_INT", "PrevPerm": "DATE_PERM"}


def uploaded(paths, description):
    files = []
    for path in paths:
        with open(path, "rb") as handle:
            files.append({"name": path, "description": description, "file_content": handle.read()})
    return files


def read_xml(path, suffix, pd, ingress, column_names):
    """The library's XML reader, with empty tables given their columns (an empty return is not a crash)."""
    with open(path, "rb") as handle:
        content = handle.read()
    try:
        tables = ingress.read_xml_from_text(content)
    except Exception as exc:  # ParseError and the like
        raise RunnerError(f"not SSDA903 XML the validator can read ({exc})") from None
    result = {}
    for name, frame in tables.items():
        if frame.empty:
            columns = column_names[name] + (["UASC"] if name == "Header" else [])
            frame = pd.DataFrame(columns=columns, dtype=object)
        result[name + suffix] = frame
    return result


def read_tables(request, pd):
    from lac_validator import ingress
    from lac_validator.config import column_names
    from lac_validator.types import UploadError

    this_year, previous = request["this_year"], request.get("previous") or {"format": None, "files": []}
    csv_files = []
    tables = {}
    if this_year["format"] == "csv":
        csv_files += uploaded(this_year["files"], "This year")
    else:
        tables.update(read_xml(this_year["files"][0], "", pd, ingress, column_names))
    if previous["files"]:
        if previous["format"] == "csv":
            csv_files += uploaded(previous["files"], "Prev year")
        else:
            tables.update(read_xml(previous["files"][0], "_last", pd, ingress, column_names))
    if csv_files:
        try:
            tables.update(ingress.read_csvs_from_text(csv_files))
        except UploadError as exc:
            raise RunnerError(str(exc)) from None
    return tables


SEX_CODED_MF_FROM = 2025  # SEX is 1/2 in returns to 2023-24 and M/F from 2024-25 (collection year 2025)


def recode_previous_sex(tables, request):
    """The previous year's SEX in this year's codes, when the coding changed between the two returns.

    Rule 202 compares SEX with the previous year's as text, so a 2023-24 return (1 male, 2 female)
    would conflict with every child of its 2024-25 successor (M, F) although each child's sex is the
    same; the comparison is made in this year's codes. Only for 2024-25 against 2023-24: in a later
    pair both years use M/F, and a 1 or 2 there is an error for the rules to find.
    """
    if int(request["collection_year"]) != SEX_CODED_MF_FROM:
        return []
    recoded = 0
    for name in ("Header_last", "UASC_last"):
        frame = tables.get(name)
        if frame is None or "SEX" not in frame.columns:
            continue
        text = frame["SEX"].astype(str).str.strip()
        old = text.isin(["1", "2"])
        if old.any():
            frame.loc[old, "SEX"] = text[old].map({"1": "M", "2": "F"})
            recoded += int(old.sum())
    if not recoded:
        return []
    return ["the previous year's SEX codes (1 male, 2 female) were read as M and F, this year's codes, "
            "to compare the two years"]


# fields the validator derives from the postcodes of every Episodes table before the rules run
DERIVED_FIELDS = {"PL_LA", "PL_LOCATION", "PL_DISTANCE"}


def why_not_run(rule, tables):
    """Why a rule the validator skipped (or that crashed) could not run: what it needs that it lacked.

    One of ``xml_only`` (the rule checks only the XML return: it reads the file's format and returns
    nothing for CSV), ``previous`` (tables of the previous year's return), ``provider_info`` (Ofsted's list of
    providers, which the validator's web tool loads and this runner does not), ``fields`` (fields
    the given tables do not have: the XML return's UASC fields, for CSV), ``tables`` (this year's
    tables not given) or ``unknown``; with the names of what is missing.
    """
    wanted = [t for t in (rule.tables or []) if t]
    if mentions(rule.func.__code__, "file_format"):
        return "xml_only", []
    if "Provider Info" in wanted:
        return "provider_info", []
    given = {name.lower() for name in tables}
    missing = [t for t in wanted if t.lower() not in given]  # rule 576 names its table "MIssing"
    if missing and all(t.endswith("_last") for t in missing):
        return "previous", missing
    if missing:
        return "tables", missing
    by_name = {name.lower(): frame for name, frame in tables.items()}
    columns = {str(c) for name in wanted for c in by_name[name.lower()].columns} | DERIVED_FIELDS
    absent = [f for f in (rule.affected_fields or []) if f not in columns]
    if absent:
        return "fields", absent
    return "unknown", []


def not_run(skipped, failed, registry, tables):
    """Each skipped or crashed rule with why it could not run (:func:`why_not_run`)."""
    found = []
    for code, crashed in [(c, False) for c in skipped] + [(c, True) for c in failed]:
        reason, needs = why_not_run(registry[code], tables)
        found.append({"code": str(code), "reason": reason, "needs": needs, "crashed": crashed})
    return found


def mentions(code, name):
    """Is ``name`` among the constants of a function's code (or of the functions it defines)?"""
    return any(const == name or (hasattr(const, "co_consts") and mentions(const, name)) for const in code.co_consts)


def needs_authority(func):
    """Does a rule read metadata['localAuthority']?"""
    return mentions(func.__code__, "localAuthority")


def flagged_issues(results, registry):
    issues = []
    for table, frame in results.items():
        if table == "metadata":
            continue
        base = table[:-5] if table.endswith("_last") else table
        hint_field = HINT_FIELD.get(base)
        for column in [c for c in frame.columns if str(c).startswith("ERR_")]:
            rule = registry[column[4:]]
            fields = [f for f in (rule.affected_fields or []) if f in frame.columns]
            wanted = list(dict.fromkeys(["CHILD"] + fields + ([hint_field] if hint_field in frame.columns else [])))
            rows = frame.loc[frame[column] == True, wanted]  # noqa: E712 (object column of True/NaN)
            for row, record in zip(rows.index, rows.to_dict("records")):
                hint = plain(record.get(hint_field)) if hint_field else None
                issues.append({
                    "rule_code": rule.code, "rule_message": rule.message, "rule_type": None,
                    "table": table, "row": int(row), "child": plain(record.get("CHILD")),
                    "fields": fields, "values": {f: plain(record.get(f)) for f in fields},
                    "locator": f"{hint_field} {hint}" if hint else None,
                })
    return issues


def run(request, chatter):
    quiet_logging()
    import pandas as pd
    from lac_validator.lac_validator import LacValidator

    quiet_logging()  # importing the library turned INFO logging back on

    class PreparedLacValidator(LacValidator):
        """The library's validator over tables read here (its own __init__ reads the files itself)."""

        def __init__(self, tables, metadata, registry, selected_rules):
            self.dfs, self.dones, self.skips, self.fails = tables, [], [], []
            self.registry, self.metadata = registry, metadata
            self.validate(selected_rules)

    try:
        registry = importlib.import_module(f"lac_validator.rules.{request['pack']}").registry
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("lac_validator.rules."):
            raise RunnerError(f"this validator has no rule pack {request['pack']}") from None
        raise
    tables = read_tables(request, pd)
    notes = recode_previous_sex(tables, request)
    if "Header" not in tables and "Episodes" not in tables:
        raise RunnerError("neither a header nor an episodes table was given, so there is nothing to validate")
    selected = list(registry)
    authority = request.get("local_authority")
    if not authority:
        left_out = sorted(code for code, rule in registry.items() if needs_authority(rule.func))
        selected = [code for code in selected if code not in left_out]
    metadata = {"collectionYear": str(request["collection_year"]), "localAuthority": authority or "",
                "file_format": request["this_year"]["format"]}
    validator = PreparedLacValidator(tables, metadata, registry, selected)
    children = tables.get("Header")
    return {"pack": request["pack"],
            "children": int(children["CHILD"].nunique()) if children is not None else None,
            "rules_run": list(validator.dones), "rules_failed": [str(c) for c in validator.fails],
            "rules_skipped": [str(c) for c in validator.skips],
            "rules_left_out": [] if authority else left_out,
            "not_run": not_run(validator.skips, validator.fails, registry, tables),
            "notes": notes, "issues": flagged_issues(validator.ds_results, registry)}


if __name__ == "__main__":
    sys.exit(serve(run))
