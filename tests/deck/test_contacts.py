"""Logging a contact: the method's four answers, attempts, and the next follow-up."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from carddeck import deck
from carddeck.errors import InvalidInput
from carddeck.store import Card, Channel, Contact, Status, Store
from tests.helpers import at, digest


@pytest.fixture
def ann(store: Store, clock: object) -> int:
    with store.write() as session:
        return deck.add_card(session, deck.CardDraft(name="Ann")).card.id or 0


def log(store: Store, card_id: int, **answers: Any) -> deck.Outcome:
    with store.write() as session:
        now, settings = answers.pop("now", None), answers.pop("settings", deck.DEFAULT_SETTINGS)
        card = deck.get_card(session, card_id)
        return deck.log_contact(session, card, deck.LogEntry(**answers), now=now, settings=settings)


def test_a_reached_contact_records_the_method_and_updates_the_card(store: Store, ann: int) -> None:
    outcome = log(
        store,
        ann,
        rating=6,
        interest=5,
        notch="see it working on their data",
        rating_after=7,
        channel="meeting",
        summary="Walked through pricing",
        next_follow_up=at(2026, 11, 24, 10),
    )
    assert outcome.proposal is not None and not outcome.took_proposal  # a date of our own
    with store.read() as session:
        card = deck.get_card(session, ann)
        (contact,) = deck.contacts_of(session, card)
    assert (card.rating, card.interest, card.notch) == (7, 5, "see it working on their data")
    assert card.status == Status.active and card.attempts == 0 and card.version == 2
    assert card.first_contacted_at == at(2026, 11, 20, 18, 30)
    assert card.next_follow_up == at(2026, 11, 24, 10)
    assert (contact.channel, contact.reached, contact.rating, contact.rating_after) == (
        Channel.meeting,
        True,
        6,
        7,
    )
    assert contact.summary == "Walked through pricing"
    assert contact.next_follow_up == at(2026, 11, 24, 10)


def test_with_no_next_date_the_next_working_day_is_set_and_said(store: Store, ann: int) -> None:
    outcome = log(store, ann, rating=4, interest=3, notch="a reference")
    with store.read() as session:
        assert deck.get_card(session, ann).next_follow_up == at(2026, 11, 23, 9)  # Monday 9:00
    proposal = outcome.proposal
    assert outcome.took_proposal and proposal is not None
    assert (proposal.reason, proposal.when, proposal.channel) == (
        deck.Reason.answered,
        at(2026, 11, 23, 9),
        Channel.call,
    )
    assert outcome.card.next_follow_up == at(2026, 11, 23, 9)


def test_unanswered_attempts_count_up_and_an_answer_resets_them(store: Store, ann: int) -> None:
    for expected in range(1, 8):
        outcome = log(store, ann, reached=False, summary="voicemail")
        assert outcome.card.attempts == expected
    assert outcome.proposal is not None and outcome.proposal.reason == deck.Reason.used_up
    assert outcome.proposal.nurture_until is not None  # offered, not done: still active
    assert outcome.card.status == Status.active
    with store.read() as session:
        card = deck.get_card(session, ann)
        assert card.attempts == 7 and card.rating is None
    log(store, ann, rating=5, interest=6, notch="a trial")
    with store.read() as session:
        assert deck.get_card(session, ann).attempts == 0
        assert len(deck.contacts_of(session, deck.get_card(session, ann))) == 8


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"rating": 0, "interest": 5, "notch": "x"}, "from 1 to 10, not 0"),
        ({"rating": 11, "interest": 5, "notch": "x"}, "from 1 to 10, not 11"),
        ({"rating": 5, "interest": 0, "notch": "x"}, "their interest must be"),
        ({"rating": 5, "interest": 5, "notch": "x", "rating_after": 12}, "rating after"),
        ({"rating": 5, "interest": 5}, "get them to 6"),
        ({"interest": 5, "notch": "x"}, "my rating of the contact is needed"),
        ({"reached": False, "rating": 5}, "nothing to rate"),
        ({"rating": 5, "interest": 5, "notch": "x", "channel": "fax"}, "channel must be"),
        ({"rating": 5, "interest": 5, "notch": "x", "next_follow_up": at(2026, 1, 1)}, "past"),
    ],
)
def test_bad_answers_are_refused_and_nothing_changes(
    store: Store, ann: int, db_path: Any, answers: dict[str, Any], message: str
) -> None:
    before = digest(db_path)
    with pytest.raises(InvalidInput, match=message):
        log(store, ann, **answers)
    assert digest(db_path) == before


def test_interest_ten_needs_no_notch(store: Store, ann: int) -> None:
    log(store, ann, rating=9, interest=10)
    with store.read() as session:
        assert deck.get_card(session, ann).interest == 10


def test_logging_can_shuffle_the_card(store: Store, ann: int) -> None:
    with store.write() as session:
        deck.add_card(session, deck.CardDraft(name="Bob"))
    log(store, ann, rating=8, interest=8, notch="the contract", place="top")
    with store.read() as session:
        assert [c.name for _, c in deck.list_cards(session)] == ["Ann", "Bob"]


def test_closed_cards_take_no_contacts(store: Store, ann: int) -> None:
    with store.write() as session:
        deck.mark_lost(session, deck.get_card(session, ann), reason="no budget")
    with pytest.raises(InvalidInput, match="is lost; reopen it"):
        log(store, ann, rating=9, interest=9, notch="x")
    with store.read() as session:
        assert session.exec(select(Contact)).all() == []
        assert session.exec(select(Card)).one().status == Status.lost


def test_missing_answers_are_the_methods_in_the_order_asked() -> None:
    """What a contact lacks before it can be logged: the CLI asks for these at a terminal
    and names them without one; log_contact refuses the same."""
    from carddeck.deck.contacts import missing_answers

    assert missing_answers(deck.LogEntry(reached=True)) == ["rating", "interest", "notch"]
    assert missing_answers(deck.LogEntry(reached=True, rating=7, interest=6, notch="  ")) == [
        "notch"
    ]
    assert missing_answers(deck.LogEntry(reached=True, rating=7, interest=10)) == []
    assert missing_answers(deck.LogEntry(reached=True, rating=7, interest=6, notch="a trial")) == []
    assert missing_answers(deck.LogEntry(reached=False)) == []


def test_scores_typed_as_text_are_read_as_whole_numbers_each_fault_on_its_own() -> None:
    """A command line's scores: whole numbers read (whether each lies in 1-10 is
    entry_faults's to say), and a fault for each that is not one, by the method's name."""
    from carddeck.deck.contacts import read_scores

    scores, faults = read_scores({"rating": " 7 ", "interest": "abc", "rating_after": "2.5"})
    assert scores == {"rating": 7, "interest": None, "rating_after": None}
    assert [(f.field, str(f)) for f in faults] == [
        ("interest", "their interest must be a whole number from 1 to 10, not 'abc'"),
        ("rating_after", "my rating after must be a whole number from 1 to 10, not '2.5'"),
    ]
    assert read_scores({"rating": "11", "interest": None}) == ({"rating": 11, "interest": None}, [])
    _, [long] = read_scores({"rating": "x" * 40})
    assert str(long).endswith(f"not '{'x' * 29}…'")


def test_a_score_answered_at_a_prompt_is_a_whole_number_from_1_to_10() -> None:
    from carddeck.deck.contacts import read_score

    assert [read_score(t) for t in ("1", " 7 ", "10")] == [1, 7, 10]
    assert read_score("", optional=True) is None
    for typed in ("0", "11", "abc", "", "7.5", "-3", "\u0663", "99999999999999999999"):
        with pytest.raises(InvalidInput, match="a whole number from 1 to 10"):
            read_score(typed)
