"""A bare ``carddeck``: the deck on screen."""

from __future__ import annotations

from carddeck.cli.common import DeckContext, handled


def open_screen(deck: DeckContext) -> None:
    """Open the Textual deck screen on the same deck as every command."""
    with handled():
        from carddeck.tui.app import CarddeckApp

        app = CarddeckApp(db=deck.db, settings=deck.settings)
    app.run()
