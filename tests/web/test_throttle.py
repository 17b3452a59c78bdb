"""Sign-in throttling, rule by rule, through the running app with an injected clock (no sleeping).

The rules (carepath.web.throttle): per account and address 3 free wrong passwords, then waits of
1, 2, 4 ... s (at most 15 min); per account from any address 10 free, then 1, 2, 4 ... s (at most
60 s); per address over any account 5 free, then 1, 2, 4 ... s (at most 15 min). A wait runs
from the latest wrong password; tries during a wait are refused unchecked and not counted.
"""
from __future__ import annotations

import re

from fastapi.testclient import TestClient

from carepath.web.audit import entries
from tests.web import world


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _site_with_clock(site):
    app = site.app()
    clock = Clock()
    app.state.web.throttle.clock = clock
    return app, clock


def _try(app, address: str, username: str, password: str) -> str:
    """One sign-in from ``address``: 'in', 'wrong' or 'throttled <seconds>'."""
    client = TestClient(app, client=(address, 40000))
    page = client.get("/sign-in")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
    response = client.post("/sign-in", data={"username": username, "password": password, "form_token": token,
                                             "next": "/overview"}, follow_redirects=False)
    location = response.headers["location"]
    if location == "/overview":
        return "in"
    if "problem=wrong" in location:
        return "wrong"
    wait = re.search(r"wait=(\d+)", location)
    return f"throttled {wait.group(1)}" if wait else location


def test_wrong_passwords_for_one_account_make_it_wait_longer_and_the_right_one_then_signs_in(site):
    app, clock = _site_with_clock(site)
    for _ in range(4):                                     # 3 free; the 4th is checked too (wait was 0)
        assert _try(app, "10.0.0.1", "cat", "not it") == "wrong"
    # 4 wrong -> wait 2^(4-3-1) = 1 s from the 4th
    clock.now += 0.5
    assert _try(app, "10.0.0.1", "cat", world.PASSWORD) == "throttled 1"    # even the right password, for now
    clock.now += 0.5                                       # 1 s after the 4th
    assert _try(app, "10.0.0.1", "cat", "not it") == "wrong"
    # 5 wrong -> wait 2 s; the early try above was not counted, so it is not 4 s
    clock.now += 1.5
    assert _try(app, "10.0.0.1", "cat", world.PASSWORD) == "throttled 1"
    clock.now += 0.5
    assert _try(app, "10.0.0.1", "cat", world.PASSWORD) == "in"
    # signing in clears the account's count: the next wrong password is checked at once
    assert _try(app, "10.0.0.1", "cat", "not it") == "wrong"
    refused = entries(app.state.web.accounts, username="cat", action="throttled")[0]
    assert len(refused) == 2 and refused[0].outcome == "refused" and refused[0].address == "10.0.0.1"


def test_the_wait_shows_on_the_sign_in_page(site):
    app, _ = _site_with_clock(site)
    for _ in range(4):
        _try(app, "10.0.0.2", "ann", "not it")
    page = TestClient(app, client=("10.0.0.2", 1)).get("/sign-in?problem=throttled&wait=1")
    assert "Wait 1 second and try again: the right password then signs you in." in page.text


def test_guesses_from_many_addresses_keep_the_real_user_out_for_a_minute_at_most(site):
    app, clock = _site_with_clock(site)
    # 20 wrong passwords for 'lead', each from its own address, each as soon as the account allows:
    # 10 free, then waits 1, 2, 4, 8, 16, 32, 60, 60, 60 s (2^n capped at 60).
    waited = []
    for i in range(20):
        outcome = _try(app, f"10.1.0.{i}", "lead", "not it")
        if outcome.startswith("throttled"):
            seconds = int(outcome.split()[1])
            waited.append(seconds)
            clock.now += seconds
            outcome = _try(app, f"10.1.0.{i}", "lead", "not it")
        assert outcome == "wrong"
    assert waited == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    # after the 20th the wait is 60 s (not 2^9 = 512): the real user, from their own address, gets in then
    assert _try(app, "192.168.1.5", "lead", world.PASSWORD) == "throttled 60"
    clock.now += 60
    assert _try(app, "192.168.1.5", "lead", world.PASSWORD) == "in"


def test_one_address_guessing_across_many_names_is_slowed(site):
    app, clock = _site_with_clock(site)
    # 40 guesses from one address at 40 different names, one a second (t = 0 .. 39). By hand:
    # address rule: 5 free, then 1, 2, 4, 8, 16, 32 s after the 6th, 7th ... wrong password.
    # checked at t=0,1,2,3,4 (free), 5 (5 wrong: no wait), 6 (6 wrong at 5: wait 1), 8 (wait 2 from 6),
    # 12 (wait 4 from 8), 20 (wait 8 from 12), 36 (wait 16 from 20); next would be 36 + 32 = 68.
    checked = []
    for t in range(40):
        outcome = _try(app, "10.9.9.9", f"guess{t}", "Winter2024!")
        if outcome == "wrong":
            checked.append(t)
        else:
            assert outcome.startswith("throttled")
        clock.now += 1
    assert checked == [0, 1, 2, 3, 4, 5, 6, 8, 12, 20, 36]
    # another address is not slowed by this one
    assert _try(app, "10.9.9.10", "ann", world.PASSWORD) == "in"


def test_wrong_passwords_are_forgotten_after_an_hour(site):
    app, clock = _site_with_clock(site)
    for _ in range(6):                                     # 6 wrong, waiting out each wait
        outcome = _try(app, "10.0.0.3", "alpha", "not it")
        if outcome.startswith("throttled"):
            clock.now += int(outcome.split()[1])
            outcome = _try(app, "10.0.0.3", "alpha", "not it")
        assert outcome == "wrong"
    clock.now += 3601                                      # the last of them is now over an hour old
    # counting from zero again: 4 tries back to back are all checked (3 free + the 4th);
    # had the 6 been remembered, the 8th wrong password would make the next try wait 2^(8-4) = 16 s
    assert [_try(app, "10.0.0.3", "alpha", "not it") for _ in range(4)] == ["wrong"] * 4
    assert _try(app, "10.0.0.3", "alpha", world.PASSWORD) == "throttled 1"
