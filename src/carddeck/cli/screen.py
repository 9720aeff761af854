"""A bare ``carddeck``: the deck on screen."""

from __future__ import annotations

from carddeck.cli.common import DeckContext, handled


def open_screen(deck: DeckContext, problems: list[str] | None = None) -> None:
    """Open the Textual deck screen on the same deck as every command; what is wrong with
    the settings file is said on the screen."""
    with handled():
        from carddeck.tui.app import CarddeckApp

        app = CarddeckApp(db=deck.db, settings=deck.settings, warnings=problems or [])
    app.run()
    if app.return_code:
        raise SystemExit(app.return_code)
