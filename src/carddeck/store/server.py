"""A deck on a PostgreSQL server, for several sellers at once: opened from a URL, writers
queued on one lock taken up front (as SQLite's BEGIN IMMEDIATE queues them), readers on
one consistent snapshot, other sellers' changes heard through LISTEN/NOTIFY, and every
failure of the server or the network put down to its cause in one line.

psycopg is an optional extra (``pip install 'carddeck[postgres]'``), imported only here.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, exc, text
from sqlmodel import Session

from carddeck.errors import CarddeckError, DeckBusy, StoreError
from carddeck.paths import DeckLocation
from carddeck.store.engine import Say, Store
from carddeck.store.schema import ensure_schema

#: The advisory lock every writer takes first: one writer at a time, the rest queue.
WRITE_LOCK = 0x63617264  # "card"
#: The channel writers notify on commit; open screens listen to it.
CHANNEL = "carddeck"
#: How long to wait for a server that does not answer, in seconds.
CONNECT_TIMEOUT = 5
#: How long a writer waits for the write lock before saying the deck is busy.
LOCK_WAIT = "15s"


def driver_url(url: str) -> str:
    """The URL SQLAlchemy takes: ``postgresql+psycopg://`` whatever the scheme given."""
    return re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql+psycopg://", url, flags=re.I)


class ServerStore(Store):
    """An open deck on a PostgreSQL server."""

    def __init__(self, engine: Engine, location: DeckLocation, *, say: Say | None = None) -> None:
        super().__init__(engine, location.path, say=say)
        self.where = location.shown
        self.url = location.url or ""
        self.reader = engine.execution_options(isolation_level="REPEATABLE READ")
        self._location = location
        #: Sent with this store's commits, so its own screen can tell them from others'.
        self.token = secrets.token_hex(8)

    @property
    def location(self) -> DeckLocation:
        return self._location

    @contextmanager
    def read(self) -> Iterator[Session]:
        with server_errors(self.where), Session(self.reader, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction that first takes the deck's write lock (another seller's write
        waits for it), and tells open screens on commit."""
        with server_errors(self.where), Session(self.engine, expire_on_commit=False) as s:
            with s.begin():
                s.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
                s.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
                # heard by the other screens when this commits (never if it rolls back)
                s.execute(text("SELECT pg_notify(:channel, :token)"),
                          {"channel": CHANNEL, "token": self.token})  # fmt: skip
                yield s
        self.after_write()

    def daily_backup(self) -> None:
        """A server's deck is backed up by the server (pg_dump), or copied to a file with
        ``carddeck copy``: nothing to take here."""

    def watch(self) -> ServerWatcher:
        return ServerWatcher(self.url, own=self.token)


class ServerWatcher:
    """Hears the NOTIFY every write sends on commit; this store's own (sent with ``own``)
    are no change from elsewhere."""

    #: While the server is away, how often to try it again (seconds), and how long each
    #: try may take: the screen asks every second and must not hang on it.
    RETRY_EVERY, TRY_FOR = 5.0, 2

    def __init__(self, url: str, *, own: str | None = None) -> None:
        self._url = url
        self._own = own
        self._conn: Any = None
        self._retry_at = 0.0
        self._trying: Any = None  # the thread connecting, while one is
        self._back = False
        self._listen()
        self._back = False  # the first connection is no coming back

    def _listen(self) -> None:
        """Connect and LISTEN (in a thread of its own once the screen is up: a server that
        takes connections and never answers must not hold the screen)."""
        import time

        import psycopg

        self._retry_at = time.monotonic() + self.RETRY_EVERY
        try:
            conn = psycopg.connect(
                _conninfo(self._url), autocommit=True, connect_timeout=self.TRY_FOR
            )
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            return  # the server is away: tried again a little later
        self._conn, self._back = conn, True

    def changed(self) -> bool:
        """True once for each batch of commits made since the last call (also when the
        connection came back after a loss: what was missed may have changed)."""
        import threading
        import time

        import psycopg

        if self._conn is None or self._conn.closed:
            trying = self._trying is not None and self._trying.is_alive()
            if not trying and time.monotonic() >= self._retry_at:
                self._trying = threading.Thread(target=self._listen, daemon=True)
                self._trying.start()
            return False
        if self._back:
            self._back = False
            return True
        try:
            heard = list(self._conn.notifies(timeout=0))
        except psycopg.Error:
            self._conn = None
            return False
        return any(note.payload != self._own for note in heard)

    def ours(self) -> None:
        """Our own commits are told apart by their payload (see ``own``)."""

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


def _conninfo(url: str) -> str:
    """The URL as libpq takes it (no ``+psycopg``)."""
    return re.sub(r"^postgres(ql)?(\+psycopg)?://", "postgresql://", url, flags=re.I)


def open_server(location: DeckLocation, *, say: Say | None = None) -> ServerStore:
    """Open (creating its tables if the database is empty) the deck at ``location.url``."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(
            "a deck on a PostgreSQL server needs psycopg, which is not installed: "
            "pip install 'carddeck[postgres]' (from a clone: pip install '.[postgres]')"
        ) from None
    tell: Say = say or (lambda _: None)
    where = location.shown
    from sqlalchemy.engine import make_url

    try:
        make_url(driver_url(location.url or "")).port  # noqa: B018 - a port that is no number fails here
    except (ValueError, exc.ArgumentError) as err:
        raise StoreError(f"{where} is not a PostgreSQL URL carddeck can use ({err})") from None
    with server_errors(where):
        engine = create_engine(
            driver_url(location.url or ""),
            connect_args={"options": "-c timezone=UTC", "connect_timeout": CONNECT_TIMEOUT},
            pool_pre_ping=True,
        )
        store = ServerStore(engine, location, say=tell)

        def before_upgrade(old: str | None, new: str) -> None:
            tell(f"upgrading the deck on {where} from schema {old} to {new} (back the "
                 "database up first with pg_dump, or carddeck copy)")  # fmt: skip

        try:
            ensure_schema(engine, engine, where, before_upgrade=before_upgrade)
        except BaseException:
            engine.dispose()
            raise
    return store


