"""Importing leads from a file: one batch, all or nothing, duplicates matched and reported.

Rows go through the same checks as a quick-add (email validated, phone normalised, the
24-hour first follow-up) and land at the back of the deck in file order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import IO, Any, BinaryIO, NamedTuple

from sqlalchemy import and_, delete, text, update
from sqlalchemy import select as rows_of
from sqlmodel import Session, col, select

from carddeck.deck import clock
from carddeck.deck.fields import MULTILINE, clean
from carddeck.deck.intake import Blocks, CountingReader, Layout, read_blocks, read_rows
from carddeck.deck.journal import ChangeKind, load, record, record_deck, snapshot
from carddeck.deck.leads import (
    NO_LEADS,
    SHOWN,
    WINDOW,
    ImportFailed,
    ImportReport,
    OnDuplicate,
    csv_layout,
    mapping_for,
    take_rows,
)
from carddeck.deck.port import port_of
from carddeck.deck.roundtrip import (
    is_own_contact_export,
    is_own_export,
    restore,
)
from carddeck.deck.rowcheck import CHUNK, Checked
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import InvalidInput, NotFound
from carddeck.store.importing import Lead
from carddeck.store.models import Card, Change, ImportBatch, ImportMerge, Status
from carddeck.store.orm_intake import OrmIntake
from carddeck.words import plural

__all__ = ["SHOWN", "WINDOW", "ImportFailed", "ImportReport", "OnDuplicate", "import_file",
           "undo_import", "batch_cards", "batches"]  # fmt: skip

MERGED_FIELDS = (
    "company",
    "title",
    "phone",
    "email",
    "website",
    "source",
    "referred_by",
    "need",
    "address",
)


def _putter(row: dict[str, str]) -> Callable[[str, list[Any]], None]:
    """Put a vCard property's values in ``row`` as "Phone", "Phone (2)", ..."""

    def put(key: str, values: list[Any]) -> None:
        for index, value in enumerate(values, start=1):
            text = (value if isinstance(value, str) else str(value)).strip()
            if text:
                row[key if index == 1 else f"{key} ({index})"] = text

    return put


def _heard_from_vobject(said: list[str]) -> None:
    """vobject logs what it cannot read straight to stderr (its own handler): carddeck
    takes those lines and says them itself, as warnings of the import."""
    import logging

    class Heard(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage().replace("Skipped", "skipped", 1))

    for name in ("vobject", "vobject.base"):
        log = logging.getLogger(name)
        log.handlers = [Heard()]
        log.propagate = False


class _Lines:
    """A text stream that notes the line each top-level ``BEGIN:VCARD`` is on, so that a
    card's problems are quoted with its line (vobject reads the stream with ``read``, or
    line by line when it allows quoted-printable)."""

    def __init__(self, text: IO[str]) -> None:
        self._text, self._line, self._depth = text, 0, 0
        self.begins: list[int] = []

    def _saw(self, line: str) -> None:
        self._line += 1
        word = line.strip().upper()
        if word.startswith("BEGIN:VCARD"):
            if self._depth == 0:
                self.begins.append(self._line)
            self._depth += 1
        elif word.startswith("END:VCARD"):
            self._depth = max(0, self._depth - 1)

    def readline(self) -> str:
        line = self._text.readline()
        if line:
            self._saw(line)
        return line

    def read(self, size: int = -1) -> str:
        text = self._text.read(size)
        for line in text.split("\n"):  # as an editor counts them
            self._saw(line)
        return text


