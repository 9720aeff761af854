"""Plain rows of the card, contact, sale and change tables (no ORM), and their values as
SQLAlchemy keeps them in SQLite, both ways. The SQLModel tables (``models.py``) stay the
one source of truth: a test holds these fields equal to their columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from enum import Enum
from typing import Any, TypeVar

from carddeck.store.kinds import Channel, Kind, Stage, Status
from carddeck.words import without_controls


@dataclass(kw_only=True, eq=False)
class CardRow:
    """One lead, as ``models.Card``."""

    id: int | None = None
    name: str
    company: str | None = None
    title: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    source: str | None = None
    referred_by: str | None = None
    kind: Kind = Kind.lead
    status: Status = Status.new
    stage: Stage = Stage.rapport
    need: str | None = None
    known: str | None = None
    notes: str | None = None
    rating: int | None = None
    interest: int | None = None
    notch: str | None = None
    next_follow_up: datetime | None = None
    attempts: int = 0
    created_at: datetime
    updated_at: datetime
    first_contacted_at: datetime | None = None
    closed_at: datetime | None = None
    lost_reason: str | None = None
    position: int = 0
    version: int = 1
    batch_id: int | None = None
    owner: str | None = None
    value: int | None = None
    address: str | None = None
    other_emails: str | None = None
    other_phones: str | None = None


@dataclass(kw_only=True, eq=False)
class ContactRow:
    """One touch, as ``models.Contact``."""

    id: int | None = None
    card_id: int
    at: datetime
    channel: Channel = Channel.call
    reached: bool = True
    rating: int | None = None
    interest: int | None = None
    notch: str | None = None
    rating_after: int | None = None
    summary: str | None = None
    next_follow_up: datetime | None = None
    seller: str | None = None


@dataclass(kw_only=True, eq=False)
class SaleRow:
    """One sale, as ``models.Sale``."""

    id: int | None = None
    card_id: int
    at: datetime
    value: int | None = None
    seller: str | None = None


@dataclass(kw_only=True, eq=False)
class ChangeRow:
    """One journal row, as ``models.Change``."""

    id: int | None = None
    op: int = 0
    at: datetime
    kind: str
    card_id: int | None = None
    before: str | None = None
    after: str | None = None
    contact_id: int | None = None
    sale_id: int | None = None
    version_after: int | None = None
    undone_by: int | None = None


Row = CardRow | ContactRow | SaleRow | ChangeRow
R = TypeVar("R", CardRow, ContactRow, SaleRow, ChangeRow)

TABLES: dict[type[Any], str] = {
    CardRow: "card",
    ContactRow: "contact",
    SaleRow: "sale",
    ChangeRow: "change",
}
#: Each table's columns in the table's order (the SELECT and INSERT lists).
COLUMNS: dict[type[Any], tuple[str, ...]] = {
    kind: tuple(f.name for f in fields(kind)) for kind in TABLES
}
CARD_COLUMNS = COLUMNS[CardRow]
CONTACT_COLUMNS = COLUMNS[ContactRow]
SALE_COLUMNS = COLUMNS[SaleRow]
CHANGE_COLUMNS = COLUMNS[ChangeRow]


def stored_time(moment: datetime | None) -> str | None:
    """A time as SQLAlchemy keeps it in SQLite (UTC text, to the microsecond); a time
    without a zone is refused, as the ORM refuses it."""
    if moment is None:
        return None
    if moment.utcoffset() is None:
        raise ValueError("Datetime values must have timezone information.")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def read_time(text: str | None) -> datetime | None:
    """A stored time read back as the ORM reads it: aware, in UTC."""
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment.astimezone(UTC)


def _stored_word(kind: type[Enum]) -> Callable[[Any], Any]:
    def store(value: Any) -> Any:
        if value is None:
            return None
        return (value if isinstance(value, kind) else kind(value)).name

    return store


def _read_word(kind: type[Enum]) -> Callable[[Any], Any]:
    members = kind.__members__

    def read(value: Any) -> Any:
        if value is None:
            return None
        try:
            return members[value]
        except KeyError:
            # SQLAlchemy's words, which the store's error translation knows
            raise LookupError(
                f"'{value}' is not among the defined enum values. Enum name: "
                f"{kind.__name__.lower()}. Possible values: {', '.join(members)}"
            ) from None

    return read


def _scrubbed(value: Any) -> Any:
    # text read back never carries terminal controls (models' load events do the same)
    return without_controls(value) if isinstance(value, str) else value


def _flag_in(value: Any) -> Any:
    return None if value is None else int(bool(value))


def _flag_out(value: Any) -> Any:
    return None if value is None else bool(value)


_TIMES = ("next_follow_up", "created_at", "updated_at", "first_contacted_at", "closed_at", "at")
_WORDS: dict[type[Any], dict[str, type[Enum]]] = {
    CardRow: {"kind": Kind, "status": Status, "stage": Stage},
    ContactRow: {"channel": Channel},
}
_SCRUBBED: dict[type[Any], tuple[str, ...]] = {
    CardRow: (
        "name",
        "company",
        "title",
        "phone",
        "email",
        "website",
        "source",
        "referred_by",
        "need",
        "known",
        "notes",
        "notch",
        "lost_reason",
        "address",
        "other_emails",
        "other_phones",
    ),  # fmt: skip
    ContactRow: ("notch", "summary"),
}
_FLAGS: dict[type[Any], tuple[str, ...]] = {ContactRow: ("reached",)}


def _converters(kind: type[Any]) -> tuple[list[Callable[[Any], Any] | None], ...]:
    into: list[Callable[[Any], Any] | None] = []
    out: list[Callable[[Any], Any] | None] = []
    for name in COLUMNS[kind]:
        if name in _TIMES:
            into.append(stored_time)
            out.append(read_time)
        elif name in _WORDS.get(kind, {}):
            into.append(_stored_word(_WORDS[kind][name]))
            out.append(_read_word(_WORDS[kind][name]))
        elif name in _FLAGS.get(kind, ()):
            into.append(_flag_in)
            out.append(_flag_out)
        elif name in _SCRUBBED.get(kind, ()):
            into.append(None)
            out.append(_scrubbed)
        else:
            into.append(None)
            out.append(None)
    return into, out


_INTO: dict[type[Any], list[Callable[[Any], Any] | None]] = {}
_OUT: dict[type[Any], list[Callable[[Any], Any] | None]] = {}
for _kind in TABLES:
    _INTO[_kind], _OUT[_kind] = _converters(_kind)


def values(row: Row, names: Sequence[str] | None = None) -> list[Any]:
    """The row's values as stored, for ``names`` (all its columns, in order, if None)."""
    kind = type(row)
    columns = COLUMNS[kind]
    convert = _INTO[kind]
    if names is None:
        return [
            value if into is None else into(value)
            for into, value in zip(convert, (getattr(row, n) for n in columns), strict=True)
        ]
    found = []
    for name in names:
        into = convert[columns.index(name)]
        value = getattr(row, name)
        found.append(value if into is None else into(value))
    return found


