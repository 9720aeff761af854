"""A bare ``carddeck``: the deck on screen."""

from __future__ import annotations

from carddeck.cli.common import DeckContext, handled


def open_screen(deck: DeckContext, problems: list[str] | None = None) -> None:
    """Open the Textual deck screen on the same deck as every command; what is wrong with
    the settings file is said on the screen."""
    with handled():
        from carddeck.deck.daysoff import check
        from carddeck.tui.app import CarddeckApp

        found = check(deck.settings)  # the screen works dates out at once: look it up now
        if found:
            from carddeck.paths import config_file

            problems = [*(problems or []), f"{config_file()}: {found}"]

        app = CarddeckApp(db=deck.db, settings=deck.settings, warnings=problems or [])
    app.run()
    if app.failed is not None:  # said on the screen until q; and here, as any command says it
        with handled():
            raise app.failed
    if app.return_code:
        raise SystemExit(app.return_code)
