"""Opening decks: permissions, SQLite settings, locking, and files that are not decks."""

from __future__ import annotations

import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from carddeck import deck
from carddeck.errors import NotADeck, StoreError
from carddeck.paths import DeckLocation, deck_location
from carddeck.store import Card, Store, open_store
from tests.helpers import digest


def test_default_deck_is_private_in_the_data_folder(tmp_path: Path) -> None:
    location = deck_location()
    assert location.is_default
    assert location.path == tmp_path / "xdg-data" / "carddeck" / "deck.sqlite"
    assert not location.path.parent.exists()  # nothing is made until a deck is opened
    open_store(location).close()
    assert stat.S_IMODE(location.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(location.path.stat().st_mode) == 0o600


def test_env_and_explicit_paths_override_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDDECK_DB", str(tmp_path / "env.sqlite"))
    assert deck_location().path == tmp_path / "env.sqlite"
    assert deck_location(tmp_path / "x.sqlite").path == tmp_path / "x.sqlite"


@pytest.mark.sqlite_only  # the file itself (a server's: test_server.py)
def test_sqlite_is_opened_for_safety(store: Store) -> None:
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def _add(store: Store, name: str, pause: float = 0.0) -> None:
    with store.write() as session:
        list(deck.list_cards(session))  # read first, as real operations do
        time.sleep(pause)
        deck.add_card(session, deck.CardDraft(name=name))


def test_two_writers_wait_for_each_other_instead_of_failing(db_path: Path) -> None:
    """Read-then-write transactions from two processes' worth of connections both land."""
    first = open_store(DeckLocation(db_path, False))
    second = open_store(DeckLocation(db_path, False))
    errors: list[BaseException] = []

    def work(store: Store, name: str) -> None:
        try:
            _add(store, name, pause=0.3)
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(s, n)) for s, n in ((first, "A"), (second, "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with first.read() as session:
        assert sorted(c.name for _, c in deck.list_cards(session)) == ["A", "B"]
    first.close()
    second.close()


@pytest.mark.sqlite_only  # the file itself (a server's: test_server.py)
def test_a_writer_waits_for_a_lock_held_elsewhere(store: Store, db_path: Path) -> None:
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, other.execute, args=("COMMIT",)).start()
    started = time.monotonic()
    _add(store, "waited")
    assert time.monotonic() - started >= 0.4
    other.close()


def test_a_lock_held_too_long_is_a_clear_error_and_loses_nothing(db_path: Path) -> None:
    store = open_store(DeckLocation(db_path, False), busy_timeout=0.2)
    _add(store, "kept")
    before = digest(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreError, match="busy: another program is writing"):
        _add(store, "blocked")
    other.execute("ROLLBACK")
    other.close()
    store.close()
    assert digest(db_path) == before


def test_a_file_that_is_not_sqlite_is_refused_untouched(db_path: Path) -> None:
    db_path.write_bytes(b"name,phone\nAnn,555\n" * 50)
    before = db_path.read_bytes()
    with pytest.raises(NotADeck, match="not a carddeck database"):
        open_store(DeckLocation(db_path, False))
    assert db_path.read_bytes() == before


def test_another_sqlite_database_is_refused_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    before = digest(db_path)
    with pytest.raises(NotADeck, match="holds other tables"):
        open_store(DeckLocation(db_path, False))
    assert digest(db_path) == before


@pytest.mark.sqlite_only  # the file itself (a server's: test_server.py)
def test_a_damaged_deck_is_a_clear_error(store: Store, db_path: Path) -> None:
    with store.write() as session:
        for i in range(200):
            deck.add_card(session, deck.CardDraft(name=f"Lead {i}", notes="x" * 500))
    store.close()
    raw = bytearray(db_path.read_bytes())
    middle = len(raw) // 2 // 4096 * 4096
    raw[4096:middle] = b"\xff" * (middle - 4096)  # scribble over pages after the header
    db_path.write_bytes(bytes(raw))
    with pytest.raises(StoreError, match="damaged|not a carddeck"):
        damaged = open_store(DeckLocation(db_path, False))
        with damaged.read() as session:
            list(deck.list_cards(session))


def test_an_empty_file_becomes_a_deck(db_path: Path) -> None:
    db_path.touch()
    open_store(DeckLocation(db_path, False)).close()
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT count(*) FROM card").fetchone() == (0,)
    conn.close()


def test_a_missing_folder_is_not_created_for_an_explicit_path(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "deck.sqlite"
    with pytest.raises(StoreError, match="does not exist"):
        open_store(DeckLocation(target, False))
    assert not target.parent.exists()


def test_a_read_only_folder_is_a_clear_error() -> None:
    # /proc refuses new files even to root, unlike a chmod'ed folder.
    with pytest.raises(StoreError, match="cannot create the deck"):
        open_store(DeckLocation(Path("/proc/carddeck-test.sqlite"), False))


def test_ratings_are_checked_by_the_database_too(store: Store) -> None:
    with store.write() as session:
        card = deck.add_card(session, deck.CardDraft(name="Ann")).card
    with pytest.raises(StoreError, match="refused"):
        with store.write() as session:
            stored = session.get(Card, card.id)
            assert stored is not None
            stored.rating = 11
            session.add(stored)
