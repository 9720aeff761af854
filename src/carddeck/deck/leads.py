"""Taking a file's lead rows into the deck: duplicates matched, do-not-contact refused, bad
rows reported, cards written at the back in file order as one batch.

Written once for both stores: the deck is asked through its port (``deck/port.py``) and
an ``Intake`` (the batch row, the journal rows of the batch, the plain SQL of the
lookups): over the ORM (``store/orm_intake.py``, every backend) or over plain sqlite3
(``store/lite_intake.py``, a CSV file into an SQLite deck at the current schema, which
loads no ORM). Loads nothing heavy itself.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice, zip_longest
from operator import itemgetter
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, Protocol

from carddeck.deck import clock, order
from carddeck.deck.cards import first_contact_due
from carddeck.deck.fields import email_key, phone_key
from carddeck.deck.intake import (
    Blocks,
    CountingReader,
    Layout,
    Problem,
    read_blocks,
    read_layout,
)
from carddeck.deck.journal import ChangeKind, record_deck
from carddeck.deck.mapping import Mapping
from carddeck.deck.port import DeckPort
from carddeck.deck.privacy import Block, blocked
from carddeck.deck.rowcheck import CHUNK, Checked, checked_rows, is_runaway
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import InvalidInput
from carddeck.store.kinds import Kind, Status
from carddeck.store.rows import stored_time

if TYPE_CHECKING:
    from carddeck.store.importing import Importing, Lead

OnDuplicate = Literal["skip", "merge", "add"]
SHOWN = 20  # problems and skipped rows listed by name; the rest are counted
#: Rows whose duplicates are looked up together, and whose cards are written together.
WINDOW = 500
#: Columns every card export of carddeck has (and that a lead file seldom has all of):
#: such a file is taken back whole, by the full store (``deck/roundtrip``).
OWN_COLUMNS = frozenset({"name", "kind", "status", "stage", "created_at", "version"})


@dataclass
class ImportReport:
    """Everything the owner should know about one import (or dry run)."""

    path: str
    file_format: str
    encoding: str = ""
    delimiter: str | None = None
    mapping: list[tuple[str, str]] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    rows: int = 0
    added: int = 0
    merged: int = 0
    duplicates: list[str] = field(default_factory=list)
    do_not_contact: list[str] = field(default_factory=list)
    overridden: list[str] = field(default_factory=list)  # do not contact, forced in
    contacts: int = 0  # contacts taken back with carddeck's own export
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    more_warnings: int = 0  # warnings past the first SHOWN, counted, not listed
    runaways: int = 0  # runaway quotes' warnings, listed first (``_warn``)
    #: What was assumed about the file and should be said (an encoding detected).
    notes: list[str] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False


class ImportFailed(InvalidInput):
    """Rows were bad and --skip-bad-rows was not given: nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        first = report.problems[0].where(report.path).rstrip(".")  # ";" follows
        more = len(report.problems) - 1
        tail = f" (and {more} more problem{'s' * (more > 1)})" if more else ""
        super().__init__(
            f"{first}{tail}; nothing was imported (--skip-bad-rows imports the good rows)"
        )


NO_LEADS = {
    "csv": "the file holds no leads: a header, and no rows under it; nothing was imported",
    "json": "the file holds no leads: an empty list; nothing was imported",
    "vcf": "the file holds no vCards (BEGIN:VCARD ... END:VCARD); nothing was imported",
}


class Intake(Protocol):
    """What an import asks of the deck beside its port: the batch's own rows."""

    def importing(self, *, batched: bool) -> Importing:
        """The lookups and inserts of the batch's cards (``store/importing.py``)."""

    def new_batch(self, *, at: datetime, path: str, source: str | None, file_format: str,
                  encoding: str) -> int:  # fmt: skip
        """A new import batch row; its id."""

    def finish_batch(self, batch_id: int, *, added: int, merged: int, skipped: int) -> None:
        """The batch's counts, once its rows are in."""

    def journal_batch(self, op: int, batch_id: int, at: datetime, *, kind: str,
                      changed: bool) -> None:  # fmt: skip
        """A journal row (of ``op``, of ``kind``) for each card the batch added; a batch
        that changed nothing leaves no step in the journal (its op's rows go)."""


