"""One pass over a drop folder: each ready file imported once, in its own transaction, then
filed into ``done/`` (imported, or a duplicate) or ``failed/`` (with ``NAME.error.txt``
beside it saying why, by line and column)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol

from carddeck.deck import clock
from carddeck.deck.dropfolder import (
    DONE,
    FAILED,
    SETTLE_SECONDS,
    Found,
    Seen,
    Waiting,
    digest,
    imported_before,
    record_hash,
    survey,
)
from carddeck.deck.rowcheck import is_runaway
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import DeckBusy, InvalidInput
from carddeck.store import filing
from carddeck.store.models import ImportBatch

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from sqlmodel import Session

    from carddeck.deck.importer import OnDuplicate


class Store(Protocol):
    """An open deck (a file or a server): write sessions that lock up front."""

    def write(self) -> AbstractContextManager[Session]: ...


Outcome = Literal["imported", "duplicate", "failed", "waiting"]
#: Problems listed in a failed file's error note (the rest are counted).
NOTED = 200


@dataclass(frozen=True)
class FolderImport:
    """The import options that apply to every file of the folder."""

    source: str | None = None
    on_duplicate: OnDuplicate = "skip"
    skip_bad_rows: bool = False
    dry_run: bool = False
    delimiter: str | None = None
    encoding: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    force: bool = False
    file_format: str | None = None


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file in a pass (with ``dry_run``: what would have)."""

    name: str
    outcome: Outcome
    waiting: Waiting | None = None
    #: Why it failed (naming line and column), or why it could not be filed away.
    reason: str | None = None
    added: int = 0
    merged: int = 0
    skipped: int = 0
    #: The import made (imported), or the earlier one of the same bytes (duplicate).
    batch: ImportBatch | None = None
    #: A duplicate of a file earlier in this same dry run (nothing is stored then).
    same_as: str | None = None
    moved_to: Path | None = None
    note: Path | None = None
    #: Imported or failed all right, but it could not be moved out of the folder.
    stuck: str | None = None
    #: Each bad row of a failed file, as ``NAME:LINE: column 'X': ...``.
    problems: tuple[str, ...] = ()
    #: An imported file's warnings that say rows may be missing (a quote that ran on over
    #: rows: ``rowcheck.is_runaway``), said with the file and in a note beside it.
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class PassSummary:
    imported: int = 0
    duplicate: int = 0
    failed: int = 0
    waiting: int = 0
    added: int = 0
    merged: int = 0
    stuck: int = 0

    @classmethod
    def of(cls, outcomes: list[FileOutcome]) -> PassSummary:
        def count(kind: Outcome) -> int:
            return sum(o.outcome == kind for o in outcomes)

        return cls(count("imported"), count("duplicate"), count("failed"), count("waiting"),
                   sum(o.added for o in outcomes), sum(o.merged for o in outcomes),
                   sum(o.stuck is not None for o in outcomes))  # fmt: skip

    def __add__(self, later: PassSummary) -> PassSummary:
        """Two passes' counts together (a watcher's running totals)."""
        return PassSummary(*(getattr(self, f.name) + getattr(later, f.name)
                             for f in fields(PassSummary)))  # fmt: skip

    @property
    def all_handled(self) -> bool:
        """No file failed and every file handled was filed away (the exit code's rule)."""
        return not self.failed and not self.stuck


class _Changed(Exception):
    """The file changed while it was read: the transaction is rolled back."""


class _Unreadable(Exception):
    """Reading the file failed part way: the transaction is rolled back."""


def check(options: FolderImport) -> None:
    """Refuse an option that would fail every file (say a misspelt --encoding) once, before
    any file is filed as failed for it."""
    if options.encoding:
        import io

        from carddeck.deck.intake import detect_encoding

        detect_encoding(io.BytesIO(b""), options.encoding)  # raises InvalidInput


def prepare(folder: Path, *, dry_run: bool = False) -> None:
    """Check the folder can be used, and make ``done/`` and ``failed/`` in it."""
    if not folder.is_dir():
        what = "no such folder" if not folder.exists() else "not a folder"
        raise InvalidInput(f"cannot watch {folder}: {what}")
    if dry_run:
        return
    for name in (DONE, FAILED):
        try:
            filing.make_folder(folder / name)
        except OSError as err:
            raise InvalidInput(f"cannot make {name}/ in {folder}: {filing.said(err)}"
                               ) from None  # fmt: skip


