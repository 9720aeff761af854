"""The first page the screen draws from a plain sqlite3 read (``deck/firstpage.py``) is
the first page of the view as ``deck/views.py`` pages it through the ORM, row for row."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import time_machine

from carddeck import deck
from carddeck.deck import clock as deck_clock
from carddeck.deck import firstpage, views
from carddeck.deck.viewkinds import Query, View
from carddeck.paths import DeckLocation
from carddeck.store import open_store
from carddeck.store.lite import open_lite
from carddeck.store.litereads import LiteReads
from tests.deck.test_views import build


@pytest.mark.parametrize("owner", [None, "ann"])
def test_each_light_view_s_first_page_is_the_view_s(
    db_path: Path, clock: time_machine.Coordinates, owner: str | None
) -> None:
    store = open_store(DeckLocation(db_path, False))
    build(store)
    with store.write() as s:  # closed cards, and some of them someone's
        for number, card in enumerate(deck.list_cards(s)):
            if number % 2:
                card[1].owner = "ann"
            if number % 3 == 0:
                deck.mark_won(s, card[1])
    now = deck_clock.now()
    lite = open_lite(DeckLocation(db_path, False))
    assert lite is not None
    for view in firstpage.LIGHT_VIEWS:
        query = Query(view, owner=owner)
        for limit in (1, 3, 100):
            with store.read() as s:
                expected = views.page(s, query, 0, limit, now=now)
            with lite.read() as conn:
                found = firstpage.first_page(LiteReads(conn), query, limit, now=now)
            assert found is not None
            assert [row for row, _ in found] == expected, (view, limit)
            assert [card.id for _, card in found] == [row.id for row in expected]
    assert firstpage.first_page(LiteReads(lite.conn), Query(View.inbox), 9, now=now) is None
    lite.close()
    store.close()


@pytest.mark.parametrize("start", ["auto", "deck", "cold"])
def test_the_view_opened_on_is_the_view_s(
    db_path: Path, clock: time_machine.Coordinates, start: str
) -> None:
    store = open_store(DeckLocation(db_path, False))
    settings = replace(deck.DEFAULT_SETTINGS, start_view=start)
    lite = open_lite(DeckLocation(db_path, False))
    assert lite is not None
    for filled in (False, True):  # nothing due, then something
        if filled:
            build(store)
        with store.read() as s:
            expected = views.start_view(s, settings)
        with lite.read() as conn:
            query, _ = firstpage.opening(LiteReads(conn), Query(settings=settings),
                                         started=False, limit=5, now=deck_clock.now())  # fmt: skip
        assert query.view == expected
    lite.close()
    store.close()
