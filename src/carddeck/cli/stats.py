"""The scoreboard."""

from __future__ import annotations

from typing import Annotated

import typer

from carddeck.cli.common import Family, JsonOpt, fail, print_json, reading, when

app = Family()


@app.command()
def stats(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(metavar="WHEN", help="Only leads added since (e.g. 2026-09-01).")
    ] = None,
    by: Annotated[str, typer.Option(help="week or month.")] = "month",
    json_: JsonOpt = False,
) -> None:
    """The scoreboard: close rates, first-contact speed, answers by attempt, the funnel.

    Leads added, contacted, won and lost by week or month; close rate overall, per source
    and per referrer; the notch ladder."""
    from carddeck.deck.stats import scoreboard

    if by not in ("week", "month"):
        raise fail("--by takes week or month", 2)
    with reading(ctx) as (session, deck):
        start = when(since, deck, follow_up=False)
        board = scoreboard(session, since=start, by=by, settings=deck.settings)  # type: ignore[arg-type]
    if json_:
        print_json(board.as_dict())
        return
    from carddeck.cli.tables import console
    from carddeck.render.scoreboard import render

    console().print(render(board))