def run_pass(
    store: Store, folder: Path, options: FolderImport, *, seen: Seen | None = None,
    settle: float = SETTLE_SECONDS, settings: Settings = DEFAULT_SETTINGS,
    wall: Callable[[], float] = time.time,
) -> Iterator[FileOutcome]:  # fmt: skip
    """Import the folder's ready files one by one, yielding what became of each (and of
    each waiting file). A busy deck leaves the files for the next pass; any other
    trouble with the deck (a StoreError) stops the pass, files untouched."""
    prepare(folder, dry_run=options.dry_run)
    try:
        found = survey(folder, now=wall(), settle=settle, seen=seen, forced=options.file_format)
    except OSError as err:
        raise InvalidInput(f"cannot read the folder: {filing.said(err)}") from None
    busy = False
    hashes: dict[str, str] = {}  # this pass's files by their bytes (for a dry run)
    for item in found:
        if item.state == "waiting":
            yield FileOutcome(item.path.name, "waiting", item.waiting)
        elif busy:
            yield FileOutcome(item.path.name, "waiting", "busy")
        else:
            try:
                done = _import_one(store, item, options, hashes, settings)
            except DeckBusy:
                busy = True
                done = FileOutcome(item.path.name, "waiting", "busy")
            if done is not None:
                yield done if options.dry_run else _file_away(folder, item.path, done)


def _import_one(store: Store, item: Found, options: FolderImport, hashes: dict[str, str],
                settings: Settings) -> FileOutcome | None:  # fmt: skip
    """Import one file in one transaction (None: it went away meanwhile)."""
    from carddeck.deck.importer import ImportFailed, import_file

    path, name = item.path, item.path.name
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        return None  # taken by another pass meanwhile
    except OSError as err:
        return FileOutcome(name, "failed", reason=f"cannot read it: {filing.said(err)}")
    with raw:
        before = os.fstat(raw.fileno())
        try:
            content_hash = digest(raw)
            raw.seek(0)
        except OSError as err:
            return FileOutcome(name, "failed", reason=f"cannot read it: {filing.said(err)}")
        if content_hash in hashes:  # a dry run stores nothing: the pass remembers
            return FileOutcome(name, "duplicate", same_as=hashes[content_hash])
        try:
            with store.write() as session:
                earlier = imported_before(session, content_hash)
                if earlier is not None:
                    return FileOutcome(name, "duplicate", batch=earlier)
                try:
                    report = import_file(
                        session, raw, path=str(path), file_format=item.file_format,
                        source=options.source, on_duplicate=options.on_duplicate,
                        skip_bad_rows=options.skip_bad_rows, dry_run=options.dry_run,
                        delimiter=options.delimiter, encoding=options.encoding,
                        overrides=dict(options.overrides), force=options.force,
                        settings=settings,
                    )  # fmt: skip
                except OSError as err:  # the file's, not the deck's (which the store says)
                    raise _Unreadable(filing.said(err)) from err
                if _changed(path, before):
                    raise _Changed
                batch = record_hash(session, report.batch_id, content_hash)
                if options.dry_run:
                    session.rollback()
                    hashes[content_hash] = name
        except _Changed:
            return FileOutcome(name, "waiting", "changing")
        except ImportFailed as err:
            problems = tuple(p.where(name) for p in err.report.problems)
            return FileOutcome(name, "failed", reason=_said(err, path), problems=problems)
        except InvalidInput as err:
            return FileOutcome(name, "failed", reason=_said(err, path))
        except UnicodeDecodeError as err:
            reason = f"not valid {err.encoding} text; give the right --encoding"
            return FileOutcome(name, "failed", reason=reason)
        except _Unreadable as err:
            return FileOutcome(name, "failed", reason=f"cannot read it: {err}")
    skipped = len(report.duplicates) - report.merged + len(report.do_not_contact)
    return FileOutcome(name, "imported", added=report.added, merged=report.merged,
                       skipped=skipped + len(report.problems),
                       batch=None if options.dry_run else batch,
                       warnings=tuple(w for w in report.warnings if is_runaway(w)))  # fmt: skip


def _changed(path: Path, before: os.stat_result) -> bool:
    """Whether the file was written to (or replaced) while it was read."""
    try:
        after = os.stat(path)
    except OSError:
        return True
    return (after.st_ino, after.st_size, after.st_mtime_ns) != (
        before.st_ino, before.st_size, before.st_mtime_ns,
    )  # fmt: skip


