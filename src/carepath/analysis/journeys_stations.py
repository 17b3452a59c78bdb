"""The station model of the front door: the stations a child's case passes through, the moves
between them, and where each is drawn on the schematic (tube-map style) journey map.

A **station** is a step of the process (Data visualisation in children's social care, Coram for the Nuffield Foundation, April 2019, section 8: "the map itself represents the
different stages that a child's case may move through"). Some are *points* (a contact, a
referral, a strategy discussion, an ICPC happen on one day), some are *stages* that last
(an assessment, a S47 enquiry, a CIN or CP plan, a period of care, early help), and two are
*exits* (no further action; early help also ends a referral with RC9). Exits to early help are
never shown as no further action.

``rank`` orders steps that start on the same day (a contact and its referral on one day: the
referral is later; an ICPC and the plan it starts: the plan is later). ``depth`` orders stations
by how far along the map they are, for "the furthest step reached" (Sankey pathways): an exit
after an assessment is further than the assessment, so the Sankey shows what the assessment led
to; any plan, S47 or care is further than an exit.

Coordinates are in a 1000 x 560 drawing space; the page scales them to its canvas. The moves
listed in ``MOVES`` are the lines drawn on the map; a child may still make a move that is not
drawn (a transfer-in straight onto a plan), and the dot then travels in a straight line.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

WIDTH, HEIGHT = 1000, 560

# Timing rules shared by the journey builder, the browser and the independent SQL count.
MIN_TRAVEL_DAYS = 0.2      # a same-day move still takes this long on the map (or less when many
                           # moves share one day: they are fitted into the first 0.9 of the day)
SAME_DAY_SPAN = 0.9        # the part of a day in which that day's moves happen
SAMPLE_OFFSET = 0.95       # "where the child is on date d" = the position at d + 0.95 (end of day)
MAX_TRAVEL_DAYS = 92       # longer gaps between steps are not travelled: the dot leaves the map
EXIT_DWELL_DAYS = 7        # a child stays at no further action (or an RC9 early help exit) 7 days
FRONT_DOOR_MONTHS = 36     # dots are coloured by referrals in the 36 months up to the date
FRONT_DOOR_BANDS = ("0", "1", "2", "3", "4+")  # referrals in the last 3 years


@dataclass(frozen=True)
class Station:
    key: str
    label: str
    kind: str        # point | stage | exit
    rank: int        # order of steps starting on the same day (higher = later)
    depth: int       # how far into the system (higher = further), for "furthest step reached"
    x: float
    y: float
    line: str        # the line it belongs to on the map: front door, assessment, protection, care, exit


STATIONS: tuple[Station, ...] = (
    Station("contact", "Contact", "point", 0, 0, 70, 290, "front door"),
    Station("referral", "Referral", "point", 1, 1, 200, 290, "front door"),
    Station("assessment", "Assessment", "stage", 2, 2, 360, 290, "assessment"),
    Station("strategy", "Strategy discussion", "point", 3, 6, 330, 130, "protection"),
    Station("s47", "Section 47 enquiry", "stage", 4, 7, 480, 130, "protection"),
    Station("icpc", "Initial CP conference", "point", 5, 8, 630, 130, "protection"),
    Station("nfa", "No further action", "exit", 6, 3, 560, 470, "exit"),
    Station("early_help", "Early help", "stage", 7, 4, 330, 470, "exit"),
    Station("cin_plan", "Child in need plan", "stage", 8, 5, 680, 290, "assessment"),
    Station("cp_plan", "Child protection plan", "stage", 9, 9, 800, 130, "protection"),
    Station("looked_after", "Looked after", "stage", 10, 10, 920, 250, "care"),
)
BY_KEY: dict[str, Station] = {s.key: s for s in STATIONS}
INDEX: dict[str, int] = {s.key: i for i, s in enumerate(STATIONS)}

MOVES: tuple[tuple[str, str], ...] = (
    ("contact", "referral"), ("contact", "early_help"), ("contact", "nfa"),
    ("referral", "assessment"), ("referral", "strategy"), ("referral", "nfa"), ("referral", "early_help"),
    ("assessment", "strategy"), ("assessment", "cin_plan"), ("assessment", "nfa"),
    ("assessment", "early_help"), ("assessment", "looked_after"),
    ("strategy", "s47"),
    ("s47", "icpc"), ("s47", "cin_plan"), ("s47", "nfa"), ("s47", "early_help"),
    ("icpc", "cp_plan"), ("icpc", "cin_plan"), ("icpc", "nfa"),
    ("cin_plan", "strategy"), ("cin_plan", "cp_plan"), ("cin_plan", "looked_after"),
    ("cin_plan", "early_help"), ("cp_plan", "cin_plan"), ("cp_plan", "looked_after"),
    ("cp_plan", "strategy"), ("looked_after", "cin_plan"), ("early_help", "contact"),
    ("early_help", "referral"),
)


def station(key: str) -> Station:
    return BY_KEY[key]


def schematic() -> dict:
    """The map for drawing: stations with coordinates, the moves drawn as lines, the timing rules."""
    return {
        "width": WIDTH, "height": HEIGHT,
        "stations": [asdict(s) for s in STATIONS],
        "moves": [{"from": a, "to": b} for a, b in MOVES],
        "rules": {"min_travel_days": MIN_TRAVEL_DAYS, "same_day_span": SAME_DAY_SPAN,
                  "sample_offset": SAMPLE_OFFSET, "max_travel_days": MAX_TRAVEL_DAYS,
                  "exit_dwell_days": EXIT_DWELL_DAYS, "front_door_months": FRONT_DOOR_MONTHS,
                  "front_door_bands": list(FRONT_DOOR_BANDS)},
    }
