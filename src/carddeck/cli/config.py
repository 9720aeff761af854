"""The settings file: where it is, and what is in effect."""

from __future__ import annotations

import typer

from carddeck.cli.common import Family, JsonOpt, deck_of, print_json, say

app = Family(help="Your settings: working week, holidays, phone region, usual hour, targets.")


@app.command()
def path(json_: JsonOpt = False) -> None:
    """Where the settings file is (it need not exist: every key has a default)."""
    from carddeck.paths import config_file

    where = config_file()
    if json_:
        return print_json({"file": str(where), "exists": where.is_file()})
    say(str(where))


@app.command()
def show(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The settings in effect, as TOML (defaults where the file says nothing)."""
    from carddeck.deck.config import EXAMPLE, as_toml, in_effect
    from carddeck.deck.daysoff import check
    from carddeck.paths import config_file

    where = config_file()
    country = check(deck_of(ctx).settings)  # a country the holidays package does not know: warned
    if json_:
        found, problems = in_effect(where)
        return print_json({
            "file": str(where), "exists": where.is_file(),
            "settings": {s.key: {"value": s.value, "from": s.source} for s in found},
            "warnings": problems + ([f"{where}: {country}"] if country else []),
        })  # fmt: skip
    missing = " (not there: these are the defaults)"
    folder = " (a folder, not a file: these are the defaults)"
    say(f"# {where}" + ("" if where.is_file() else folder if where.is_dir() else missing))
    say(as_toml(deck_of(ctx).settings).rstrip())
    if not where.is_file():
        say("\n# To change them, write the file; for example:")
        say("\n".join(f"# {line}" if line else "#" for line in EXAMPLE.splitlines()))
