"""The settings file: where it is, and what is in effect."""

from __future__ import annotations

import typer

from carddeck.cli.common import Family, deck_of, say

app = Family(help="Your settings: working week, holidays, phone region, usual hour, targets.")


@app.command()
def path() -> None:
    """Where the settings file is (it need not exist: every key has a default)."""
    from carddeck.paths import config_file

    say(str(config_file()))


@app.command()
def show(ctx: typer.Context) -> None:
    """The settings in effect, as TOML (defaults where the file says nothing)."""
    from carddeck.deck.config import EXAMPLE, as_toml
    from carddeck.deck.daysoff import check
    from carddeck.paths import config_file

    where = config_file()
    check(deck_of(ctx).settings)  # a country the holidays package does not know: warned
    say(f"# {where}" + ("" if where.is_file() else " (not there: these are the defaults)"))
    say(as_toml(deck_of(ctx).settings).rstrip())
    if not where.is_file():
        say("\n# To change them, write the file; for example:")
        say("\n".join(f"# {line}" if line else "#" for line in EXAMPLE.splitlines()))
