"""Today's calls."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from carddeck.cli.common import Family, JsonOpt, print_json, reading

app = Family()


@app.command()
def today(
    ctx: typer.Context,
    json_: JsonOpt = False,
    everyone: Annotated[
        bool, typer.Option("--all", help="On a shared deck: every seller's calls, not yours.")
    ] = False,
) -> None:
    """Who to call today: overdue, due today, new leads in their window, cold cards, and
    customers due a check-in for a repeat sale."""
    from carddeck.deck import today as agenda_for
    from carddeck.deck.serialize import card_to_dict, plain

    with reading(ctx) as (session, deck):
        agenda = agenda_for(session, settings=deck.settings, owner=deck.owner(everyone))
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
            }
        )
        return
    from carddeck.cli.tables import agenda_view, console

    out = console()
    out.print(agenda_view(agenda, deck.settings, width=out.width))
