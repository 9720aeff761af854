"""Exporting the deck, streamed in deck order: CSV (safe to open in a spreadsheet), JSON,
iCalendar (one event per follow-up) and vCard (back into a phone)."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias

from carddeck.deck import clock
from carddeck.deck.serialize import CARD_COLUMNS, CONTACT_COLUMNS, SALE_COLUMNS
from carddeck.store import sql
from carddeck.store.kinds import OPEN_STATUSES

if TYPE_CHECKING:  # CSV and JSON read plain rows: on an SQLite deck they load no ORM
    from sqlmodel import Session

    from carddeck.store.models import Card

#: Where CSV and JSON read from: a session (either database), or an SQLite deck's light
#: connection as ``sql.Rows`` (no ORM loaded).
Source: TypeAlias = "Session | sql.Rows"

#: A cell starting with one of these runs as a formula in Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
FORMATS = ("csv", "json", "ics", "vcf")
BATCH = 500


def count(source: Source, *, contacts: bool = False) -> int:
    """How many rows an export will write (for a progress bar)."""
    table = "contact" if contacts else "card"
    return int(sql.rows(source).execute(f"SELECT count(*) FROM {table}").fetchone()[0])


#: ... and a cell that starts with an apostrophe gets one more, so that importing the
#: export takes exactly one away from each cell that has one.
ESCAPED = (*FORMULA_STARTS, "'")


#: An E.164 phone ("+" and up to 15 digits, nothing else): a spreadsheet reads it as the
#: number it is and runs nothing, so it is written as stored, without an apostrophe.
E164 = re.compile(r"\+[0-9]{1,15}")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (or that starts with an apostrophe)
    gets a leading apostrophe; an E.164 phone does not."""
    if isinstance(value, str) and value.startswith(ESCAPED) and not E164.fullmatch(value):
        return "'" + value
    return value


def _cards(session: Session, *, open_with_date: bool = False) -> Iterator[Card]:
    from sqlmodel import col, select

    from carddeck.store.models import Card

    query = select(Card).order_by(col(Card.position), col(Card.id))
    if open_with_date:
        query = query.where(
            col(Card.status).in_(OPEN_STATUSES), col(Card.next_follow_up).is_not(None)
        )
    for card in session.exec(query.execution_options(yield_per=BATCH)):
        yield card
        session.expunge(card)


_TIMES = {"next_follow_up", "created_at", "updated_at", "first_contacted_at", "closed_at", "at"}
_NUMBERS = {"id", "card_id", "rating", "interest", "rating_after", "attempts", "version",
            "value"}  # fmt: skip
#: The columns whose cells are never text a spreadsheet would run (with ``raw`` or not).
_UNGUARDED = {*_TIMES, *_NUMBERS, "position", "reached"}
#: "=", "+", "-", "@", tab, CR, LF: the starts a spreadsheet runs as a formula; and "'".
_FORMULA_CHARS = "".join(ESCAPED)
_APOSTROPHE_SQL = "''''"
_CONTACT_COLUMNS = ("card_name", *CONTACT_COLUMNS)


def _e164_sql(column: str) -> str:
    """SQL for ``E164.fullmatch``, the same on SQLite and PostgreSQL."""
    return (f"(substr({column}, 1, 1) = '+' AND length({column}) BETWEEN 2 AND 16"
            f" AND ltrim(substr({column}, 2), '0123456789') = '')")  # fmt: skip


def _select(source: sql.Rows, columns: tuple[str, ...], table: str, *, safe: bool = False,
            quick: bool = False) -> str:  # fmt: skip
    """Each column as the export writes it: times local, position as the place in the deck,
    and with ``safe`` text that would run as a formula behind an apostrophe. ``quick``
    (SQLite, rows written in order): the times as stored and no position (``_finisher``
    puts both in)."""
    out = []
    for name in columns:
        column = f"{table}.{name}"
        if name in _TIMES:
            out.append(column if quick else source.local_time(column))
        elif name == "position":
            out.append("NULL" if quick else "ROW_NUMBER() OVER (ORDER BY card.position, card.id)")
        elif name == "reached":
            out.append(f"CASE WHEN {column} THEN 'True' ELSE 'False' END")
        elif safe and name not in _NUMBERS:
            out.append(
                f"CASE WHEN {source.starts_with_any(column, _FORMULA_CHARS)}"
                f" AND NOT {_e164_sql(column)}"
                f" THEN {_APOSTROPHE_SQL} || {column} ELSE {column} END"
            )
        else:
            out.append(column)
    return ", ".join(out)


