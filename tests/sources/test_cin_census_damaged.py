"""The CIN census reader on damaged input: broken XML, truncated files, and injected bad values.

Broken files must fail with a SourceError naming the line, and leave the store as it was.
A bad value injected into a known-good record must be rejected naming the injected field and
the rule it breaks, with the row accounting still balanced.
"""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carepath import codes
from carepath.model import store as store_mod
from carepath.sources import cin_census
from carepath.sources.batch import Batch, SourceError
from carepath.sources.loader import load_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cin"
GOOD = FIXTURES / "cin_2024_25.xml"
TABLES = ("child", "referral", "assessment", "s47", "cin_plan", "cp_plan", "cp_review", "pre_proceedings",
          "load_batch", "load_count", "reject")


def snapshot(con) -> dict:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory):
    """A store already holding the 2019-20 fixture, shared by the examples of a property."""
    con = store_mod.connect(tmp_path_factory.mktemp("damaged") / "store.duckdb")
    assert load_file(con, FIXTURES / "cin_2019_20.xml").status == "loaded"
    yield con
    con.close()


# -- broken files --------------------------------------------------------------------------------
def read_text(tmp_path, text: str | bytes, name: str = "fake.xml") -> Batch:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    batch = Batch(name, la_code=None)
    cin_census.read(path, batch)
    return batch


def test_mismatched_tags_name_the_line(tmp_path):
    text = GOOD.read_text().replace("<PrimaryNeedCode>N4</PrimaryNeedCode>", "<PrimaryNeedCode>N4</PrimaryNeed>")
    with pytest.raises(SourceError) as caught:
        read_text(tmp_path, text)
    message = str(caught.value)
    assert message.startswith("fake.xml is not well-formed XML (line 95: ")  # the line of </PrimaryNeed>
    assert message.endswith("The file may be truncated or damaged; nothing was loaded.")


def test_a_truncated_file_names_the_last_line(tmp_path):
    text = GOOD.read_text()
    cut = text[:text.index("<CINdetails>", text.index("<LAchildID>G7"))]
    # the file now ends on line 111
    with pytest.raises(SourceError, match=r"fake.xml is not well-formed XML \(line 111: "):
        read_text(tmp_path, cut)


def test_not_xml_at_all(tmp_path):
    with pytest.raises(SourceError, match=r"is not well-formed XML \(line 1: Start tag expected"):
        read_text(tmp_path, "LAchildID,CINreferralDate\nA1,2024-01-01\n")
    with pytest.raises(SourceError, match=r"is not well-formed XML \(.*\)"):
        read_text(tmp_path, b"")


def test_bytes_not_in_the_declared_encoding(tmp_path):
    text = GOOD.read_bytes().replace(b"<PPOutcome>A</PPOutcome>", b"<PPOutcome>Accord\xe9</PPOutcome>")
    with pytest.raises(SourceError) as caught:
        read_text(tmp_path, text)
    assert str(caught.value).startswith("fake.xml has characters that are not in the encoding it declares (line 76:")
    assert "Save it again as UTF-8" in str(caught.value)


def test_a_root_that_is_not_message(tmp_path):
    with pytest.raises(SourceError, match=r"its root element is <Return>, not <Message>"):
        read_text(tmp_path, "<Return><Header><Source><LEA>846</LEA></Source></Header></Return>")
    with pytest.raises(SourceError, match=r"its root element is <Episodes>, not <Message>"):
        read_text(tmp_path, "<Episodes><Child><ChildIdentifiers><LAchildID>A</LAchildID></ChildIdentifiers>"
                            "</Child></Episodes>")


def test_a_file_for_another_authority_is_refused(tmp_path):
    (tmp_path / "other.xml").write_bytes(GOOD.read_bytes())
    with pytest.raises(SourceError, match=r"says it is from LA 846 \(Header/Source/LEA\), but --la 201"):
        cin_census.read(tmp_path / "other.xml", Batch("other.xml", la_code="201"))


def test_a_broken_file_changes_nothing_in_the_store(loaded_store, tmp_path):
    before = snapshot(loaded_store)
    path = tmp_path / "broken.xml"
    path.write_text(GOOD.read_text().replace("</Children>", "</Childs>"))
    result = load_file(loaded_store, path)
    assert result.status == "failed" and "not well-formed XML (line 135" in result.message
    assert snapshot(loaded_store) == before


