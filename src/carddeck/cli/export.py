"""Export the deck."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from carddeck.cli.common import fail, reading

app = typer.Typer()


@app.command()
def export(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(help="File to write, or - for standard output.")] = "-",
    raw: Annotated[
        bool, typer.Option("--raw", help="Keep cells that spreadsheets would run as formulas.")
    ] = False,
) -> None:
    """Export every card to CSV in deck order (UTF-8, header row)."""
    from carddeck.deck.export import write_csv

    if path == "-":
        with reading(ctx) as (session, _):
            write_csv(session, sys.stdout, raw=raw)
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
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            with reading(ctx) as (session, _):
                written = write_csv(session, out, raw=raw)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    typer.echo(f"exported {written} cards to {target}", err=True)
