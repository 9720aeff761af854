"""Each view of the screen is defined once (``deck/views.py``'s parts) and read the same
through either adapter of the read port: the ORM's on SQLite and PostgreSQL, and plain
sqlite3 (the screen's first card) on SQLite, row for row, page by page; the view the screen
opens on is the same whichever reads it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import time_machine

from carddeck import deck
from carddeck.deck import clock as deck_clock
from carddeck.deck import views
from carddeck.deck.reads import ReadPort
from carddeck.deck.viewkinds import Query, Row, View
from carddeck.paths import deck_location
from carddeck.store import Store
from carddeck.store.kinds import CLOSED_STATUSES, OPEN_STATUSES
from carddeck.store.lite import open_lite
from carddeck.store.litereads import LiteReads
from carddeck.store.ormreads import OrmReads
from carddeck.store.reading import Filter, Section
from tests.deck.test_views import build
from tests.helpers import at


def fill(store: Store) -> None:
    """The views' deck (tests/deck/test_views.py), a few more new leads, a third of it won
    and half of it Ann's."""
    build(store)
    with store.write() as s:
        for n in range(6):
            deck.add_card(s, deck.CardDraft(name=f"Lead {n}", company="Lee Dental"),
                          now=at(2026, 11, 20, 9 + n))  # fmt: skip
        for number, (_, card) in enumerate(deck.list_cards(s)):
            if number % 2:
                card.owner = "ann"
            if number % 3 == 0:
                deck.mark_won(s, card)


@contextmanager
def both(store: Store, deck_at: str) -> Iterator[list[ReadPort]]:
    """The read ports over the deck: the ORM's, and on SQLite the plain one too."""
    lite = open_lite(deck_location(deck_at)) if "://" not in deck_at else None
    try:
        with store.read() as session:
            if lite is None:
                yield [OrmReads(session)]
                return
            with lite.read() as conn:
                yield [OrmReads(session), LiteReads(conn)]
    finally:
        if lite is not None:
            lite.close()


def ids(rows: list[Row]) -> list[int]:
    return [row.id for row in rows]


@pytest.mark.parametrize("owner", [None, "ann"])
def test_each_view_reads_the_same_through_each_adapter(
    store: Store, deck_at: str, clock: time_machine.Coordinates, owner: str | None
) -> None:
    fill(store)
    now = deck_clock.now()
    with both(store, deck_at) as ports:
        orm = ports[0]
        for view in View:
            for search in ("", "lee"):
                query = Query(view, search, owner=owner)
                whole = views.page(orm, query, 0, 1_000, now=now)
                # read a status at a time near a section's top, past it in one sorted query
                assert views.page(orm, query, 0, 5_000, now=now) == whole, view
                assert views.count(orm, query, now=now) == len(whole), view
                for reads in ports:
                    for limit in (1, 3, 100):
                        for offset in (0, 1, 3):
                            found = views.page(reads, query, offset, limit, now=now)
                            assert found == whole[offset : offset + limit], (view, reads, limit)
                    for n, row in enumerate(whole):
                        assert views.index_of(reads, query, row.id, now=now) == n, (view, reads)
                    assert views.sections(reads, query, now=now) == views.sections(
                        orm, query, now=now
                    )  # fmt: skip
        # the views hold the cards the CLI's reads (other code) find
        agenda = deck.today(orm, owner=owner, now=now)
        today = views.page(orm, Query(View.today, owner=owner), 0, 1_000, now=now)
        assert [(r.section, r.id) for r in today] == [
            (s, c.card.id if s == Section.new else c.id) for s in Section
            for c in (agenda.new if s == Section.new else agenda.cards(s))  # type: ignore[union-attr]
        ]  # fmt: skip
        assert today and any(r.section == Section.new for r in today)
        cold = views.page(orm, Query(View.cold, owner=owner), 0, 1_000, now=now)
        assert ids(cold) == [c.id for c in agenda.cold]
        for view, statuses in ((View.deck, OPEN_STATUSES), (View.closed, CLOSED_STATUSES)):
            listed = orm.listing(Filter(statuses, owner=owner), None)
            found = views.page(orm, Query(view, owner=owner), 0, 1_000, now=now)
            assert ids(found) == [c.id for _, c in listed.rows] and found, view


@pytest.mark.parametrize("start", ["auto", "deck", "cold"])
def test_the_view_opened_on_is_the_same_through_each_adapter(
    store: Store, deck_at: str, clock: time_machine.Coordinates, start: str
) -> None:
    settings = deck.DEFAULT_SETTINGS._replace(start_view=start)
    now = deck_clock.now()
    for filled in (False, True):  # nothing due, then something
        if filled:
            fill(store)
        with both(store, deck_at) as ports:
            expected = views.start_view(ports[0], settings, now=now)
            for reads in ports:
                for owner in (None, "ann", "zed"):
                    query, rows, card = views.opening(
                        reads, Query(settings=settings, owner=owner), started=False, limit=5,
                        now=now,
                    )  # fmt: skip
                    assert rows == views.page(ports[0], query, 0, 5, now=now)
                    assert (card.id if card else None) == (rows[0].id if rows else None)
                    if owner is None or expected != View.today:
                        assert query.view == expected, (reads, owner)
                    else:  # a seller opens on today while anyone's card is due
                        assert query.view == View.today
                started = Query(View.closed, settings=settings)
                query, rows, card = views.opening(reads, started, started=True, limit=5, now=now)
                assert query == started
                assert rows == views.page(ports[0], started, 0, 5, now=now)
