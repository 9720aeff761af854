"""Export the deck."""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO, cast

import typer

from carddeck.cli import common
from carddeck.cli.common import DeckContext, Family, deck_of, fail, handled, note, reading
from carddeck.words import plural, printable_lines

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.store.sql import Rows

app = Family()


@contextmanager
def rows_or_session(
    ctx: typer.Context, *, light: bool
) -> Iterator[tuple[Rows | Session, DeckContext]]:
    """What the export reads from: with ``light``, the deck opened light (an SQLite file at
    the current schema, plain sqlite3, no ORM loaded: a CSV export of a big deck is mostly
    that cost otherwise), one snapshot; else, and for what only the full store opens (a
    server, an upgrade, a deck not made yet), a read session."""
    deck = deck_of(ctx)
    with handled():
        lite = deck.lite() if light else None
    if lite is not None:
        from carddeck.store.sql import Rows

        with handled(), lite.read() as conn:
            yield Rows(conn), deck
        return
    with reading(ctx) as (session, _):
        yield session, deck


#: The formats a file's name chooses; a name without one (or .txt) gets CSV.
BY_SUFFIX = {"csv": "csv", "txt": "csv", "json": "json", "ics": "ics", "vcf": "vcf",
             "vcard": "vcf", "": "csv"}  # fmt: skip
#: Files that hold another program's own format: a CSV named so would open broken.
OTHERS_OWN = ("xlsx", "xlsm", "xlsb", "xls", "ods", "numbers", "pdf", "doc", "docx", "odt")


def _format_for(path: str, given: str | None) -> str:
    """The format to write: ``--format``, else the file's name; a name that says a format
    carddeck does not write (``x.xlsx``) is refused, never given CSV under that name."""
    if given is not None and given not in ("csv", "json", "ics", "vcf"):
        raise fail("--format takes csv, json, ics or vcf", 2)
    name = Path(path) if path != "-" else Path("-.csv")
    suffix = name.suffix.lower().lstrip(".")
    if suffix in BY_SUFFIX and given is None:
        return BY_SUFFIX[suffix]
    if suffix in BY_SUFFIX or (given is not None and suffix not in OTHERS_OWN):
        return given or "csv"
    kind = given or "csv"
    opens = ", which a spreadsheet opens" if kind == "csv" else ""
    how = "" if given is not None else " (or choose one with --format)"
    raise fail(f"export writes csv, json, ics or vcf, not {suffix}: name the file "
               f"{name.with_suffix('.' + kind).name}{opens}{how}", 2)  # fmt: skip


@app.command()
def export(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="File to write, or - for standard output.")] = "-",
    file_format: Annotated[
        str | None,
        typer.Option("--format", help="csv (default), json, ics or vcf; else from the file name."),
    ] = None,
    contacts: Annotated[
        bool,
        typer.Option(
            "--contacts",
            help="CSV: every contact of every card, a row each. JSON: "
            "each card with its contacts (the whole deck, for import).",
        ),
    ] = False,  # fmt: skip
    raw: Annotated[
        bool, typer.Option("--raw", help="Keep cells that spreadsheets would run as formulas.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Export the deck in deck order: CSV, JSON, iCalendar follow-ups or vCards."""
    from carddeck.deck import export as exporting

    kind = _format_for(path, file_format)
    if contacts and kind not in ("csv", "json"):
        raise fail("--contacts goes with csv or json", 2)

    def write(out: TextIO, progress: exporting.Progress | None = None) -> int:
        with rows_or_session(ctx, light=kind in ("csv", "json")) as (source, deck):
            try:
                if kind == "csv":
                    return exporting.write_csv(source, out, raw=raw, contacts=contacts,
                                               progress=progress)  # fmt: skip
                if kind == "json":
                    return exporting.write_json(source, out, contacts=contacts,
                                                progress=progress)  # fmt: skip
                session = cast("Session", source)
                if kind == "ics":
                    return exporting.write_ics(session, out, region=deck.settings.phone_region,
                                               progress=progress)  # fmt: skip
                return exporting.write_vcf(session, out, progress=progress)
            except BrokenPipeError:
                raise
            except OSError as err:  # writing the export, not reading the deck
                raise OutputFailed(err) from err

    def with_bar(out: TextIO) -> int:
        """A rich progress bar on a terminal; none when stderr is piped or redirected."""
        if not sys.stderr.isatty():
            return write(out)
        from rich.console import Console
        from rich.progress import Progress

        with rows_or_session(ctx, light=kind in ("csv", "json")) as (source, _):
            total = exporting.count(source, contacts=contacts)
        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(f"exporting {kind}", total=total)
            return write(out, lambda done: bar.update(task, completed=done))

    if path == "-":
        try:
            write(cast(TextIO, _Screened(sys.stdout)) if sys.stdout.isatty() else sys.stdout)
        except OutputFailed as err:
            from carddeck.store.files import cause

            reason = cause(err.err, Path("standard output"))
            raise fail(f"cannot write the export: {reason}") from None
        return
    target = Path(path).expanduser()
    if target.is_dir() or path.endswith(os.sep):
        raise fail(f"{target} is a folder: give a file name, such as {target / ('deck.' + kind)}")
    if not target.parent.is_dir():
        raise fail(f"cannot write {target}: folder {target.parent} does not exist")
    if target.exists() and not force:
        if not common.stdin_is_terminal():
            raise fail(f"{target} exists; --force overwrites it")
        with common.at_prompt():
            overwrite = typer.confirm(f"{target} exists. Overwrite it?")
        if not overwrite:
            raise fail("not exported")
    written = write_whole(target, kind, with_bar)
    what = "contact" if contacts and kind == "csv" else "event" if kind == "ics" else "card"
    also = " with their contacts" if contacts and kind == "json" else ""
    note(f"exported {plural(written, what)}{also} to {target} ({kind})")


class _Screened(io.TextIOBase):
    """Standard output on a terminal: a field that holds terminal controls (a deck
    written by something else) is shown escaped, not run; a file or a pipe gets the
    text as it is."""

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._out.write(printable_lines(text))
        return len(text)

    def flush(self) -> None:
        self._out.flush()


class OutputFailed(Exception):
    """Writing the export failed (the deck was read fine): carried past the deck's own
    error handling, which would blame the deck, to be said naming the export's file."""

    def __init__(self, err: OSError) -> None:
        super().__init__(str(err))
        self.err = err


def write_whole(target: Path, kind: str, write: Callable[[TextIO], int]) -> int:
    """Write beside ``target`` and rename into place: the file is there whole or not at all.
    The part file is private (0600) and removed if the export is stopped (Ctrl-C,
    SIGTERM) or fails; one left by a kill is swept by the next export there."""
    from carddeck.store.files import cause, part_of, remove_quietly, sweep_parts

    sweep_parts(target.parent)
    part = part_of(target)
    previous = signal.getsignal(signal.SIGTERM)

    def stopped(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # unwinds through the finally below

    signal.signal(signal.SIGTERM, stopped)
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        newline = "" if kind == "csv" else None
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as out:
            written = write(out)
        os.replace(part, target)
        return written
    except (OSError, OutputFailed) as err:
        reason = cause(err.err if isinstance(err, OutputFailed) else err, target)
        raise fail(f"cannot write the export: {reason}; nothing was written") from None
    except KeyboardInterrupt:
        raise fail(f"export stopped; nothing was written to {target}", 130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        remove_quietly(part)  # one that cannot be removed is swept by the next export
