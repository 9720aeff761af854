"""Plain SQL on a session's own connection, the same on SQLite and PostgreSQL.

The deck's hot paths (import, export, a restore) run plain SQL on the transaction's
driver connection: the ORM costs about a millisecond a row, this a few microseconds.
They write it once, with ``?`` placeholders and SQL both databases speak; what differs
is hidden here, each difference behind one function:

- ``raw``: the connection, taking ``?`` (SQLite's own, as is; psycopg's, translated),
  with ``lastrowid`` after an INSERT on both;
- ``local_time``: a stored time as the owner's local ISO 8601 with its offset (and, on
  SQLite, ``LocalTimes``: the same in Python, once an hour, for the CSV export);
- ``Rows.starts_with_any``: a text starting with one of a few characters;
- ``highest_id`` / ``ids_taken``: the highest id a table has handed out (a restore keeps
  ids above it free), and telling the database about ids given by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the light deck's readers (a CSV export) load no ORM
    from sqlmodel import Session

#: A table whose ids are never handed out twice (SQLite AUTOINCREMENT, PostgreSQL sequences).
TABLES = ("card", "contact", "sale", "change", "import_batch", "import_merge", "erased")


def is_server(session: Session) -> bool:
    """Whether the session is on a PostgreSQL server (not an SQLite file)."""
    return session.get_bind().dialect.name == "postgresql"


class _Cursor:
    """A psycopg cursor as the deck's plain SQL uses an sqlite3 one."""

    def __init__(self, cursor: Any, lastrowid: int | None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchmany(self, size: int) -> list[Any]:
        return list(self._cursor.fetchmany(size))

    def fetchall(self) -> list[Any]:
        return list(self._cursor.fetchall())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)


_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.I)


class _Server:
    """psycopg's connection taking ``?`` placeholders and giving ``lastrowid``."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Cursor:
        text = sql.replace("%", "%%").replace("?", "%s")
        insert = _INSERT.match(sql)
        if insert is not None and "RETURNING" not in sql.upper():
            cursor = self._conn.execute(text + " RETURNING id", tuple(params))
            row = cursor.fetchone()
            return _Cursor(cursor, row[0] if row else None)
        return _Cursor(self._conn.execute(text, tuple(params)), None)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        text = sql.replace("%", "%%").replace("?", "%s")
        self._conn.cursor().executemany(text, [tuple(r) for r in rows])


def raw(session: Session) -> Any:
    """The transaction's own driver connection, for plain SQL with ``?`` placeholders."""
    conn = session.connection().connection.driver_connection
    assert conn is not None
    return _Server(conn) if is_server(session) else conn


class Rows:
    """Plain SELECTs on one deck connection: a session's (either database, through ``rows``)
    or the light deck's own sqlite3 one (store/lite.py), which loads no ORM."""

    def __init__(self, conn: Any, *, server: bool = False) -> None:
        self.conn = conn
        self.server = server

    def local_time(self, column: str) -> str:
        """``local_time`` for this connection's database."""
        return column if self.server else sqlite_local_time(column)

    def starts_with_any(self, column: str, chars: str) -> str:
        """SQL: whether the text in ``column`` starts with one of ``chars`` (neither "]" nor
        "^" among them): SQLite's GLOB reads it in one step, a server compares the first
        character."""
        if self.server:
            quoted = ", ".join("'" + c.replace("'", "''") + "'" for c in chars)
            return f"substr({column}, 1, 1) IN ({quoted})"
        ordered = sorted(chars, key=lambda c: c != "-")  # "-" first: itself, not a range
        return f"{column} GLOB '[{''.join(ordered).replace(chr(39), chr(39) * 2)}]*'"

    def local_times(self) -> LocalTimes | None:
        """On SQLite, what turns stored times local (as ``local_time`` does in SQL) once an
        hour in Python, not a C library conversion a cell; None on a server."""
        return None if self.server else LocalTimes(self.conn)

    def execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(query, params)

    def batches(self, query: str, batch: int = 500, params: Sequence[Any] = ()
                ) -> Iterator[list[tuple[Any, ...]]]:  # fmt: skip
        """The rows of a plain SELECT, ``batch`` at a time, as ``stream`` gives them."""
        cursor = self.conn.execute(query, params)
        while found := cursor.fetchmany(batch):
            if self.server:
                found = [tuple(as_local(value) for value in row) for row in found]
            yield found

    def stream(self, query: str, batch: int = 500, params: Sequence[Any] = ()
               ) -> Iterator[tuple[Any, ...]]:  # fmt: skip
        """As ``stream`` below."""
        for found in self.batches(query, batch, params):
            yield from found


def rows(source: Session | Rows) -> Rows:
    """A session's connection (or light rows as they are) as ``Rows``."""
    if isinstance(source, Rows):
        return source
    return Rows(raw(source), server=is_server(source))


def local_time(session: Session, column: str) -> str:
    """SQL for a stored time as the owner's local ISO 8601 with its offset (what ``plain``
    makes of it): SQLite's 'localtime' is the same C library zone as Python's and ten times
    quicker than a datetime object per cell; a server's zone is not the owner's, so there
    the time comes back as it is and ``stream`` turns it in Python."""
    return column if is_server(session) else sqlite_local_time(column)


