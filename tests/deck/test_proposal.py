"""The one function that proposes what comes after a contact, and log_contact taking it."""

from __future__ import annotations

from carddeck import deck
from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.store import Channel, Status, Store
from tests.helpers import at


def propose(store: Store, card_id: int, *, reached: bool, channel: Channel | None = None,
            settings: deck.Settings = DEFAULT_SETTINGS) -> deck.Proposal:  # fmt: skip
    with store.read() as s:
        card = deck.get_card(s, card_id)
        return deck.propose_next(s, card, reached=reached, channel=channel,
                                 now=at(2026, 11, 23, 10), settings=settings)  # fmt: skip


def attempt(store: Store, card_id: int, channel: str, day: int) -> deck.Outcome:
    with store.write() as s:
        card = deck.get_card(s, card_id)
        return deck.log_contact(s, card, deck.LogEntry(reached=False, channel=channel),
                                now=at(2026, 11, day, 10))  # fmt: skip


def test_after_an_answer_the_next_working_day_by_the_same_channel(store: Store) -> None:
    with store.write() as s:
        card_id = deck.add_card(s, deck.CardDraft(name="Ann"), now=at(2026, 11, 20, 9)).card.id
    assert card_id is not None
    proposal = propose(store, card_id, reached=True, channel=Channel.text)
    assert (proposal.when, proposal.channel, proposal.reason) == (
        at(2026, 11, 24, 9), Channel.text, deck.Reason.answered,
    )  # fmt: skip
    met = propose(store, card_id, reached=True, channel=Channel.meeting)
    assert met.channel == Channel.call  # after a meeting: follow up remotely (the default)


def test_unanswered_attempts_rotate_only_through_remote_channels(store: Store) -> None:
    with store.write() as s:
        ann = deck.add_card(s, deck.CardDraft(name="Ann"), now=at(2026, 11, 16, 9)).card.id or 0
        bob = deck.add_card(s, deck.CardDraft(name="Bob"), now=at(2026, 11, 16, 9)).card.id or 0
    with store.write() as s:  # the owner meets people and texts them, and calls
        deck.log_contact(
            s,
            deck.get_card(s, bob),
            deck.LogEntry(rating=5, interest=5, notch="x", channel="meeting"),
            now=at(2026, 11, 16, 10),
        )
    attempt(store, ann, "call", 17)
    outcome = attempt(store, ann, "text", 18)
    assert outcome.proposal is not None and outcome.proposal.channel == Channel.call
    for reached_by in (Channel.meeting, Channel.other):
        proposal = propose(store, ann, reached=False, channel=reached_by)
        assert proposal.channel in (Channel.call, Channel.text)  # never a meeting or "other"


def test_the_third_attempt_is_proposed_from_the_cadence(store: Store) -> None:
    with store.write() as s:
        card_id = deck.add_card(s, deck.CardDraft(name="Ann"), now=at(2026, 11, 16, 9)).card.id
    assert card_id is not None
    attempt(store, card_id, "call", 17)  # business day 1: Tuesday 17
    proposal = propose(store, card_id, reached=False, channel=Channel.call)
    # the 2nd attempt being logged now; the 3rd is on business day 4: Friday 20, but that is
    # behind the clock (Monday 23), so the next working day
    assert (proposal.attempt, proposal.day, proposal.reason) == (3, 4, deck.Reason.cadence)
    assert proposal.when == at(2026, 11, 24, 9)


def test_once_the_cadence_is_used_up_nurture_is_offered_and_taken(store: Store) -> None:
    settings = DEFAULT_SETTINGS._replace(cadence=(1, 2, 3))  # a goal of three attempts
    with store.write() as s:
        card_id = deck.add_card(s, deck.CardDraft(name="Ann"), now=at(2026, 11, 16, 9)).card.id
    assert card_id is not None
    attempt(store, card_id, "call", 17)
    attempt(store, card_id, "call", 18)
    proposal = propose(store, card_id, reached=False, settings=settings)
    assert proposal.reason == deck.Reason.used_up and proposal.goal == 3
    assert proposal.nurture_until is not None
    with store.write() as s:
        card = deck.get_card(s, card_id)
        entry = deck.LogEntry(reached=False, nurture_until=proposal.nurture_until)
        outcome = deck.log_contact(s, card, entry, now=at(2026, 11, 23, 10), settings=settings)
    assert outcome.card.status == Status.nurture and outcome.card.attempts == 3
    assert outcome.card.next_follow_up == proposal.nurture_until
    assert outcome.contact is not None
    assert outcome.contact.next_follow_up == proposal.nurture_until
