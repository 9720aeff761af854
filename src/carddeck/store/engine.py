"""Open a deck file safely: private (0600, in a 0700 folder), WAL, foreign keys, a busy
timeout, writes that lock up front, read-only where it cannot be written, a copy taken
before an upgrade and each day before its first change, and every failure put down to
its real cause in one line."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session

from carddeck.errors import StoreError
from carddeck.paths import DeckLocation
from carddeck.store import backup, files
from carddeck.store.lite import DEFAULT_BUSY_TIMEOUT, made_private, translate_sqlite, uri, vet
from carddeck.store.schema import ensure_schema

#: The execution option that marks a writer's transactions (they lock up front).
WRITE_OPTION = "carddeck_write"
Say = Callable[[str], None]


class Watcher(Protocol):
    """Something that says whether the deck changed since it was last asked."""

    def changed(self) -> bool: ...

    def ours(self) -> None:
        """This process has just committed: that is no change from elsewhere."""

    def close(self) -> None: ...


class Store:
    """An open deck: hands out read sessions and write sessions that lock up front."""

    def __init__(self, engine: Engine, path: Path, *, read_only: bool = False,
                 keep_backups: int = 7, say: Say | None = None) -> None:  # fmt: skip
        self.engine = engine
        self.path = path
        self.where = str(path)  # the deck as messages name it
        self.read_only = read_only
        self.keep_backups = keep_backups
        self.say: Say = say or (lambda _: None)
        #: Called once each write has committed (an open screen's watcher, to tell its
        #: own commits from other processes').
        self.after_write: Callable[[], None] = lambda: None
        self.writer = engine.execution_options(**{WRITE_OPTION: True})
        #: One daily copy at a time (the screen takes it in a thread as it opens).
        self._backing_up = threading.Lock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; it sees one consistent snapshot of the deck."""
        with translate_errors(self.path), Session(self.engine, expire_on_commit=False) as s:
            yield s

    def why_read_only(self) -> str:
        """What a change to a read-only deck is refused with."""
        return (f"the deck {self.path} is read-only here (the file or its folder cannot be "
                "written): it can be read, not changed")  # fmt: skip

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session whose transaction takes the write lock first and commits on exit; the
        day's first change is preceded by the day's backup."""
        if self.read_only:
            raise StoreError(self.why_read_only())
        self.daily_backup()
        with translate_errors(self.path), Session(self.writer, expire_on_commit=False) as s:
            with s.begin():
                yield s
        self.after_write()

    @property
    def location(self) -> DeckLocation:
        """Where the deck is, to open it again (another connection, the screen)."""
        return DeckLocation(self.path, is_default=False)

    def daily_backup(self) -> None:
        """Take today's backup if it is not there yet, quietly (the README says where); a
        failure is said, and the change goes ahead: the deck itself is fine."""
        with self._backing_up:
            try:
                backup.take_daily(self.path, keep=self.keep_backups)
            except StoreError as err:
                self.say(f"no backup today: {err}")

    def watch(self) -> Watcher:
        """A cheap way to learn that the deck changed (another process, or our own writes)."""
        return ChangeWatcher(self.path, read_only=self.read_only)

    def close(self) -> None:
        self.engine.dispose()


class ChangeWatcher:
    """Polls SQLite's ``data_version``, which moves when another connection commits."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self._conn = sqlite3.connect(uri(path, read_only), uri=read_only,
                                     isolation_level=None, check_same_thread=False)  # fmt: skip
        self._seen = self._version()

    def _version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True once for each batch of commits made since the last call."""
        now = self._version()
        moved, self._seen = now != self._seen, now
        return moved

    def ours(self) -> None:
        """Our own commit moved ``data_version`` too: take it as seen. (A commit from
        elsewhere in the same instant is taken with it; the screen reads the deck afresh
        after each of its own changes, so it shows that one as well.)"""
        self._seen = self._version()

    def close(self) -> None:
        self._conn.close()


@contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn SQLite failures into one-line StoreErrors; the transaction is rolled back."""
    with translate_sqlite(path, exc.DBAPIError):
        yield


def _prepare_file(location: DeckLocation) -> None:
    """Create a missing deck file 0600 (and the default folder 0700); vet an existing one
    (an SQLite file, in one piece)."""
    path = location.path
    if vet(location):
        return
    folder = path.parent
    if not folder.exists():
        if not location.is_default:
            raise StoreError(f"cannot create the deck {path}: folder {folder} does not exist")
        files.private_folder(folder)
    if not files.writable(path):
        raise StoreError(f"there is no deck at {path}, and its folder is read-only")
    try:
        files.create_private(path)
    except OSError as err:
        raise StoreError(f"cannot create the deck: {files.cause(err, path)}") from err


def _on_connect(busy_timeout: float) -> Any:
    def connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # pysqlite's own implicit BEGIN is turned off so that ours (below) is the only one.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    return connect


def _use_wal(engine: Engine) -> None:
    """Put a carddeck deck in WAL mode (readers never wait for a writer); the mode stays
    with the file. Set only once the file is known to be a deck of ours, never on another
    program's database; a deck someone else has open just now stays as it is until next
    time."""
    with engine.connect() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        try:
            driver.execute("PRAGMA journal_mode = WAL")  # outside any transaction
        except sqlite3.OperationalError as err:
            if "locked" not in str(err).lower():
                raise


def _on_begin(conn: Connection) -> None:
    # Writers lock up front, so two writers queue on the busy timeout instead of one
    # failing with "database is locked" when it upgrades a read lock mid-transaction.
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def open_store(
    location: DeckLocation,
    *,
    busy_timeout: float | None = None,
    keep_backups: int = 7,
    say: Say | None = None,
) -> Store:
    """Open (creating if need be) the deck at ``location`` with its schema up to date: an
    SQLite file, or a deck on a PostgreSQL server when ``location`` is a URL. A
    deck that cannot be written opens read-only; ``say`` hears what was done on the way
    (permissions tightened, a backup taken before an upgrade)."""
    if location.url is not None:
        from carddeck.store.server import open_server

        return open_server(location, say=say)
    path = location.path
    busy_timeout = DEFAULT_BUSY_TIMEOUT if busy_timeout is None else busy_timeout
    tell: Say = say or (lambda _: None)
    with translate_errors(path):
        _prepare_file(location)
        read_only = not files.writable(path)
        engine = create_engine(
            f"sqlite:///{uri(path, read_only)}" + ("&uri=true" if read_only else ""),
            connect_args={"timeout": busy_timeout, "check_same_thread": False},
        )
        event.listen(engine, "connect", _on_connect(busy_timeout))
        event.listen(engine, "begin", _on_begin)
        store = Store(engine, path, read_only=read_only, keep_backups=keep_backups, say=tell)

        def before_upgrade(old: str | None, new: str) -> None:
            taken = backup.before_upgrade(path, old, new)
            tell(f"upgrading the deck from schema {old} to {new}; a copy is kept at {taken}")

        try:
            ensure_schema(store.engine, store.writer, path, read_only=read_only,
                          before_upgrade=before_upgrade)  # fmt: skip
            if not read_only:
                _use_wal(engine)
        except BaseException:
            engine.dispose()
            raise
        made_private(path, tell)  # a deck of ours: its owner's only
    return store
