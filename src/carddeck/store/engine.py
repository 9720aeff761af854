"""Open a deck file safely: 0600 file, WAL, foreign keys, busy timeout, BEGIN IMMEDIATE writes."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from carddeck.errors import CarddeckError, NotADeck, StoreError
from carddeck.paths import DeckLocation
from carddeck.store.schema import ensure_schema

SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT = 5.0
#: The execution option that marks a writer's transactions (they lock up front).
WRITE_OPTION = "carddeck_write"


class Store:
    """An open deck: hands out read sessions and write sessions that lock up front."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        self.path = path
        self.writer = engine.execution_options(**{WRITE_OPTION: True})

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it sees one consistent snapshot of the deck."""
        with translate_errors(self.path), Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction takes the write lock first and commits on exit."""
        with translate_errors(self.path), Session(self.writer, expire_on_commit=False) as s:
            with s.begin():
                yield s

    def watch(self) -> ChangeWatcher:
        """A cheap way to learn that the deck changed (another process, or our own writes)."""
        return ChangeWatcher(self.path)

    def close(self) -> None:
        self.engine.dispose()


class ChangeWatcher:
    """Polls SQLite's ``data_version``, which moves when another connection commits."""

    def __init__(self, path: Path) -> None:
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._seen = self._version()

    def _version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True once for each batch of commits made since the last call."""
        now = self._version()
        moved, self._seen = now != self._seen, now
        return moved

    def close(self) -> None:
        self._conn.close()


def _message(err: BaseException, path: Path) -> StoreError:
    text = str(getattr(err, "orig", err) or err).strip()
    low = text.lower()
    if "database is locked" in low or "database table is locked" in low:
        return StoreError(f"the deck {path} is busy: another program is writing to it; try again")
    if "file is not a database" in low:
        return NotADeck(f"{path} is not a carddeck database (not an SQLite file)")
    if "malformed" in low or "disk i/o" in low:
        return StoreError(f"the deck {path} is damaged ({text}); restore it from a backup")
    if "readonly" in low or "read-only" in low:
        return StoreError(f"the deck {path} is read-only; cannot save changes")
    if "unable to open" in low:
        return StoreError(f"cannot open the deck {path}: check the folder exists and is writable")
    if isinstance(err, exc.IntegrityError):
        return StoreError(f"the deck refused the change: {text}")
    return StoreError(f"the deck {path} could not be used: {text}")


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite failures into one-line StoreErrors; the transaction is rolled back."""
    try:
        yield
    except CarddeckError:
        raise
    except (exc.DBAPIError, sqlite3.Error) as err:
        raise _message(err, path) from err
    except BrokenPipeError:
        raise  # the reader of our output went away (| head): not the deck's trouble
    except OSError as err:
        raise StoreError(f"cannot use the deck {path}: {err.strerror or err}") from err


def _prepare_file(location: DeckLocation) -> None:
    """Create a missing deck file 0600 (and the default folder 0700); vet an existing one."""
    path = location.path
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a deck file")
    if path.exists():
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
        if head and head != SQLITE_HEADER:
            raise NotADeck(f"{path} is not a carddeck database (not an SQLite file)")
        return
    folder = path.parent
    if not folder.exists():
        if not location.is_default:
            raise StoreError(f"cannot create the deck {path}: folder {folder} does not exist")
        folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        os.chmod(folder, 0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError as err:
        raise StoreError(f"cannot create the deck {path}: {err.strerror or err}") from err
    os.close(fd)


def _on_connect(busy_timeout: float) -> Any:
    def connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # pysqlite's own implicit BEGIN is turned off so that ours (below) is the only one.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    return connect


def _on_begin(conn: Connection) -> None:
    # Writers lock up front, so two writers queue on the busy timeout instead of one
    # failing with "database is locked" when it upgrades a read lock mid-transaction.
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_store(location: DeckLocation, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Store:
    """Open (creating if need be) the deck at ``location`` with its schema up to date."""
    path = location.path
    with translate_errors(path):
        _prepare_file(location)
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": busy_timeout, "check_same_thread": False},
        )
        event.listen(engine, "connect", _on_connect(busy_timeout))
        event.listen(engine, "begin", _on_begin)
        store = Store(engine, path)
        try:
            ensure_schema(store.engine, store.writer, path)
        except BaseException:
            engine.dispose()
            raise
    return store
