"""Code lists of the statutory returns, in one place (see SPECS.md A.3, B.3).

Each list maps the code to its meaning. Readers check codes against these lists; indicators
and pages use the meanings. Codes valid in any year are accepted by the readers: which codes a
given year allows is for the DfE validation rules (``carepath validate``) to say.
"""
from __future__ import annotations

REFERRAL_SOURCE = {
    "1A": "Individual: family member, relative or carer", "1B": "Individual: acquaintance",
    "1C": "Individual: self", "1D": "Individual: other", "2A": "Schools", "2B": "Education services",
    "3A": "Health services: GP", "3B": "Health services: health visitor", "3C": "Health services: school nurse",
    "3D": "Health services: other primary health services", "3E": "Health services: A&E",
    "3F": "Health services: other", "4": "Housing", "5A": "LA services: social care",
    "5B": "LA services: other internal department", "5C": "LA services: external",
    "5D": "LA services: early help", "6": "Police", "7": "Other legal agency", "8": "Other",
    "9": "Anonymous", "10": "Unknown",
}
# RIIA 20202-20212: the groups the referral-source measures report
REFERRAL_SOURCE_GROUP = {
    "Individual": ("1A", "1B", "1C", "1D"), "Schools": ("2A",), "Education services": ("2B",),
    "Health services": ("3A", "3B", "3C", "3D", "3E", "3F"), "Housing": ("4",),
    "LA services": ("5A", "5B", "5C", "5D"), "Police": ("6",), "Other legal agency": ("7",),
    "Other": ("8",), "Anonymous": ("9",), "Unknown": ("10",),
}
PRIMARY_NEED = {
    "N0": "Not stated", "N1": "Abuse or neglect", "N2": "Child's disability",
    "N3": "Parental disability or illness", "N4": "Family in acute stress", "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour", "N7": "Low income", "N8": "Absent parenting",
    "N9": "Cases other than children in need",
}
CLOSURE_REASON = {
    "RC1": "Adopted", "RC2": "Died", "RC3": "Child arrangements order", "RC4": "Special guardianship order",
    "RC5": "Transferred to another LA", "RC6": "Transferred to adult social care",
    "RC7": "Services ceased for any other reason", "RC8": "Closed after assessment, no further action",
    "RC9": "Closed after assessment, referred to early help",
}
ABUSE_CATEGORY = {"NEG": "Neglect", "PHY": "Physical abuse", "SAB": "Sexual abuse",
                  "EMO": "Emotional abuse", "MUL": "Multiple/not recommended"}
ETHNICITY = {
    "WBRI": "White British", "WIRI": "White Irish", "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background", "WROM": "Gypsy/Roma", "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African", "MWAS": "White and Asian", "MOTH": "Any other mixed background",
    "AIND": "Indian", "APKN": "Pakistani", "ABAN": "Bangladeshi", "AOTH": "Any other Asian background",
    "BCRB": "Caribbean", "BAFR": "African", "BOTH": "Any other Black background", "CHNE": "Chinese",
    "OOTH": "Any other ethnic group", "REFU": "Refused", "NOBT": "Information not yet obtained",
}
DISABILITY = {
    "NONE": "None", "MOB": "Mobility", "HAND": "Hand function", "PC": "Personal care", "INC": "Incontinence",
    "COMM": "Communication", "LD": "Learning", "HEAR": "Hearing", "VIS": "Vision", "BEH": "Behaviour",
    "CON": "Consciousness", "AUT": "Autism", "DDA": "Other",
}
ASSESSMENT_FACTORS = {
    **{f"{n}{s}": name for n, name in [(1, "Alcohol misuse"), (2, "Drug misuse"), (3, "Domestic abuse"),
                                        (4, "Mental health"), (5, "Learning disability"),
                                        (6, "Physical disability or illness")] for s in "ABC"},
    "7A": "Young carer", "8B": "Privately fostered: overseas, intends to return",
    "8C": "Privately fostered: overseas, intends to stay", "8D": "Privately fostered: UK, educational",
    "8E": "Privately fostered: UK, alternative family arrangements", "8F": "Privately fostered: other",
    "9A": "UASC", "10A": "Going or being missing", "11A": "Child sexual exploitation", "12A": "Trafficking",
    "13A": "Gangs", "14A": "Socially unacceptable behaviour", "15A": "Self-harm", "16A": "Neglect",
    "17A": "Emotional abuse", "18A": "Physical abuse (before 2020-21)", "18B": "Physical abuse: child on child",
    "18C": "Physical abuse: adult on child", "19A": "Sexual abuse (before 2020-21)",
    "19B": "Sexual abuse: child on child", "19C": "Sexual abuse: adult on child", "20": "Other",
    "21": "No factors identified", "22A": "Female genital mutilation", "23A": "Abuse linked to faith or belief",
    "24A": "Child criminal exploitation",
}
UPN_UNKNOWN = {f"UN{i}": f"UPN unknown reason {i}" for i in range(1, 8)}

