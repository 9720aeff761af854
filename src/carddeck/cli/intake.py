"""Bringing leads in: import a file, list imports, undo one."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO

import typer

from carddeck.cli.common import (
    MAX_ID,
    Family,
    JsonOpt,
    deck_of,
    fail,
    handled,
    note,
    print_change,
    print_json,
    reading,
    say,
    warn,
    writing,
)
from carddeck.words import number, plural

if TYPE_CHECKING:
    from rich.progress import Progress

    from carddeck.deck.leads import ImportOptions, ImportReport
    from carddeck.deck.settings import Settings
    from carddeck.store.lite import Lite

app = Family()

FIELDS = ("name", "first", "middle", "last", "company", "title", "phone", "email", "website",
          "source", "referred_by", "need", "notes", "known", "address")  # fmt: skip


def _overrides(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        column, sep, target = pair.partition("=")
        if not sep or not column.strip() or target.strip() not in FIELDS:
            raise fail(f"--map takes COLUMN=FIELD with FIELD one of {', '.join(FIELDS)}", 2)
        out[column.strip()] = target.strip()
    return out


def _progress(total: int | None) -> tuple[Any, Any]:
    """A rich progress bar on a terminal (by bytes read); nothing when piped."""
    if total is None or not sys.stderr.isatty():
        return None, None
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(),
        TimeRemainingColumn(), console=Console(stderr=True), transient=True,
    )  # fmt: skip
    task = bar.add_task("importing", total=total)
    return bar, lambda done: bar.update(task, completed=done)


def _show(report: ImportReport, *, skipping: bool = False) -> None:
    from carddeck.deck.leads import SHOWN  # how many of each list are named, the rest counted

    say(f"{report.path}: {report.file_format}, {report.encoding}"
        + (f", {_delimiter(report.delimiter)}-separated" if report.delimiter else ""))  # fmt: skip
    for line in report.preamble:
        say(f"  skipped before the header: {line[:70]}")
    for line in report.footer:
        say(f"  skipped as a report footer: {line[:70]}")
    for line in report.renamed:
        say(f"  {line}")
    say("  columns:")
    for header, target in report.mapping:
        say(f"    {header} -> {target}")
    if report.dry_run:
        verb = "would be"
    else:
        verb = "was" if report.added == 1 else "were"
    added, merged = number(report.added), number(report.merged)  # 1,200 as plural() says it
    say(f"  {plural(report.rows, 'row')}: {added} {verb} added, {merged} merged")
    if report.contacts:
        say(f"  {plural(report.contacts, 'contact')} of their history taken back too")
    for line in report.duplicates[:SHOWN] + report.do_not_contact[:SHOWN]:
        say(f"  {line}")
    for line in report.overridden[:SHOWN]:
        warn(line)
    hidden = len(report.duplicates[SHOWN:]) + len(report.do_not_contact[SHOWN:])
    if hidden:
        say(f"  ... and {plural(hidden, 'more duplicate')}")
    kept = "bad row skipped" if skipping else "bad row"
    for problem in report.problems[:SHOWN]:
        say(f"  {kept}: {problem.where(report.path)}")
    if len(report.problems) > SHOWN:
        say(f"  ... and {plural(len(report.problems) - SHOWN, 'more bad row')}")
    for warning in report.warnings:
        warn(warning)
    if report.more_warnings:
        warn(f"... and {plural(report.more_warnings, 'more warning')}")
    for line in report.notes:
        note(line)


def _delimiter(d: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab"}.get(d, repr(d))


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(help="CSV/TSV, vCard (.vcf) or JSON file, - for stdin, or a drop FOLDER."),
    ],
    source: Annotated[
        str | None, typer.Option(help="Where these leads came from (when the file doesn't say).")
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Show the mapping, counts and problems; write nothing."),
    ] = False,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", metavar="COLUMN=FIELD", help="Map a column yourself (repeatable)."),
    ] = None,
    on_duplicate: Annotated[
        str, typer.Option(help="skip (report them), merge (fill empty fields) or add.")
    ] = "skip",
    delimiter: Annotated[
        str | None, typer.Option(help="Comma, semicolon or tab are detected; force one here.")
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(help="UTF-8, UTF-16, Windows-1252 and others are detected; force one."),
    ] = None,
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="Import the good rows, report the bad ones.")
    ] = False,
    file_format: Annotated[
        str | None,
        typer.Option("--format", help="csv, vcf or json (default: from the file name)."),
    ] = None,
    contacts: Annotated[
        str | None,
        typer.Option(
            "--contacts",
            metavar="FILE",
            help="With carddeck's own CSV export: the "
            "contact history from export --contacts, to take back too.",
        ),
    ] = None,  # fmt: skip
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Add people who asked not to be contacted, or to be erased (left out otherwise).",
        ),
    ] = False,  # fmt: skip
    watch: Annotated[
        bool,
        typer.Option("--watch", help="FOLDER: keep watching it, a pass every few seconds."),
    ] = False,
    every: Annotated[
        float | None,
        typer.Option(
            min=0.5,
            max=3600,
            metavar="SECONDS",
            help="--watch: seconds between passes (default: 5).",
        ),
    ] = None,  # fmt: skip
    json_: Annotated[
        bool,
        typer.Option(
            "--json", help="Print JSON (see README); with a FOLDER, a record per pass, each a line."
        ),
    ] = False,
) -> None:
    """Import leads from a lead-form, ad-platform, CRM or contacts export, as one batch."""
    if on_duplicate not in ("skip", "merge", "add"):
        raise fail("--on-duplicate takes skip, merge or add", 2)
    overrides = _overrides(map_)
    if path != "-" and Path(path).expanduser().is_dir():
        _folder(ctx, Path(path).expanduser().absolute(), file_format=file_format, contacts=contacts,
                watch=watch, every=every, json_=json_, options={
                    "source": source, "on_duplicate": on_duplicate, "dry_run": dry_run,
                    "skip_bad_rows": skip_bad_rows, "delimiter": delimiter,
                    "encoding": encoding, "overrides": overrides, "force": force})  # fmt: skip
        return
    if watch or every is not None:
        raise fail(f"{'--watch' if watch else '--every'} goes with a FOLDER to import from", 2)
    guessed = "vcf" if path.lower().endswith((".vcf", ".vcard")) else "csv"
    kind = file_format or ("json" if path.lower().endswith(".json") else guessed)
    if kind not in ("csv", "vcf", "json"):
        raise fail("--format takes csv, vcf or json", 2)
    history = None
    if contacts is not None:
        beside = Path(contacts).expanduser()
        if not beside.exists() or beside.is_dir():
            raise fail(f"cannot read {beside}: no such file")
        history = open(beside, "rb")  # noqa: SIM115 - closed below
    raw: BinaryIO
    total = None
    if path == "-":
        raw = sys.stdin.buffer
    else:
        target = Path(path).expanduser()
        if target.is_dir():
            raise fail(f"{target} is a folder, not a lead file")
        if not target.exists():
            raise fail(f"cannot read {target}: no such file")
        try:
            raw = open(target, "rb")  # noqa: SIM115 - closed below (a pipe will do, as <(...))
        except OSError as err:
            raise fail(f"cannot read {target}: {err.strerror or err}") from None
        total = target.stat().st_size if target.is_file() else None
    bar, progress = _progress(total)
    report = None
    from carddeck.deck.leads import ImportOptions, goes_light

    options = ImportOptions(source=source, on_duplicate=on_duplicate,  # type: ignore[arg-type]
                            skip_bad_rows=skip_bad_rows, delimiter=delimiter, encoding=encoding,
                            overrides=overrides, progress=progress, force=force)  # fmt: skip
    shown = None
    try:
        # Into an SQLite deck at the current schema (or one made for it) with no ORM loaded,
        # when deck/leads can do it light (carddeck's own export it gives back: None); not
        # for --json, whose record is read through the full store.
        if not json_ and goes_light(options, file_format=kind, contacts=history is not None,
                                    seekable=total is not None and raw.seekable(),
                                    dry_run=dry_run):  # fmt: skip
            with handled():
                lite = deck_of(ctx).lite(make=True)
            if lite is not None:
                report = _light(lite, raw, path, bar, options, deck_of(ctx).settings)
                raw.seek(0)
        if report is None:
            from carddeck.deck.importer import import_file
            from carddeck.deck.serialize import import_to_dict

            with writing(ctx) as (session, deck):
                # The bar stops inside the transaction's error handling, so that an error's
                # one line is printed after the bar is gone, not run into it.
                try:
                    if bar is not None:
                        bar.start()
                    with _worded(path), _checked(dry_run) as failed:
                        report = import_file(
                            session, raw, path=path, file_format=kind, dry_run=dry_run,
                            contacts=history, settings=deck.settings, **options.given(),
                        )  # fmt: skip
                    if failed:  # a dry run with bad rows: every one shown, then its line
                        report = failed[0].report
                    if not dry_run and total is not None and raw.seekable():
                        from carddeck.deck.dropfolder import digest, record_hash

                        raw.seek(0)  # its hash, so a drop folder knows these bytes came in
                        record_hash(session, report.batch_id, digest(raw))
                finally:
                    if bar is not None:
                        bar.stop()
                shown = import_to_dict(session, report) if json_ else None
                if dry_run:
                    session.rollback()
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()
        if history is not None:
            history.close()
    if shown is not None:
        for line in report.overridden + report.warnings:
            warn(line)
        for line in report.notes:
            note(line)
        ids, cards, more = shown
        print_change(ctx, ids, cards=cards, **more)
        _would_stop(report, skipping=skip_bad_rows)
        return
    _show(report, skipping=skip_bad_rows)
    if dry_run:
        say("dry run: nothing was written")
        _would_stop(report, skipping=skip_bad_rows)
    else:
        say(
            f"import #{report.batch_id} done (carddeck undo-import {report.batch_id} takes it back)"
        )


def _would_stop(report: ImportReport, *, skipping: bool) -> None:
    """A dry run of a file with bad rows ends as the import would: one line, exit 1."""
    if report.dry_run and report.problems and not skipping:
        raise fail(f"{plural(len(report.problems), 'bad row')}: the import "
                   "would write nothing (--skip-bad-rows imports the good rows)")  # fmt: skip


@contextmanager
def _checked(dry_run: bool) -> Iterator[list[Any]]:
    """A dry run's bad rows kept (in the list given) rather than raised: the whole file is
    checked, so its report can show every problem beside the mapping and counts."""
    from carddeck.deck.leads import ImportFailed

    failed: list[ImportFailed] = []
    try:
        yield failed
    except ImportFailed as err:
        if not dry_run:
            raise
        failed.append(err)


@contextmanager
def _worded(path: str) -> Iterator[None]:
    """An import's errors, each naming the file."""
    from carddeck.deck.leads import ImportFailed
    from carddeck.errors import InvalidInput

    try:
        yield
    except InvalidInput as err:
        said = str(err)
        if isinstance(err, ImportFailed) or said.startswith(path):
            raise
        raise InvalidInput(f"{path}: {said}") from None
    except UnicodeDecodeError as err:
        raise InvalidInput(f"{path}: not valid {err.encoding} text; give the "
                           "right --encoding") from None  # fmt: skip
    except OSError as err:
        raise InvalidInput(f"cannot read {path}: {err.strerror or err}") from None


