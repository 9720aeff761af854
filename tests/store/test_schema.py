"""The schema: new decks, the migration scripts, and decks from a newer carddeck."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel, select

from carddeck.errors import StoreError
from carddeck.paths import DeckLocation
from carddeck.store import Card, open_store
from carddeck.store.schema import HEAD_REVISION, alembic_config
from tests.helpers import old_deck

pytestmark = pytest.mark.filterwarnings("ignore:.*expression-based index")


def differences(conn: Connection) -> list[Any]:
    """Schema differences, less one SQLAlchemy cannot see: the ON DELETE of card.batch_id,
    added in place by 0002, which its SQLite reflection does not read. SQLite itself does:"""
    index = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE name = 'ix_card_name_company'"
    ).scalar()  # an expression index, which neither can compare either
    assert index is not None and "lower(name), lower(company)" in index
    rows = conn.exec_driver_sql("PRAGMA foreign_key_list(card)").all()
    assert [(r[2], r[3], r[6]) for r in rows] == [("import_batch", "batch_id", "SET NULL")]
    found = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    return [
        d for d in found
        if not (d[0] in ("add_fk", "remove_fk") and [c.name for c in d[1].columns] == ["batch_id"])
    ]  # fmt: skip


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_new_deck_is_stamped_at_head_and_matches_the_models(db_path: Path) -> None:
    open_store(DeckLocation(db_path, False)).close()
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == (
            HEAD_REVISION
        )
        assert differences(conn) == []
    engine.dispose()


def test_migration_scripts_build_the_same_schema_as_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.sqlite'}")
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with engine.connect() as conn:
        assert differences(conn) == []
    engine.dispose()
    # and carddeck opens the migrated deck as its own
    open_store(DeckLocation(tmp_path / "migrated.sqlite", False)).close()


def test_a_deck_from_a_newer_carddeck_is_refused(db_path: Path) -> None:
    open_store(DeckLocation(db_path, False)).close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer carddeck"):
        open_store(DeckLocation(db_path, False))


def test_a_deck_made_by_the_first_schema_is_upgraded_keeping_its_cards(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old_deck(path, "0001",
             "INSERT INTO card (name, kind, status, stage, attempts, created_at, updated_at,"
             " position, version) VALUES ('Old Ann', 'lead', 'active', 'need', 2,"
             " '2026-01-05 14:00:00.000000', '2026-01-05 14:00:00.000000', 0, 3)")  # fmt: skip
    store = open_store(DeckLocation(path, False))
    with store.read() as session:
        (card,) = session.exec(select(Card)).all()
        assert (card.name, card.attempts, card.version, card.batch_id) == ("Old Ann", 2, 3, None)
    store.close()
    conn2 = sqlite3.connect(path)
    assert conn2.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    conn2.close()


def test_a_won_card_at_0005_gets_its_one_sale_and_open_cards_none(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    old_deck(path, "0005",
             "INSERT INTO card (name, kind, status, stage, attempts, created_at, updated_at,"
             " closed_at, position, version, owner) VALUES"
             " ('Won Ann', 'lead', 'won', 'close', 0, '2026-01-05 14:00:00.000000',"
             " '2026-02-01 10:00:00.000000', '2026-02-01 09:30:00.000000', 0, 4, 'sam'),"
             " ('Open Bo', 'lead', 'active', 'need', 1, '2026-01-05 14:00:00.000000',"
             " '2026-01-05 14:00:00.000000', NULL, 1, 1, NULL)")  # fmt: skip
    open_store(DeckLocation(path, False)).close()
    conn = sqlite3.connect(path)
    sales = conn.execute("SELECT card_id, at, value, seller FROM sale").fetchall()
    won = conn.execute("SELECT id FROM card WHERE name = 'Won Ann'").fetchone()[0]
    conn.close()
    assert sales == [(won, "2026-02-01 09:30:00.000000", None, "sam")]


def test_a_deck_at_0006_gets_the_new_leads_index_after_a_backup(tmp_path: Path) -> None:
    """0007 adds one index (today's new leads read from it alone); the full store takes
    the backup first, then upgrades; the light path then opens the deck as current and
    reads the same leads from the index."""
    from carddeck.deck.agenda import bounds
    from carddeck.deck.settings import DEFAULT_SETTINGS
    from carddeck.store import backup
    from carddeck.store.lite import open_lite
    from carddeck.store.litereads import LiteReads
    from carddeck.store.reading import Section

    path = tmp_path / "old.sqlite"
    old_deck(path, "0006",
             "INSERT INTO card (name, kind, status, stage, attempts, created_at, updated_at,"
             " first_contacted_at, next_follow_up, position, version) VALUES"
             " ('New Ann', 'lead', 'new', 'rapport', 0, '2026-11-02 14:00:00.000000',"
             " '2026-11-02 14:00:00.000000', NULL, NULL, 0, 1),"
             " ('Called Bo', 'lead', 'new', 'rapport', 1, '2026-11-01 14:00:00.000000',"
             " '2026-11-01 14:00:00.000000', '2026-11-01 15:00:00.000000',"
             " '2026-11-03 15:00:00.000000', 1, 2)")  # fmt: skip
    location = DeckLocation(path, False)
    assert open_lite(location, keep_backups=0) is None  # only the full store upgrades
    open_store(location).close()
    (taken,) = backup.folder().glob(f"*-before-upgrade-0006-to-{HEAD_REVISION}-*")
    conn = sqlite3.connect(path)
    index = "SELECT name FROM pragma_index_list('card') WHERE name = 'ix_card_new_leads'"
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD_REVISION,)
    assert [r[2] for r in conn.execute("PRAGMA index_info(ix_card_new_leads)")] == [
        "status", "first_contacted_at", "created_at", "id", "next_follow_up"]  # fmt: skip
    conn.close()
    before = sqlite3.connect(taken)
    assert before.execute("SELECT version_num FROM alembic_version").fetchone() == ("0006",)
    assert before.execute(index).fetchall() == []
    before.close()
    lite = open_lite(location, keep_backups=0)
    assert lite is not None
    try:
        reads = LiteReads(lite.conn)
        lines = bounds(datetime(2026, 11, 3, 12, tzinfo=UTC), DEFAULT_SETTINGS)
        count, leads = reads.section(Section.new, lines, owner=None, limit=10)
        assert (count, [c.name for c in leads]) == (1, ["New Ann"])
        count, due = reads.section(Section.due_today, lines, owner=None, limit=10)
        assert (count, [c.name for c in due]) == (1, ["Called Bo"])
    finally:
        lite.close()


def test_a_deck_at_0007_gets_the_partial_owner_index_and_keeps_every_row(tmp_path: Path) -> None:
    """0008 makes the owner index hold only owned cards (an import writes none to it):
    the full store backs the deck up, makes the index again, keeps every row; a seller's
    cards are read from it as before."""
    from carddeck.store import backup
    from carddeck.store.lite import open_lite

    path = tmp_path / "old.sqlite"
    old_deck(path, "0007",
             "INSERT INTO card (name, kind, status, stage, attempts, created_at, updated_at,"
             " position, version, owner) VALUES"
             " ('Owned Ann', 'lead', 'active', 'need', 1, '2026-11-02 14:00:00.000000',"
             " '2026-11-02 14:00:00.000000', 0, 1, 'sam'),"
             " ('Inbox Bo', 'lead', 'new', 'rapport', 0, '2026-11-01 14:00:00.000000',"
             " '2026-11-01 14:00:00.000000', 1, 1, NULL)")  # fmt: skip
    every = "SELECT * FROM card ORDER BY id"
    conn = sqlite3.connect(path)
    rows = conn.execute(every).fetchall()
    conn.close()
    location = DeckLocation(path, False)
    assert open_lite(location, keep_backups=0) is None  # only the full store upgrades
    open_store(location).close()
    (taken,) = backup.folder().glob("*-before-upgrade-0007-to-0008-*")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0008",)
    assert conn.execute(every).fetchall() == rows and len(rows) == 2
    index = "SELECT partial FROM pragma_index_list('card') WHERE name = 'ix_card_owner'"
    assert conn.execute(index).fetchone() == (1,)
    assert conn.execute("SELECT name FROM card INDEXED BY ix_card_owner WHERE owner = 'sam'"
                        ).fetchall() == [("Owned Ann",)]  # fmt: skip
    conn.close()
    before = sqlite3.connect(taken)
    assert before.execute(index).fetchone() == (0,)
    before.close()
    lite = open_lite(location, keep_backups=0)
    assert lite is not None  # the light path opens it as current
    lite.close()
