"""An SQLite deck opened with plain sqlite3 (no SQLAlchemy), for the hot commands: the
file vetted, locks, backups and errors exactly as the full store has them, and shared
with it (the full store imports them from here)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from carddeck.errors import CarddeckError, DamagedDeck, DeckBusy, NotADeck, StoreError
from carddeck.paths import DeckLocation
from carddeck.store import files

#: The newest migration in ``migrations/versions`` (``store/schema.py`` uses this one; a
#: test keeps it equal to Alembic's head).
HEAD_REVISION = "0008"
SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT = 15.0
#: Set (to anything but empty) to send every command through the full store: tests
#: compare the two paths with it.
NO_LITE_ENV = "CARDDECK_NO_LITE"
Say = Callable[[str], None]


def damaged(path: Path, what: str) -> DamagedDeck:
    """The deck is damaged: say so, and name the newest backup to restore."""
    from carddeck.store import backup  # a damaged deck only (the screen's first card: not)

    found = backup.newest(path)
    remedy = (
        f"restore the newest backup: carddeck restore {found}"
        if found is not None
        else "there is no backup of it in the data folder; keep a copy of the file as it is"
    )
    return DamagedDeck(f"the deck {path} is damaged ({what}); {remedy}")


def _refused(err: BaseException) -> bool:
    """Whether the database refused a change (a constraint), whichever driver said so."""
    err = getattr(err, "orig", None) or err
    return any(kind.__name__ == "IntegrityError" for kind in type(err).__mro__)


def message(err: BaseException, path: Path) -> StoreError:
    """An SQLite failure (sqlite3's, or SQLAlchemy's wrapping one) as one line naming its
    real cause."""
    text = str(getattr(err, "orig", err) or err).strip()
    low = text.lower()
    if "database is locked" in low or "database table is locked" in low:
        return DeckBusy(f"the deck {path} is busy: another program is writing to it; try again")
    if "file is not a database" in low:
        return NotADeck(f"{path} is not a carddeck database (not an SQLite file)")
    if "database or disk is full" in low or ("disk i/o" in low and files.full_disk(path.parent)):
        return StoreError(
            f"the disk holding the deck {path} is full: free some space and try again "
            "(the deck is unchanged)"
        )
    if "malformed" in low or "disk image" in low:
        return damaged(path, text)
    if "disk i/o" in low and files.size_limited():
        return StoreError(
            f"{path} cannot grow: a limit on file size (ulimit -f) is set for this session; "
            "the deck is unchanged"
        )
    if "disk i/o" in low:
        return StoreError(
            f"reading or writing {path} failed at the disk ({text}); if it keeps failing, "
            "run carddeck check"
        )
    if "readonly" in low or "read-only" in low:
        return StoreError(f"the deck {path} is read-only here: it can be read, not changed")
    if "unable to open" in low:
        return StoreError(f"cannot open the deck {path}: check the folder exists and is readable")
    if _refused(err):
        return StoreError(f"the deck refused the change: {text}")
    return StoreError(f"the deck {path} could not be used: {text}")


@contextmanager
def translate_sqlite(path: Path, *more: type[BaseException]) -> Iterator[None]:
    """Turn SQLite failures (and ``more``: the full store adds SQLAlchemy's) into one-line
    StoreErrors; the transaction is rolled back by whoever holds it."""
    caught: tuple[type[BaseException], ...] = (sqlite3.Error, *more)
    try:
        yield
    except CarddeckError:
        raise
    except caught as err:
        raise message(err, path) from err
    except BrokenPipeError:
        raise  # the reader of our output went away (| head): not the deck's trouble
    except OSError as err:
        raise StoreError(f"cannot use the deck: {files.cause(err, path)}") from err
    except LookupError as err:
        if "not among the defined enum values" not in str(err):
            raise
        value = str(err).split(" is not among", 1)[0]
        raise DamagedDeck(
            f"the deck {path} holds {value} where carddeck writes one of a few known words "
            "(written by something else?): run carddeck check"
        ) from err


def vet(location: DeckLocation) -> bool:
    """Look an existing deck file over before SQLite opens it (a folder, a device, not
    SQLite, cut short: each said in one line); False when there is no file yet."""
    path = location.path
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a deck file")
    if location.is_default and path.parent.is_dir():
        files.private_folder(path.parent, ours=True)  # one left open by hand, or by an old
    if not path.exists():
        return False
    if not path.is_file():
        raise StoreError(f"{path} is not a regular file (a device or a pipe), not a deck file")
    sqlite, shape = files.look(path)  # one look through SQLite for both
    if not sqlite:
        raise NotADeck(f"{path} is not a carddeck database (not an SQLite file)")
    if shape:
        raise damaged(path, shape)
    return True


def uri(path: Path, read_only: bool) -> str:
    """How SQLite is to open the deck: by name, or read-only (and, where no -shm can be
    made beside it, as an immutable file)."""
    if not read_only:
        return str(path)
    made = f"file:{path}?mode=ro"
    if not files.folder_writable(path):
        made += "&immutable=1"  # no -shm can be made in the folder: read the file as it is
    return made


def connect(path: Path, *, read_only: bool, busy_timeout: float) -> sqlite3.Connection:
    """A connection as the full store sets its own up: our BEGINs only, a busy timeout,
    foreign keys on."""
    conn = sqlite3.connect(uri(path, read_only), uri=read_only, timeout=busy_timeout,
                           isolation_level=None, check_same_thread=False)  # fmt: skip
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Lite:
    """An open SQLite deck at the current schema: one connection, transactions that see one
    snapshot (reads) or lock up front (writes)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False,
                 keep_backups: int = 7, say: Say | None = None) -> None:  # fmt: skip
        self.conn = conn
        self.path = path
        self.where = str(path)  # the deck as messages name it
        self.read_only = read_only
        self.keep_backups = keep_backups
        self.say: Say = say or (lambda _: None)

    @property
    def location(self) -> DeckLocation:
        """Where the deck is, to open it again (the full store, the screen)."""
        return DeckLocation(self.path, is_default=False)

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """The connection inside one transaction: it sees one consistent snapshot (inside a
        write, the write's own)."""
        if self.conn.in_transaction:
            yield self.conn
            return
        with translate_sqlite(self.path):
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                if self.conn.in_transaction:  # SQLite may have ended it on a failure
                    self.conn.execute("ROLLBACK")

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """The connection inside a transaction that takes the write lock first, committed on
        exit and rolled back on an error; the day's first change is preceded by the day's
        backup."""
        if self.read_only:
            raise StoreError(
                f"the deck {self.path} is read-only here (the file or its folder cannot be "
                "written): it can be read, not changed"
            )
        self.daily_backup()
        with translate_sqlite(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    def daily_backup(self) -> None:
        """Take today's backup if it is not there yet, quietly; a failure is said, and the
        change goes ahead: the deck itself is fine."""
        from carddeck.store import backup

        try:
            backup.take_daily(self.path, keep=self.keep_backups)
        except StoreError as err:
            self.say(f"no backup today: {err}")

    def close(self) -> None:
        self.conn.close()


def _revision(conn: sqlite3.Connection) -> str | None:
    """The deck's schema revision; None when it is not a deck of ours (yet)."""
    try:
        row = conn.execute(
            "SELECT (SELECT version_num FROM alembic_version), "
            "(SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'card')"
        ).fetchone()
    except sqlite3.OperationalError as err:
        if "no such table" in str(err):
            return None
        raise
    return str(row[0]) if row is not None and row[0] is not None and row[1] else None


def open_lite(
    location: DeckLocation,
    *,
    keep_backups: int = 7,
    say: Say | None = None,
    busy_timeout: float | None = None,
) -> Lite | None:
    """The deck opened light, or None when only the full store can open it: a server, a
    file not there yet or empty (it needs making), a schema other than the current one
    (an upgrade, or a refusal in the full store's words), or ``CARDDECK_NO_LITE`` set."""
    if location.url is not None or os.environ.get(NO_LITE_ENV):
        return None
    path = location.path
    with translate_sqlite(path):
        if not vet(location) or path.stat().st_size == 0:
            return None
        read_only = not files.writable(path)
        timeout = DEFAULT_BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        conn = connect(path, read_only=read_only, busy_timeout=timeout)
        try:
            current = _revision(conn) == HEAD_REVISION
        except BaseException:
            conn.close()
            raise
    if not current:
        conn.close()
        return None
    made_private(path, say or (lambda _: None))  # a deck copied in, say: as the full store
    return Lite(conn, path, read_only=read_only, keep_backups=keep_backups, say=say)


def make_lite(location: DeckLocation, *, busy_timeout: float | None = None) -> bool:
    """Make the deck at ``location`` with plain sqlite3 when it is an SQLite file not there
    yet (or empty) in a folder that is there: the full store's own schema, statement for
    statement (``store/head_schema.py``), stamped with the head revision, in WAL mode,
    0600. False leaves the deck to the full store (a server, a deck there already, a
    folder to make or refuse, ``CARDDECK_NO_LITE``)."""
    path = location.path
    if location.url is not None or os.environ.get(NO_LITE_ENV):
        return False
    with translate_sqlite(path):
        if path.exists() and not (path.is_file() and path.stat().st_size == 0):
            # Something is there: the deck (its schema is not imported to be looked at), or
            # what open_lite, which always follows, looks over and says is wrong.
            return False
        vet(location)
        from carddeck.store.head_schema import REVISION, STATEMENTS

        if REVISION != HEAD_REVISION:
            return False
        if not path.parent.exists() and location.is_default:
            try:  # the data folder of a first run, made as the full store makes it
                files.private_folder(path.parent)
            except OSError:
                return False  # the full store says why
        if not path.parent.is_dir() or not files.writable(path):
            return False
        files.create_private(path)
        timeout = DEFAULT_BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        conn = connect(path, read_only=False, busy_timeout=timeout)
        try:
            conn.execute("BEGIN IMMEDIATE")  # one maker; another opener waits, then finds it
            try:
                if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0:
                    for statement in STATEMENTS:
                        conn.execute(statement)
                    conn.execute("INSERT INTO alembic_version VALUES (?)", (REVISION,))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("PRAGMA journal_mode = WAL")  # outside any transaction
        finally:
            conn.close()
    return True


def made_private(path: Path, say: Say) -> None:
    """Make a deck of ours (and its -wal and -shm) its owner's only, saying so once."""
    tightened = files.tighten(path)
    if tightened:
        shown = str(tightened[0]) + (" and its -wal and -shm files" if len(tightened) > 1 else "")
        mode = tightened[0].stat().st_mode & 0o777  # 0600, or 0400 for a read-only deck
        say(f"made {shown} private ({mode:04o}): it holds people's names and numbers")