def _light(lite: Lite, raw: BinaryIO, path: str, bar: Progress | None,
           options: ImportOptions, settings: Settings) -> ImportReport | None:  # fmt: skip
    """The import over plain sqlite3 (deck/leads.py), and the file's hash on its batch;
    None, nothing written, for a file only the full store takes (carddeck's own export)."""
    from carddeck.deck.intake import digest
    from carddeck.deck.leads import import_csv
    from carddeck.store.lite_intake import LiteIntake
    from carddeck.store.lite_port import LiteDeck

    with handled(), lite.write() as conn:
        try:
            if bar is not None:
                bar.start()
            with _worded(path):
                report = import_csv(LiteDeck(conn), LiteIntake(conn), raw, path=path,
                                    settings=settings, **options.given())  # fmt: skip
            if report is not None:
                raw.seek(0)  # its hash, so a drop folder knows these bytes came in
                LiteIntake(conn).record_hash(report.batch_id or 0, digest(raw))
        finally:
            if bar is not None:
                bar.stop()
    return report


def _folder(ctx: typer.Context, folder: Path, *, file_format: str | None,
            contacts: str | None, watch: bool, every: float | None, json_: bool,
            options: dict[str, Any]) -> None:  # fmt: skip
    """``import FOLDER``: one pass, or ``--watch``; see cli/folder.py."""
    from carddeck.cli import folder as drop
    from carddeck.deck.droppass import FolderImport, check
    from carddeck.errors import InvalidInput

    if contacts is not None:
        raise fail("--contacts goes with one file, not a FOLDER", 2)
    if every is not None and not watch:
        raise fail("--every goes with --watch", 2)
    if file_format is not None and file_format not in ("csv", "vcf", "json"):
        raise fail("--format takes csv, vcf or json", 2)
    given = FolderImport(file_format=file_format, **options)
    try:
        check(given)
    except InvalidInput as err:
        raise fail(f"--encoding: {err}", 2) from None
    if watch:
        from carddeck.deck.dropfolder import POLL_SECONDS

        drop.watch(deck_of(ctx), folder, given, every=every or POLL_SECONDS, json_=json_)
    else:
        drop.one_pass(deck_of(ctx), folder, given, json_=json_)