#: A merge into the card of this id (the ORM's: ``deck/importer``): the lead as the
#: lookups see the card after it.
Merge = Callable[[int, Checked, int], "Lead"]


def listed(headers: list[str], most: int = 12) -> str:
    """A file's columns, named in a line: long names cut, and only the first few."""
    shown = [h if len(h) <= 30 else h[:29] + "…" for h in headers[:most]]
    more = f" and {len(headers) - most} more" if len(headers) > most else ""
    return ", ".join(shown) + more


def csv_layout(report: ImportReport, buffered: BinaryIO, *, delimiter: str | None,
               encoding: str | None) -> Layout:  # fmt: skip
    """The layout of a CSV file, and what the report says of it."""
    layout = read_layout(buffered, delimiter=delimiter, encoding=encoding)
    report.encoding, report.delimiter = layout.encoding_label, layout.delimiter
    if layout.detected:
        report.notes.append(f"read as {layout.encoding} (detected); --encoding gives another")
    report.preamble, report.renamed = layout.preamble, layout.renamed
    return layout


def mapping_for(headers: list[str], overrides: dict[str, str] | None, path: str) -> Mapping:
    """Which column goes to which field; refused when no column holds a name, email or
    phone, or an override names no column."""
    for column, target in (overrides or {}).items():
        if column not in headers:
            raise InvalidInput(f"--map {column}={target}: the file has no column {column!r}")
    mapping = Mapping.of(headers, overrides)
    if "name" not in mapping.fields and not {"first", "last", "email", "phone"} & set(
        mapping.fields
    ):
        raise InvalidInput(
            f"{path}: no column holds a name, email or phone (columns: {listed(headers)}); "
            "use --map COLUMN=name"
        )
    return mapping


@dataclass(frozen=True)
class ImportOptions:
    """What the owner asked of one file's import, as both stores' imports take it."""

    source: str | None = None
    on_duplicate: OnDuplicate = "skip"
    skip_bad_rows: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    progress: Callable[[int], None] | None = None
    force: bool = False

    def given(self) -> dict[str, Any]:
        """As keywords of ``import_csv`` and ``importer.import_file``."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def goes_light(options: ImportOptions, *, file_format: str, seekable: bool,
               contacts: bool, dry_run: bool) -> bool:  # fmt: skip
    """Whether ``import_csv`` (over plain sqlite3 on an SQLite deck) can do this import: a
    CSV file read in place (its size known), with no history beside it, written (not a dry
    run), not merged into cards; anything else goes through the full store's importer."""
    return (file_format == "csv" and seekable and not contacts and not dry_run
            and options.on_duplicate != "merge")  # fmt: skip


def import_csv(
    port: DeckPort, intake: Intake, raw: BinaryIO, *, path: str, source: str | None = None,
    on_duplicate: OnDuplicate = "skip", skip_bad_rows: bool = False,
    delimiter: str | None = None, encoding: str | None = None,
    overrides: dict[str, str] | None = None, progress: Callable[[int], None] | None = None,
    force: bool = False, now: datetime | None = None, settings: Settings = DEFAULT_SETTINGS,
    chunk: int = CHUNK, batched: bool = True,
) -> ImportReport | None:  # fmt: skip
    """A lead CSV file imported as one batch, as ``importer.import_file`` does it, with no
    merge; None (nothing read into the deck) for a file that may be carddeck's own export,
    which only the full store takes back."""
    if on_duplicate == "merge":
        raise ValueError("a merge goes through the full store (deck/importer)")
    now = now or clock.now()
    report = ImportReport(path=path, file_format="csv")
    counting = CountingReader(raw)
    buffered: BinaryIO = io.BufferedReader(counting, 1 << 16)
    layout = csv_layout(report, buffered, delimiter=delimiter, encoding=encoding)
    if not overrides and OWN_COLUMNS <= {h.strip().lstrip("\ufeff") for h in layout.header}:
        return None
    mapping = mapping_for(layout.header, overrides, path)
    rows = read_blocks(buffered, layout, chunk if chunk > 0 else CHUNK)
    return take_rows(port, intake, report, rows, mapping, named_by=layout.header,
                     layout=layout, source=source, on_duplicate=on_duplicate,
                     skip_bad_rows=skip_bad_rows, force=force, now=now, settings=settings,
                     chunk=chunk, batched=batched, progress=progress,
                     counting=counting)  # fmt: skip


