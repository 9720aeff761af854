"""The deck's two adapters answer every question of the port alike: the same deck read
through the ORM (``store/orm_port.py``) and through plain sqlite3 (``store/lite_port.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from carddeck import deck
from carddeck.deck.port import DeckPort, port_of
from carddeck.paths import deck_location
from carddeck.store import Store
from carddeck.store.lite import open_lite
from carddeck.store.lite_port import LiteDeck
from carddeck.store.rows import COLUMNS, CardRow
from tests.helpers import at

pytestmark = pytest.mark.sqlite_only


def _card(found: Any) -> tuple[Any, ...] | None:
    return None if found is None else tuple(getattr(found, n) for n in COLUMNS[CardRow])


def _cards(found: Any) -> list[tuple[Any, ...] | None]:
    return [_card(c) for c in found]


QUESTIONS: dict[str, Any] = {
    "card": lambda p: _card(p.card(2)),
    "no such card": lambda p: _card(p.card(999)),
    "named": lambda p: _cards(p.cards_named("ann lee", 20)),
    "like": lambda p: _cards(p.cards_like("b%", 20)),
    "like, a later word": lambda p: _cards(p.cards_like("% roe%", 20)),
    "same reach": lambda p: _cards(p.same_reach("bob@roe.example", "+12125550100",
                                                exclude=None, do_not_contact=False, limit=5)),
    "same reach, do not contact": lambda p: _cards(p.same_reach(
        None, "+12125550111", exclude=None, do_not_contact=True, limit=1)),
    "same reach, but itself": lambda p: _cards(p.same_reach(
        "bob@roe.example", None, exclude=2, do_not_contact=False, limit=5)),
    "in order": lambda p: _cards(p.in_order()),
    "shared": lambda p: p.shared(),
    "top": lambda p: p.edge(top=True, exclude=None),
    "back but one": lambda p: p.edge(top=False, exclude=1),
    "count": lambda p: p.count(),
    "keys at": lambda p: p.keys_at(1, 1),
    "ahead": lambda p: p.ahead(0, 3),
    "ahead, part way": lambda p: p.ahead(p.card(3).position, 3),
    "ahead, a tie broken by id": lambda p: p.ahead(p.card(3).position, 99),
    "contacts": lambda p: list(p.contacts_newest(1)),
    "channels": lambda p: p.channels_lately(500),
    "sales": lambda p: p.sales_count(4),
    "any erased": lambda p: p.any_erased(),
    "key": lambda p: p.erasure_key(),
    "erased": lambda p: p.erased("email_hash", "nothing"),
}  # fmt: skip


#: The questions whose answer here is nothing, none or 0.
NOTHING = {"no such card", "same reach, but itself", "shared", "top", "ahead", "any erased",
           "erased"}  # fmt: skip


@pytest.fixture
def filled(store: Store, clock: Any) -> Store:
    with store.write() as s:
        people = (("Ann Lee", "+12125550100", None), ("Bob Roe", None, "bob@roe.example"),
                  ("Cy Roe", "+12125550111", None), ("Dee Poe", None, None))  # fmt: skip
        for name, phone, email in people:
            deck.add_card(s, deck.CardDraft(name=name, phone=phone, email=email, place="back"),
                          now=at(2026, 11, 18, 10))  # fmt: skip
        ann, cy, dee = deck.get_card(s, 1), deck.get_card(s, 3), deck.get_card(s, 4)
        deck.log_contact(s, ann, deck.LogEntry(reached=False), now=at(2026, 11, 19, 9))
        deck.log_contact(s, ann, deck.LogEntry(reached=False, channel="text"),
                         now=at(2026, 11, 19, 11))  # fmt: skip
        deck.mark_do_not_contact(s, cy, now=at(2026, 11, 19, 12))
        deck.mark_won(s, dee, value=100, now=at(2026, 11, 19, 13))
        deck.mark_won(s, dee, value=50, now=at(2026, 11, 19, 14))
    return store


@pytest.mark.parametrize("question", list(QUESTIONS))
def test_both_adapters_answer_alike(filled: Store, db_path: Path, question: str) -> None:
    ask = QUESTIONS[question]
    with filled.write() as session:  # (a write: the erasure key is made on first asking)
        theirs = ask(port_of(session))
    lite = open_lite(deck_location(str(db_path)))
    assert lite is not None
    try:
        with lite.write() as conn:
            port: DeckPort = LiteDeck(conn)
            mine = ask(port)
    finally:
        lite.close()
    assert mine == theirs
    if question not in NOTHING:  # (an answer of nothing would prove little)
        assert theirs, question
    assert isinstance(port_of(port), LiteDeck)