@app.command()
def imports(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The imports made so far, newest first."""
    from carddeck.deck.importer import batches
    from carddeck.deck.serialize import batch_to_dict

    with reading(ctx) as (session, _):
        found = batches(session)
    if json_:
        print_json([batch_to_dict(b) for b in found])
        return
    if not found:
        typer.echo("No imports yet.", err=True)
        return
    from carddeck.deck.clock import wall

    for b in found:
        undone = "  (undone)" if b.undone_at else ""
        when = wall(b.at).strftime("%Y-%m-%d %H:%M")
        say(f"#{b.id}  {when}  {b.path}  {b.file_format}  added {number(b.added)}, merged "
            f"{number(b.merged)}, skipped {number(b.skipped)}{undone}")  # fmt: skip


@app.command("undo-import")
def undo_import(
    ctx: typer.Context,
    batch: Annotated[
        int, typer.Argument(min=1, max=MAX_ID, help="The import's number (see carddeck imports).")
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Undo even cards that were worked since.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Take back a whole import: its new cards go, its merges are reversed."""
    from carddeck.deck.importer import batch_cards
    from carddeck.deck.importer import undo_import as undo
    from carddeck.deck.serialize import batch_to_dict
    from carddeck.store.models import ImportBatch

    with writing(ctx) as (session, _), handled():
        added, merged = batch_cards(session, batch)
        removed, restored, kept = undo(session, batch, force=force)
        record = session.get(ImportBatch, batch)
        undone = batch_to_dict(record) if record is not None else None
    for line in kept:
        note(line)
    if json_:  # the removed are listed as such; those kept (do not contact) as cards
        return print_change(ctx, added + merged, batch=undone, restored=merged)
    say(
        f"import #{batch} undone: {plural(removed, 'card')} removed, "
        f"{plural(restored, 'merged card')} restored"
    )
