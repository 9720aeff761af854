"""A deck made light (store/head_schema.py over plain sqlite3) is the deck the full store
makes from the SQLModel tables: the same tables, indexes, revision and settings."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from carddeck.paths import DeckLocation, deck_location
from carddeck.store.engine import open_store
from carddeck.store.head_schema import REVISION, STATEMENTS
from carddeck.store.lite import HEAD_REVISION, NO_LITE_ENV, make_lite, open_lite

PRAGMAS = ("journal_mode", "page_size", "auto_vacuum", "user_version", "application_id",
           "encoding", "foreign_keys")  # fmt: skip


def shape(path: Path) -> dict[str, Any]:
    with sqlite3.connect(path) as conn:
        return {
            "schema": sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
            "revision": conn.execute("SELECT * FROM alembic_version").fetchall(),
            **{p: conn.execute(f"PRAGMA {p}").fetchone() for p in PRAGMAS},
            "mode": stat.S_IMODE(path.stat().st_mode),
        }


def generated(path: Path) -> str:
    """store/head_schema.py as it should read, from a deck the full store made."""
    with sqlite3.connect(path) as conn:
        found = [sql for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        ) if name != "sqlite_sequence"]  # fmt: skip
    return (
        f"REVISION = {HEAD_REVISION!r}\nSTATEMENTS = (\n"
        + "".join(f"    {sql!r},\n" for sql in found)
        + ")\n"
    )


def test_a_deck_made_light_is_the_full_stores(tmp_path: Path) -> None:
    orm, lite = tmp_path / "orm.sqlite", tmp_path / "lite.sqlite"
    open_store(deck_location(str(orm))).close()
    assert make_lite(deck_location(str(lite)))
    assert REVISION == HEAD_REVISION, "store/head_schema.py is behind: " + generated(orm)
    assert shape(lite) == shape(orm), "store/head_schema.py is behind: " + generated(orm)
    assert len(STATEMENTS) > 10


def test_the_full_store_and_the_light_one_open_a_deck_made_light(tmp_path: Path) -> None:
    path = tmp_path / "deck.sqlite"
    assert make_lite(deck_location(str(path)))
    lite = open_lite(deck_location(str(path)))
    assert lite is not None
    lite.close()
    store = open_store(deck_location(str(path)))
    with store.read() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM card").scalar() == 0
    store.close()


def test_only_a_deck_not_there_yet_is_made_light(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    there = tmp_path / "there.sqlite"
    open_store(deck_location(str(there))).close()
    before = there.read_bytes()
    assert not make_lite(deck_location(str(there)))  # a deck already: left as it is
    assert there.read_bytes() == before
    assert not make_lite(DeckLocation(tmp_path / "no" / "deck.sqlite", False))  # no folder
    assert not (tmp_path / "no").exists()
    assert not make_lite(deck_location("postgresql://u@localhost/deck"))
    monkeypatch.setenv(NO_LITE_ENV, "1")
    assert not make_lite(deck_location(str(tmp_path / "new.sqlite")))
    assert not (tmp_path / "new.sqlite").exists()


def test_a_first_runs_data_folder_is_made_private_and_only_the_defaults(tmp_path: Path) -> None:
    default = DeckLocation(tmp_path / "data" / "carddeck" / "deck.sqlite", True)
    assert make_lite(default)
    assert stat.S_IMODE((tmp_path / "data" / "carddeck").stat().st_mode) == 0o700
    lite = open_lite(default)
    assert lite is not None
    lite.close()
    # a deck named with --db in a folder not there is left to the full store, which refuses
    assert not make_lite(DeckLocation(tmp_path / "nope" / "deck.sqlite", False))
    assert not (tmp_path / "nope").exists()
