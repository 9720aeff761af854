"""Export the deck."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, TextIO

import typer

from carddeck.cli.common import Family, fail, note, reading
from carddeck.words import plural

app = Family()


def _format_for(path: str, given: str | None) -> str:
    if given is not None:
        if given not in ("csv", "json", "ics", "vcf"):
            raise fail("--format takes csv, json, ics or vcf", 2)
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"json": "json", "ics": "ics", "vcf": "vcf", "vcard": "vcf"}.get(suffix, "csv")


@app.command()
def export(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="File to write, or - for standard output.")] = "-",
    file_format: Annotated[
        str | None,
        typer.Option("--format", help="csv (default), json, ics or vcf; else from the file name."),
    ] = None,
    contacts: Annotated[
        bool, typer.Option("--contacts", help="Every contact of every card (csv or json).")
    ] = False,
    raw: Annotated[
        bool, typer.Option("--raw", help="Keep cells that spreadsheets would run as formulas.")
    ] = False,
) -> None:
    """Export the deck in deck order: CSV, JSON, iCalendar follow-ups or vCards."""
    from carddeck.deck import export as exporting

    kind = _format_for(path, file_format)
    if contacts and kind not in ("csv", "json"):
        raise fail("--contacts goes with csv or json", 2)

    def write(out: TextIO, progress: exporting.Progress | None = None) -> int:
        with reading(ctx) as (session, deck):
            if kind == "csv":
                return exporting.write_csv(session, out, raw=raw, contacts=contacts,
                                           progress=progress)  # fmt: skip
            if kind == "json":
                return exporting.write_json(session, out, contacts=contacts, progress=progress)
            if kind == "ics":
                return exporting.write_ics(session, out, region=deck.settings.phone_region,
                                           progress=progress)  # fmt: skip
            return exporting.write_vcf(session, out, progress=progress)

    def with_bar(out: TextIO) -> int:
        """A rich progress bar on a terminal; none when stderr is piped or redirected."""
        if not sys.stderr.isatty():
            return write(out)
        from rich.console import Console
        from rich.progress import Progress

        with reading(ctx) as (session, _):
            total = exporting.count(session, contacts=contacts)
        with Progress(console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(f"exporting {kind}", total=total)
            return write(out, lambda done: bar.update(task, completed=done))

    if path == "-":
        write(sys.stdout)
        return
    target = Path(path).expanduser()
    if not target.parent.is_dir():
        raise fail(f"cannot write {target}: folder {target.parent} does not exist")
    # Written beside the target and renamed into place, so a failure leaves no half file.
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as err:
        raise fail(f"cannot write {target}: {err.strerror}") from None
    try:
        newline = "" if kind == "csv" else None
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as out:
            written = with_bar(out)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    what = "contact" if contacts else "event" if kind == "ics" else "card"
    note(f"exported {plural(written, what)} to {target} ({kind})")
