"""What the runner scripts share: the request/answer protocol and plain-message errors.

A runner reads one JSON request from stdin and writes one JSON answer to stdout:
``{"ok": true, "issues": [...], "rules_run": [...], "rules_failed": [...], "notes": [...]}``
or ``{"ok": false, "error": "plain message", "env_broken": bool, "detail": "traceback"}``.
The validators print and log freely; that chatter is kept off stdout (it goes to stderr) so
that stdout carries nothing but the answer. Runs under the validators' Python (3.11, pandas 1.5).
"""
import contextlib
import io
import json
import logging
import math
import sys
import traceback


class RunnerError(Exception):
    """Something the user can act on (a file the validator cannot read); said plainly."""


def plain(value):
    """A value from a validator's table as JSON-friendly text (dates as ISO dates, NaN as None)."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "strftime"):
        try:
            return value.strftime("%Y-%m-%d")
        except ValueError:  # NaT
            return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    text = str(value)
    return None if text in ("nan", "NaT", "<NA>", "None") else text


def quiet_logging():
    """The validators log every rule at INFO to stderr; keep warnings and errors only."""
    logging.getLogger().setLevel(logging.WARNING)


def serve(run):
    """Read the request, call ``run(request, chatter)``, print the answer; never a bare traceback."""
    answer_stream = sys.stdout
    chatter = io.StringIO()
    try:
        request = json.load(sys.stdin)
        with contextlib.redirect_stdout(chatter):
            result = run(request, chatter)
        answer = {"ok": True, **result}
    except RunnerError as exc:
        answer = {"ok": False, "error": str(exc)}
    except ImportError as exc:
        answer = {"ok": False, "env_broken": True, "error": f"cannot import {exc.name or exc}",
                  "detail": traceback.format_exc()}
    except Exception as exc:  # the validator crashed on this data: report it, do not die
        answer = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "detail": traceback.format_exc()}
    sys.stderr.write(chatter.getvalue())
    json.dump(answer, answer_stream)
    answer_stream.write("\n")
    answer_stream.flush()
    return 0 if answer["ok"] else 1
