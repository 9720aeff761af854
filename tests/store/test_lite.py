"""The light store: plain rows equal to the tables, their values stored as the ORM stores
them, and an SQLite deck opened without SQLAlchemy with the full store's checks and
errors."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import select

from carddeck import deck
from carddeck.errors import DamagedDeck, DeckBusy, NotADeck, StoreError
from carddeck.paths import DeckLocation, deck_location
from carddeck.store import Store, open_store
from carddeck.store import models as m
from carddeck.store.kinds import Channel, Stage, Status
from carddeck.store.lite import HEAD_REVISION, open_lite
from carddeck.store.rows import (
    COLUMNS,
    CardRow,
    ChangeRow,
    ContactRow,
    SaleRow,
    from_values,
    insert,
    select_list,
)
from tests.helpers import at

PAIRS = [(CardRow, m.Card), (ContactRow, m.Contact), (SaleRow, m.Sale), (ChangeRow, m.Change)]


@pytest.mark.parametrize(("row", "table"), PAIRS)
def test_each_row_has_exactly_its_tables_columns_and_defaults(row: type, table: type) -> None:
    columns = [c.name for c in table.__table__.columns]  # type: ignore[attr-defined]
    assert [f.name for f in fields(row)] == columns
    assert list(COLUMNS[row]) == columns
    for f in fields(row):
        info = table.model_fields[f.name]  # type: ignore[attr-defined]
        if info.is_required():
            assert f.default is f.default_factory, f.name  # both MISSING: required too
        else:
            assert f.default == info.default, f.name


def test_head_revision_is_alembics_head() -> None:
    from alembic.script import ScriptDirectory

    from carddeck.store.schema import alembic_config

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def _orm_deck(store: Store) -> tuple[int, int]:
    with store.write() as s:
        card = deck.add_card(
            s, deck.CardDraft(name="Ann Lee", company="Acme", phone="212 555 0134"),
            now=at(2026, 11, 18, 10),
        ).card  # fmt: skip
        card.stage = Stage.need
        card.value = 12_345
        card.address = "1 Main St\nQueens"
        entry = deck.LogEntry(rating=6, interest=5, notch="a quote", summary="liked it")
        deck.log_contact(s, card, entry, now=at(2026, 11, 19, 9, 15))
        s.add(m.Sale(card_id=card.id, at=at(2026, 11, 19, 10), value=500, seller="kim"))
        assert card.id is not None
        return card.id, card.version


@pytest.mark.sqlite_only
def test_rows_read_back_what_the_orm_wrote(store: Store, db_path: Path) -> None:
    card_id, _ = _orm_deck(store)
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("UPDATE card SET name = 'Ann \x1b[31mLee'")  # written by something else
    for row, table in PAIRS:
        name = table.__tablename__  # type: ignore[attr-defined]
        light = [from_values(row, r) for r in conn.execute(
            f'SELECT {select_list(row)} FROM "{name}" ORDER BY id')]  # fmt: skip
        with store.read() as s:
            heavy = s.exec(select(table).order_by(table.id)).all()  # type: ignore[attr-defined]
        assert light and len(light) == len(heavy)
        for one, other in zip(light, heavy, strict=True):
            for column in COLUMNS[row]:
                assert getattr(one, column) == getattr(other, column), (name, column)
    query = f"SELECT {select_list(CardRow)} FROM card WHERE id = ?"
    card = from_values(CardRow, conn.execute(query, (card_id,)).fetchone())
    assert card.name == "Ann [31mLee" and card.stage is Stage.need
    assert card.created_at == at(2026, 11, 18, 10) and card.created_at.tzinfo is UTC


@pytest.mark.sqlite_only
def test_rows_write_what_the_orm_reads(store: Store, db_path: Path) -> None:
    card_id, _ = _orm_deck(store)
    lite = open_lite(deck_location(str(db_path)))
    assert lite is not None
    when = at(2026, 11, 21, 8, 5)
    with lite.write() as conn:
        contact = ContactRow(card_id=card_id, at=when, channel=Channel.email, reached=False,
                             next_follow_up=when, seller="kim")  # fmt: skip
        insert(conn, contact)
        insert(conn, ChangeRow(at=when, kind="log", card_id=card_id, contact_id=contact.id))
    lite.close()
    with store.read() as s:
        got = s.get(m.Contact, contact.id)
        assert got is not None
        assert (got.at, got.channel, got.reached, got.next_follow_up, got.seller) == (
            when, Channel.email, False, when, "kim")  # fmt: skip
    raw = (
        sqlite3.connect(db_path)
        .execute("SELECT at, channel, reached FROM contact WHERE id = ?", (contact.id,))
        .fetchone()
    )
    assert raw == (when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"), "email", 0)


def test_a_time_without_a_zone_is_refused_as_the_orm_refuses_it() -> None:
    with pytest.raises(ValueError, match="timezone"):
        from carddeck.store.rows import stored_time

        stored_time(datetime(2026, 11, 20, 9))


@pytest.mark.sqlite_only
def test_a_word_carddeck_never_writes_is_a_damaged_deck(store: Store, db_path: Path) -> None:
    _orm_deck(store)
    sqlite3.connect(db_path, isolation_level=None).execute("UPDATE card SET status = 'zombie'")
    lite = open_lite(deck_location(str(db_path)))
    assert lite is not None
    with pytest.raises(DamagedDeck, match="holds 'zombie'"), lite.read() as conn:
        from_values(CardRow, conn.execute(f"SELECT {select_list(CardRow)} FROM card").fetchone())


def test_what_only_the_full_store_opens_is_left_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "none.sqlite"
    assert open_lite(deck_location(str(missing))) is None and not missing.exists()
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    assert open_lite(deck_location(str(empty))) is None
    assert open_lite(DeckLocation(tmp_path, False, url="postgresql://x/y")) is None
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    assert open_lite(deck_location(str(other))) is None  # the full store says what it is
    old = tmp_path / "old.sqlite"
    open_store(deck_location(str(old))).close()
    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0005'")
    assert open_lite(deck_location(str(old))) is None  # an upgrade: the full store's
    current = tmp_path / "current.sqlite"
    open_store(deck_location(str(current))).close()
    assert open_lite(deck_location(str(current))) is not None
    monkeypatch.setenv("CARDDECK_NO_LITE", "1")
    assert open_lite(deck_location(str(current))) is None


def test_files_that_are_no_deck_are_refused_in_the_full_stores_words(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("hello, this is not a database at all" * 100)
    with pytest.raises(NotADeck, match="not a carddeck database"):
        open_lite(deck_location(str(text)))
    with pytest.raises(StoreError, match="is a folder"):
        open_lite(deck_location(str(tmp_path)))
    cut = tmp_path / "cut.sqlite"
    open_store(deck_location(str(cut))).close()
    with open(cut, "r+b") as f:
        f.truncate(cut.stat().st_size - 100)
    with pytest.raises(DamagedDeck, match="damaged"):
        open_lite(deck_location(str(cut)))


def test_a_deck_locked_elsewhere_is_busy_and_unchanged(db_path: Path) -> None:
    open_store(deck_location(str(db_path))).close()
    lite = open_lite(deck_location(str(db_path)), busy_timeout=0.2)
    assert lite is not None
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DeckBusy, match="busy"), lite.write() as conn:
            conn.execute("UPDATE card SET name = 'x'")
    finally:
        holder.execute("ROLLBACK")
    with lite.read() as conn:  # and the connection is usable again
        assert conn.execute("SELECT count(*) FROM card").fetchone() == (0,)


def test_an_error_inside_a_write_rolls_it_back(db_path: Path) -> None:
    store = open_store(deck_location(str(db_path)))
    _orm_deck(store)
    store.close()
    lite = open_lite(deck_location(str(db_path)))
    assert lite is not None
    with pytest.raises(StoreError, match="refused the change"), lite.write() as conn:
        conn.execute("UPDATE card SET name = 'Changed'")
        conn.execute("UPDATE card SET rating = 11")
    with lite.read() as conn:
        assert conn.execute("SELECT name FROM card").fetchone() != ("Changed",)


@pytest.mark.sqlite_only
def test_a_write_takes_the_days_backup_first(store: Store, db_path: Path) -> None:
    from carddeck.store import backup

    _orm_deck(store)
    for old in backup.dailies(db_path):
        old.unlink()
    lite = open_lite(deck_location(str(db_path)))
    assert lite is not None
    with lite.write() as conn:
        conn.execute("UPDATE card SET status = ?", (Status.active.name,))
    assert backup.dailies(db_path)
    assert datetime.now(UTC).year >= 2026
