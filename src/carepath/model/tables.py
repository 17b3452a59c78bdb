"""The canonical child-level model: every table of the store, declared once.

Readers write these tables; everything downstream reads them. Each table has a natural
key (``key``): loading a row whose key is already in the store *merges* into it (non-empty
values of a later return year win, empty values never erase what another return said;
:mod:`carepath.model.versions`), which is how an SSDA903 episode carried across two annual
returns stays one episode, whatever order they are loaded in, and how the same file loaded
twice changes nothing.

Ids are the authority's own, qualified by its 3-digit DfE LA number: a child's id is
``"<la_code>/<LAchildID>"`` (see :func:`carepath.model.ids.child_id`). Dates are DATE.
The DDL and the Arrow schemas used for bulk loading are both generated from this module.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB type: VARCHAR, DATE, INTEGER, DOUBLE, BOOLEAN, VARCHAR[], TIMESTAMP
    doc: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    doc: str = ""
    # bookkeeping tables are written by the loader itself, not by readers
    bookkeeping: bool = False

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def ddl(self) -> str:
        cols = ",\n  ".join(f"{c.name} {c.type}" for c in self.columns)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n);"


def C(name: str, type_: str = "VARCHAR", doc: str = "") -> Column:
    return Column(name, type_, doc)


LA = C("la_code", doc="3-digit DfE local authority number, e.g. 846")
BATCH = C("batch_id", "INTEGER", "load_batch that last wrote this row")


def _t(name: str, key: tuple[str, ...], cols: list[Column], doc: str, bookkeeping=False) -> Table:
    if not bookkeeping:
        cols = cols + [BATCH]
    return Table(name, key, tuple(cols), doc, bookkeeping)


TABLES: tuple[Table, ...] = (
    _t("child", ("child_id",), [
        C("child_id"), LA, C("local_child_id", doc="LAchildID / CHILD as the authority sent it"),
        C("upn"), C("former_upn"), C("upn_unknown", doc="UN1-UN7 where no UPN"),
        C("dob", "DATE"), C("expected_dob", "DATE", "unborn children"),
        C("sex", doc="M, F or U; GenderCurrent 1/2/0/9 and 903 1/2 are mapped to it"),
        C("ethnicity"), C("disabilities", "VARCHAR[]", "CIN disability codes; NONE when none"),
        C("uasc", "BOOLEAN"), C("uasc_ceased", "DATE", "903 DUC"),
        C("date_of_death", "DATE"), C("mother", "BOOLEAN", "903 MOTHER"), C("mc_dob", "DATE"),
        C("forename", doc="local extracts only (record linkage); never in statutory returns"),
        C("surname"), C("postcode"),
    ], "One row per child known to the authority."),
    _t("contact", ("contact_id",), [
        C("contact_id", doc="child_id/contact_date/source"), C("child_id"), LA,
        C("contact_date", "DATE"), C("source", doc="referral-source code 1A..10"), C("outcome"),
        C("open_to_csc", "BOOLEAN", "child already open to social care at the contact date"),
        C("recorded_date", "DATE", "when the contact was entered in the case system (local extracts only)"),
    ], "Contacts at the front door (Annex A list 1, local extracts)."),
    _t("early_help", ("early_help_id",), [
        C("early_help_id", doc="child_id/start_date"), C("child_id"), LA,
        C("start_date", "DATE"), C("end_date", "DATE"), C("assessment_start_date", "DATE"),
        C("assessment_completed_date", "DATE"), C("organisation"),
    ], "Early help episodes and assessments (Annex A list 2, local extracts)."),
    _t("referral", ("referral_id",), [
        C("referral_id", doc="child_id/referral_date: one CIN episode"), C("child_id"), LA,
        C("referral_date", "DATE"), C("source"), C("primary_need"), C("nfa", "BOOLEAN"),
        C("closure_date", "DATE"), C("closure_reason"),
        C("icpc_date", "DATE", "CINdetails DateOfInitialCPC: ICPC without a S47 (transfer-in)"),
    ], "CIN episodes, referral to closure (CIN census CINdetails, Annex A lists 3 and 6)."),
    _t("assessment", ("assessment_id",), [
        C("assessment_id", doc="referral_id/start_date"), C("referral_id"), C("child_id"), LA,
        C("start_date", "DATE"), C("internal_review_date", "DATE"), C("authorised_date", "DATE"),
        C("factors", "VARCHAR[]"), C("child_seen", "BOOLEAN"),
        C("outcome", doc="Annex A: assessed as requiring support (Y/N)"),
    ], "Single (s17) assessments."),
    _t("s47", ("s47_id",), [
        C("s47_id", doc="referral_id/start_date"), C("referral_id"), C("child_id"), LA,
        C("start_date", "DATE", "strategy discussion initiating the enquiry"),
        C("icpc_target", "DATE"), C("icpc_date", "DATE"), C("icpc_not_required", "BOOLEAN"),
        C("outcome", doc="Annex A: did the ICPC result in a CP plan (Y/N)"),
    ], "Section 47 enquiries and their initial child protection conferences."),
    _t("cin_plan", ("cin_plan_id",), [
        C("cin_plan_id", doc="referral_id/start_date"), C("referral_id"), C("child_id"), LA,
        C("start_date", "DATE"), C("end_date", "DATE"),
    ], "Child in need plans (CIN census CINPlanDates, from 2021-22)."),
    _t("cp_plan", ("cp_plan_id",), [
        C("cp_plan_id", doc="child_id/start_date"), C("referral_id"), C("child_id"), LA,
        C("start_date", "DATE"), C("end_date", "DATE"), C("initial_category"),
        C("latest_category"), C("previous_plans", "INTEGER", "NumberOfPreviousCPP"),
    ], "Child protection plans."),
    _t("cp_review", ("cp_plan_id", "review_date"), [
        C("cp_plan_id"), C("child_id"), LA, C("review_date", "DATE"),
    ], "Child protection review conferences."),
    _t("pre_proceedings", ("pre_proceedings_id",), [
        C("pre_proceedings_id", doc="referral_id/pp_start_date"), C("referral_id"), C("child_id"), LA,
        C("pp_start_date", "DATE"), C("lbp_sent_date", "DATE", "letter before proceedings"),
        C("fgdm_offered"), C("fgdm_facilitated"), C("initial_pp_meeting_date", "DATE"),
        C("review_meetings_count", "INTEGER"), C("step_decision_date", "DATE"), C("pp_outcome"),
        C("court_application_date", "DATE"), C("letter_init_cp_date", "DATE"),
    ], "Pre-proceedings and family group decision making (CIN census PreProceedingsandFGDM)."),
    _t("cla_episode", ("episode_id",), [
        C("episode_id", doc="child_id/start_date"), C("child_id"), LA,
        C("start_date", "DATE", "DECOM"), C("rne"), C("legal_status"), C("cin"),
        C("placement", doc="PLACE / PL"), C("provider", doc="PLACE_PROVIDER"),
        C("end_date", "DATE", "DEC"), C("reason_ceased", doc="REC"),
        C("reason_place_change"), C("home_postcode"), C("placement_postcode"), C("urn"),
    ], "SSDA903 episodes: one row per episode of care, stitched across returns."),
    _t("missing", ("missing_id",), [
        C("missing_id", doc="child_id/start_date/kind"), C("child_id"), LA,
        C("kind", doc="M missing, A away without authorisation"),
        C("start_date", "DATE"), C("end_date", "DATE"),
    ], "Missing and away-from-placement episodes (903 Missing)."),
    _t("cla_review", ("child_id", "review_date"), [
        C("child_id"), LA, C("review_date", "DATE"), C("participation", doc="PN0-PN7"),
    ], "Looked-after reviews (903 Reviews)."),
    _t("missing_return_interview", ("child_id", "as_at"), [
        C("child_id"), LA, C("as_at", "DATE", "the Annex A date"),
        C("missing_episodes", "INTEGER", "'Missing' episodes in the 12 months before as_at"),
        C("absent_episodes", "INTEGER", "'Absent' episodes in the 12 months before as_at"),
        C("return_interview_offered", "BOOLEAN"), C("return_interview_accepted", "BOOLEAN"),
    ], "Missing and absent episodes and return interviews of children in care (Annex A list 8, undated)."),
    _t("cla_outcome", ("child_id", "year_ending"), [
        C("child_id"), LA, C("year_ending", "DATE", "31 March of the return year"),
        C("sdq_score", "INTEGER"), C("sdq_reason"), C("convicted", "BOOLEAN"),
        C("health_check", "BOOLEAN"), C("immunisations", "BOOLEAN"), C("teeth_check", "BOOLEAN"),
        C("health_assessment", "BOOLEAN"), C("substance_misuse", "BOOLEAN"),
        C("intervention_received", "BOOLEAN"), C("intervention_offered", "BOOLEAN"),
    ], "Outcomes of children looked after for 12 months (903 OC2)."),
    _t("care_leaver", ("child_id", "as_at"), [
        C("child_id"), LA, C("as_at", "DATE", "31 March of the return year, or the Annex A date"),
        C("in_touch"), C("activity"), C("accommodation"), C("accommodation_suitable", "BOOLEAN"),
        C("eligibility"), C("latest_contact_date", "DATE"), C("pathway_plan_review_date", "DATE"),
        C("personal_adviser"),
    ], "Care leavers (903 OC3, Annex A list 9)."),
    _t("adoption", ("adoption_id",), [
        C("adoption_id", doc="child_id/decision_date"), C("child_id"), LA,
        C("decision_date", "DATE", "decision that the child should be placed for adoption"),
        C("placement_order_date", "DATE"), C("matched_date", "DATE"), C("placed_date", "DATE"),
        C("adoption_order_date", "DATE"), C("reversed_date", "DATE", "decision no longer to place"),
        C("reversed_reason", doc="RD1-RD4"), C("foster_care", "BOOLEAN"),
        C("number_of_adopters", "INTEGER"), C("sex_of_adopters"), C("adopters_legal_status"),
    ], "Adoption decisions and orders (903 AD1 and PlacedAdoption, Annex A list 10)."),
    _t("adopter", ("adopter_id",), [
        C("adopter_id", doc="<la_code>/<individual adopter identifier>"), LA,
        C("family_id", doc="<la_code>/<family identifier>: adopters approved together share it"),
        C("sex", doc="M, F or U"), C("ethnicity"), C("disability", "BOOLEAN"),
        C("fostering_for_adoption", "BOOLEAN"), C("enquiry_date", "DATE"),
        C("stage1_start_date", "DATE"), C("stage1_end_date", "DATE"),
        C("stage2_start_date", "DATE"), C("stage2_end_date", "DATE"),
        C("application_date", "DATE"), C("approved_date", "DATE"), C("matched_date", "DATE"),
        C("placed_date", "DATE"), C("children_placed", "INTEGER"), C("adoption_order_date", "DATE"),
        C("left_date", "DATE", "left the adoption process"), C("left_reason", doc="1, 2 or 3 (codes.ADOPTER_LEFT_REASON)"),
    ], "Prospective adopters in contact with the adoption agency: one row per individual (Annex A list 11)."),
    _t("previous_permanence", ("child_id",), [
        C("child_id"), LA, C("prev_perm"), C("la_perm"), C("date_perm", "DATE"),
    ], "Permanence before the child's latest period of care (903 PrevPerm)."),
    _t("sw_episode", ("sw_episode_id",), [
        C("sw_episode_id", doc="child_id/sw_id/start_date"), C("child_id"), LA, C("sw_id"),
        C("start_date", "DATE"), C("end_date", "DATE"), C("reason"),
    ], "Social worker episodes of looked-after children (903 SWEpisodes, from 2023-24)."),
    _t("dolo", ("dolo_id",), [
        C("dolo_id", doc="child_id/start_date"), C("child_id"), LA,
        C("start_date", "DATE"), C("end_date", "DATE"),
    ], "Deprivation of liberty orders (903 DoLo, from 2026-27)."),
    _t("visit", ("visit_id",), [
        C("visit_id", doc="child_id/visit_date/kind"), C("child_id"), LA,
        C("visit_date", "DATE"), C("kind", doc="CIN, CP, CLA or CL (care leaver)"),
        C("seen", "BOOLEAN"), C("seen_alone", "BOOLEAN"), C("worker_id"),
        C("recorded_date", "DATE", "when the visit was written up in the case system (local extracts only)"),
    ], "Statutory visits."),
    _t("allocation", ("allocation_id",), [
        C("allocation_id", doc="child_id/worker_id/start_date"), C("child_id"), LA,
        C("worker_id"), C("team_id"), C("start_date", "DATE"), C("end_date", "DATE"),
    ], "Who held the child's case, and in which team, when."),
    _t("org_unit", ("team_id",), [
        C("team_id", doc="<la_code>/<team code>"), LA, C("team_name"), C("locality"), C("service"),
    ], "Teams with their locality and service."),
    _t("worker", ("worker_id",), [
        C("worker_id", doc="<la_code>/<worker code>"), LA, C("worker_name"), C("team_id"),
        C("role"), C("agency", "BOOLEAN"), C("fte", "DOUBLE"),
        C("start_date", "DATE"), C("end_date", "DATE"),
    ], "Practitioners and managers."),
    _t("supervision", ("supervision_id",), [
        C("supervision_id", doc="child_id/supervision_date"), C("child_id"), LA,
        C("supervision_date", "DATE"), C("worker_id"),
    ], "Case supervision sessions (local extracts)."),
    _t("case_audit", ("case_audit_id",), [
        C("case_audit_id", doc="child_id/audit_date/auditor"), C("child_id"), LA,
        C("audit_date", "DATE", "the day the audit's grade was given"),
        C("grade", doc="OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT or INADEQUATE (codes.CASE_AUDIT_GRADE)"),
        C("auditor", doc="who audited the case (name or worker_id)"),
    ], "Case file audits and their grades (quality assurance; local extracts)."),
    _t("workforce", ("workforce_id",), [
        C("workforce_id", doc="unit/snapshot_date"), LA, C("unit", doc="team_id, or la_code for the authority"),
        C("snapshot_date", "DATE"), C("establishment_fte", "DOUBLE"), C("in_post_fte", "DOUBLE"),
        C("agency_fte", "DOUBLE"), C("vacancies_fte", "DOUBLE"), C("leavers_fte", "DOUBLE"),
        C("sickness_days", "DOUBLE"), C("cases", "INTEGER"),
    ], "Workforce snapshots."),
    _t("proceeding", ("proceeding_id",), [
        C("proceeding_id", doc="<la_code>/<legal case number>/<child>: the child is the social care id, else "
          "the forename's initial and the date of birth (a case can name several children)"), LA, C("case_number"),
        C("child_forename"), C("child_surname"), C("child_dob", "DATE"), C("child_postcode"),
        C("application_date", "DATE"), C("court"), C("order_sought"), C("first_hearing_date", "DATE"),
        C("final_order_date", "DATE"), C("order_made"),
        C("child_sex", doc="M, F or U where the legal file records it"),
        C("social_care_id", doc="the child's LAchildID where the legal file carries it (deterministic linkage)"),
    ], "Care proceedings as the legal department records them (names, not child ids)."),
    _t("proceeding_link", ("proceeding_id", "child_id"), [
        C("proceeding_id"), C("child_id"), LA, C("match_probability", "DOUBLE"),
        C("method", doc="deterministic, probabilistic or clerical (carepath.linkage)"),
        C("match_weight", "DOUBLE", "Splink's match weight (log2 Bayes factor); NULL for deterministic links"),
        C("linked_at", "TIMESTAMP"),
    ], "Which child a care proceeding is about, and how sure we are (written by carepath proceedings link)."),
    _t("proceeding_candidate", ("proceeding_id", "child_id"), [
        C("proceeding_id"), C("child_id"), LA, C("match_probability", "DOUBLE"), C("match_weight", "DOUBLE"),
        C("rank", "INTEGER", "1 for the proceeding's best-scoring child"),
        C("status", doc="linked, review (between the thresholds or a close second), or below"),
    ], "Scored pairs of the last linkage run: the clerical review queue is the pairs with status review.", bookkeeping=True),
    _t("clerical_decision", ("proceeding_id", "child_id"), [
        C("proceeding_id"), C("child_id"), LA, C("decision", doc="accept or reject"),
        C("decided_by"), C("decided_at", "TIMESTAMP"), C("note"),
    ], "A reviewer's decision on a candidate pair; re-applied on every linkage run.", bookkeeping=True),
    _t("proceeding_link_issue", ("proceeding_id",), [
        C("proceeding_id"), LA, C("reason", doc="why this proceeding was not offered for linkage"),
    ], "Proceedings the last linkage run refused to link, with a reason an officer can act on.", bookkeeping=True),
    _t("population", ("population_id",), [
        C("population_id", doc="area_code/year/age/sex"), C("area_code", doc="3-digit LA number or ONS code"),
        C("year", "INTEGER", "mid-year of the estimate"), C("age", "INTEGER"),
        C("sex", doc="M, F or T (total)"), C("count", "INTEGER"),
    ], "Mid-year population estimates by single year of age."),
    _t("population_ethnicity", ("population_id",), [
        C("population_id", doc="area_code/year/age/sex/category as given"), C("area_code", doc="3-digit LA number or ONS code"),
        C("year", "INTEGER", "the year of the estimate (2021 for the Census 2021)"), C("age", "INTEGER"),
        C("sex", doc="M, F or T (total)"),
        C("ethnic_group", doc="DfE's major group: White, Mixed, Asian, Black or Other"),
        C("category", doc="the ethnic group as the file gave it (a Census 2021 category, say)"), C("count", "INTEGER"),
    ], "Population by ethnic group, sex and single year of age (Census 2021, or the authority's own)."),
    _t("send_request", ("send_request_id",), [
        C("send_request_id", doc="child_id/request_date"), C("child_id"), LA,
        C("request_date", "DATE"), C("decision_date", "DATE"),
        C("decision", doc="assess or refuse"), C("assessment_completed_date", "DATE"),
        C("ehcp_issued_date", "DATE"),
    ], "Requests for an EHC needs assessment and what came of them (RIIA 222-224)."),
    _t("ehe", ("ehe_id",), [
        C("ehe_id", doc="child_id/start_date"), C("child_id"), LA,
        C("start_date", "DATE"), C("end_date", "DATE"), C("reason"),
    ], "Children known to be electively home educated (RIIA 221)."),
    _t("care_record", ("care_record_id",), [
        C("care_record_id", doc="child_id/kind/record_date"), C("child_id"), LA,
        C("kind", doc="HEALTH_ASSESSMENT, DENTAL_CHECK, RETURN_INTERVIEW_OFFERED or PATHWAY_PLAN "
                      "(codes.CARE_RECORD_KIND)"),
        C("record_date", "DATE", "the day it was done (an interview: the day it was offered)"),
    ], "Dated records of care the returns do not date: health assessments, dental checks, return "
       "interviews offered, pathway plans (local extracts; key practices and the outcome tracker)."),
    _t("education", ("education_id",), [
        C("education_id", doc="child_id/academic_year"), C("child_id"), LA,
        C("academic_year", doc="2024-25: 1 September to 31 August"),
        C("attendance_percent", "DOUBLE", "sessions attended of sessions possible, 0-100"),
        C("suspensions", "INTEGER", "fixed-period exclusions in the year"),
        C("permanent_exclusion", "BOOLEAN"),
        C("key_stage", "INTEGER", "2 or 4: the key stage whose result is given"),
        C("ks2_expected", "BOOLEAN", "KS2: met the expected standard in reading, writing and maths"),
        C("attainment8", "DOUBLE", "KS4: Attainment 8 score, 0-90"),
    ], "A child's school year: attendance, exclusions and key stage results (local education extract)."),
    # --- bookkeeping: written by the loader and the validator, not by readers ---
    _t("load_batch", ("batch_id",), [
        C("batch_id", "INTEGER"), LA, C("file_name"), C("file_path"), C("file_sha256"),
        C("format"), C("return_year", doc="e.g. 2024-25 where the file says"),
        C("loaded_at", "TIMESTAMP"), C("rows_read", "INTEGER"), C("rows_loaded", "INTEGER"),
        C("rows_rejected", "INTEGER"),
    ], "Every file loaded, with its row accounting.", bookkeeping=True),
    _t("load_count", ("batch_id", "table_name"), [
        C("batch_id", "INTEGER"), C("table_name"), C("rows_read", "INTEGER"),
        C("rows_loaded", "INTEGER"), C("rows_rejected", "INTEGER"),
    ], "Row accounting of each load, table by table.", bookkeeping=True),
    _t("reject", ("batch_id", "reject_no"), [
        C("batch_id", "INTEGER"), C("reject_no", "INTEGER"), C("file_name"), C("table_name"),
        C("row_ref", doc="where in the file: 'row 12', or 'Child 3 (LAchildID A1) > CINdetails 2'"),
        C("field"), C("rule"), C("reason"), C("raw"),
    ], "Every row not loaded, with the reason.", bookkeeping=True),
    _t("field_issue", ("batch_id", "issue_no"), [
        C("batch_id", "INTEGER"), C("issue_no", "INTEGER"), C("file_name"), C("table_name"),
        C("row_ref", doc="where in the file, as in reject"),
        C("record_key", doc="the loaded record's key, e.g. 846/A1/2024-05-01"), C("child_id"),
        C("field", doc="the file's own name for the field"), C("value", doc="the value set aside, as read"),
        C("rule"), C("reason"),
    ], "Every value set aside from a loaded record: the record loaded with this field empty.",
        bookkeeping=True),
    _t("load_warning", ("batch_id", "warning_no"), [
        C("batch_id", "INTEGER"), C("warning_no", "INTEGER"), C("file_name"),
        C("kind", doc="year (the stated return year disagrees with the dates) or dating (where a date came from)"),
        C("message"),
    ], "Warnings about a loaded file as a whole, printed in its load summary.", bookkeeping=True),
    _t("unload", ("batch_id",), [
        C("batch_id", "INTEGER"), LA, C("file_name"), C("file_path"), C("file_sha256"), C("format"),
        C("return_year"), C("loaded_at", "TIMESTAMP"), C("unloaded_at", "TIMESTAMP"),
        C("rows_loaded", "INTEGER"), C("reason", doc="carepath unload, or replaced by load --replace (batch N)"),
    ], "Loads taken out of the store again (carepath unload, load --replace); their ids are never reused.",
       bookkeeping=True),
    _t("validation_run", ("run_id",), [
        C("run_id", "INTEGER"), LA, C("return_kind", doc="cin or 903"), C("rule_pack"),
        C("files"), C("run_at", "TIMESTAMP"), C("issues", "INTEGER"), C("status"), C("message"),
        C("return_year", doc="e.g. 2024-25: the return's year, which chose the rule pack"),
    ], "Each run of the DfE validation rules.", bookkeeping=True),
    _t("validation_issue", ("run_id", "issue_no"), [
        C("run_id", "INTEGER"), C("issue_no", "INTEGER"), LA, C("local_child_id"), C("child_id"),
        C("rule_code"), C("rule_message"), C("rule_type", doc="error or query"),
        C("table_name"), C("field"), C("row_ref"),
        C("value", doc="the flagged fields' values as the validator read them: FIELD=value; ..."),
    ], "Issues raised by the DfE validation rules.", bookkeeping=True),
    # --- a region's RIIA compilation, imported back (carepath.exchange.riia_region) ---
    _t("riia_region", ("la_code", "year", "quarter", "measure"), [
        LA, C("la_name"), C("region"), C("year", doc="financial year, 2024-25"), C("quarter", "INTEGER"),
        C("measure", doc="RIIA measure number, 201-224 or 20202-20212"),
        C("count", "DOUBLE", "empty when suppressed or not sent"), C("suppressed", "BOOLEAN"),
        C("derived", "DOUBLE", "rate per 10,000 or percentage"), C("derived_kind"), C("quality"),
        C("source", doc="the file imported"), C("imported_at", "TIMESTAMP"),
        C("anonymised", "BOOLEAN", "the region's settings: show other authorities as A, B, ... (riia import --anonymise)"),
    ], "A region's compiled RIIA figures for every authority (carepath riia import).", bookkeeping=True),
    _t("riia_region_context", ("la_code", "item"), [
        LA, C("item", doc="X25-X31"), C("value"), C("source"),
    ], "The contextual answers X25-X31 of the region's authorities (carepath riia import).", bookkeeping=True),
    # --- results of the indicator engine (carepath.indicators.engine) ---
    _t("indicator_result", ("indicator_id", "period", "la_code", "level", "unit_id"), [
        C("indicator_id"), C("period", doc="2024-25, 2024Q3, 2024-11 or rolling12:2025-03"),
        C("period_kind"), C("period_start", "DATE"), C("period_end", "DATE"), LA,
        C("level", doc="authority, service, locality, team or worker"),
        C("unit_id", doc="la_code, service or locality name, team_id or worker_id"), C("unit_name"),
        C("numerator", "DOUBLE", "a count (FTE for workforce indicators)"),
        C("denominator", "DOUBLE", "count, or the population for rates"),
        C("value", "DOUBLE"), C("note", doc="why a value is missing: no data loaded, no population"),
        C("computed_at", "TIMESTAMP"),
        C("incomplete_history", "BOOLEAN", "the loaded returns do not cover the period and its look-back"),
        C("history_note", doc="what history the figure needs and what the store holds, when incomplete"),
        C("data_version", "INTEGER", "the latest load_batch when it was computed"),
    ], "Every figure the engine computed: one long table.", bookkeeping=True),
    _t("indicator_record", ("indicator_id", "period", "record_id"), [
        C("indicator_id"), C("period"), LA, C("record_id"), C("child_id"), C("event_date", "DATE"),
        C("numerator", "DOUBLE", "1 if counted, or its weight (FTE)"), C("denominator", "DOUBLE"),
        C("measure", "DOUBLE", "days, for duration indicators"),
        C("worker_id"), C("team_id"), C("locality"), C("service"),
    ], "The records behind every figure, for drill-through.", bookkeeping=True),
)

BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    return BY_NAME[name]
