"""Customers: won cards, the soonest check-in for a repeat sale first."""

from __future__ import annotations

from typing import Annotated

import typer

from carddeck.cli.common import Family, JsonOpt, print_json, reading

app = Family()


@app.command()
def customers(
    ctx: typer.Context,
    json_: JsonOpt = False,
    everyone: Annotated[
        bool, typer.Option("--all", help="On a shared deck: every seller's customers, not yours.")
    ] = False,
) -> None:
    """Won cards: the soonest check-in first, with their sales and what they came to."""
    from carddeck.deck.customers import customers as customers_of
    from carddeck.deck.money import format_value
    from carddeck.deck.order import ranked
    from carddeck.deck.serialize import card_to_dict

    with reading(ctx) as (session, deck):
        found = customers_of(session, owner=deck.owner(everyone))
        # each card's place in the whole deck, as list --json gives it
        places = {c.id: n for n, c in ranked(session, [i.card.id or 0 for i in found])}
    currency = deck.settings.currency
    if json_:
        rows = []
        for item in found:
            data = card_to_dict(item.card, places.get(item.card.id))
            data["sales"] = item.sales
            data["sales_value"] = item.total
            rows.append(data)
        print_json(rows)
        return
    if not found:
        typer.echo("No customers yet: carddeck won CARD marks a sale.", err=True)
        return
    from rich.text import Text

    from carddeck.cli.tables import console, fitted
    from carddeck.render import cardface
    from carddeck.render.cardface import SHORT

    lines: list[list[str | Text]] = []
    for item in found:
        card = item.card
        check_in = cardface.when(card.next_follow_up) if card.next_follow_up else Text("none")
        lines.append([
            str(card.id), card.name[:SHORT], (card.company or "")[:SHORT],
            cardface.phone_of(card, deck.settings) or "", str(item.sales),
            format_value(item.total, currency), check_in,
        ])  # fmt: skip
    headers = ["id", "name", "company", "phone", "sales", "value", "check in"]
    out = console()
    out.print(fitted(headers, lines, width=out.width, drop=("company", "phone")))