def _card_sql(source: sql.Rows, *, safe: bool = False, quick: bool = False) -> str:
    columns = _select(source, CARD_COLUMNS, "card", safe=safe, quick=quick)
    return f"SELECT {columns} FROM card ORDER BY position, id"


def _contact_sql(source: sql.Rows, *, safe: bool = False, quick: bool = False) -> str:
    name = _select(source, ("name",), "card", safe=safe)
    contact = _select(source, CONTACT_COLUMNS, "contact", safe=safe, quick=quick)
    return (
        f"SELECT {name}, {contact} FROM contact JOIN card ON card.id = contact.card_id"
        " ORDER BY contact.at, contact.id"
    )


def _rows(source: sql.Rows, query: str) -> Iterator[tuple[Any, ...]]:
    """Rows on the transaction's own connection, a batch at a time: an ORM object a card
    would cost ten times what the export itself does."""
    return source.stream(query, BATCH)


def card_rows(source: Source) -> Iterator[dict[str, Any]]:
    """Every card as a dict (as ``list --json`` shows it), in deck order, streamed."""
    reader = sql.rows(source)
    for row in _rows(reader, _card_sql(reader)):
        yield dict(zip(CARD_COLUMNS, row, strict=True))


def contact_rows(source: Source) -> Iterator[dict[str, Any]]:
    """Every contact of every card, the card's name beside it, oldest first."""
    reader = sql.rows(source)
    for row in _rows(reader, _contact_sql(reader)):
        data = dict(zip(_CONTACT_COLUMNS, row, strict=True))
        data["reached"] = data["reached"] == "True"
        yield data


Progress = Callable[[int], None]


def _tick(progress: Progress | None, written: int) -> None:
    if progress is not None and written % BATCH == 0:
        progress(written)


def write_csv(
    source: Source, out: TextIO, *, raw: bool = False, contacts: bool = False,
    progress: Progress | None = None, quick: bool = True,
) -> int:  # fmt: skip
    """Cards (or contacts) as CSV with a header row; returns how many rows. On a server (or
    with ``quick`` off, to compare) the rows come out of the SQL ready to write; on SQLite
    they are read as stored and Python numbers them, turns their times local and puts
    formulas behind an apostrophe, a column of a batch at a time (deck/quickcsv.py)."""
    reader = sql.rows(source)
    columns = _CONTACT_COLUMNS if contacts else CARD_COLUMNS
    local = reader.local_times() if quick else None
    make = _contact_sql if contacts else _card_sql
    # quick: the rows as stored, finished in Python (deck/quickcsv.py); else as SQL makes them
    query = make(reader, safe=not raw and local is None, quick=local is not None)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    finish: Callable[[list[tuple[Any, ...]], int], str] | None = None
    if local is not None:
        from carddeck.deck.quickcsv import finisher

        safe = set() if raw else {name for name in columns if name not in _UNGUARDED}
        finish = finisher(columns, local, times=_TIMES, safe=safe)
    written = 0
    for batch in reader.batches(query, BATCH):
        if finish is None:
            writer.writerows(batch)
        else:
            out.write(finish(batch, written))
        written += len(batch)
        if progress is not None:
            progress(written)
    return written


def _contacts_of(source: sql.Rows, card_id: int) -> list[dict[str, Any]]:
    query = (f"SELECT {_select(source, CONTACT_COLUMNS, 'contact')} FROM contact"
             " WHERE card_id = ? ORDER BY contact.at DESC, contact.id DESC")  # fmt: skip
    rows = source.stream(query, BATCH, (card_id,))
    found = [dict(zip(CONTACT_COLUMNS, row, strict=True)) for row in rows]
    for contact in found:
        contact["reached"] = contact["reached"] == "True"
    return found


def _sales_of(source: sql.Rows, card_id: int) -> list[dict[str, Any]]:
    query = (f"SELECT {_select(source, SALE_COLUMNS, 'sale')} FROM sale"
             " WHERE card_id = ? ORDER BY sale.at, sale.id")  # fmt: skip
    rows = source.stream(query, BATCH, (card_id,))
    return [dict(zip(SALE_COLUMNS, row, strict=True)) for row in rows]


