"""carddeck's own exports taken back whole: a CSV export (known by its header) or a JSON
export, with the contact history from ``export --contacts`` beside it or inside the JSON.

Every field comes back as it was (status, stage, ratings, the notch, next date, attempts,
source, referrer, times, version) and the deck order with it, so that a deck exported
and imported into an empty deck is the same deck, card for card.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from carddeck.deck import order
from carddeck.deck.dates import YEARS
from carddeck.deck.export import ESCAPED
from carddeck.deck.fields import MULTILINE, clean
from carddeck.deck.intake import Problem
from carddeck.deck.money import MOST
from carddeck.deck.privacy import blocked
from carddeck.deck.serialize import CARD_COLUMNS, CONTACT_COLUMNS, SALE_COLUMNS
from carddeck.store import sql
from carddeck.store.models import Channel, Kind, Stage, Status, stored

#: The columns of ``export --contacts`` (CSV): the card's name, then the contact.
CONTACT_EXPORT = ("card_name", *CONTACT_COLUMNS)
_TIMES = {"next_follow_up", "created_at", "updated_at", "first_contacted_at", "closed_at", "at"}
_INTS = {"id", "card_id", "rating", "interest", "rating_after", "attempts", "position",
         "version", "value"}  # fmt: skip
#: What a whole number may be: a rating is 1-10, and no count or id comes near 2**62.
_BIG = 1 << 62
_RANGES = {"rating": (1, 10), "interest": (1, 10), "rating_after": (1, 10),
           "attempts": (0, 1_000_000), "value": (0, MOST * 100)}  # fmt: skip
#: An exported id above this is not kept (a new one is given): the deck's ids must never
#: run out, however an edited file numbers its cards.
KEEP_IDS = 1 << 40
_ENUMS: dict[str, Any] = {"kind": Kind, "status": Status, "stage": Stage, "channel": Channel}
_NEEDED = {"name", "kind", "status", "stage", "attempts", "created_at", "updated_at", "version",
           "at", "channel", "reached", "card_id"}  # fmt: skip
_TEXT = {"name", "company", "title", "phone", "email", "website", "source", "referred_by",
         "need", "known", "notes", "notch", "lost_reason", "summary", "address",
         "other_emails", "other_phones", "seller"}  # fmt: skip


#: Columns a newer carddeck added at the end of its exports: an export from before them
#: is carddeck's own all the same (the column is then empty).
_ADDED_LATER = {
    "card": ("owner", "value", "address", "other_emails", "other_phones"),
    "contact": ("seller",),
}


def _ours(header: Iterable[str], columns: tuple[str, ...], later: tuple[str, ...]) -> bool:
    """The columns in their order, less any of those added later (an older carddeck's)."""
    seen = [h.strip().lstrip("\ufeff") for h in header]
    return seen == [c for c in columns if c in seen] and set(columns) - set(seen) <= set(later)


def is_own_export(header: Iterable[str]) -> bool:
    """Whether a CSV header is carddeck's own card export (this carddeck's or an older's)."""
    return _ours(header, CARD_COLUMNS, _ADDED_LATER["card"])


def is_own_contact_export(header: Iterable[str]) -> bool:
    """Whether a CSV header is carddeck's own ``export --contacts``."""
    return _ours(header, CONTACT_EXPORT, _ADDED_LATER["contact"])


@dataclass
class Restored:
    cards: int = 0
    contacts: int = 0
    sales: int = 0
    skipped: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Bad(ValueError):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column


def _shown(raw: Any) -> str:
    """A value from the file, cut to quote in a line."""
    text = str(raw)
    return text if len(text) <= 30 else text[:29] + "…"


def _typed(name: str, raw: Any, *, from_csv: bool = True) -> Any:
    """A cell of carddeck's export as the value it stands for."""
    if isinstance(raw, str):
        if from_csv and raw[:1] == "'" and raw[1:2] and raw[1] in ESCAPED:
            raw = raw[1:]  # spreadsheet-safe on the way out; as it was on the way in
        if raw == "":
            raw = None
    if raw is None:
        if name in _NEEDED:
            raise _Bad(name, "is empty, and carddeck's export always fills it")
        return None
    try:
        if name in _TIMES:
            moment = datetime.fromisoformat(str(raw))
            if moment.tzinfo is None:
                raise ValueError(f"{raw} has no UTC offset (the export writes one, as +00:00)")
            if not YEARS[0] <= moment.year <= YEARS[1]:
                raise ValueError(f"{raw} is not between the years {YEARS[0]} and {YEARS[1]}")
            return moment
        if name in _INTS:
            whole = isinstance(raw, int) or (isinstance(raw, float) and raw.is_integer())
            if isinstance(raw, bool) or not (whole or (isinstance(raw, str)
                                                       and raw.lstrip("-").isdigit())):  # fmt: skip
                raise ValueError(f"{_shown(raw)!r} is not a whole number")
            number = int(raw)
            low, high = _RANGES.get(name, (-_BIG, _BIG))
            if not low <= number <= high:
                size = (
                    str(number) if abs(number) < _BIG else f"a {len(str(abs(number)))}-digit number"
                )
                raise ValueError(f"{size} is not from {low} to {high}")
            return number
        if name == "reached":
            return raw if isinstance(raw, bool) else str(raw).strip().lower() == "true"
        if name in _ENUMS:
            known = [member.value for member in _ENUMS[name]]
            if str(raw) not in known:
                raise ValueError(f"{_shown(raw)!r} is not one of {', '.join(known)}")
            return _ENUMS[name](str(raw))
    except (ValueError, OverflowError) as err:
        raise _Bad(name, str(err)) from None
    if name in _TEXT:
        return clean(str(raw), multiline=name in MULTILINE)
    return raw


def restore(
    session: Session,
    cards: Iterable[tuple[int, dict[str, Any]]],
    contacts: Iterable[tuple[int, dict[str, Any]]],
    *,
    batch_id: int,
    force: bool = False,
    csv_cells: tuple[bool, bool] = (True, True),
    sales: Iterable[tuple[int, dict[str, Any]]] = (),
) -> Restored:
    """Put the exported cards (and contacts) in the deck, behind the cards already there,
    in their exported order. Ids are kept where the deck never used them (always, in a
    new deck); a card whose person is already here is left out, as is one who asked not to
    be contacted or to be erased (unless ``force``). ``csv_cells`` says whether the cards'
    cells, and the contacts', come from a CSV export (an apostrophe before a cell that
    starts like a formula or with an apostrophe was put there by the export). ``sales``
    (from the JSON export) go with their cards, as the contacts do."""
    done = Restored()
    db = sql.raw(session)
    used, used_contacts = sql.highest_id(session, "card"), sql.highest_id(session, "contact")
    used_sales = sql.highest_id(session, "sale")
    start = order.key_for(session, "back")
    ids: dict[int, int] = {}
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, raw in cards:
        try:
            row = {n: _typed(n, raw.get(n), from_csv=csv_cells[0]) for n in CARD_COLUMNS}
        except _Bad as err:
            done.problems.append(Problem(str(err), line, err.column))
            continue
        rows.append((line, row))
    rows.sort(key=lambda item: item[1]["position"] or 0)
    for rank, (line, row) in enumerate(rows, start=1):
        same = _already_here(db, row["email"], row["phone"], used)
        if same is not None:
            done.skipped.append(f"line {line}: {row['name']} is here already as #{same}")
            continue
        block = blocked(session, email=row["email"], phone=row["phone"])
        if block is not None and row["status"] != Status.do_not_contact and not force:
            done.skipped.append(f"line {line}: {block}: left out")
            continue
        old = row["id"]
        keep = old is not None and used < old <= KEEP_IDS and old not in ids.values()
        new = old if keep else None
        names = [n for n in CARD_COLUMNS if n not in ("id", "position")]
        values = [stored(row[n]) if n in _TIMES else getattr(row[n], "value", row[n])
                  for n in names]  # fmt: skip
        ids[old] = _insert(db, "card", new, [*names, "position", "batch_id"],
                           [*values, start + rank * order.GAP, batch_id])  # fmt: skip
        done.cards += 1
    for line, raw in contacts:
        try:
            contact = {n: _typed(n, raw.get(n), from_csv=csv_cells[1]) for n in CONTACT_COLUMNS}
        except _Bad as err:
            done.problems.append(Problem(str(err), line, err.column))
            continue
        card = ids.get(contact["card_id"])
        if card is None:
            continue  # its card was left out (or is not in the file)
        names = [n for n in CONTACT_COLUMNS if n not in ("id", "card_id")]
        values = [stored(contact[n]) if n in _TIMES else getattr(contact[n], "value", contact[n])
                  for n in names]  # fmt: skip
        old = contact["id"]
        new = old if old is not None and used_contacts < old <= KEEP_IDS else None
        _insert(db, "contact", new, ["card_id", *names], [card, *values])
        done.contacts += 1
    done.sales = _restore_sales(db, sales, ids, used_sales, done.problems)
    sql.ids_taken(session, "card")
    sql.ids_taken(session, "contact")
    sql.ids_taken(session, "sale")
    return done


def _restore_sales(
    db: Any, sales: Iterable[tuple[int, dict[str, Any]]], ids: dict[int, int], used: int,
    problems: list[Problem],
) -> int:  # fmt: skip
    """The sales of the cards put in (each under its card's id in this deck); how many."""
    done = 0
    taken: set[int] = set()
    for line, raw in sales:
        try:
            sale = {n: _typed(n, raw.get(n), from_csv=False) for n in ("card_id", *SALE_COLUMNS)}
        except _Bad as err:
            problems.append(Problem(f"a sale: {err}", line, err.column))
            continue
        card = ids.get(sale["card_id"])
        if card is None:
            continue  # its card was left out
        old = sale["id"]
        new = old if old is not None and used < old <= KEEP_IDS and old not in taken else None
        if new is not None:
            taken.add(new)
        _insert(db, "sale", new, ["card_id", "at", "value", "seller"],
                [card, stored(sale["at"]), sale["value"], sale["seller"]])  # fmt: skip
        done += 1
    return done


def _insert(db: Any, table: str, given: int | None, names: list[str], values: list[Any]) -> int:
    """A row, with its exported id where it is kept (else the deck gives one); its id."""
    if given is not None:
        names, values = ["id", *names], [given, *values]
    marks = ", ".join("?" for _ in names)
    cursor = db.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})", values)
    return int(cursor.lastrowid)


def _already_here(db: Any, email: str | None, phone: str | None, before: int) -> int | None:
    """A card that was in the deck before this import with the same email or phone."""
    for column, value in (("email", email), ("phone", phone)):
        if value:
            found = db.execute(
                f"SELECT id FROM card WHERE {column} = ? AND id <= ? LIMIT 1", (value, before)
            )
            row = found.fetchone()
            if row is not None:
                return int(row[0])
    return None