# -- truncation at any byte ----------------------------------------------------------------------------
GOOD_BYTES = GOOD.read_bytes()
END_OF_MESSAGE = GOOD_BYTES.rindex(b"</Message>") + len(b"</Message>")
DETECTED_FROM = GOOD_BYTES.index(b"</Collection>") + len(b"</Collection>")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=len(GOOD_BYTES)))
def test_a_file_cut_anywhere_reads_cleanly_or_fails_cleanly(tmp_path, cut):
    path = tmp_path / "cut.xml"
    path.write_bytes(GOOD_BYTES[:cut])
    batch = Batch("cut.xml")
    try:
        cin_census.read(path, batch)
    except SourceError as exc:
        assert "cut.xml" in str(exc) and "nothing was loaded" in str(exc)
    else:  # only the whole document reads: at most the final newline is gone
        assert cut >= END_OF_MESSAGE
        assert batch.rows_read == 16 and batch.unbalanced() == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=DETECTED_FROM, max_value=len(GOOD_BYTES) - 1))
def test_loading_a_cut_file_leaves_the_store_as_it_was(loaded_store, tmp_path, cut):
    path = tmp_path / "cut.xml"
    path.write_bytes(GOOD_BYTES[:cut])
    before = snapshot(loaded_store)
    result = load_file(loaded_store, path)
    if cut < END_OF_MESSAGE:
        assert result.status == "failed" and "cut.xml is not well-formed XML (line " in result.message
        assert snapshot(loaded_store) == before
    else:
        assert result.status in ("loaded", "already loaded")


# -- injected bad values -------------------------------------------------------------------------------
TEMPLATE = """<Message><Header><Source><LEA>846</LEA></Source></Header><Children><Child>
<ChildIdentifiers><LAchildID>T1</LAchildID><UPNunknown>UN4</UPNunknown><PersonBirthDate>2014-04-04</PersonBirthDate>
<Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WIRI</Ethnicity><Disabilities><Disability>VIS</Disability></Disabilities>
</ChildCharacteristics>
<CINdetails><CINreferralDate>2024-04-10</CINreferralDate><ReferralSource>2B</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2025-03-01</CINclosureDate>
<ReasonForClosure>RC3</ReasonForClosure><DateOfInitialCPC>2024-05-01</DateOfInitialCPC>
<Assessments><AssessmentActualStartDate>2024-04-11</AssessmentActualStartDate>
<AssessmentAuthorisationDate>2024-05-20</AssessmentAuthorisationDate>
<FactorsIdentifiedAtAssessment><AssessmentFactors>1B</AssessmentFactors></FactorsIdentifiedAtAssessment>
</Assessments>
<CINPlanDates><CINPlanStartDate>2024-05-21</CINPlanStartDate><CINPlanEndDate>2024-08-01</CINPlanEndDate></CINPlanDates>
<Section47><S47ActualStartDate>2024-04-20</S47ActualStartDate><InitialCPCtarget>2024-05-10</InitialCPCtarget>
<ICPCnotRequired>false</ICPCnotRequired></Section47>
<ReferralNFA>false</ReferralNFA>
<ChildProtectionPlans><CPPstartDate>2024-05-01</CPPstartDate><InitialCategoryOfAbuse>SAB</InitialCategoryOfAbuse>
<LatestCategoryOfAbuse>SAB</LatestCategoryOfAbuse><NumberOfPreviousCPP>0</NumberOfPreviousCPP>
<Reviews><CPPreviewDate>2024-07-24</CPPreviewDate></Reviews></ChildProtectionPlans>
<PreProceedingsandFGDM><PPStartDate>2024-09-02</PPStartDate><LBPSentDate>2024-09-03</LBPSentDate>
<ReviewMeetingsCount>1</ReviewMeetingsCount></PreProceedingsandFGDM>
</CINdetails></Child></Children></Message>"""
TEMPLATE_READ = {"child": 1, "referral": 1, "assessment": 1, "cin_plan": 1, "s47": 1, "cp_plan": 1,
                 "cp_review": 1, "pre_proceedings": 1}