def write_json(
    source: Source, out: TextIO, *, contacts: bool = False, progress: Progress | None = None
) -> int:
    """A JSON list of cards (the shape of ``list --json``), streamed; with ``contacts`` each
    card carries its contacts, newest first (the shape of ``show --json``), and its sales
    (``sales``, oldest first): the whole deck in one file, which ``carddeck import`` takes
    back whole."""
    reader = sql.rows(source)
    out.write("[")
    written = 0
    for row in card_rows(reader):
        if contacts:
            row["contacts"] = _contacts_of(reader, row["id"])
            row["sales"] = _sales_of(reader, row["id"])
        out.write(",\n  " if written else "\n  ")
        out.write(json.dumps(row, ensure_ascii=False))
        written += 1
        _tick(progress, written)
    out.write("\n]\n" if written else "]\n")
    return written


def _event_text(card: Card, phone: str | None) -> str:
    lines = [
        ("Phone", phone), ("Email", card.email), ("One notch up", card.notch),
        ("Need", card.need), ("Attempts so far", str(card.attempts)),
    ]  # fmt: skip
    return "\n".join(f"{label}: {value}" for label, value in lines if value)


def write_ics(
    session: Session, out: TextIO, *, now: datetime | None = None, region: str = "US",
    progress: Progress | None = None,
) -> int:  # fmt: skip
    """An iCalendar file: a 15-minute event for each open card's next follow-up, the phone
    written as people read it in the owner's ``region``."""
    from icalendar import Calendar, Event

    from carddeck.deck.fields import display_phone

    now = now or clock.now()
    head = Calendar()
    head.add("prodid", "-//carddeck//follow-ups//EN")
    head.add("version", "2.0")
    head.add("x-wr-calname", "carddeck follow-ups")
    text = head.to_ical().decode()
    out.write(text[: text.index("END:VCALENDAR")])
    written = 0
    for card in _cards(session, open_with_date=True):
        assert card.next_follow_up is not None
        event = Event()
        event.add("uid", f"card-{card.id}-follow-up@carddeck")
        event.add("dtstamp", now)
        event.add("dtstart", card.next_follow_up)
        try:
            event.add("dtend", card.next_follow_up + timedelta(minutes=15))
        except OverflowError:  # the last minute of the calendar: an event with no length
            event.add("dtend", card.next_follow_up)
        who = f"{card.name} ({card.company})" if card.company else card.name
        phone = display_phone(card.phone, region)
        event.add("summary", f"Call {who}" + (f" {phone}" if phone else ""))
        event.add("description", _event_text(card, phone))
        out.write(event.to_ical().decode())
        written += 1
        _tick(progress, written)
    out.write("END:VCALENDAR\r\n")
    return written


def _values(first: str | None, others: str | None) -> list[str]:
    """The first value and the further ones (one a line), for a vCard's TEL or EMAIL."""
    lines = [line.strip() for line in (others or "").split("\n")]
    return [v for v in (first, *lines) if v]


def write_vcf(session: Session, out: TextIO, *, progress: Progress | None = None) -> int:
    """vCard 3.0 of every card, so the deck goes back into a phone."""
    import vobject

    from carddeck.deck.mapping import split_name

    written = 0
    for card in _cards(session):
        vcard = vobject.vCard()
        vcard.add("fn").value = card.name
        given, family = split_name(card.name)
        vcard.add("n").value = vobject.vcard.Name(family=family, given=given)
        if card.company:
            vcard.add("org").value = [card.company]
        if card.title:
            vcard.add("title").value = card.title
        for number in _values(card.phone, card.other_phones):
            tel = vcard.add("tel")
            tel.value = number
            tel.type_param = "CELL" if number == card.phone else "VOICE"
        for address in _values(card.email, card.other_emails):
            mail = vcard.add("email")
            mail.value = address
            mail.type_param = "INTERNET"
        if card.website:
            vcard.add("url").value = card.website
        if card.address:
            # The lines as one street: read back, they are the same lines (the parts of a
            # structured address are not kept apart on the card).
            vcard.add("adr").value = vobject.vcard.Address(street=card.address)
        note = "\n".join(
            part for part in (card.notch and f"One notch up: {card.notch}", card.known) if part
        )
        if note:
            vcard.add("note").value = note
        out.write(vcard.serialize())
        written += 1
        _tick(progress, written)
    return written