# Sex: CIN GenderCurrent (to 2023-24), 903 SEX (to 2023-24), and Sex M/F/U (from 2024-25)
SEX_FROM_GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}
SEX_FROM_903 = {"1": "M", "2": "F", "M": "M", "F": "F", "U": "U"}
SEX = {"M": "Male", "F": "Female", "U": "Unknown/indeterminate"}

RNE = {"S": "Started to be looked after", "L": "Change of legal status only",
       "P": "Change of placement and carer(s) only", "T": "Change of placement but same carer(s)",
       "B": "Change of legal status and placement and carer(s)",
       "U": "Change of legal status and placement, same carer(s)"}
LEGAL_STATUS = {
    "C1": "Interim care order", "C2": "Full care order", "D1": "Freeing order granted",
    "E1": "Placement order granted", "V2": "Single period of accommodation under s20",
    "V3": "Agreed series of short-term breaks (individual episodes)",
    "V4": "Short-term breaks (agreements recorded)", "L1": "Police protection",
    "L2": "Emergency protection order", "L3": "Child assessment order",
    "J1": "Remanded", "J2": "Placed under PACE 1984", "J3": "Sentenced to a youth rehabilitation order",
}
SHORT_BREAK_LEGAL_STATUS = ("V3", "V4")
CATEGORY_OF_NEED = {k: v for k, v in PRIMARY_NEED.items() if k in {f"N{i}" for i in range(1, 9)}}
PLACEMENT = {
    "U1": "Kinship foster: long-term", "U2": "Kinship foster: FFA/concurrent", "U3": "Kinship foster: other",
    "U4": "Other foster: long-term", "U5": "Other foster: FFA/concurrent", "U6": "Other foster: other",
    "A3": "Adoption, consent, with foster carer", "A4": "Adoption, consent, not with foster carer",
    "A5": "Adoption, placement order, with foster carer", "A6": "Adoption, placement order, not with foster carer",
    "K1": "Secure children's home", "K2": "Children's home", "K3": "Registered supported accommodation",
    "H5": "Semi-independent living (to 2024-25)", "P1": "Placed with parents",
    "P2": "Independent living (to 2024-25)", "P3": "Residential employment", "R1": "Residential care home",
    "R2": "NHS/health establishment", "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution", "S1": "Residential school", "T0": "Temporary: any",
    "T1": "Temporary: hospital", "T2": "Temporary: holiday", "T3": "Temporary: carer's holiday",
    "T4": "Temporary: other (7 days or less)", "Z1": "Other placement (to 2024-25)",
    "Z11": "Other placement (Z11)", "Z12": "Other placement (Z12)", "Z13": "Other placement (Z13)",
    "Z14": "Other placement (Z14)",
}
TEMPORARY_PLACEMENT = ("T0", "T1", "T2", "T3", "T4")
PLACEMENT_PROVIDER = {"PR0": "Parents", "PR1": "Own LA provision", "PR2": "Other LA provision",
                      "PR3": "Other public provision", "PR4": "Private provision", "PR5": "Voluntary/third sector"}
