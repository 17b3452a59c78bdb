"""Contacts and initial contacts (RIIA 201, board 2), on hand-built children worked out by hand."""
import pytest


def contact(world, child, day, source="6", open_to_csc=None):
    world.put("contact", contact_id=f"{world.cid(child)}/{day}/{source}", child_id=world.cid(child),
              contact_date=day, source=source, open_to_csc=open_to_csc)


def build_front_door(world):
    for child in "ABCDEFGHIJ":
        world.child(child)
    # A: never open. Four contacts in 2024-25 (two on one day from different sources), two outside.
    contact(world, "A", "2024-04-01")                  # first day: in, initial
    contact(world, "A", "2024-09-10")                  # in, initial
    contact(world, "A", "2024-09-10", source="2A")     # same day, another source: a second contact, initial
    contact(world, "A", "2024-03-31")                  # day before the period: out
    contact(world, "A", "2025-04-01")                  # day after: out
    # B: a referral made on 1 May 2024 (from the contact that day), still open
    world.referral("B", "2024-05-01")
    contact(world, "B", "2024-05-01")                  # the referral starts that day: initial
    contact(world, "B", "2024-06-01")                  # open since 1 May: not initial
    # C: episode closed on 15 July 2024
    world.referral("C", "2024-01-10", closure="2024-07-15", reason="RC7")
    contact(world, "C", "2024-07-15")                  # closing that day, still open: not initial
    contact(world, "C", "2024-07-16")                  # closed the day before: initial
    # D: an NFA referral with no closure date does not keep the child open
    world.referral("D", "2024-04-10", nfa=True)
    contact(world, "D", "2024-05-01")                  # initial
    # E: on a CP plan (no referral in the store)
    world.cp_plan("E", "2024-02-01")
    contact(world, "E", "2024-08-01")                  # not initial
    # F: looked after under short breaks (V3): still open to social care
    world.episode("F", "2024-03-01", legal_status="V3")
    contact(world, "F", "2024-08-01")                  # not initial
    # G: came into care on the day of the contact
    world.episode("G", "2024-10-01")
    contact(world, "G", "2024-10-01")                  # initial
    # H: the contact record says the child was open, though the store holds nothing: not initial
    contact(world, "H", "2024-11-01", open_to_csc=True)
    # I: the contact record says not open, though the store has an open referral: initial
    world.referral("I", "2024-04-02")
    contact(world, "I", "2024-11-01", open_to_csc=False)
    # J: open to early help only: initial
    world.put("early_help", early_help_id=f"{world.cid('J')}/2024-04-01", child_id=world.cid("J"),
              start_date="2024-04-01")
    contact(world, "J", "2024-11-01")


def test_contacts_count_every_contact_in_the_period(world):
    build_front_door(world)
    fig = world.figure("contacts", "2024-25")
    # A 3 + B 2 + C 2 + D 1 + E 1 + F 1 + G 1 + H 1 + I 1 + J 1 = 14 (A's two outside are not counted)
    assert fig.numerator == 14
    assert fig.value == 14


def test_initial_contacts_are_contacts_about_children_not_open_at_the_contact_date(world):
    build_front_door(world)
    world.population(2024, 10_000)
    fig = world.figure("initial_contacts", "2024-25")
    # initial: A x3, B 1 May, C 16 July, D, G, I, J = 9; not: B 1 June, C 15 July, E, F, H = 5
    assert fig.numerator == 9
    assert fig.value == pytest.approx(9.0)          # 9 / 10,000 x 10,000
    assert set(world.records("initial_contacts", "2024-25")) == {
        "846/A/2024-04-01/6", "846/A/2024-09-10/6", "846/A/2024-09-10/2A", "846/B/2024-05-01/6",
        "846/C/2024-07-16/6", "846/D/2024-05-01/6", "846/G/2024-10-01/6", "846/I/2024-11-01/6",
        "846/J/2024-11-01/6"}


def test_no_contacts_loaded_is_no_figure(world):
    world.child("A")
    world.referral("A", "2024-05-01")
    fig = world.figure("contacts", "2024-25")
    assert fig.numerator is None and fig.note == "no contact data loaded for this authority"


def test_initial_contacts_need_the_referrals_to_tell_who_was_open(world):
    world.child("A")
    contact(world, "A", "2024-05-01")
    fig = world.figure("initial_contacts", "2024-25")
    assert fig.numerator is None and fig.note == "no referral data loaded for this authority"
