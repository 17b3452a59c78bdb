"""The generator's parameters: England's published rates as explicit constants, and each authority's own.

Every default below is England's published figure for the year ending 31 March 2025 (DfE
``time_period`` 2025), computed once from the tidy tables in ``../shared/data/dfe-published``
and written here so that the generator needs no reference data at run time. Rates per 10,000
use the ONS mid-2024 estimate of children aged 0 to 17 in England, 12,183,016, as DfE does.
``tests/synth/test_params.py`` recomputes each one from the published files.

An authority's :class:`AuthorityParams` holds its own rates (a single authority keeps England's;
with ``--authorities N`` each varies around them, seeded), its size and its seed. The
generator's branch probabilities are derived from those rates (:meth:`AuthorityParams.derived`),
so that the flows it draws have the authority's rates as their expectation.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from statistics import NormalDist

ENGLAND_CHILDREN_0_17_MID_2024 = 12_183_016   # ons_mid-year_population_estimates_2012_to_2024.csv, 2024, National

# --- England, year ending 31 March 2025 ------------------------------------------------------------
# c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv, 2025, National:
#   referral_count 632,830; rereferral_percent 22.6; no_further_action_percent 6.5; not_in_need_percent 30.8
REFERRALS_PER_10K = 519.4                # 632,830 / 12,183,016 x 10,000
REREFERRAL_PCT = 22.6                    # re-referrals within 12 months of a previous referral
NFA_PCT = 6.5                            # referrals with no further action
NOT_IN_NEED_PCT = 30.8                   # referrals assessed as not in need (closed RC8/RC9 after assessment)
# c4_children_in_need_section_47s_and_icpcs_2013_to_2025.csv, 2025, National:
#   Section47 230,590; ICPC 72,100; Duration_0-10_days 6,240; Duration_11-15_days 52,430; 16-20 6,430; 21+ 6,990
S47_PER_10K = 189.3                      # 230,590 / 12,183,016 x 10,000
ICPC_PER_10K = 59.2                      # 72,100 / 12,183,016 x 10,000
ICPC_WITHIN_15_WD_PCT = 81.4             # (6,240 + 52,430) / 72,090
# d3_cpps_subsequent_plan_2013_to_2025.csv, 2025, National: CPP_start 61,840; CPP_subsequent_percent 24.5
CPP_STARTS_PER_10K = 50.8                # 61,840 / 12,183,016 x 10,000
REPEAT_CPP_PCT = 24.5                    # second or subsequent plans, of plans starting
# b1_children_in_need_2013_to_2025.csv, 2025, National: At31_episodes 402,400; Started_episodes 396,870
CIN_AT_31_MARCH_PER_10K = 330.3          # 402,400 / 12,183,016 x 10,000
# cla_number_and_rate_per_10k_children.csv, 2025, National: on 31 March 81,770 (rate 67);
#   starting 32,270 (26); ceasing 34,450 (28)
CLA_AT_31_MARCH_PER_10K = 67.1           # 81,770 / 12,183,016 x 10,000
CLA_STARTS_PER_10K = 26.5                # 32,270 / 12,183,016 x 10,000
CLA_CEASED_PER_10K = 28.3                # 34,450 / 12,183,016 x 10,000
# EES table C2, 2025, England (SPECS.md D.9; not in ../shared/data): 555,820 of 648,830 assessments
#   authorised within 45 working days of their start
ASSESSMENTS_WITHIN_45_WD_PCT = 85.7

# Less precisely known national figures, used as defaults and never tested against a table here:
UASC_STARTS_PER_10K = 3.5                # unaccompanied asylum-seeking children starting care (about 1 in 8 starts)
CONTACTS_PER_REFERRAL = 2.6              # contacts at the front door for every referral (RIIA 201 vs 202, typical)
EARLY_HELP_PER_10K = 330.0               # early help episodes starting in a year
SEND_REQUESTS_PER_10K = 125.0            # requests for an EHC needs assessment (SEN2 2024: about 150,000)
EHE_PER_10K = 90.0                       # children known to be electively home educated at a point in time
AGENCY_PCT = 17.0                        # agency social workers, of FTE (DfE workforce 2024: 17.1%)
VACANCY_PCT = 18.0                       # vacancies, of establishment FTE (DfE workforce 2024: about 18%)
TURNOVER_PCT = 16.0                      # FTE leaving in a year, of FTE in post (DfE workforce 2024: about 16%)
CASELOAD = 17.0                          # cases per FTE case-holding social worker

# --- distributions (shares; each need not sum to 1, they are normalised when drawn) ---------------
# Referral source, 2024-25 England, rounded (characteristics of children in need, table C5)
REFERRAL_SOURCE = (("6", 29.0), ("2A", 20.0), ("3A", 2.0), ("3B", 2.0), ("3C", 0.5), ("3D", 2.0),
                   ("3E", 3.0), ("3F", 5.5), ("5A", 4.0), ("5B", 3.0), ("5C", 2.0), ("5D", 3.0),
                   ("1A", 5.0), ("1B", 1.0), ("1C", 1.5), ("1D", 0.5), ("2B", 1.5), ("4", 2.0),
                   ("7", 4.0), ("8", 5.0), ("9", 1.0), ("10", 2.5))
# Primary need at assessment (children in need at 31 March, England 2024, rounded)
PRIMARY_NEED = (("N1", 57.0), ("N2", 10.0), ("N3", 4.0), ("N4", 7.0), ("N5", 14.0), ("N6", 3.0),
                ("N7", 0.3), ("N8", 3.5), ("N0", 1.2))
ABUSE_CATEGORY = (("NEG", 49.0), ("EMO", 38.0), ("PHY", 6.5), ("SAB", 3.5), ("MUL", 3.0))
ETHNICITY = (("WBRI", 62.0), ("WIRI", 0.4), ("WIRT", 0.3), ("WOTH", 6.0), ("WROM", 0.8), ("MWBC", 2.5),
             ("MWBA", 1.0), ("MWAS", 1.5), ("MOTH", 3.5), ("AIND", 1.5), ("APKN", 3.0), ("ABAN", 1.5),
             ("AOTH", 2.0), ("BCRB", 1.5), ("BAFR", 4.0), ("BOTH", 1.5), ("CHNE", 0.3), ("OOTH", 3.0),
             ("REFU", 0.5), ("NOBT", 3.2))
UASC_ETHNICITY = (("BAFR", 30.0), ("AOTH", 30.0), ("OOTH", 25.0), ("BOTH", 10.0), ("NOBT", 5.0))
DISABILITY = (("AUT", 30.0), ("LD", 25.0), ("COMM", 20.0), ("BEH", 15.0), ("MOB", 6.0), ("PC", 5.0),
              ("HAND", 3.0), ("CON", 2.0), ("INC", 3.0), ("HEAR", 3.0), ("VIS", 3.0), ("DDA", 8.0))
DISABLED_PCT = 13.0                      # children in need with at least one disability
# Age at referral by single year; "-1" is unborn (a pre-birth referral)
REFERRAL_AGE = ((-1, 2.5), (0, 7.0), (1, 4.5), (2, 4.3), (3, 4.2), (4, 4.2), (5, 4.5), (6, 4.6),
                (7, 4.6), (8, 4.6), (9, 4.7), (10, 5.0), (11, 5.3), (12, 5.8), (13, 6.4), (14, 7.0),
                (15, 7.2), (16, 6.8), (17, 5.8))
# Age when starting to be looked after (England 2024: under 1 18%, 1-4 14%, 5-9 15%, 10-15 33%, 16+ 20%)
CARE_START_AGE = ((0, 18.0), (1, 4.0), (2, 3.5), (3, 3.3), (4, 3.2), (5, 3.0), (6, 3.0), (7, 3.0),
                  (8, 3.0), (9, 3.0), (10, 4.2), (11, 4.8), (12, 5.2), (13, 6.0), (14, 6.5), (15, 6.3),
                  (16, 8.0), (17, 6.0))
# Working days from assessment start to authorisation: EES C2 2025 bands (same day; 1-10 ... 41-45; over 45)
ASSESSMENT_BANDS = ((0, 0, 11_680), (1, 10, 75_590), (11, 20, 112_180), (21, 30, 102_260),
                    (31, 40, 131_380), (41, 45, 122_730))
# Working days from S47 start to ICPC: c4 2025 bands 0-10 and 11-15 (within 15), 16-20 and 21+
ICPC_BANDS = ((0, 10, 6_240), (11, 15, 52_430))
ICPC_LATE_BANDS = ((16, 20, 6_430), (21, 40, 6_990))
# Length of a CP plan in months (plans ending in a year, England, rounded: D7)
CPP_LENGTH_MONTHS = ((1, 3, 9.0), (3, 6, 20.0), (6, 12, 37.0), (12, 24, 29.0), (24, 36, 5.0))

SIZES = {"tiny": 2_000, "small": 20_000, "medium": 60_000, "large": 150_000, "kent": 330_000}
# Kent's front door is busier than England's (24,035 referrals in 2024-25), and more of them are
# assessed as not in need, so the children in need stay near England's rate
SIZE_RATES = {"kent": {"referrals_per_10k": 750.0, "not_in_need_pct": 50.0}}
FIRST_SYNTH_CODE = 501                    # 3-digit codes DfE does not use: 501, 502, ...
MEDIAN_AUTHORITY = 55_000                 # 0-17 population of the median English authority (mid-2024: 62,500)
LARGEST_AUTHORITY = 330_000               # Kent's is 355,390


@dataclass(frozen=True)
class AuthorityParams:
    """Everything one authority's generation depends on; with its seed, it fixes every record."""

    la_code: str
    name: str
    seed: int
    children: int                           # 0-17 population at the mid-year before the first year ends
    first_year: int                         # 2021 means 2021-22
    last_year: int
    population_growth: float = 0.002        # per year
    referrals_per_10k: float = REFERRALS_PER_10K
    rereferral_pct: float = REREFERRAL_PCT
    nfa_pct: float = NFA_PCT
    not_in_need_pct: float = NOT_IN_NEED_PCT
    s47_per_10k: float = S47_PER_10K
    icpc_per_10k: float = ICPC_PER_10K
    icpc_within_15_pct: float = ICPC_WITHIN_15_WD_PCT
    cpp_starts_per_10k: float = CPP_STARTS_PER_10K
    repeat_cpp_pct: float = REPEAT_CPP_PCT
    assessments_within_45_pct: float = ASSESSMENTS_WITHIN_45_WD_PCT
    cla_starts_per_10k: float = CLA_STARTS_PER_10K
    uasc_starts_per_10k: float = UASC_STARTS_PER_10K
    care_length: float = 1.0                # multiplies lengths of stay in care
    plan_length: float = 1.0                # multiplies lengths of CIN and CP plans
    contacts_per_referral: float = CONTACTS_PER_REFERRAL
    early_help_per_10k: float = EARLY_HELP_PER_10K
    send_requests_per_10k: float = SEND_REQUESTS_PER_10K
    ehe_per_10k: float = EHE_PER_10K
    agency_pct: float = AGENCY_PCT
    vacancy_pct: float = VACANCY_PCT
    turnover_pct: float = TURNOVER_PCT
    caseload: float = CASELOAD
    ethnic_diversity: float = 1.0           # multiplies the shares of every group but White British
    visits_late_pct: float = 12.0           # statutory visits later than their required interval
    history_years: int = 3                  # years simulated before the first year (open cases, re-referrals)
    index: int = 0                          # position among the authorities generated together
    ons_code: str = ""                      # the real upper-tier authority it stands in for (its postcodes)
    area_name: str = ""                     # that authority's name

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def as_dict(self) -> dict:
        return asdict(self)

    def derived(self) -> dict[str, float]:
        """The generator's branch probabilities, solved so the flows have the rates above as expectation.

        UASC arrive in their own stream (``uasc_starts_per_10k``): always assessed, in need, looked
        after at once. The other referrals branch: NFA; else assessed, and either an S47 or not;
        without an S47, assessed not in need or in need. CP plans follow ICPCs; care starts come
        from S47s (emergencies), CP plans, and other children in need (mostly s20).
        """
        total, uasc = self.referrals_per_10k, min(self.uasc_starts_per_10k, 0.5 * self.referrals_per_10k)
        other = total - uasc
        p_nfa = min(0.9, self.nfa_pct / 100 * total / other)
        assessed = other * (1 - p_nfa)
        p_s47 = min(0.95, self.s47_per_10k / assessed)
        without_s47 = assessed * (1 - p_s47)
        p_not_in_need = min(0.95, self.not_in_need_pct / 100 * total / without_s47)
        s47 = assessed * p_s47
        p_icpc = min(0.95, self.icpc_per_10k / s47)
        p_cpp = min(1.0, self.cpp_starts_per_10k / (s47 * p_icpc))
        cpp = s47 * p_icpc * p_cpp
        p_care_s47, p_care_cpp = 0.04, 0.14
        emergency = s47 * (1 - p_icpc) * p_care_s47
        # episodes of need with neither a CP plan nor an emergency start: in need without an S47,
        # S47s without an ICPC (and no emergency), and ICPCs not ending in a plan
        other_need = (without_s47 * (1 - p_not_in_need) + s47 * (1 - p_icpc) * (1 - p_care_s47)
                      + s47 * p_icpc * (1 - p_cpp))
        rest = self.cla_starts_per_10k - uasc - emergency - cpp * p_care_cpp
        p_care_cin = max(0.0, min(0.5, rest / other_need))
        return {"uasc_per_10k": uasc, "other_per_10k": other, "p_nfa": p_nfa, "p_s47": p_s47,
                "p_not_in_need": p_not_in_need, "p_icpc": p_icpc, "p_cpp": p_cpp,
                "p_care_s47": p_care_s47, "p_care_cpp": p_care_cpp, "p_care_cin": p_care_cin}

    def expected_per_10k(self) -> dict[str, float]:
        """The yearly flows per 10,000 children these parameters produce in expectation."""
        p = self.derived()
        assessed = p["other_per_10k"] * (1 - p["p_nfa"]) + p["uasc_per_10k"]
        s47 = p["other_per_10k"] * (1 - p["p_nfa"]) * p["p_s47"]
        return {"referrals": self.referrals_per_10k, "assessed": assessed, "s47": s47,
                "icpc": s47 * p["p_icpc"], "cpp_starts": s47 * p["p_icpc"] * p["p_cpp"]}


