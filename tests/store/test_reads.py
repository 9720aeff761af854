"""The read port's two adapters agree: today's sections and lists in deck order read with
plain SQL (``store/litereads.py``) are the ORM's (``store/ormreads.py``), card for card,
count for count and place for place, on a deck of every status, date and seller."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from carddeck.deck.agenda import SECTIONS, bounds
from carddeck.deck.order import GAP
from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.paths import DeckLocation
from carddeck.store import litereads, open_store, ormreads
from carddeck.store.kinds import OPEN_STATUSES, Status
from carddeck.store.litereads import LiteReads
from carddeck.store.models import stored
from carddeck.store.ormreads import OrmReads
from carddeck.store.reading import Filter, Part

NOW = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
STATUSES = ["new", "new", "active", "active", "active", "nurture", "won", "lost",
            "do_not_contact"]  # fmt: skip
SELLERS = [None, None, "ann", "bob"]


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 cards: every status, dates from a month back to a month ahead (and none), some
    new leads called already, some cards sharing a key in the deck's order."""
    path = tmp_path_factory.mktemp("reads") / "deck.sqlite"
    open_store(DeckLocation(path, False)).close()
    rows = []
    for i in range(1, 2_001):
        status = STATUSES[i % len(STATUSES)]
        due = None if i % 11 == 0 else NOW + timedelta(hours=(i * 37) % 1_500 - 750)
        called = NOW - timedelta(days=3) if status != "new" or i % 7 == 0 else None
        rows.append((f"Lead {i}", status, stored(due) if due else None,
                     stored(NOW - timedelta(hours=i % 300)), stored(called) if called else None,
                     (i // 3) * GAP, SELLERS[i % 4]))  # fmt: skip
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO card (name, status, next_follow_up, created_at, updated_at,"
            " first_contacted_at, position, owner, kind, stage, attempts, version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'lead', 'rapport', 0, 1)",
            [(n, s, d, c, c, f, p, o) for n, s, d, c, f, p, o in rows],
        )
    conn.close()
    return path


@pytest.fixture
def both(deck: Path) -> Iterator[tuple[LiteReads, OrmReads]]:
    store = open_store(DeckLocation(deck, False))
    conn = sqlite3.connect(deck)
    try:
        with store.read() as session:
            yield LiteReads(conn), OrmReads(session)
    finally:
        conn.close()
        store.close()


def ids(cards: Any) -> list[int]:
    return [card.id for card in cards]


@pytest.mark.parametrize("owner", [None, "ann"])
@pytest.mark.parametrize("limit", [None, 1, 7, 50])
def test_each_section_is_the_same_through_both(
    both: tuple[LiteReads, OrmReads], owner: str | None, limit: int | None
) -> None:
    lite, orm = both
    lines = bounds(NOW, DEFAULT_SETTINGS)
    for section in SECTIONS:
        light_total, light_cards = lite.section(section, lines, owner=owner, limit=limit)
        orm_total, orm_cards = orm.section(section, lines, owner=owner, limit=limit)
        assert (light_total, ids(light_cards)) == (orm_total, ids(orm_cards)), section
        assert light_total > 0 or section == "customers" and owner == "ann", section


FILTERS = [
    Filter(OPEN_STATUSES),
    Filter(OPEN_STATUSES, due_by=NOW),
    Filter(OPEN_STATUSES, due_by=NOW, owner="bob"),
    Filter(None),
    Filter((Status.lost,)),
    Filter((Status.won, Status.new), owner="ann"),
    Filter(None, due_by=NOW - timedelta(days=40)),  # none due that long ago
]


@pytest.mark.parametrize("wanted", FILTERS)
@pytest.mark.parametrize("limit", [None, 1, 50, 5_000])
def test_each_list_is_the_same_through_both(both: tuple[LiteReads, OrmReads], wanted: Filter,
                                            limit: int | None) -> None:  # fmt: skip
    lite, orm = both
    light, heavy = lite.listing(wanted, limit), orm.listing(wanted, limit)
    assert [(n, c.id) for n, c in light.rows] == [(n, c.id) for n, c in heavy.rows]
    assert light.total == heavy.total


def test_a_cards_contacts_are_the_same_through_both(both: tuple[LiteReads, OrmReads],
                                                    deck: Path) -> None:  # fmt: skip
    with sqlite3.connect(deck) as conn:
        conn.executemany(
            "INSERT INTO contact (card_id, at, channel, reached) VALUES (5, ?, ?, ?)",
            [(stored(NOW - timedelta(hours=h % 3)), "call", h % 2) for h in range(6)],
        )
    conn.close()
    lite, orm = both
    light, heavy = lite.contacts(5), orm.contacts(5)
    assert [(c.id, c.at, c.channel, c.reached) for c in light] == [
        (c.id, c.at, c.channel, c.reached) for c in heavy
    ]
    assert len(light) == 6 and lite.contacts(6) == []


def view_parts() -> Iterator[tuple[str, Part]]:
    """Every part of every view of the screen (``deck/views.py``), of everyone's cards and
    of one seller's, found by a search or not."""
    from carddeck.deck import views
    from carddeck.deck.viewkinds import Query, View

    for view in View:
        for owner in (None, "ann"):
            for search in ("", "lead 1", "12"):
                query = Query(view, search, DEFAULT_SETTINGS, owner=owner)
                for number, part in enumerate(views.parts(query, NOW)):
                    yield f"{view}/{owner}/{search!r}/{number}", part


@pytest.mark.parametrize("split", [True, False], ids=["by status", "sorted"])
@pytest.mark.parametrize("limit", [1, 7, 100])
@pytest.mark.parametrize("offset", [0, 1, 60])
def test_each_view_s_part_is_the_same_through_both(
    both: tuple[LiteReads, OrmReads], offset: int, limit: int, split: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Both ways of reading a worked section (a status at a time near its top, one sorted
    query past it) in both adapters."""
    if not split:
        monkeypatch.setattr(litereads, "_SPLIT_AT_MOST", 0)
        monkeypatch.setattr(ormreads, "_SPLIT_AT_MOST", 0)
    lite, orm = both
    seen = 0
    for name, part in view_parts():
        light, heavy = lite.lines(part, offset, limit), orm.lines(part, offset, limit)
        assert light == heavy, name
        assert all(isinstance(line.status, Status) for line in light)
        size = lite.size(part)
        assert size == orm.size(part), name
        assert len(light) == max(0, min(limit, size - offset)), name
        seen += bool(light)
        if light:
            assert (
                lite.place(part, light[-1].id)
                == orm.place(part, light[-1].id)
                == (offset + len(light) - 1)
            ), name
        assert lite.place(part, 10_000) is orm.place(part, 10_000) is None
        for card_id in (3, 1_001, 1_990):  # ahead of the deck's middle, and past it
            assert lite.place(part, card_id) == orm.place(part, card_id), (name, card_id)
    assert seen > (20 if offset else 50)  # of 60: or the check is empty


def test_a_card_whole_is_the_same_through_both(both: tuple[LiteReads, OrmReads]) -> None:
    lite, orm = both
    light, heavy = lite.card(7), orm.card(7)
    assert light is not None and heavy is not None
    assert (light.id, light.name, light.status, light.next_follow_up, light.position) == (
        heavy.id, heavy.name, heavy.status, heavy.next_follow_up, heavy.position
    )  # fmt: skip
    assert lite.card(10_000) is orm.card(10_000) is None