def _said(err: Exception, path: Path) -> str:
    """An importer's message about the file, naming it by its name only."""
    said = str(err).replace(str(path), path.name)
    return said if said.startswith(path.name) else f"{path.name}: {said}"


def _file_away(folder: Path, path: Path, done: FileOutcome) -> FileOutcome:
    """Move an imported, duplicate or failed file to done/ or failed/, with its note."""
    if done.outcome == "waiting":
        return done
    into = folder / (FAILED if done.outcome == "failed" else DONE)
    try:
        moved = filing.file_away(path, into)
    except FileNotFoundError:
        return done  # moved by another pass meanwhile
    except OSError as err:
        return _with(done, stuck=f"cannot move it to {into.name}/: {filing.said(err)}")
    text = _note_text(done, moved)
    note = None
    if text is not None:
        suffix = ".error.txt" if done.outcome == "failed" else ".note.txt"
        try:
            note = filing.write_note(moved.with_name(moved.name + suffix), text)
        except OSError as err:
            return _with(done, moved_to=moved, stuck=f"cannot write its note: {filing.said(err)}")
    return _with(done, moved_to=moved, note=note)


def _with(done: FileOutcome, **changes: object) -> FileOutcome:
    from dataclasses import replace

    return replace(done, **changes)  # type: ignore[arg-type]


def _note_text(done: FileOutcome, moved: Path) -> str | None:
    """What a note beside a filed file says: why it failed, or whose duplicate it is."""
    when = clock.now().strftime("%Y-%m-%d %H:%M")
    if done.outcome == "failed":
        head = [f"carddeck could not import {done.name} ({when}); nothing of it was imported.",
                "", done.reason or ""]  # fmt: skip
        listed = [f"  {line}" for line in done.problems[:NOTED]]
        if len(done.problems) > NOTED:
            listed.append(f"  ... and {len(done.problems) - NOTED} more")
        more = ["", "Every problem:", *listed] if len(listed) > 1 else []
        fix = ["", f"Fix the file and put it back in {moved.parent.parent} to import it again"
               + (" (or import its good rows with: carddeck import FILE --skip-bad-rows)."
                  if done.problems else ".")]  # fmt: skip
        return "\n".join(head + more + fix) + "\n"
    if done.outcome == "imported" and done.warnings:
        undo = f" (carddeck undo-import {done.batch.id} takes it back)" if done.batch else ""
        return "\n".join([f"carddeck imported {done.name} ({when}){undo}, but rows of it may "
                           "be missing, read into another row's cell:", "",
                           *(f"  {w}" for w in done.warnings), "",
                           "Fix the quote, take the import back and put the file in the "
                           "folder again."]) + "\n"  # fmt: skip
    if done.outcome == "duplicate" and done.batch is not None:
        b = done.batch
        at = b.at.astimezone().strftime("%Y-%m-%d %H:%M") if isinstance(b.at, datetime) else b.at
        return (f"carddeck did not import {done.name} again ({when}): the same bytes were "
                f"imported as import #{b.id} ({b.path}, {at}).\n"
                f"carddeck undo-import {b.id} takes that import back.\n")  # fmt: skip
    return None


def outcome_to_dict(done: FileOutcome) -> dict[str, object]:
    """A file's outcome as the pass's ``--json`` record shows it."""
    from carddeck.deck.serialize import batch_to_dict

    return {
        "name": done.name, "outcome": done.outcome, "waiting": done.waiting,
        "reason": done.reason, "added": done.added, "merged": done.merged,
        "skipped": done.skipped, "batch": batch_to_dict(done.batch) if done.batch else None,
        "same_as": done.same_as, "moved_to": str(done.moved_to) if done.moved_to else None,
        "note": str(done.note) if done.note else None, "stuck": done.stuck,
        "problems": list(done.problems), "warnings": list(done.warnings),
    }  # fmt: skip


def pass_to_dict(folder: Path, at: datetime, outcomes: list[FileOutcome], *,
                 dry_run: bool) -> dict[str, object]:  # fmt: skip
    """One pass as its ``--json`` record: when, where, each file, and the counts."""
    from dataclasses import asdict

    from carddeck.deck.serialize import plain

    summary = PassSummary.of(outcomes)
    return {
        "folder": str(folder), "at": plain(at), "dry_run": dry_run,
        "files": [outcome_to_dict(o) for o in outcomes],
        "summary": {**asdict(summary), "all_handled": summary.all_handled},
    }  # fmt: skip
