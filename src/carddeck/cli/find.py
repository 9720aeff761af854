"""Finding a card and reaching its person: search, open."""

from __future__ import annotations

from typing import Annotated

import typer

from carddeck.cli.common import (
    CardArg,
    Family,
    JsonOpt,
    fail,
    handled,
    note,
    print_json,
    reading,
    say,
)
from carddeck.words import printable

app = Family()


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(help="Part of a name, company, email or phone.", show_default=False)
    ],
    json_: JsonOpt = False,
) -> None:
    """Find cards by name, company, email or phone, as the screen's / does: every card,
    whatever its status or seller, in deck order."""
    from carddeck.cli.tables import console, deck_table
    from carddeck.deck.cards import list_cards
    from carddeck.deck.serialize import card_to_dict

    if not text.strip():
        raise fail("search for something: part of a name, company, email or phone", 2)
    with reading(ctx) as (session, deck):
        rows = list(list_cards(session, search=text))
    if json_:
        print_json([card_to_dict(card, rank) for rank, card in rows])
        return
    if not rows:
        typer.echo(printable(f"No card matches '{text.strip()}'."), err=True)
        return
    out = console()
    out.print(deck_table(rows, deck.settings, width=out.width))


@app.command("open")
def open_(
    ctx: typer.Context,
    card: CardArg,
    call: Annotated[bool, typer.Option("--call", help="Call their phone.")] = False,
    text: Annotated[bool, typer.Option("--text", help="Text their phone.")] = False,
    email: Annotated[bool, typer.Option("--email", help="Email them.")] = False,
) -> None:
    """Call, text or email a card's person with the computer's own program (tel:, sms:,
    mailto: through xdg-open or open); with none to hand it to, the number or address is
    printed to copy."""
    from carddeck.deck.cards import resolve_card
    from carddeck.deck.reach import reach
    from carddeck.handoff import hand_over
    from carddeck.render.words import by_hand, handed
    from carddeck.store.kinds import Channel

    chosen = [c for c, on in ((Channel.call, call), (Channel.text, text),
                              (Channel.email, email)) if on]  # fmt: skip
    if len(chosen) != 1:
        raise fail("choose one of --call, --text or --email", 2)
    with reading(ctx) as (session, deck):
        target = resolve_card(session, card)
    with handled():
        found = reach(target, chosen[0], region=deck.settings.phone_region)
    done = hand_over(found.uri)
    if done.handed:
        say(handed(found, done.opener))
        return
    note(by_hand(found, done.why))
    typer.echo(printable(found.address))  # alone on standard output: to copy, or to pipe