def stored(kind: type[Any], name: str, value: Any) -> Any:
    """One value of column ``name`` of ``kind``'s table as stored (for a WHERE clause)."""
    into = _INTO[kind][COLUMNS[kind].index(name)]
    return value if into is None else into(value)


def from_values(kind: type[R], found: Sequence[Any]) -> R:
    """A row from its stored values, in its columns' order (``SELECT <COLUMNS>``)."""
    made = [
        value if out is None else out(value) for out, value in zip(_OUT[kind], found, strict=True)
    ]
    return kind(**dict(zip(COLUMNS[kind], made, strict=True)))


def select_list(kind: type[Any], alias: str | None = None) -> str:
    """The SELECT list of ``kind``'s columns, in order (quoted: ``change`` is a keyword)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{name}"' for name in COLUMNS[kind])


def insert(conn: Any, row: Row) -> int:
    """Insert ``row`` (its id given by the database when None); sets and returns its id."""
    kind = type(row)
    names = [n for n in COLUMNS[kind] if n != "id" or row.id is not None]
    marks = ", ".join("?" for _ in names)
    quoted = ", ".join(f'"{n}"' for n in names)
    cursor = conn.execute(
        f'INSERT INTO "{TABLES[kind]}" ({quoted}) VALUES ({marks})', values(row, names)
    )
    row.id = int(cursor.lastrowid)
    return row.id


def update(conn: Any, row: Row, names: Sequence[str]) -> None:
    """Write ``names`` of ``row`` (by its id) back to its table."""
    if not names:
        return
    kind = type(row)
    sets = ", ".join(f'"{n}" = ?' for n in names)
    conn.execute(f'UPDATE "{TABLES[kind]}" SET {sets} WHERE id = ?', [*values(row, names), row.id])