def _first_line(err: BaseException) -> str:
    text = str(getattr(err, "orig", err) or err).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else type(err).__name__


def server_message(err: BaseException, where: str) -> StoreError:
    """One line naming what went wrong with the server, or between here and it."""
    said = _first_line(err)
    low = str(getattr(err, "orig", err)).lower()
    if "password authentication failed" in low:
        return StoreError(f"the server refused the password for the deck {where}")
    if "no password supplied" in low or "password is required" in low:
        return StoreError(
            f"the server asks for a password for the deck {where}: put it in the URL "
            "(postgresql://user:password@host/db) or in ~/.pgpass"
        )
    found = re.search(r'database "([^"]+)" does not exist', str(getattr(err, "orig", err)))
    if found:
        return StoreError(
            f'there is no database "{found.group(1)}" on the server of {where}: create it '
            f"(createdb {found.group(1)}) or check the URL"
        )
    found = re.search(r'role "([^"]+)" does not exist', str(getattr(err, "orig", err)))
    if found:
        return StoreError(f'the server of {where} has no user "{found.group(1)}"')
    if "lock timeout" in low or "could not serialize" in low or "deadlock" in low:
        return DeckBusy(f"the deck {where} is busy: another seller is writing to it; try again")
    if (
        "connection refused" in low
        or "could not translate host" in low
        or "failed to resolve host" in low
        or ("connection to server" in low and "failed" in low and "timeout" not in low)
    ):
        return StoreError(
            f"cannot reach the server of the deck {where} ({said}): is PostgreSQL running "
            "there, and the address right?"
        )
    if "timeout" in low:
        return StoreError(f"the server of the deck {where} did not answer ({said})")
    if (
        "server closed the connection" in low
        or "terminating connection" in low
        or "connection is closed" in low
        or "consuming input failed" in low
        or "connection is lost" in low
        or "the connection is lost" in low
        or "ssl syscall" in low
    ):
        why = "" if "connection is lost" in said.lower() else f" ({said})"
        return StoreError(
            f"the connection to the deck {where} was lost{why}; nothing of the change "
            "was saved: try again"
        )
    if "permission denied" in low:
        return StoreError(f"the server does not let this user use the deck {where} ({said})")
    if isinstance(err, exc.IntegrityError):
        return StoreError(f"the deck refused the change: {said}")
    return StoreError(f"the deck {where} could not be used: {said}")


@contextmanager
def server_errors(where: str) -> Iterator[None]:
    """Turn a server's failures into one-line StoreErrors; the transaction is rolled back."""
    import psycopg

    try:
        yield
    except CarddeckError:
        raise
    except (exc.DBAPIError, psycopg.Error) as err:
        raise server_message(err, where) from err