def _vcard_rows(
    raw: BinaryIO, encoding: str, said: list[str]
) -> Iterator[tuple[int, dict[str, str]]]:
    import vobject
    from vobject.base import ParseError

    _heard_from_vobject(said)
    text = _Lines(io.TextIOWrapper(raw, encoding=encoding))  # CRLF read as one line end
    cards = vobject.readComponents(text, ignoreUnreadable=True)
    number = 0
    while True:
        try:
            card = next(cards)
        except StopIteration:
            return
        except ParseError as err:
            where = f"line {err.lineNumber}: " if getattr(err, "lineNumber", None) else ""
            raise InvalidInput(
                f"{where}not a readable vCard ({str(err).strip() or 'an unfinished card'})"
            ) from None
        except (UnicodeError, LookupError, RecursionError, MemoryError):
            raise
        except Exception as err:  # noqa: BLE001 - vobject raises what its parts raise
            # (binascii.Error from a broken PHOTO, ValueError from a bad date, ...)
            where = f"line {text.begins[0]}: " if text.begins else ""  # the card it broke on
            raise InvalidInput(
                f"{where}not a readable vCard ({type(err).__name__}: {err})"
            ) from None
        contents = card.contents
        number = text.begins.pop(0) if text.begins else number + 1  # its BEGIN:VCARD line
        row: dict[str, str] = {}
        put = _putter(row)
        put("Full Name", [v.value for v in contents.get("fn", [])])
        for n in contents.get("n", [])[:1]:  # a bare "N:" has no parts: nothing to put
            put("Given Name", [getattr(n.value, "given", "")])
            put("Family Name", [getattr(n.value, "family", "")])
        for org in contents.get("org", [])[:1]:
            put("Company", [" ".join(org.value) if isinstance(org.value, list) else org.value])
        put("Title", [v.value for v in contents.get("title", [])])
        # Every TEL (EMAIL) in one cell, a line each: the first is the card's phone
        # (email), the others its further ones.
        put("Phone", ["\n".join(str(v.value).strip() for v in contents.get("tel", []))])
        put("Email", ["\n".join(str(v.value).strip() for v in contents.get("email", []))])
        put("Website", [v.value for v in contents.get("url", [])])
        put("Notes", [v.value for v in contents.get("note", [])])
        put("Address", [_adr_text(v.value) for v in contents.get("adr", [])])
        yield number, row


def _adr_text(adr: Any) -> str:
    """A vCard ADR as the lines of an address (the post office box and extended address
    are street lines)."""
    from carddeck.deck.mapping import format_address

    def part(name: str) -> str:
        value = getattr(adr, name, "")
        return "\n".join(value) if isinstance(value, list) else str(value or "")

    street = "\n".join(part(p) for p in ("street", "extended", "box") if part(p).strip())
    if not hasattr(adr, "street"):  # not a structured ADR: the text as it came
        return str(adr)
    return format_address(street, part("city"), part("region"), part("code"),
                          part("country")) or ""  # fmt: skip


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]


def import_file(
    session: Session,
    raw: BinaryIO,
    *,
    path: str,
    file_format: str = "csv",
    source: str | None = None,
    on_duplicate: OnDuplicate = "skip",
    skip_bad_rows: bool = False,
    dry_run: bool = False,
    delimiter: str | None = None,
    encoding: str | None = None,
    overrides: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
    contacts: BinaryIO | None = None,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
    chunk: int = CHUNK,
    batched: bool = True,
) -> ImportReport:
    """Import every row of ``raw`` as one batch. Raises ImportFailed (nothing written) when
    rows are bad and ``skip_bad_rows`` is off; with ``dry_run`` the caller rolls back.
    Someone who asked not to be contacted, or to be erased, is left out unless ``force``.
    The batch is one command in the change journal: a row for it, one for each card it
    added and one for each it merged into (with what the merge changed). Cards are
    written a window of rows at a time; ``batched`` off, a row at a time (the same deck:
    kept for the test that proves it)."""
    now = now or clock.now()
    report = ImportReport(path=path, file_format=file_format, dry_run=dry_run)
    counting = CountingReader(_rewindable(raw))
    buffered: BinaryIO = io.BufferedReader(counting, 1 << 16)
    layout: Layout | None = None
    named_by: list[str] | None = None  # rows come as lists of cells, named by these
    if file_format == "json":
        cards, nested, sales = _json_cards(buffered)
        if all(_OWN_JSON <= card.keys() for _, card in cards):
            report.encoding = "UTF-8 (carddeck's JSON export)"
            history = _contact_rows(contacts) if contacts is not None else iter(nested)
            return _restore(session, report, cards, history, path=path, source=source,
                            force=force, skip_bad_rows=skip_bad_rows, now=now,
                            csv_cells=(False, contacts is not None), sales=sales)  # fmt: skip
        report.encoding = "UTF-8 (JSON)"  # a list of leads from elsewhere: keys are columns
        headers = list(dict.fromkeys(key for _, card in cards for key in card))
        rows: Iterator[tuple[int, Any]] | Blocks = (
            (n, {k: _cell(v) for k, v in card.items()}) for n, card in cards
        )
    elif file_format == "vcf":
        from carddeck.deck.intake import detect_encoding

        codec, report.encoding, detected = detect_encoding(buffered, encoding)
        if detected:
            report.notes.append(f"read as {codec} (detected); --encoding gives another")
        rows = _vcard_rows(buffered, codec, report.warnings)
        headers = ["Full Name", "Given Name", "Family Name", "Company", "Title", "Phone",
                   "Email", "Website", "Notes", "Address"]  # fmt: skip
    else:
        layout = csv_layout(report, buffered, delimiter=delimiter, encoding=encoding)
        rows = read_rows(buffered, layout)
        headers = layout.header
        if is_own_export(headers) and not overrides:
            report.file_format = "csv (carddeck's own export)"
            history = _contact_rows(contacts) if contacts is not None else iter(())
            return _restore(session, report, rows, history, path=path, source=source,
                            force=force, skip_bad_rows=skip_bad_rows, now=now,
                            csv_cells=(True, True))  # fmt: skip
        rows = read_blocks(buffered, layout, chunk if chunk > 0 else CHUNK)
        named_by = headers
    if contacts is not None:
        raise InvalidInput("--contacts goes with carddeck's own export (CSV or JSON)")
    mapping = mapping_for(headers, overrides, path)

    def merge(other_id: int, row: Checked, op: int) -> Lead:
        other = session.get(Card, other_id)
        assert other is not None
        _merge(session, other, row.values, row.extra, (row.email, row.phone), row.others,
               now, op)  # fmt: skip
        return other.email, other.phone, ([], []), other.name, other.company

    return take_rows(port_of(session), OrmIntake(session), report, rows, mapping,
                     named_by=named_by, layout=layout, source=source,
                     on_duplicate=on_duplicate, skip_bad_rows=skip_bad_rows, force=force,
                     now=now, settings=settings, chunk=chunk, batched=batched,
                     progress=progress, counting=counting, merge=merge)  # fmt: skip