def sqlite_local_time(column: str) -> str:
    """``local_time`` in SQLite's SQL."""
    offset = f"CAST(round((julianday({column}, 'localtime') - julianday({column})) * 1440) AS INT)"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE"
        f" strftime('%Y-%m-%dT%H:%M:%S', {column}, 'localtime')"
        f" || printf('%+03d:%02d', {offset} / 60, abs({offset}) % 60) END"
    )


#: A time as SQLAlchemy stores it in SQLite, to the second or to the microsecond.
_STORED = re.compile(
    r"[0-9]{4}-[0-1][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9](\.[0-9]{6})?"
)


class LocalTimes:
    """Stored times (SQLite's, read as they are) as ``sqlite_local_time`` makes them, without
    a C library conversion a cell: SQLite itself turns the first and the last second of
    each hour met; when both have one offset, a whole number of hours, every time stored
    the usual way in that hour is its local hour, the same minutes and seconds, and that
    offset. Anything else (an hour with a change of offset in it, a zone half an hour
    off, a fraction of a second that SQLite rounds up, a time stored another way) is
    asked of SQLite one by one."""

    #: The most hours remembered (about a megabyte: a deck whose times spread over years
    #: keeps its memory flat, asking SQLite again for an hour forgotten).
    MOST = 4096

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._hours: dict[str, tuple[str, str] | None] = {}
        self._ends = f"SELECT {sqlite_local_time('?1')}, {sqlite_local_time('?2')}"
        self._one = f"SELECT {sqlite_local_time('?1')}"
        self._seen = _Seen(self._turn)

    def column(self, values: Iterable[Any]) -> Iterator[Any]:
        """``values`` each turned as a call turns it; a value met before (an import's cards
        share their times) is looked up, not turned again, at C speed."""
        return map(self._seen.__getitem__, values)

    def exact(self, value: Any) -> Any:
        """``value`` turned by SQLite itself."""
        return self._conn.execute(self._one, (value,)).fetchone()[0]

    def _hour(self, hour: str) -> tuple[str, str] | None:
        first, last = self._conn.execute(self._ends, (hour + ":00:00", hour + ":59:59")).fetchone()
        if first is None or last is None or first[-6:] != last[-6:]:
            return None
        local = first[:13]
        if first[13:19] != ":00:00" or last[:19] != local + ":59:59":
            return None
        return local, first[-6:]

    def __call__(self, value: Any) -> Any:
        """The local ISO 8601 of a stored time; None as it is."""
        return self._seen[value]

    def _turn(self, value: Any) -> Any:
        if value is None:
            return None
        if type(value) is not str or not _STORED.fullmatch(value) or value[20:24] >= "9995":
            return self.exact(value)  # SQLite rounds a fraction from .9995 s up
        hour = value[:13]
        try:
            known = self._hours[hour]
        except KeyError:
            if len(self._hours) >= self.MOST:
                self._hours.clear()
            known = self._hours[hour] = self._hour(hour)
        if known is None:
            return self.exact(value)
        return known[0] + value[13:19] + known[1]


class _Seen(dict[Any, Any]):
    """Stored times met lately and what they turn into (None into None): at most
    ``LocalTimes.MOST`` of them, so that a deck of many times keeps its memory flat."""

    def __init__(self, turn: Callable[[Any], Any]) -> None:
        super().__init__({None: None})
        self._turn = turn

    def __missing__(self, value: Any) -> Any:
        if len(self) >= LocalTimes.MOST:
            self.clear()
            self[None] = None
        turned = self[value] = self._turn(value)
        return turned


def as_local(value: Any) -> Any:
    """A time a server gave back as ``local_time`` makes it on SQLite; else as it is."""
    if isinstance(value, datetime):
        return value.astimezone().replace(microsecond=0).isoformat()
    return value


def stream(session: Session, query: str, batch: int = 500, params: Sequence[Any] = ()
           ) -> Iterator[tuple[Any, ...]]:  # fmt: skip
    """The rows of a plain SELECT, ``batch`` at a time; the times ``local_time`` left as
    they are on a server come out as the owner's local ISO 8601, as on SQLite."""
    return rows(session).stream(query, batch, params)


def highest_id(session: Session, table: str) -> int:
    """The highest id ``table`` has ever handed out (rows since deleted included)."""
    db = raw(session)
    if is_server(session):
        row = db.execute(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {table}_id_seq"
        ).fetchone()
        most = db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
        return max(int(row[0]), int(most[0]))
    seq = db.execute("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = ?", (table,))
    most = db.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
    return max(int(seq.fetchone()[0]), int(most.fetchone()[0]))


def ids_taken(session: Session, table: str) -> None:
    """After rows were written with ids given by hand: the next id handed out comes after
    them (SQLite's AUTOINCREMENT sees to it itself; a server's sequence is moved on)."""
    if is_server(session):
        raw(session).execute(
            f"SELECT setval('{table}_id_seq', greatest((SELECT max(id) FROM {table}),"
            f" (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {table}_id_seq), 1))"
        )


def set_highest_id(session: Session, table: str, highest: int) -> None:
    """Make ``highest`` the highest id ``table`` has handed out (a copied deck's), so the
    next row gets an id above it, as it would have in the deck copied."""
    db = raw(session)
    if is_server(session):
        most = db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        value = max(int(most), highest)
        if value:
            db.execute(f"SELECT setval('{table}_id_seq', ?, true)", (value,))
        else:
            db.execute(f"SELECT setval('{table}_id_seq', 1, false)")
        return
    db.execute("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    if highest:
        most = db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)",
                   (table, max(int(most), highest)))  # fmt: skip