REASON_CEASED = {
    "X1": "Episode ceases, new episode begins (care continues)", "E11": "Adopted: unopposed",
    "E12": "Adopted: consent dispensed with", "E2": "Died", "E3": "Care taken over by another LA",
    "E4A": "Returned home as part of care planning", "E4B": "Returned home not as part of care planning",
    "E13": "Left care to live with parents or others with no parental responsibility",
    "E41": "Residence order / child arrangements order", "E43": "SGO to former foster carers (legacy)",
    "E44": "SGO to other carers (legacy)", "E45": "SGO to former foster carers, relatives or friends",
    "E46": "SGO to former foster carers, not relatives or friends",
    "E47": "SGO to other carers, relatives or friends", "E48": "SGO to other carers, not relatives or friends",
    "E5": "Independent living with support", "E6": "Independent living without support",
    "E7": "Residential care funded by adult social care", "E8": "Ceased for any other reason",
    "E9": "Sentenced to custody", "E14": "Remand ended", "E15": "Age assessed as 18 or over",
    "E16": "Moved abroad", "E17": "Aged 18+, remained with current carers",
}
REASON_PLACE_CHANGE = {c: c for c in ("CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO",
                                      "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER")}
REVIEW_PARTICIPATION = {f"PN{i}": f"Participation PN{i}" for i in range(8)}
MISSING_KIND = {"M": "Missing", "A": "Away without authorisation"}
IN_TOUCH = {"YES": "In touch", "NO": "Not in touch", "DIED": "Died", "REFU": "Refuses contact",
            "NREQ": "No longer requires services", "RHOM": "Returned home 6+ months"}
ACTIVITY = {c: c for c in ("F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0")}
ACCOMMODATION_TYPE = {c: c for c in "BCDEGHKRSTUVWXYZ"}
PREV_PERM = {"P1": "Adoption", "P2": "SGO", "P3": "Residence order or CAO", "P4": "Unknown",
             "Z1": "No previous permanence"}
SW_REASON = {c: c for c in ("MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN",
                            "PCCHAN", "SWDIED", "OTHERS")}
REASON_NO_LONGER_PLACED = {"RD1": "Needs changed", "RD2": "No placement order",
                           "RD3": "No adopters found", "RD4": "Other"}

# SSDA903 lists not needed before the 903 readers (SPECS.md B.3)
SDQ_REASON = {"SDQ1": "Aged under 4 or over 16 at the latest assessment", "SDQ2": "Carer refused",
              "SDQ3": "Disability too severe", "SDQ4": "Other", "SDQ5": "Young person refused"}
# AD1 SEX_ADOPTR and LS_ADOPTR: the codes are confirmed, their meanings are not (SPECS.md B.3 [U])
SEX_OF_ADOPTERS = {"M1": "Single male adopter", "F1": "Single female adopter", "MM": "Male couple",
                   "FF": "Female couple", "MF": "Mixed-sex couple"}
ADOPTERS_LEGAL_STATUS = {c: c for c in ("L0", "L11", "L12", "L2", "L3", "L4")}
NUMBER_OF_ADOPTERS = {"1": "One adopter", "2": "Two adopters"}
# PrevPerm LA_PERM: a 3-digit LA number, or one of these
LA_PERM_OTHER = {"999": "Not available", "NIR": "Northern Ireland", "WAL": "Wales", "SCO": "Scotland",
                 "NUK": "Outside the UK"}

# Annex A list 9 eligibility for leaving-care services, and list 11 reasons for leaving the adoption process
CARE_LEAVER_ELIGIBILITY = {"RELEVANT": "Relevant child", "FORMER_RELEVANT": "Former relevant child",
                           "QUALIFYING": "Qualifying care leaver", "ELIGIBLE": "Eligible child"}
ADOPTER_LEFT_REASON = {"1": "Adopter withdrew from process", "2": "Process put on hold", "3": "Application refused"}
# Local extracts: the kinds of statutory visit, and the decision on a request for an EHC needs assessment
CARE_RECORD_KIND = {"HEALTH_ASSESSMENT": "Health assessment", "DENTAL_CHECK": "Dental check",
                    "RETURN_INTERVIEW_OFFERED": "Return home interview offered", "PATHWAY_PLAN": "Pathway plan"}
VISIT_KIND = {"CIN": "Child in need", "CP": "Child protection", "CLA": "Child looked after", "CL": "Care leaver"}
SEND_DECISION = {"assess": "Agreed to assess", "refuse": "Refused to assess"}
# Case file audits (table case_audit): the grade given, on Ofsted's four-point scale
CASE_AUDIT_GRADE = {"OUTSTANDING": "Outstanding", "GOOD": "Good", "REQUIRES_IMPROVEMENT": "Requires improvement",
                    "INADEQUATE": "Inadequate"}