#: Keys every card of carddeck's own JSON export has: such a file is taken back whole.
_OWN_JSON = frozenset({"name", "kind", "status", "stage", "created_at", "version"})


def _cell(value: Any) -> str:
    """One value of a JSON lead as the text of a cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value)  # numbers and true/false as JSON writes them


_Rows = list[tuple[int, dict[str, Any]]]


def _json_cards(raw: BinaryIO) -> tuple[_Rows, _Rows, _Rows]:
    """The cards of a JSON export (``export --format json``), and their contacts and sales
    when it carries them (``--contacts``)."""
    try:
        data = json.load(io.TextIOWrapper(raw, encoding="utf-8-sig"))
    except RecursionError:
        raise InvalidInput("not a JSON lead file (nested too deep to read)") from None
    except (ValueError, UnicodeDecodeError) as err:
        if "digits" in str(err) and "limit" in str(err):
            too_long = "it holds a number too long to read"
            raise InvalidInput(f"not a JSON lead file ({too_long})") from None
        raise InvalidInput(f"not a JSON lead file ({err})") from None
    if not isinstance(data, list) or not all(isinstance(c, dict) for c in data):
        raise InvalidInput(
            "a JSON lead file is a list of objects, one per lead (as carddeck export writes)"
        )
    cards = [(n, card) for n, card in enumerate(data, start=1)]
    contacts = [
        (n, {**contact, "card_id": card.get("id")})
        for n, card in cards
        for contact in reversed(card.get("contacts") or [])
        if isinstance(contact, dict)
    ]
    sales = [
        (n, {**sale, "card_id": card.get("id")})
        for n, card in cards
        for sale in (card.get("sales") or [] if isinstance(card.get("sales"), list) else [])
        if isinstance(sale, dict)
    ]
    return cards, contacts, sales


def _contact_rows(raw: BinaryIO) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows of ``export --contacts`` (CSV), beside a card export."""
    text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    if not is_own_contact_export(reader.fieldnames or []):
        raise InvalidInput("--contacts takes the file of carddeck export --contacts (CSV)")
    for row in reader:
        yield reader.line_num, row


def _restore(
    session: Session, report: ImportReport, cards: Iterable[tuple[int, dict[str, Any]]],
    contacts: Iterable[tuple[int, dict[str, Any]]], *, path: str, source: str | None,
    force: bool, skip_bad_rows: bool, now: datetime, csv_cells: tuple[bool, bool],
    sales: Iterable[tuple[int, dict[str, Any]]] = (),
) -> ImportReport:  # fmt: skip
    """carddeck's own export, taken back field for field (see roundtrip); ``csv_cells``
    says whether the cards' cells, and the contacts', come from a CSV file."""
    batch = ImportBatch(at=now, path=path, source=source, file_format="carddeck",
                        encoding=report.encoding)  # fmt: skip
    session.add(batch)
    session.flush()
    report.batch_id = batch.id
    report.mapping = [("every column", "the card field of its name")]
    op = record_deck(session, ChangeKind.import_, now=now, facts={"batch": batch.id}).op
    done = restore(session, cards, contacts, batch_id=batch.id or 0, force=force,
                   csv_cells=csv_cells, sales=sales)  # fmt: skip
    report.rows = done.cards + len(done.skipped) + len(done.problems)
    if report.rows == 0:
        raise InvalidInput(NO_LEADS["json" if report.file_format == "json" else "csv"])
    report.added, report.contacts = done.cards, done.contacts
    report.duplicates, report.problems = done.skipped, done.problems
    if report.problems and not skip_bad_rows:
        raise ImportFailed(report)
    batch.added, batch.skipped = done.cards, len(done.skipped) + len(done.problems)
    session.add(batch)
    OrmIntake(session).journal_batch(op, batch.id or 0, now, kind=ChangeKind.import_.value,
                                     changed=bool(done.cards))  # fmt: skip
    return report