def stable_seed(*parts: object) -> int:
    """A 63-bit seed from any values, the same on every machine and Python version."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def parse_year(text: str) -> int:
    """'2024-25' (or '2024/25', or the year-end 2025) -> 2024, the year the return starts."""
    value = text.strip().replace("/", "-")
    if len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit():
        start = int(value[:4])
        if (start + 1) % 100 != int(value[5:]):
            raise ValueError(f"'{text}' is not a financial year: write it as 2024-25")
        return start
    if value.isdigit() and len(value) == 4:
        return int(value) - 1
    raise ValueError(f"'{text}' is not a year: write it as 2024-25")


_PREFIXES = ("Ash", "Bex", "Cal", "Dun", "Elm", "Fen", "Gil", "Hal", "Ing", "Kel", "Lin", "Mar", "Nor",
             "Orm", "Pen", "Quen", "Ros", "Sel", "Tam", "Ulver", "Ver", "Wex", "Yar", "Brom", "Cor", "Dal")
_SUFFIXES = ("shire", "borough", "ford", "bridge", "ton", "field", "ham", "wick", "mouth", "by", "dale", "minster")


def authority_name(index: int) -> str:
    if index == 0:
        return "Synthshire"
    prefix = _PREFIXES[(index * 7) % len(_PREFIXES)]
    suffix = _SUFFIXES[(index // len(_PREFIXES) + index % len(_PREFIXES)) % len(_SUFFIXES)]
    return prefix + suffix + ("" if index < len(_PREFIXES) * len(_SUFFIXES) else f" {index}")


def spread_of_sizes(count: int, seed: int) -> list[int]:
    """0-17 populations of ``count`` authorities spread like England's (lognormal, median 55,000).

    The sizes sit at evenly spaced quantiles, so 153 authorities range from about 8,000 to 330,000
    whatever the seed; the seed only shuffles which code gets which size and jitters each by 5%.
    """
    import random
    if count == 1:
        return [MEDIAN_AUTHORITY]
    normal = NormalDist()
    sigma = 0.66  # ln-sd that puts the largest of 153 at about 330,000
    sizes = [MEDIAN_AUTHORITY * pow(2.718281828, sigma * normal.inv_cdf((i + 0.5) / count)) for i in range(count)]
    rng = random.Random(stable_seed("sizes", seed, count))
    rng.shuffle(sizes)
    return [max(500, int(s * (1 + rng.uniform(-0.05, 0.05)))) for s in sizes]


def _vary(params: AuthorityParams, seed: int) -> AuthorityParams:
    """The authority's own rates: England's, moved by the spread seen between English authorities (2025)."""
    import random
    rng = random.Random(stable_seed("rates", seed, params.la_code))
    ln = lambda sd: pow(2.718281828, rng.gauss(0.0, sd))  # noqa: E731
    clip = lambda x, lo, hi: round(min(hi, max(lo, x)), 2)  # noqa: E731
    referral_factor = ln(0.30)
    return replace(
        params,
        referrals_per_10k=clip(params.referrals_per_10k * referral_factor, 150, 1500),
        rereferral_pct=clip(rng.gauss(params.rereferral_pct, 4.5), 8, 38),
        nfa_pct=clip(params.nfa_pct * ln(0.8), 0.3, 30),
        not_in_need_pct=clip(rng.gauss(params.not_in_need_pct, 9.0), 8, 50),
        s47_per_10k=clip(params.s47_per_10k * referral_factor * ln(0.2), 50, 700),
        icpc_per_10k=clip(params.icpc_per_10k * referral_factor * ln(0.25), 15, 200),
        icpc_within_15_pct=clip(rng.gauss(params.icpc_within_15_pct, 9.0), 40, 99),
        cpp_starts_per_10k=0.0,  # set below from the ICPCs
        repeat_cpp_pct=clip(rng.gauss(params.repeat_cpp_pct, 5.5), 8, 42),
        assessments_within_45_pct=clip(rng.gauss(params.assessments_within_45_pct, 7.0), 50, 99),
        cla_starts_per_10k=clip(params.cla_starts_per_10k * ln(0.3), 8, 80),
        uasc_starts_per_10k=clip(params.uasc_starts_per_10k * ln(0.9), 0.2, 30),
        care_length=clip(ln(0.2), 0.6, 1.6),
        plan_length=clip(ln(0.15), 0.7, 1.4),
        agency_pct=clip(rng.gauss(params.agency_pct, 8.0), 0, 50),
        vacancy_pct=clip(rng.gauss(params.vacancy_pct, 7.0), 2, 40),
        turnover_pct=clip(rng.gauss(params.turnover_pct, 5.0), 5, 35),
        ethnic_diversity=clip(ln(0.6), 0.3, 5.0),
    )


def make_authorities(count: int = 1, seed: int = 1, first_year: int = 2021, last_year: int = 2024,
                     children: int | None = None, la_code: str | None = None, size: str | None = None,
                     history_years: int = 3) -> list[AuthorityParams]:
    """The authorities to generate: codes 501, 502, ... (or ``la_code`` for one), sizes and rates.

    ``children`` (or a ``size`` preset) gives every authority that many children aged 0 to 17;
    without either, one authority has 55,000 and several are spread like England's. One
    authority has England's rates; several each vary around them.
    """
    if count < 1:
        raise ValueError("--authorities must be at least 1")
    if la_code is not None and count != 1:
        raise ValueError("--la names one authority; it cannot be used with --authorities more than 1")
    fixed = children if children is not None else (SIZES[size] if size else None)
    sizes = [fixed] * count if fixed is not None else spread_of_sizes(count, seed)
    from carepath.synth.places import choose_areas
    codes = [la_code if la_code is not None else str(FIRST_SYNTH_CODE + index) for index in range(count)]
    areas = choose_areas([int(s) for s in sizes], codes, seed)
    authorities = []
    for index, code in enumerate(codes):
        base = AuthorityParams(la_code=code, name=authority_name(index), seed=stable_seed("authority", seed, code),
                               children=int(sizes[index]), first_year=first_year, last_year=last_year,
                               history_years=history_years, index=index, ons_code=areas[index][0],
                               area_name=areas[index][1])
        if size in SIZE_RATES:
            base = replace(base, **SIZE_RATES[size])
        if count > 1:
            varied = _vary(base, seed)
            cpp = varied.icpc_per_10k * (CPP_STARTS_PER_10K / ICPC_PER_10K)
            base = replace(varied, cpp_starts_per_10k=round(cpp, 2))
        authorities.append(base)
    return authorities


@dataclass
class Distribution:
    """A categorical distribution drawn with one random number (cumulative weights, bisect)."""

    values: tuple
    cumulative: list[float] = field(default_factory=list)

    @classmethod
    def of(cls, pairs, scale: dict | None = None) -> "Distribution":
        values = tuple(v for v, _ in pairs)
        running, cumulative = 0.0, []
        for value, weight in pairs:
            running += weight * (scale or {}).get(value, 1.0)
            cumulative.append(running)
        return cls(values, [c / running for c in cumulative])

    def draw(self, u: float):
        from bisect import bisect_right
        return self.values[min(bisect_right(self.cumulative, u), len(self.values) - 1)]