# element -> (table, rule for a wrong value, rows rejected in all when it is wrong). 0 rejected: the
# record can live without the field, so the value is set aside as a field issue and the record loads;
# only what identifies or dates a record (its key, the date that ends it) rejects it.
TARGETS = {
    "PersonBirthDate": ("child", "date", 0), "Sex": ("child", "code", 0), "Ethnicity": ("child", "code", 0),
    "Disability": ("child", "code", 0), "UPNunknown": ("child", "code", 0),
    "CINreferralDate": ("referral", "date", 7), "ReferralSource": ("referral", "code", 0),
    "PrimaryNeedCode": ("referral", "code", 0), "ReasonForClosure": ("referral", "code", 0),
    "CINclosureDate": ("referral", "date", 7), "DateOfInitialCPC": ("referral", "date", 0),
    "ReferralNFA": ("referral", "boolean", 0),
    "AssessmentActualStartDate": ("assessment", "date", 1), "AssessmentAuthorisationDate": ("assessment", "date", 1),
    "AssessmentFactors": ("assessment", "code", 0),
    "CINPlanStartDate": ("cin_plan", "date", 1), "CINPlanEndDate": ("cin_plan", "date", 1),
    "S47ActualStartDate": ("s47", "date", 1), "InitialCPCtarget": ("s47", "date", 0),
    "ICPCnotRequired": ("s47", "boolean", 0),
    "CPPstartDate": ("cp_plan", "date", 2), "InitialCategoryOfAbuse": ("cp_plan", "code", 0),
    "LatestCategoryOfAbuse": ("cp_plan", "code", 0), "NumberOfPreviousCPP": ("cp_plan", "number", 0),
    "CPPreviewDate": ("cp_review", "date", 1),
    "PPStartDate": ("pre_proceedings", "date", 1), "LBPSentDate": ("pre_proceedings", "date", 0),
    "ReviewMeetingsCount": ("pre_proceedings", "number", 0),
}
# elements whose absence is itself a reject: the keys (LAchildID takes the whole child with it)
REQUIRED = {"LAchildID": ("child", 8), "CINreferralDate": ("referral", 7),
            "AssessmentActualStartDate": ("assessment", 1), "CINPlanStartDate": ("cin_plan", 1),
            "S47ActualStartDate": ("s47", 1), "CPPstartDate": ("cp_plan", 2),
            "CPPreviewDate": ("cp_review", 1), "PPStartDate": ("pre_proceedings", 1)}
KNOWN = {code.upper() for table in (codes.SEX, codes.ETHNICITY, codes.DISABILITY, codes.UPN_UNKNOWN,
                                    codes.REFERRAL_SOURCE, codes.PRIMARY_NEED, codes.CLOSURE_REASON,
                                    codes.ASSESSMENT_FACTORS, codes.ABUSE_CATEGORY) for code in table}
BOOLEAN_WORDS = {"true", "false", "1", "0", "y", "yes", "n", "no", "t", "f"}
# letters and digits only: never a date (no separators), never a known code or a boolean word
nonsense = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8).filter(
    lambda s: s.upper() not in KNOWN and s.lower() not in BOOLEAN_WORDS)
not_a_count = st.one_of(
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=8),
    st.sampled_from(["-1", "1.5", "1.5e999", "\u0967\u0968", "2 3", "0x10"]))


def read_template(tmp_path, text: str) -> Batch:
    path = tmp_path / "injected.xml"
    path.write_text(text, encoding="utf-8")
    batch = Batch("injected.xml")
    cin_census.read(path, batch)
    return batch


def test_the_template_itself_is_clean(tmp_path):
    batch = read_template(tmp_path, TEMPLATE)
    assert batch.rejects == []
    assert {t: c.loaded for t, c in batch.counts.items()} == TEMPLATE_READ


def check(batch: Batch, element: str, table: str, rule: str, rejected: int):
    assert batch.unbalanced() == []
    assert {t: c.read for t, c in batch.counts.items()} == TEMPLATE_READ
    if rejected == 0:  # set aside: every record loads, the one value is a field issue
        assert batch.rejects == []
        assert [(i.table_name, i.field, i.rule) for i in batch.field_issues] == [(table, element, rule)]
        assert {t: c.loaded for t, c in batch.counts.items()} == TEMPLATE_READ
        return
    assert batch.field_issues == []
    direct = [r for r in batch.rejects if r.rule != "parent"]
    assert [(r.table_name, r.field, r.rule) for r in direct] == [(table, element, rule)]
    nested = [r for r in batch.rejects if r.rule == "parent"]
    assert all(r.field == element and r.reason.startswith("its ") for r in nested)
    assert batch.rows_rejected == rejected


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(element=st.sampled_from(sorted(TARGETS)), data=st.data())
def test_an_injected_bad_value_is_rejected_or_set_aside_naming_its_field_and_rule(tmp_path, element, data):
    table, rule, rejected = TARGETS[element]
    bad = data.draw(not_a_count if rule == "number" else nonsense)
    text, n = re.subn(f"<{element}>[^<]*</{element}>", f"<{element}>{bad}</{element}>", TEMPLATE, count=1)
    assert n == 1
    check(read_template(tmp_path, text), element, table, rule, rejected)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(element=st.sampled_from(sorted(REQUIRED)), empty=st.booleans())
def test_a_missing_key_is_rejected_as_required(tmp_path, element, empty):
    table, rejected = REQUIRED[element]
    if element == "CPPreviewDate":  # with no CPPreviewDate element there is no review to reject
        empty = True
    replacement = f"<{element}>  </{element}>" if empty else ""
    text, n = re.subn(f"<{element}>[^<]*</{element}>", replacement, TEMPLATE, count=1)
    assert n == 1
    check(read_template(tmp_path, text), element, table, "required", rejected)
