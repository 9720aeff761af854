"""The deck's order: moves keep it, and write a constant number of rows."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from carddeck import deck
from carddeck.deck.order import GAP, rebalance
from carddeck.deck.records import Place
from carddeck.store import Card, Store, sql
from carddeck.store.models import stored
from tests.helpers import FRIDAY_EVENING

STAMP = stored(FRIDAY_EVENING)


def fill(store: Store, count: int) -> None:
    """``count`` cards in id order, spaced as the app spaces them."""
    with store.write() as s:
        sql.raw(s).executemany(
            "INSERT INTO card (name, kind, status, stage, attempts, created_at, updated_at,"
            " position, version) VALUES (?, 'lead', 'new', 'rapport', 0, ?, ?, ?, 1)",
            [(f"Lead {i}", STAMP, STAMP, i * GAP) for i in range(1, count + 1)],
        )


def names(store: Store) -> list[str]:
    with store.read() as session:
        return [c.name for _, c in deck.list_cards(session)]


def rows_written(session: Session) -> int:
    """Rows inserted, updated or deleted so far (SQLite: by the connection; PostgreSQL: in
    the transaction): the tests compare two counts."""
    query = (
        "SELECT total_changes()" if not sql.is_server(session) else
        "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
        " FROM pg_stat_xact_user_tables"
    )  # fmt: skip
    return int(session.connection().exec_driver_sql(query).scalar_one())


def test_top_back_and_place_n(store: Store) -> None:
    fill(store, 5)
    with store.write() as session:
        deck.move(session, deck.get_card(session, 3), "top")
    assert names(store) == ["Lead 3", "Lead 1", "Lead 2", "Lead 4", "Lead 5"]
    with store.write() as session:
        deck.move(session, deck.get_card(session, 1), "back")
    assert names(store) == ["Lead 3", "Lead 2", "Lead 4", "Lead 5", "Lead 1"]
    with store.write() as session:
        deck.move_to(session, deck.get_card(session, 1), 2)
    assert names(store) == ["Lead 3", "Lead 1", "Lead 2", "Lead 4", "Lead 5"]
    with store.write() as session:
        deck.move_to(session, deck.get_card(session, 3), 4)
    assert names(store) == ["Lead 1", "Lead 2", "Lead 4", "Lead 3", "Lead 5"]
    with store.write() as session:
        deck.move_to(session, deck.get_card(session, 2), 99)
        deck.move_to(session, deck.get_card(session, 5), 1)
        assert deck.rank_of(session, deck.get_card(session, 5)) == 1
    assert names(store) == ["Lead 5", "Lead 1", "Lead 4", "Lead 3", "Lead 2"]


@pytest.mark.parametrize("size", [100, 10_000])
def test_a_move_writes_one_row_whatever_the_deck_size(store: Store, size: int) -> None:
    fill(store, size)
    middle = size // 2
    for move in (
        lambda s, c: deck.move(s, c, "top"),
        lambda s, c: deck.move(s, c, "back"),
        lambda s, c: deck.move_to(s, c, 10),
    ):
        with store.write() as session:
            card = deck.get_card(session, middle)
            before = rows_written(session)
            move(session, card)
            session.flush()
            assert rows_written(session) - before == 1
    with store.read() as session:
        assert deck.rank_of(session, deck.get_card(session, middle)) == 10


def test_when_keys_run_out_the_deck_is_respread_in_order(store: Store) -> None:
    fill(store, 4)
    # Always put the last card second: each move halves the gap until none is left.
    for i in range(30):
        with store.write() as session:
            deck.move_to(session, deck.get_card(session, 4 - i % 2), 2)
    assert names(store)[0] == "Lead 1" and sorted(names(store)) == [
        f"Lead {i}" for i in range(1, 5)
    ]
    with store.read() as session:
        keys = [c.position for _, c in deck.list_cards(session)]
    assert len(set(keys)) == 4


def test_rebalance_keeps_order_and_spreads_keys(store: Store) -> None:
    fill(store, 3)
    with store.write() as session:
        for card_id, key in ((1, 5), (2, 6), (3, 7)):
            card = session.get(Card, card_id)
            assert card is not None
            card.position = key
            session.add(card)
        session.flush()
        rebalance(session)
    with store.read() as session:
        assert [c.position for _, c in deck.list_cards(session)] == [GAP, 2 * GAP, 3 * GAP]


def test_where_a_shuffled_card_lands_is_what_the_store_then_reads(store: Store) -> None:
    """What the screen shows at once after t or b (``landing``, ``rank_after``) is where the
    store puts the card and the place the shuffle returns."""
    from carddeck.deck import views
    from carddeck.deck.cards import rank_after
    from carddeck.deck.order import count, landing
    from carddeck.deck.viewkinds import Query, View

    fill(store, 5)
    moves: list[tuple[Place, int]] = [("back", 1), ("top", 3), ("back", 4), ("top", 0)]
    for place, index in moves:
        with store.read() as s:
            before = [row.id for row in views.page(s, Query(View.deck), 0, 10)]
            total = count(s)
        lands = landing(View.deck, index, len(before), place)
        with store.write() as s:
            rank = deck.shuffle(s, deck.get_card(s, before[index]), place)
        with store.read() as s:
            after = [row.id for row in views.page(s, Query(View.deck), 0, 10)]
        assert lands is not None and after[lands] == before[index]
        assert rank == rank_after(place, total)
    assert landing(View.today, 1, 5, "back") is None  # read again: by date, in sections
    assert landing(View.deck, 5, 5, "back") is None  # no such card