def take_rows(
    port: DeckPort, intake: Intake, report: ImportReport,
    rows: Iterable[tuple[int, Any]] | Blocks,
    mapping: Mapping, *, named_by: list[str] | None, layout: Layout | None,
    source: str | None, on_duplicate: OnDuplicate, skip_bad_rows: bool, force: bool,
    now: datetime, settings: Settings, chunk: int, batched: bool,
    progress: Callable[[int], None] | None, counting: CountingReader,
    merge: Merge | None = None,
) -> ImportReport:  # fmt: skip
    """Every row into the deck as one batch (see ``importer.import_file``). Raises
    ImportFailed (nothing written) when rows are bad and ``skip_bad_rows`` is off."""
    report.mapping = mapping.describe()
    batch_id = intake.new_batch(at=now, path=report.path, source=source,
                                file_format=report.file_format,
                                encoding=report.encoding)  # fmt: skip
    report.batch_id = batch_id
    op = record_deck(port, ChangeKind.import_, now=now, facts={"batch": batch_id}).op
    deck = intake.importing(batched=batched)
    erased = port.any_erased()
    due_text, now_text = stored_time(first_contact_due(now, settings)), stored_time(now)
    position = order.key_for(port, "back")
    kinds = (Kind.lead.value, Kind.referral.value)

    keep = on_duplicate == "merge"  # only a merge uses a row's values once checked
    checked = checked_rows(rows, mapping, settings.phone_region, chunk=chunk, keep=keep,
                           header=named_by)  # fmt: skip
    try:
        while window := list(islice(checked, WINDOW)):
            bad = list(map(_PROBLEM, window)).count(None) != len(window)
            good = [r for r in window if r.problem is None] if bad else window
            # a row with no warning holds only emails and phones that tell a lead apart
            leads: list[Lead] = [_keys(r) if r.warnings else _LEAD(r) for r in good]
            deck.look_up(leads)
            if not erased and len(leads) == len(window) and not deck.any_match(leads):
                # The usual window: no row is bad, none may be a card the deck holds or one
                # added before it, nobody erased: every row is added, as the loop below would.
                report.rows += len(window)
                if progress is not None:
                    progress(counting.count)
                if any(map(_WARNINGS, window)):
                    for row in window:
                        if row.warnings:
                            _warn(report, row.warnings)
                start, position = position, position + order.GAP * len(window)
                deck.add_all([_values(row, source, kinds, due_text, now_text, start + k * order.GAP,
                                      batch_id) for k, row in enumerate(window, 1)])  # fmt: skip
                report.added += len(window)
                continue
            for row in window:
                report.rows += 1
                if progress is not None and report.rows % 200 == 0:
                    progress(counting.count)
                if row.problem is not None:
                    report.problems.append(row.problem)
                if row.warnings:
                    _warn(report, row.warnings)
                if row.problem is not None:
                    continue
                where, name = f"line {row.line}", row.name
                email, phone, others = (_keys(row) if row.warnings else _LEAD(row))[:3]
                if erased and (email or phone or others[0] or others[1]):
                    gone = _erased(port, [email, *others[0]], [phone, *others[1]])
                    if gone is not None and gone.card_id is None:
                        if not force:
                            report.do_not_contact.append(f"{where}: {gone}: left out")
                            continue
                        report.overridden.append(f"{where}: {name}: {gone}: added anyway (--force)")
                found = None
                if deck.could_match((email, phone, others, name, row.company)):
                    found = deck.match(email, phone, name, row.company, others)
                if found is not None:
                    other_id, other_name, other_status, what = found
                    same = f"#{other_id} {other_name}"
                    if report.dry_run and other_id > deck.newest:  # a card that will not be
                        same = f"{other_name}, a row above in this file"
                    said = f"{where}: {name} has the same {what} as {same}"
                    if other_status == Status.do_not_contact:
                        if not force:
                            report.do_not_contact.append(
                                said + ", who asked not to be contacted: left out"
                            )
                            continue
                        report.overridden.append(
                            said + ", who asked not to be contacted: added anyway"
                        )
                    elif on_duplicate == "skip":
                        report.duplicates.append(said + ": skipped")
                        continue
                    elif on_duplicate == "merge":
                        assert merge is not None
                        deck.merged(merge(other_id, row, op))
                        report.merged += 1
                        report.duplicates.append(said + ": merged")
                        continue
                position += order.GAP
                deck.add(_values(row, source, kinds, due_text, now_text, position, batch_id))
                report.added += 1
        deck.flush()
    except BaseException:
        deck.abandon()  # no write of its own goes on past the rollback
        getattr(checked, "close", lambda: None)()  # the workers stopped, in order
        raise
    if layout is not None:
        report.footer = layout.footer
    if report.rows == 0:
        raise InvalidInput(NO_LEADS[report.file_format.split(" ")[0]])
    if report.problems and not skip_bad_rows:
        raise ImportFailed(report)
    skipped = len(report.duplicates) - report.merged + len(report.do_not_contact)
    skipped += len(report.problems)
    intake.finish_batch(batch_id, added=report.added, merged=report.merged, skipped=skipped)
    intake.journal_batch(op, batch_id, now, kind=ChangeKind.import_.value,
                         changed=bool(report.added or report.merged))  # fmt: skip
    if progress is not None:
        progress(counting.count)
    return report


