"""Closing or not: won, lost, nurture, dnc (do not contact), reopen."""

from __future__ import annotations

from typing import Annotated

import typer

from carddeck.cli.common import CardArg, NextOpt, fail, report, say, when, writing

app = typer.Typer()


@app.command()
def won(ctx: typer.Context, card: CardArg) -> None:
    """Mark a card won: credit card in hand."""
    from carddeck.deck import mark_won, resolve_card

    with writing(ctx) as (session, _):
        target = resolve_card(session, card)
        mark_won(session, target)
    say(f"#{target.id} {target.name}: won")


@app.command()
def lost(
    ctx: typer.Context,
    card: CardArg,
    reason: Annotated[str, typer.Option(help="Why they said no.", show_default=False)],
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Don't ask, even before the 7th attempt.")
    ] = False,
) -> None:
    """Mark a card lost, with the reason they gave (before the 7th attempt, asks first)."""
    from carddeck.cli import common
    from carddeck.deck import mark_lost, resolve_card
    from carddeck.deck.cadence import needs_confirming_lost

    with writing(ctx) as (session, deck):
        target = resolve_card(session, card)
        doubt = needs_confirming_lost(target, deck.settings)
        if doubt and not yes:
            if not common.stdin_is_terminal():
                raise fail(f"#{target.id} {target.name}: {doubt}; --yes marks it lost anyway")
            if not typer.confirm(f"#{target.id} {target.name}: {doubt}. Mark it lost anyway?"):
                raise fail("not marked lost")
        mark_lost(session, target, reason=reason)
    say(f"#{target.id} {target.name}: lost ({target.lost_reason})")


@app.command()
def nurture(
    ctx: typer.Context,
    card: CardArg,
    until: Annotated[
        str, typer.Option(metavar="WHEN", help="When to pick it up again.", show_default=False)
    ],
) -> None:
    """Nurture a card: not now, but due again on a date."""
    from carddeck.deck import clock, nurture, resolve_card

    with writing(ctx) as (session, deck):
        target = resolve_card(session, card)
        moment = when(until, deck)
        assert moment is not None
        nurture(session, target, until=moment)
    shown = clock.wall(moment).strftime("%a %d %b %Y %H:%M")
    say(f"#{target.id} {target.name}: nurture until {shown}")


@app.command()
def dnc(ctx: typer.Context, card: CardArg) -> None:
    """Do not contact: only when they asked. The card never comes due again."""
    from carddeck.deck import mark_do_not_contact, resolve_card

    with writing(ctx) as (session, _):
        target = resolve_card(session, card)
        mark_do_not_contact(session, target)
    say(f"#{target.id} {target.name}: do not contact")


@app.command()
def reopen(ctx: typer.Context, card: CardArg, next_: NextOpt = None) -> None:
    """Put a won, lost or do-not-contact card back into play, with a next date."""
    from carddeck.deck import reopen, resolve_card

    with writing(ctx) as (session, deck):
        target = resolve_card(session, card)
        outcome = reopen(session, target, next_follow_up=when(next_, deck), settings=deck.settings)
    report(outcome)
    say(f"#{target.id} {target.name}: reopened ({target.status.value})")
