"""Today's calls."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from carddeck.cli.common import MAX_ID, Family, JsonOpt, print_json
from carddeck.cli.reads import browsing

app = Family()

LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        max=MAX_ID,
        show_default=False,
        help="Cards shown of each section (0: all of them); the daily_limit setting's "
        "(50) unless told.",
    ),
]


@app.command()
def today(
    ctx: typer.Context,
    json_: JsonOpt = False,
    everyone: Annotated[
        bool, typer.Option("--all", help="On a shared deck: every seller's calls, not yours.")
    ] = False,
    limit: LimitOpt = None,
) -> None:
    """Who to call today: overdue, due today, new leads in their window, cold cards, and
    customers due a check-in for a repeat sale (the first of each section; --limit)."""
    from carddeck.deck.agenda import SECTIONS
    from carddeck.deck.agenda import today as agenda_for
    from carddeck.deck.reads import shown
    from carddeck.deck.serialize import card_to_dict, plain

    with browsing(ctx) as (_, reads, deck):
        agenda = agenda_for(reads, settings=deck.settings, owner=deck.owner(everyone),
                            limit=shown(limit, deck.settings))  # fmt: skip
    if json_:

        def lead(item: Any) -> dict[str, Any]:
            data = card_to_dict(item.card)
            data["first_contact_due"] = plain(item.due)
            data["hours_left"] = item.hours_left
            return data

        print_json(
            {
                "overdue": [card_to_dict(c) for c in agenda.overdue],
                "due_today": [card_to_dict(c) for c in agenda.due_today],
                "new": [lead(item) for item in agenda.new],
                "cold": [card_to_dict(c) for c in agenda.cold],
                "customers": [card_to_dict(c) for c in agenda.customers],
                "counts": {s.value: agenda.counts[s] for s in SECTIONS},
                "total": agenda.total,
                "limit": agenda.limit,
                "cut": agenda.cut,
            }
        )
        return
    from carddeck.cli.tables import agenda_view, console

    whole = deck.again("today" + (" --all" if everyone else "") + " --limit 0")
    out = console()
    out.print(agenda_view(agenda, deck.settings, width=out.width, whole=whole), crop=False)