def _warn(report: ImportReport, warnings: tuple[str, ...]) -> None:
    """A row's warnings: listed while fewer than SHOWN are, counted after; but a runaway
    quote's, which says rows may be missing, is listed whatever came before it, first."""
    for said in warnings:
        if is_runaway(said):
            report.warnings.insert(report.runaways, said)
            report.runaways += 1
            if len(report.warnings) - report.runaways > SHOWN:
                report.warnings.pop()  # the last listed of the others is counted instead
                report.more_warnings += 1
        elif len(report.warnings) - report.runaways < SHOWN:
            report.warnings.append(said)
        else:
            report.more_warnings += 1


def _values(row: Checked, source: str | None, kinds: tuple[str, str], due: str | None,
            now: str | None, position: int, batch_id: int) -> tuple[Any, ...]:  # fmt: skip
    """The card a checked row adds: the values of ``Importing.INSERT``, in order."""
    title, website, from_source, referred, need, known, notes, address = row.cells
    emails, phones = row.others
    return (
        row.name, row.company, title, row.phone, row.email, website, from_source or source,
        referred, kinds[bool(referred)], need, known, notes, due, now, now, position,
        batch_id, address, ("\n".join(emails) or None) if emails else None,
        ("\n".join(phones) or None) if phones else None,
    )  # fmt: skip


#: A checked row's problem, warnings, and what the lookups ask of it (``Lead``), taken
#: from a window's rows at C speed (the fields of ``Checked``, by position).
_PROBLEM, _WARNINGS, _LEAD = itemgetter(3), itemgetter(4), itemgetter(5, 6, 9, 7, 8)


def _keys(row: Checked) -> Lead:
    """The row as its duplicates are looked for: only the emails and phones that tell a lead
    apart (``fields.email_key``, ``phone_key``); one kept as typed with a warning ("12",
    "n/a", "bad@@x") matches nobody."""
    emails, phones = row.others
    return (email_key(row.email), phone_key(row.phone),
            ([e for e in emails if email_key(e)], [p for p in phones if phone_key(p)]),
            row.name, row.company)  # fmt: skip


def _erased(port: DeckPort, emails: list[str | None], phones: list[str | None]) -> Block | None:
    """Whether anyone erased had one of these emails or phones (the first or a further)."""
    for email, phone in zip_longest(emails, phones):
        gone = blocked(port, email=email, phone=phone)
        if gone is not None and gone.card_id is None:
            return gone
    return None


__all__ = ["ImportFailed", "ImportReport", "Intake", "OnDuplicate", "import_csv", "take_rows"]
