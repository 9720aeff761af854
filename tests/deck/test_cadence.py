"""The cadence after no answer, the cold threshold, lost's "are you sure?", and the deal."""

from __future__ import annotations

from datetime import date

import time_machine

from carddeck import deck
from carddeck.deck.cadence import Doubt, needs_confirming_lost
from carddeck.deck.deal import deal
from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.store import Store
from tests.helpers import at


def no_answer(store: Store, card_id: int, channel: str = "call") -> deck.Outcome:
    with store.write() as session:
        return deck.log_contact(
            session, deck.get_card(session, card_id), deck.LogEntry(reached=False, channel=channel)
        )


def test_unanswered_attempts_follow_the_cadence_over_weekends_and_holidays(store: Store) -> None:
    settings = DEFAULT_SETTINGS._replace(holidays=frozenset({date(2026, 11, 26)}))  # Thanksgiving
    monday = at(2026, 11, 23, 10)
    with time_machine.travel(monday, tick=False), store.write() as session:
        card_id = deck.add_card(session, deck.CardDraft(name="Ann")).card.id or 0
    # first attempt Monday 23 (business day 1); the cadence is days 1, 2, 4, 7, 10, 14, 21
    expected = [at(2026, 11, 24, 9), at(2026, 11, 27, 9), at(2026, 12, 2, 9), at(2026, 12, 7, 9),
                at(2026, 12, 11, 9), at(2026, 12, 22, 9)]  # fmt: skip
    moment = monday
    for attempt, due in enumerate(expected, start=1):
        with time_machine.travel(moment, tick=False), store.write() as session:
            card = deck.get_card(session, card_id)
            outcome = deck.log_contact(
                session, card, deck.LogEntry(reached=False), settings=settings
            )
        assert card.attempts == attempt and card.next_follow_up == due, attempt
        assert outcome.proposal is not None and outcome.took_proposal
        assert (outcome.proposal.reason, outcome.proposal.attempt) == (
            deck.Reason.cadence,
            attempt + 1,
        )
        moment = due
    with time_machine.travel(moment, tick=False), store.write() as session:
        outcome = deck.log_contact(
            session,
            deck.get_card(session, card_id),
            deck.LogEntry(reached=False),
            settings=settings,
        )
    assert outcome.card.attempts == 7
    assert outcome.proposal is not None and outcome.proposal.reason == deck.Reason.used_up
    assert outcome.proposal.nurture_until is not None


def test_the_channel_rotates_through_the_ones_the_owner_uses(store: Store, clock: object) -> None:
    with store.write() as session:
        ann = deck.add_card(session, deck.CardDraft(name="Ann")).card.id or 0
    no_answer(store, ann, "call")
    outcome = no_answer(store, ann, "text")
    assert outcome.proposal is not None
    assert outcome.proposal.channel == "call"  # call, text, then call again
    outcome = no_answer(store, ann, "call")
    assert outcome.proposal is not None and outcome.proposal.channel == "text"
    with store.read() as session:  # and the next contact is offered on the channel whose turn
        assert deck.turn_channel(session, deck.get_card(session, ann), DEFAULT_SETTINGS) == "text"


def test_lost_before_the_seventh_attempt_needs_confirming(store: Store, clock: object) -> None:
    with store.write() as session:
        card = deck.add_card(session, deck.CardDraft(name="Ann")).card
    assert needs_confirming_lost(card, DEFAULT_SETTINGS) == Doubt(attempts=0, goal=7)
    with store.write() as session:
        answered = deck.log_contact(
            session,
            deck.get_card(session, card.id or 0),
            deck.LogEntry(rating=2, interest=1, notch="nothing"),
        )
    assert needs_confirming_lost(answered.card, DEFAULT_SETTINGS) is None  # they said no


def test_cold_means_no_date_or_overdue_beyond_the_threshold(store: Store, clock: object) -> None:
    with store.write() as session:
        for name, due in (("Week late", at(2026, 11, 12, 9)), ("Day late", at(2026, 11, 19, 9))):
            card = deck.add_card(session, deck.CardDraft(name=name, next_follow_up=due)).card
            deck.log_contact(
                session,
                card,
                deck.LogEntry(reached=False, next_follow_up=due),
                now=at(2026, 11, 10, 9),
            )
    with store.read() as session:
        agenda = deck.today(session)
        strict = deck.today(session, settings=DEFAULT_SETTINGS._replace(cold_after_days=0))
    assert [c.name for c in agenda.cold] == ["Week late"]  # 6 business days late: > 5
    assert [c.name for c in agenda.overdue] == ["Day late"]
    assert sorted(c.name for c in strict.cold) == ["Day late", "Week late"]


def test_deal_puts_todays_cards_on_top_best_first(store: Store, clock: object) -> None:
    with store.write() as session:
        deck.add_card(
            session, deck.CardDraft(name="Later", next_follow_up=at(2026, 11, 30, 9), place="back")
        )
        for name, due, rating, interest in (
            ("Warm today", at(2026, 11, 20, 20), 8, 7),
            ("Cool today", at(2026, 11, 20, 20), 3, 2),
            ("Two days late", at(2026, 11, 18, 9), 5, 5),
        ):
            card = deck.add_card(session, deck.CardDraft(name=name, place="back")).card
            deck.log_contact(
                session,
                card,
                deck.LogEntry(rating=rating, interest=interest, notch="x", next_follow_up=due),
                now=at(2026, 11, 17, 9),
            )
    with store.write() as session:
        dealt = deal(session, settings=DEFAULT_SETTINGS)
    assert [d.card.name for d in dealt] == ["Two days late", "Warm today", "Cool today"]
    first = dealt[0]
    assert (first.score, first.overdue_days, first.attempts_left) == (23, 2, 7)
    with store.read() as session:
        assert [c.name for _, c in deck.list_cards(session)] == [
            "Two days late", "Warm today", "Cool today", "Later",
        ]  # fmt: skip


def test_channels_in_use_are_read_from_recent_contacts(store: Store, clock: object) -> None:
    from carddeck.deck import cadence

    with store.write() as session:
        ann = deck.add_card(session, deck.CardDraft(name="Ann")).card.id or 0
    for _ in range(3):
        no_answer(store, ann, "email")
    with store.read() as session:
        assert cadence.owner_channels(session) == ["email"]
    old, cadence.RECENT = cadence.RECENT, 2
    try:
        no_answer(store, ann, "text")
        with store.read() as session:
            assert cadence.owner_channels(session) == ["text", "email"]  # the last 2 only
    finally:
        cadence.RECENT = old


def test_the_proposed_channel_is_one_the_card_can_be_reached_by(store: Store) -> None:
    from carddeck.deck.cadence import turn_channel
    from carddeck.store import Channel

    with store.write() as session:
        mail = deck.add_card(session, deck.CardDraft(name="Dee", email="dee@x.example")).card
        phone = deck.add_card(session, deck.CardDraft(name="Eve", phone="212 555 0134")).card
        bare = deck.add_card(session, deck.CardDraft(name="Fay")).card
        emailing = DEFAULT_SETTINGS._replace(default_channel="email")
        assert turn_channel(session, mail, DEFAULT_SETTINGS) == Channel.email  # not a call
        assert turn_channel(session, phone, emailing) == Channel.call  # no address to mail
        assert turn_channel(session, bare, DEFAULT_SETTINGS) == Channel.call  # as set
        logged = deck.log_contact(session, mail, deck.LogEntry(reached=False))
    assert logged.contact is not None and logged.contact.channel == Channel.email
    assert logged.proposal is not None and logged.proposal.channel == Channel.email
