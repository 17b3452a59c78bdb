"""How long the CIN validator's reader will take, from the number of children in the file.

The field's CIN validator (csc-validator-be-cin) reads a census by appending one child at a
time to its tables, so each child costs more than the one before: its time grows with the square
of the file, not in proportion to it. It used to be announced as "about 500 children a second";
measured on a shared 2-core machine (issue 19, December 2026: ``benchmarks/load_returns.py``
runs the validator's own reader, ``cin_validator.ingress.XMLtoCSV``), it read

* 2,825 children in 26.4 s (107 a second),
* 9,689 children in 186 s (52 a second).

The model is ``seconds = A * children + B * children**2``, the line through those two points
(worked: 26.4 / 2,825 = A + 2,825 B and 186 / 9,689 = A + 9,689 B, so B = 1.435e-6, A = 0.00529).
It is a pure function of the size (tests/quality/test_estimates.py checks it against the
measured points); a faster or busier machine moves both points, so it is said as an estimate.
"""
from __future__ import annotations

# (children, seconds) measured with the validator's own reader: see the module docstring
MEASURED = ((2825, 26.4), (9689, 186.0))


def _fit() -> tuple[float, float]:
    (n1, t1), (n2, t2) = MEASURED
    b = (t2 / n2 - t1 / n1) / (n2 - n1)
    return t1 / n1 - b * n1, b


A, B = _fit()


def cin_reader_seconds(children: int) -> float:
    """Estimated seconds the CIN validator's reader takes over a census of ``children`` children."""
    return A * children + B * children * children


def duration(seconds: float) -> str:
    """A duration as people say it, rounded to what an estimate deserves: "40 seconds", "3 minutes",
    "about 2 hours"."""
    if seconds < 90:
        return f"{max(10, round(seconds / 10) * 10)} seconds"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} minutes"
    hours = seconds / 3600
    return f"{hours:.0f} hours" if hours >= 10 else f"{hours:.1f} hours"


def cin_reader_words(children: int) -> str:
    """What `carepath validate` says before a big CIN census: the estimate and why it grows."""
    rate = children / max(cin_reader_seconds(children), 1e-9)
    return (f"reading {children:,} children: the CIN validator's reader should take about "
            f"{duration(cin_reader_seconds(children))} (about {rate:,.0f} children a second at this size; it "
            "slows as files grow, each child costing more than the one before)")
