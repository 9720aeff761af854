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
    and per referrer; the notch ladder.

    On top, your targets (see carddeck config show) against their figures."""
    from carddeck.deck.stats import scoreboard

    if by not in ("week", "month"):
        raise fail("--by takes week or month", 2)
    from carddeck.deck.sellers import by_seller

    with reading(ctx) as (session, deck):
        start = when(since, deck, follow_up=False)
        board = scoreboard(session, since=start, by=by, settings=deck.settings)  # type: ignore[arg-type]
        found = by_seller(session, since=start)
        sellers = found if found.shown else None
    if json_:
        data = board.as_dict()
        if sellers is not None:  # a shared deck: who works what
            data["sellers"] = sellers.as_dict()
        print_json(data)
        return
    from carddeck.cli.tables import console
    from carddeck.render.scoreboard import render, render_sellers

    out = console()
    out.print(render(board))
    if sellers is not None:
        out.print(render_sellers(sellers))
