"""A bare ``carddeck``: the deck on screen."""

from __future__ import annotations

import typer

from carddeck.cli.common import DeckContext


def open_screen(deck: DeckContext) -> None:
    """Until the Textual deck screen lands, say so plainly and point at the commands."""
    typer.echo(
        "The on-screen deck is not built yet. Work the deck with the commands:\n"
        "  carddeck today      who to call now\n"
        "  carddeck add NAME   quick-add a lead\n"
        "  carddeck --help     everything else",
        err=True,
    )
    raise typer.Exit(0)
