"""Undo: steps taken back in order, and refused when the card changed elsewhere."""

from __future__ import annotations

import pytest
from sqlmodel import select

from carddeck import deck
from carddeck.deck.undo import after_change, before_change, undo
from carddeck.errors import Conflict
from carddeck.store import Contact, Status, Store


def test_steps_undo_in_order(store: Store, clock: object) -> None:
    with store.write() as s:
        card_id = deck.add_card(s, name="Ann").card.id or 0
    steps = []
    for label, change in (
        ("log", lambda s, c: deck.log_contact(s, c, rating=5, interest=5, notch="x")),
        ("won", lambda s, c: deck.mark_won(s, c)),
    ):
        with store.write() as s:
            card = deck.get_card(s, card_id)
            step = before_change(label, card)
            outcome = change(s, card)
            s.flush()
            steps.append(after_change(step, card, outcome.contact))
    while steps:
        step = steps.pop()
        with store.write() as s:
            undo(s, step, steps)
    with store.read() as s:
        card = deck.get_card(s, card_id)
        assert (card.status, card.rating, card.attempts) == (Status.new, None, 0)
        assert s.exec(select(Contact)).all() == []


def test_undo_is_refused_after_a_change_elsewhere(store: Store, clock: object) -> None:
    with store.write() as s:
        card = deck.add_card(s, name="Ann").card
        step = before_change("won", card)
        deck.mark_won(s, card)
        after_change(step, card)
    with store.write() as s:  # someone reopens it meanwhile
        deck.reopen(s, deck.get_card(s, card.id or 0))
    with pytest.raises(Conflict, match="changed again since the won"):
        with store.write() as s:
            undo(s, step)
    with store.read() as s:
        assert deck.get_card(s, card.id or 0).status == Status.new  # reopened, never called
