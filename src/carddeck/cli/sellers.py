"""A deck shared by several sellers: who you are, the inbox of new leads nobody works yet
(the method's filter step), and taking, assigning or junking a lead from it."""

from __future__ import annotations

from typing import Annotated

import typer

from carddeck.cli import common
from carddeck.cli.common import (
    CardArg,
    DeckContext,
    Family,
    JsonOpt,
    deck_of,
    print_change,
    print_json,
    reading,
    say,
    writing,
)

app = Family()


def _me(deck: DeckContext) -> str:
    """You (by $CARDDECK_SELLER, the seller setting, or your login name)."""
    from carddeck.deck.sellers import who_am_i

    return who_am_i(deck.settings)[0]


@app.command()
def whoami(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """Who you are on a shared deck: $CARDDECK_SELLER, the seller setting, or your login."""
    from carddeck.deck.sellers import who_am_i

    deck = deck_of(ctx)
    name, source = who_am_i(deck.settings)
    if json_:
        return print_json({"seller": name, "from": source})
    say(f"{name} (from {source})")


@app.command()
def inbox(ctx: typer.Context, json_: JsonOpt = False) -> None:
    """The new leads nobody works yet, oldest first, with their first-contact clock."""
    from rich.text import Text

    from carddeck.deck.clock import wall
    from carddeck.deck.sellers import inbox as waiting_leads
    from carddeck.deck.serialize import card_to_dict, plain

    with reading(ctx) as (session, deck):
        waiting = waiting_leads(session, settings=deck.settings)
    if deck.me is None and waiting:
        common.note("nobody has taken a lead yet, so every lead is everyone's: take or assign "
                    "one and the deck is shared from then on")  # fmt: skip
    if json_:
        print_json([{**card_to_dict(w.card), "first_contact_due": plain(w.due),
                     "hours_left": w.hours_left} for w in waiting])  # fmt: skip
        return
    if not waiting:
        typer.echo("The inbox is empty: every new lead has a seller.", err=True)
        return
    from carddeck.cli.tables import console, fitted
    from carddeck.render import cardface

    lines: list[list[str | Text]] = []
    for item in waiting:
        card = item.card
        left = Text("")
        if item.hours_left is not None:
            left = Text(f"{item.hours_left:g}h", style="red" if item.hours_left < 4 else "")
            if item.hours_left < 0:
                left = Text(f"late by {-item.hours_left:g}h", style="bold red")
        due = wall(item.due).strftime("%a %d %b %H:%M") if item.due is not None else ""
        lines.append([str(card.id), card.name[:80], (card.company or "")[:80],
                      cardface.phone_of(card, deck.settings) or "", (card.source or "")[:80],
                      due, left])  # fmt: skip
    out = console()
    headers = ["id", "name", "company", "phone", "source", "due by", "left"]
    out.print(fitted(headers, lines, width=out.width, drop=("source", "company")))
    typer.echo("carddeck take ID, assign ID SELLER, or junk ID", err=True)


@app.command()
def take(ctx: typer.Context, card: CardArg, json_: JsonOpt = False) -> None:
    """Take a lead from the inbox: it is yours to work."""
    from carddeck.deck.cards import resolve_card
    from carddeck.deck.journal import ChangeKind
    from carddeck.deck.sellers import take as take_card
    from carddeck.render.words import owner_done

    with writing(ctx) as (session, deck):
        outcome = take_card(session, resolve_card(session, card), me=_me(deck))
    if json_:
        return print_change(ctx, [outcome.card.id])
    say(owner_done(ChangeKind.take, outcome.card))


@app.command()
def assign(
    ctx: typer.Context,
    card: CardArg,
    seller: Annotated[str, typer.Argument(help="Who works it from now on.", show_default=False)],
    json_: JsonOpt = False,
) -> None:
    """Give a lead (from the inbox, or from another seller) to a seller."""
    from carddeck.deck.cards import resolve_card
    from carddeck.deck.journal import ChangeKind
    from carddeck.deck.sellers import assign as assign_card
    from carddeck.deck.sellers import seller_meant
    from carddeck.render.words import owner_done

    with writing(ctx) as (session, deck):
        outcome = assign_card(session, resolve_card(session, card),
                              seller=seller_meant(seller, deck.settings))  # fmt: skip
    for line in outcome.warnings:
        common.warn(line)
    if json_:
        return print_change(ctx, [outcome.card.id])
    say(owner_done(ChangeKind.assign, outcome.card))


@app.command()
def junk(ctx: typer.Context, card: CardArg, json_: JsonOpt = False) -> None:
    """Junk a lead from the inbox (spam, a test, not a buyer): kept, out of the deck, and
    counted against its source in the stats."""
    from carddeck.deck.cards import resolve_card
    from carddeck.deck.journal import ChangeKind
    from carddeck.deck.sellers import junk as junk_card
    from carddeck.render.words import owner_done

    with writing(ctx) as (session, _):
        outcome = junk_card(session, resolve_card(session, card))
    if json_:
        return print_change(ctx, [outcome.card.id])
    say(owner_done(ChangeKind.junk, outcome.card))