def _joined(current: str | None, first: str | None, added: list[str]) -> str | None:
    """A card's further values with ``added`` put after them: each once, never its first."""
    kept = _lines(current)
    kept += [v for v in dict.fromkeys(added) if v and v != first and v not in kept]
    return "\n".join(kept) or None


def _merge(
    session: Session, card: Card, values: dict[str, str | None], extra: str | None,
    reach: tuple[str | None, str | None], others: tuple[list[str], list[str]],
    now: datetime, op: int,
) -> None:  # fmt: skip
    """Fill the card's empty fields, keep the lead's other emails and phones among the
    card's further ones, and add to its notes; the journal keeps what it was (fields,
    updated_at and version), for an exact undo-import."""
    before = snapshot(card)
    changed = False
    email, phone = reach
    given = {**{k: clean(values.get(k), multiline=k in MULTILINE) for k in MERGED_FIELDS},
             "email": email, "phone": phone}  # fmt: skip
    for name, value in given.items():
        if value and not getattr(card, name):
            setattr(card, name, value)
            changed = True
    further = (("other_emails", card.email, [email or "", *others[0]]),
               ("other_phones", card.phone, [phone or "", *others[1]]))  # fmt: skip
    for name, first, added in further:
        joined = _joined(getattr(card, name), first, added)
        if joined != getattr(card, name):
            setattr(card, name, joined)
            changed = True
    notes = clean(values.get("notes"), multiline=True)
    extra = clean(extra, multiline=True)
    for name, addition in (("notes", notes), ("known", extra)):
        if addition and addition not in (getattr(card, name) or ""):
            current = getattr(card, name)
            setattr(card, name, f"{current}\n{addition}" if current else addition)
            changed = True
    if not changed:
        return
    card.updated_at = now
    card.version += 1
    session.add(card)
    record(session, ChangeKind.merge, card, before, now=now, op=op)


def _rewindable(raw: BinaryIO) -> BinaryIO:
    """The file as something that can be read twice (encoding check, then rows): a pipe is
    spooled first, to memory while small and to a temporary file beyond 8 MiB."""
    import tempfile

    if raw.seekable():
        return raw
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)
    while chunk := raw.read(1 << 20):
        spool.write(chunk)
    spool.seek(0)
    return spool  # type: ignore[return-value]


class UndoneImport(NamedTuple):
    removed: int
    restored: int
    #: Cards of the batch kept all the same: people who asked not to be contacted since
    #: (removing the card would forget that they asked).
    kept: list[str]


