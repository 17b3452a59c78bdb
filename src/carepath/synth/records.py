"""The simulated records: a child, an episode of need (referral to closure) and a period of care.

Dates are day ordinals (see :mod:`carepath.synth.workdays`). These are plain slotted classes,
filled in by the simulation and read by the writers; nothing here knows a file format.
"""
from __future__ import annotations


class Child:
    __slots__ = ("n", "id", "dob", "sex", "ethnicity", "disabilities", "upn", "forename", "surname",
                 "postcode", "locality", "moves", "uasc", "duc", "mc_dob", "b18", "episodes", "periods",
                 "cp_plans", "cp_elsewhere", "last_referral", "open", "leaver", "known_from", "upn_unknown", "adopted",
                 "pending_return")

    def __init__(self, n: int, local_id: str, dob: int, sex: str):
        self.n, self.id, self.dob, self.sex = n, local_id, dob, sex
        self.ethnicity = "WBRI"
        self.disabilities: tuple[str, ...] = ()
        self.upn: str | None = None
        self.upn_unknown: str | None = None
        self.forename = self.surname = self.postcode = ""
        self.locality = 0
        self.moves: list[tuple[int, int, str]] = []   # (day, new locality, new postcode)
        self.uasc = False
        self.duc: int | None = None                   # date UASC status ceased (18th birthday)
        self.mc_dob: int | None = None                # date of birth of her first child, if a mother in care
        self.b18 = 0
        self.episodes: list[Episode] = []
        self.periods: list[CarePeriod] = []
        self.cp_plans = 0                              # CP plans started here
        self.cp_elsewhere = 0                          # plans before, in another authority
        self.last_referral = -1
        self.open = False
        self.leaver: Leaver | None = None
        self.known_from = 0                            # first day any record of the child exists
        self.adopted = False                           # adopted from care: never referred again here
        self.pending_return: int | None = None         # the day drawn for a return to care (synth.returns)

    def postcode_on(self, day: int) -> str:
        code = self.postcode
        for when, _, new in self.moves:
            if when <= day:
                code = new
        return code

    def locality_on(self, day: int) -> int:
        found = self.locality
        for when, locality, _ in self.moves:
            if when <= day:
                found = locality
        return found


class CPPlan:
    __slots__ = ("start", "end", "initial", "latest", "previous", "reviews")

    def __init__(self, start: int, end: int, initial: str, latest: str, previous: int, reviews: list[int]):
        self.start, self.end, self.initial, self.latest = start, end, initial, latest
        self.previous, self.reviews = previous, reviews


class Episode:
    """One CINdetails: referral to closure, with what happened in between."""

    __slots__ = ("child", "referral", "source", "need", "nfa", "closure", "reason", "assessments", "s47s",
                 "cin_plans", "cp_plans", "periods", "rereferral", "uasc", "returning")

    def __init__(self, child: Child, referral: int, source: str):
        self.child, self.referral, self.source = child, referral, source
        self.need: str | None = None
        self.nfa = False
        self.closure = referral
        self.reason = "RC7"
        # (start, authorised, factors, child assessed as in need)
        self.assessments: list[tuple[int, int, tuple[str, ...], bool]] = []
        # (start, ICPC target, ICPC date or None, ICPC not required)
        self.s47s: list[tuple[int, int, int | None, bool]] = []
        self.cin_plans: list[list[int]] = []           # [start, end]
        self.cp_plans: list[CPPlan] = []
        self.periods: list[CarePeriod] = []
        self.rereferral = False
        self.uasc = False
        self.returning = False                         # a referral on the day a child returns to care


class CarePeriod:
    """A period of care: consecutive SSDA903 episodes from RNE S to the first REC that is not X1."""

    __slots__ = ("child", "start", "end", "reason", "episodes", "missing", "reviews", "adoption",
                 "short_break", "prev_perm", "route", "outcome", "legal", "home_postcode")

    def __init__(self, child: Child, start: int, route: str):
        self.child, self.start, self.route = child, start, route
        self.end = start
        self.reason = ""
        # (DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN)
        self.episodes: list[list] = []
        self.missing: list[tuple[str, int, int]] = []  # (M or A, start, end)
        self.reviews: list[tuple[int, str]] = []        # (date, participation PN0-PN7)
        self.adoption: dict | None = None
        self.short_break = False
        self.prev_perm: tuple[str, str | None, int | None] = ("Z1", None, None)
        self.outcome = ""
        self.legal: list[tuple[int, str]] = []          # (from day, legal status)
        self.home_postcode: str | None = None


class Leaver:
    """A young person entitled to leaving-care services: what the authority knows at each birthday."""

    __slots__ = ("left", "age_left", "uasc", "returned_home", "statuses")

    def __init__(self, left: int, age_left: int, uasc: bool, returned_home: bool):
        self.left, self.age_left, self.uasc, self.returned_home = left, age_left, uasc, returned_home
        self.statuses: dict[int, tuple[str, str, str]] = {}  # birthday age -> (IN_TOUCH, ACTIV, ACCOM)
