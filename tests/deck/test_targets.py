"""The owner's targets against the scoreboard's figures, on a month of leads worked out by
hand (tests/helpers.py: a_month_of_leads)."""

from __future__ import annotations

from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.deck.stats import scoreboard
from carddeck.store import Store
from tests.helpers import FRIDAY_EVENING, a_month_of_leads, at

SHORT_OF_THEM = DEFAULT_SETTINGS._replace(
    target_leads_per_month=10,
    target_close_rate=40,
    target_first_contact_share=90,
)
MET = DEFAULT_SETTINGS._replace(
    target_leads_per_month=5,
    target_close_rate=30,
    target_first_contact_share=60,
    target_attempts=4,
)


def test_each_figure_against_its_target(store: Store) -> None:
    a_month_of_leads(store)
    with store.read() as s:
        short = scoreboard(s, settings=SHORT_OF_THEM, now=FRIDAY_EVENING).as_dict()["targets"]
        met = scoreboard(s, settings=MET, now=FRIDAY_EVENING).as_dict()["targets"]
    assert short == {
        "leads_per_month": {"figure": 5, "target": 10, "met": False, "progress": 0.5, "of": 5},
        "close_rate": {"figure": 0.333, "target": 0.4, "met": False, "progress": 0.833, "of": 3},
        "first_contact_share": {
            "figure": 0.6, "target": 0.9, "met": False, "progress": 0.667, "of": 5,
        },
        # the cadence's length, 7, unless set: Bob got 2, Cy 7
        "attempts": {"figure": 4.5, "target": 7, "met": False, "progress": 0.643, "of": 2,
                     "short_of_target": 1},
    }  # fmt: skip
    assert {name: t["met"] for name, t in met.items()} == dict.fromkeys(met, True)
    assert met["leads_per_month"]["progress"] == 1.0  # 5 of 5: met exactly
    assert met["attempts"]["short_of_target"] == 1  # Bob's 2 still fall short of 4


def test_no_target_is_no_verdict(store: Store) -> None:
    a_month_of_leads(store)
    with store.read() as s:
        board = scoreboard(s, now=FRIDAY_EVENING)  # the defaults: 90% called, 7 attempts
    found = {t.name: t for t in board.targets}
    assert found["leads_per_month"].target is None and found["leads_per_month"].met is None
    assert found["leads_per_month"].figure == 5  # the figure is still there
    assert found["close_rate"].target is None
    assert found["first_contact_share"].target == 0.9
    assert found["attempts"].target == 7
    cadence_of_five = DEFAULT_SETTINGS._replace(cadence=(1, 2, 4, 7, 10))
    with store.read() as s:
        five = scoreboard(s, settings=cadence_of_five, now=FRIDAY_EVENING).targets
    assert five[-1].target == 5 and five[-1].short == 1


def test_since_and_the_month(store: Store) -> None:
    a_month_of_leads(store)
    with store.read() as s:
        recent = {t.name: t for t in scoreboard(s, since=at(2026, 11, 9), now=FRIDAY_EVENING,
                                                settings=SHORT_OF_THEM).targets}  # fmt: skip
        # a week later Eve's window has closed uncalled: a miss now
        later = scoreboard(s, settings=SHORT_OF_THEM, now=at(2026, 11, 27, 9)).targets
        december = scoreboard(s, settings=SHORT_OF_THEM, now=at(2026, 12, 1, 9)).targets
    # leads this month are the calendar month so far, whatever --since says
    assert recent["leads_per_month"].figure == 5
    assert recent["close_rate"].figure is None and recent["close_rate"].met is None
    assert recent["attempts"].figure == 7 and recent["attempts"].met  # Cy only
    assert (recent["first_contact_share"].figure, recent["first_contact_share"].of) == (0.5, 2)
    assert (later[2].figure, later[2].of) == (0.5, 6)
    assert december[0].figure == 0 and december[0].progress == 0.0
