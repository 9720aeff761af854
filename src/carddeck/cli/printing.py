"""Print the deck: a PDF of real 3x5 index cards, front and back."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from carddeck.cli.common import Family, fail, reading, say
from carddeck.errors import InvalidInput
from carddeck.words import plural

app = Family()

#: Where the cards go when no ``-o`` says otherwise: the current folder.
DEFAULT_FILE = "carddeck-cards.pdf"


def _target(output: str | None) -> Path:
    """The file to write, refused with one line when it cannot be: a folder, a missing
    folder, or a file there already that is not a PDF (never written over by mistake)."""
    target = Path(output or DEFAULT_FILE).expanduser()
    if target.is_dir() or (output or "").endswith(os.sep):
        raise fail(f"{target} is a folder: give a file name, such as {target / DEFAULT_FILE}")
    if not target.parent.is_dir():
        raise fail(f"cannot write {target}: folder {target.parent} does not exist")
    if target.exists():
        try:
            with target.open("rb") as existing:
                is_pdf = existing.read(5) == b"%PDF-"
        except OSError:
            is_pdf = False
        if not is_pdf:
            raise fail(f"{target} exists and is not a PDF: give another file name with -o")
    return target


def _write(target: Path, data: bytes) -> None:
    """Write beside ``target``, then rename: the PDF is there whole or not at all (0600)."""
    from carddeck.store.files import cause, part_of, remove_quietly, sweep_parts

    sweep_parts(target.parent)
    part = part_of(target)
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # names and phone numbers: private, as the deck is
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(part, target)
    except OSError as err:
        raise fail(f"cannot write the cards: {cause(err, target)}") from None
    finally:
        remove_quietly(part)


@app.command("print")
def print_(
    ctx: typer.Context,
    cards: Annotated[
        list[str] | None,
        typer.Argument(
            help="Cards to print (ids or starts of names); default: the open cards.",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        bool, typer.Option("--today", help="Today's calls, in calling order.")
    ] = False,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", "-s", help="Only this status (repeatable), as list does."),
    ] = None,
    everyone: Annotated[
        bool, typer.Option("--everyone", help="On a shared deck: every seller's cards, not yours.")
    ] = False,
    sheet: Annotated[
        str,
        typer.Option(
            "--sheet",
            metavar="letter|a4|index",
            help="letter or a4: three cards a page with cut marks, backs on the next "
            "page for long-edge duplex; index: 5 x 3 in card stock, front then back.",
        ),
    ] = "letter",
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE.pdf",
            help=f"The PDF to write (default: {DEFAULT_FILE} here).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print cards as a PDF of 3x5 index cards: front (who, how to reach them, next date,
    attempts, rating, interest, the notch note) and back (recap, what they said, need,
    the latest contacts)."""
    from carddeck.deck import clock
    from carddeck.deck.fields import status_named
    from carddeck.deck.printing import cards_to_print
    from carddeck.render.printed import printed_card
    from carddeck.render.sheet import SHEETS, sheet_named

    paper = sheet_named(sheet)
    if paper is None:
        raise fail(f"--sheet takes {', '.join(SHEETS)}, not {sheet!r}", 2)
    try:
        wanted = tuple(status_named(s) for s in status or ())
    except InvalidInput as err:
        raise fail(f"--status: {err}", 2) from None
    if sum((bool(cards), today, bool(wanted))) > 1:
        raise fail("print named cards, --today or --status: one of them at a time", 2)
    target = _target(output)
    now = clock.now()
    with reading(ctx) as (session, deck):
        chosen = cards_to_print(
            session,
            refs=cards or (),
            today=today,
            statuses=wanted,
            owner=deck.owner(everyone),
            now=now,
            settings=deck.settings,
        )
        laid = [printed_card(c.card, c.contacts, deck.settings, now=now) for c in chosen]
    if not laid:
        what = "no calls today" if today else "no cards match" if wanted else "no open cards"
        mine = " of yours (--everyone prints every seller's)" if deck.owner(everyone) else ""
        raise fail(f"nothing to print: {what}{mine}")
    from carddeck.render.pdf import write_pdf

    printed = write_pdf(laid, paper)
    _write(target, printed.data)
    how = (
        "print both sides, flipping on the long edge, then cut on the marks"
        if paper != "index"
        else "front then back, on 5 x 3 in card stock"
    )
    say(
        f"{plural(len(laid), 'card')} on {plural(len(printed.pages), 'page')} "
        f"({paper}) written to {target}: {how}"
    )