def undo_import(
    session: Session, batch_id: int, *, force: bool = False, now: datetime | None = None
) -> UndoneImport:
    """Remove the cards a batch added and take back its merges exactly (fields, updated_at
    and version as they were). Cards worked since refuse it unless ``force``; then a card
    merged into gets its fields back as a new version, and a card marked do not contact
    stays in the deck (and is said)."""
    now = now or clock.now()
    batch = session.get(ImportBatch, batch_id) if 0 < batch_id <= (1 << 63) - 1 else None
    if batch is None:
        raise NotFound(f"no import #{batch_id} (carddeck imports lists them)")
    if batch.undone_at is not None:
        raise InvalidInput(f"import #{batch_id} was already undone")
    # The batch's cards as rows, not as cards: a big import's are many (loading 150,000
    # cards took most of the 15 s this took), and they go in one statement.
    columns = (Card.id, Card.name, Card.status, Card.version, Card.first_contacted_at)
    cards = session.execute(
        rows_of(*map(col, columns)).where(col(Card.batch_id) == batch_id).order_by(col(Card.id))
    ).all()
    merged = _merges(session, batch_id)
    as_imported = _imported_versions(session, batch_id)
    worked = [(i, name) for i, name, _, version, first in cards
              if _worked_since(version, first, as_imported.get(i or 0))]  # fmt: skip
    worked += [(card.id, card.name) for card, version, _ in merged if card.version != version]
    if worked and not force:
        names = ", ".join(f"#{i} {name}" for i, name in worked[:5])
        were = "was" if len(worked) == 1 else "were"
        raise InvalidInput(
            f"{plural(len(worked), 'card')} of import #{batch_id} {were} worked since "
            f"({names}); --force undoes the import anyway"
        )
    asked = [(i, name) for i, name, status, _, _ in cards if status == Status.do_not_contact]
    kept = [f"#{i} {name} asked not to be contacted: kept" for i, name in asked]
    removed = len(cards) - len(asked)
    for card, version, before in merged:
        worked_since = card.version != version
        for name, value in before.items():
            if not (worked_since and name in ("version", "updated_at")):
                setattr(card, name, value)
        if worked_since or "version" not in before:  # never back to a version seen since
            card.version = max(card.version, version) + 1
            card.updated_at = now
        session.add(card)
    batch.undone_at = now
    session.add(batch)
    session.flush()
    undo = record_deck(session, ChangeKind.undo_import, now=now, facts={"batch": batch_id})
    op = _batch_op(session, batch_id)
    if op is not None:
        session.execute(
            text("UPDATE change SET undone_by = :undo WHERE op = :op"), {"undo": undo.op, "op": op}
        )
    going = and_(col(Card.batch_id) == batch_id, col(Card.status) != Status.do_not_contact)
    if removed:  # what was done since to the cards removed went with them: not to undo
        session.execute(
            update(Change)
            .where(col(Change.card_id).in_(select(Card.id).where(going)),
                   col(Change.undone_by).is_(None))
            .values(undone_by=undo.op)
        )  # fmt: skip
        # their contacts and sales go with them (the schema's ON DELETE CASCADE)
        session.execute(delete(Card).where(going), execution_options={"synchronize_session": False})
    if asked:  # kept, as a card of no import
        session.execute(update(Card).where(col(Card.batch_id) == batch_id).values(batch_id=None),
                        execution_options={"synchronize_session": False})  # fmt: skip
    session.expire_all()  # cards this session holds may be gone or changed
    return UndoneImport(removed, len(merged), kept)


def _worked_since(version: int, first_contacted: Any, imported_version: int | None) -> bool:
    """Whether a card (its version, when it was first contacted) changed after the import
    added it (its version then is in the journal; a deck from before the journal kept it
    goes by the card alone)."""
    if imported_version is not None:
        return version != imported_version
    return version > 1 or first_contacted is not None


def _imported_versions(session: Session, batch_id: int) -> dict[int, int]:
    """Each added card's version as the import left it, from the journal."""
    op = _batch_op(session, batch_id)
    if op is None:
        return {}
    rows = session.exec(
        select(Change.card_id, Change.version_after).where(
            Change.op == op, Change.kind == ChangeKind.import_.value,
            col(Change.card_id).is_not(None),
        )
    )  # fmt: skip
    return {card: version for card, version in rows if card is not None and version is not None}


def _batch_op(session: Session, batch_id: int) -> int | None:
    """The journal op of a batch's import (None for one made before the journal)."""
    rows = session.exec(select(Change).where(Change.kind == ChangeKind.import_.value,
                                             col(Change.card_id).is_(None)))  # fmt: skip
    for row in rows:
        if json.loads(row.after or "{}").get("batch") == batch_id:
            return row.op
    return None


def _merges(session: Session, batch_id: int) -> list[tuple[Card, int, dict[str, Any]]]:
    """(card, its version after the merge, its fields before) for each card the batch
    merged into: from the journal, or from the import_merge table of an older deck."""
    found: list[tuple[Card, int, dict[str, Any]]] = []
    op = _batch_op(session, batch_id)
    if op is not None:
        merges = select(Change).where(Change.op == op, Change.kind == ChangeKind.merge.value)
        rows = session.exec(merges)
        for row in rows:
            card = session.get(Card, row.card_id) if row.card_id else None
            if card is not None:
                found.append((card, row.version_after or 0, load(row.before)))
        return found
    for merge in session.exec(select(ImportMerge).where(ImportMerge.batch_id == batch_id)):
        card = session.get(Card, merge.card_id)
        if card is not None:
            found.append((card, merge.version_after, json.loads(merge.before)))
    return found


def batch_cards(session: Session, batch_id: int) -> tuple[list[int], list[int]]:
    """The ids of the cards a batch added (still marked as its own), and of the cards it
    merged into."""
    added = session.exec(select(Card.id).where(Card.batch_id == batch_id).order_by(col(Card.id)))
    merged = [card.id or 0 for card, _, _ in _merges(session, batch_id)]
    return [i or 0 for i in added], merged


def batches(session: Session) -> list[ImportBatch]:
    return list(session.exec(select(ImportBatch).order_by(col(ImportBatch.id).desc())))
