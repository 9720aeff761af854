"""A CSV import over plain sqlite3 (deck/leads.py through store/lite_intake.py, no ORM)
writes the deck the ORM's import writes, every column of every table, with the same
clock; it says the same; and undo-import takes it back."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from carddeck.deck.importer import ImportReport, import_file, undo_import
from carddeck.deck.leads import ImportFailed, import_csv
from carddeck.paths import deck_location
from carddeck.store import Store
from carddeck.store.engine import open_store
from carddeck.store.lite import open_lite
from carddeck.store.lite_intake import LiteIntake
from carddeck.store.lite_port import LiteDeck
from tests.deck import test_import_batched as batched

NOW = batched.NOW
TABLES = ("card", "change", "import_batch", "import_merge", "contact", "sale", "erased", "meta")


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of ours, as stored."""
    with sqlite3.connect(path) as conn:
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%'")]  # fmt: skip
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}


def two_decks(tmp_path: Path) -> list[Path]:
    """Two SQLite decks at the current schema holding the same cards (see the_deck), the
    second a copy of the first (the same erasure key)."""
    paths = [tmp_path / "orm.sqlite", tmp_path / "lite.sqlite"]
    store = open_store(deck_location(str(paths[0])))
    batched.the_deck(store)
    store.close()
    with sqlite3.connect(paths[0]) as source, sqlite3.connect(paths[1]) as copy:
        source.backup(copy)
    return paths


def orm_import(path: Path, leads: Path, **options: Any) -> ImportReport:
    store: Store = open_store(deck_location(str(path)))
    try:
        with store.write() as session, leads.open("rb") as raw:
            return import_file(session, raw, path=str(leads), now=NOW, **options)
    finally:
        store.close()


def lite_import(path: Path, leads: Path, **options: Any) -> ImportReport | None:
    lite = open_lite(deck_location(str(path)))
    assert lite is not None
    try:
        with lite.write() as conn, leads.open("rb") as raw:
            return import_csv(LiteDeck(conn), LiteIntake(conn), raw, path=str(leads), now=NOW,
                              **options)  # fmt: skip
    finally:
        lite.close()


@pytest.mark.parametrize(
    ("on_duplicate", "force", "chunk"),
    [("skip", False, 0), ("add", False, 0), ("skip", True, 0), ("skip", False, 200)],
)
def test_light_import_writes_what_the_orm_import_writes(
    tmp_path: Path, on_duplicate: str, force: bool, chunk: int
) -> None:
    leads = batched.leads(tmp_path / "leads.csv")
    orm, lite = two_decks(tmp_path)
    assert dump(orm) == dump(lite)
    options = {"on_duplicate": on_duplicate, "force": force, "skip_bad_rows": True,
               "chunk": chunk, "source": "Fair 2026"}  # fmt: skip
    said = orm_import(orm, leads, **options)
    light = lite_import(lite, leads, **options)
    assert said.added > 200 and said.problems and said.warnings  # every kind of row seen
    assert said.do_not_contact or force
    assert said.overridden or not force
    assert len(said.duplicates) > 100 or on_duplicate == "add"
    assert light == said
    assert dump(lite) == dump(orm)
    # ... and a second import of the same file meets the cards of the first alike
    assert lite_import(lite, leads, **options) == orm_import(orm, leads, **options)
    assert dump(lite) == dump(orm)


def test_cards_written_many_to_a_statement_are_the_same_under_a_low_limit(
    tmp_path: Path,
) -> None:
    """Cards go in many to an INSERT, as many as the database takes values in one: an SQLite
    with the limit of before 3.32 (999 values, 49 cards) writes the same deck."""
    leads = batched.leads(tmp_path / "leads.csv")
    orm, lite = two_decks(tmp_path)
    options = {"skip_bad_rows": True, "on_duplicate": "add", "chunk": 200}
    said = orm_import(orm, leads, **options)
    deck = open_lite(deck_location(str(lite)))
    assert deck is not None
    deck.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    try:
        with deck.write() as conn, leads.open("rb") as raw:
            light = import_csv(LiteDeck(conn), LiteIntake(conn), raw, path=str(leads), now=NOW,
                               **options)  # type: ignore[arg-type]  # fmt: skip
    finally:
        deck.close()
    assert light == said and said.added > 200
    assert dump(lite) == dump(orm)


def test_light_import_refuses_bad_rows_as_the_orm_does(tmp_path: Path) -> None:
    leads = batched.leads(tmp_path / "leads.csv")
    orm, lite = two_decks(tmp_path)
    with pytest.raises(ImportFailed) as by_orm:
        orm_import(orm, leads)
    with pytest.raises(ImportFailed) as by_lite:
        lite_import(lite, leads)
    assert str(by_lite.value) == str(by_orm.value)
    assert dump(lite) == dump(orm)


def test_undo_import_takes_back_a_light_import(tmp_path: Path) -> None:
    leads = batched.leads(tmp_path / "leads.csv")
    orm, lite = two_decks(tmp_path)
    before = dump(lite)
    report = lite_import(lite, leads, skip_bad_rows=True)
    assert report is not None and report.added > 200
    store = open_store(deck_location(str(lite)))
    try:
        with store.write() as session:
            undone = undo_import(session, report.batch_id or 0, now=NOW)
    finally:
        store.close()
    assert undone.removed == report.added
    after = dump(lite)
    assert after["card"] == before["card"]


def test_carddecks_own_export_is_left_to_the_full_store(tmp_path: Path) -> None:
    own = tmp_path / "own.csv"
    own.write_text("id,name,kind,status,stage,created_at,version\n1,Ann,lead,new,rapport,"
                   "2026-01-01 00:00:00,1\n")  # fmt: skip
    _, lite = two_decks(tmp_path)
    before = dump(lite)
    assert lite_import(lite, own) is None
    assert dump(lite) == before


@pytest.mark.parametrize("new", [False, True])
def test_the_import_command_loads_no_orm_on_an_sqlite_deck(tmp_path: Path, new: bool) -> None:
    """On a deck at the current schema, or on one not there yet (made light for it)."""
    leads = batched.leads(tmp_path / "leads.csv")
    _, lite = two_decks(tmp_path)
    if new:
        lite = tmp_path / "new.sqlite"
    code = (
        "import sys\n"
        "from carddeck.cli import main\n"
        f"sys.argv = ['carddeck', '--db', {str(lite)!r}, 'import', {str(leads)!r},"
        " '--skip-bad-rows']\n"
        "try:\n    main()\nexcept SystemExit as end:\n    assert not end.code, end.code\n"
        "heavy = [m for m in ('sqlalchemy', 'sqlmodel', 'pydantic', 'alembic')"
        " if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "were added" in done.stdout
    assert dump(lite)["card"]
