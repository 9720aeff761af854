"""Working the deck: log a contact, shuffle a card."""

from __future__ import annotations

from typing import Annotated

import typer

from carddeck.cli import common
from carddeck.cli.common import (
    BackOpt,
    CardArg,
    NextOpt,
    TopOpt,
    fail,
    place_of,
    report,
    say,
    when,
    writing,
)

app = typer.Typer()


def ask_rating(question: str, *, optional: bool = False) -> int | None:
    """Ask for a 1-10 score until one is given (or skipped, when optional)."""
    while True:
        answer = typer.prompt(question, default="" if optional else None, show_default=False)
        answer = str(answer).strip()
        if optional and not answer:
            return None
        if answer.isdigit() and 1 <= int(answer) <= 10:
            return int(answer)
        typer.echo("  a whole number from 1 to 10, please", err=True)


def ask_text(question: str) -> str | None:
    return str(typer.prompt(question, default="", show_default=False)).strip() or None


@app.command()
def log(
    ctx: typer.Context,
    card: CardArg,
    rating: Annotated[
        int | None,
        typer.Option(metavar="1-10", help="My rating of the contact (10: card in hand)."),
    ] = None,
    interest: Annotated[
        int | None, typer.Option(metavar="1-10", help="Their own rating of their interest.")
    ] = None,
    notch: Annotated[
        str | None, typer.Option(help="What would it take to get them one notch up?")
    ] = None,
    rating_after: Annotated[
        int | None, typer.Option(metavar="1-10", help="My rating again, after the notch question.")
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(help="call, text, email, social, meeting or other (default: settings)."),
    ] = None,
    no_answer: Annotated[
        bool, typer.Option("--no-answer", help="Nobody answered: counts an attempt.")
    ] = False,
    summary: Annotated[
        str | None, typer.Option(help="What was covered: the recap for the next call.")
    ] = None,
    next_: NextOpt = None,
    top: TopOpt = False,
    back: BackOpt = False,
) -> None:
    """Log a contact the method's way: rate it, their interest, one notch up, rate again."""
    from carddeck.deck import clock
    from carddeck.deck.cards import resolve_card
    from carddeck.deck.contacts import log_contact

    place = place_of(top, back)
    if not no_answer and (rating is None or interest is None):
        if not common.stdin_is_terminal():
            raise fail("log needs --rating and --interest (or --no-answer if nobody answered)", 2)
        # At a terminal, walk through the method in its order.
        if rating is None:
            rating = ask_rating("How did the contact go? My rating, 1-10")
        if interest is None:
            interest = ask_rating("Their own interest, 1-10")
        assert interest is not None
        if notch is None and interest < 10:
            notch = ask_text(f"What would it take to get you to {interest + 1}?")
        if rating_after is None:
            rating_after = ask_rating("My rating again, 1-10 (Enter to skip)", optional=True)
        if summary is None:
            summary = ask_text("Summary: what did we cover? (Enter to skip)")
    with writing(ctx) as (session, deck):
        target = resolve_card(session, card)
        outcome = log_contact(
            session,
            target,
            reached=not no_answer,
            channel=channel or deck.settings.default_channel,
            rating=rating,
            interest=interest,
            notch=notch,
            rating_after=rating_after,
            summary=summary,
            next_follow_up=when(next_, deck),
            place=place,
            settings=deck.settings,
        )
    report(outcome)
    nxt = (
        clock.wall(target.next_follow_up).strftime("%a %d %b %H:%M")
        if target.next_follow_up
        else "-"
    )
    who = f"#{target.id} {target.name}"
    if no_answer:
        goal = len(deck.settings.cadence)
        say(f"{who}: no answer, attempt {target.attempts}/{goal}; next {nxt}")
    else:
        say(f"{who}: rated {target.rating}, interest {target.interest}; next {nxt}")


@app.command()
def shuffle(
    ctx: typer.Context,
    card: CardArg,
    top: TopOpt = False,
    back: BackOpt = False,
    to: Annotated[int | None, typer.Option("--to", metavar="N", help="Put it at place N.")] = None,
) -> None:
    """Shuffle a card to the top, to the back, or to place N of the deck."""
    from carddeck.deck.cards import resolve_card
    from carddeck.deck.order import move, move_to, rank_of

    if sum((top, back, to is not None)) != 1:
        raise fail("shuffle needs exactly one of --top, --back or --to N", 2)
    if to is not None and to < 1:
        raise fail(f"--to takes a place from 1 (the top), not {to}", 2)
    with writing(ctx) as (session, _):
        target = resolve_card(session, card)
        if to is not None:
            move_to(session, target, to)
        else:
            move(session, target, "top" if top else "back")
        rank = rank_of(session, target)
    say(f"#{target.id} {target.name} is now card {rank} of the deck")


@app.command()
def deal(ctx: typer.Context) -> None:
    """Deal today's due cards to the top of the deck, best first, and say why."""
    from carddeck.deck.deal import deal as deal_cards

    with writing(ctx) as (session, deck):
        dealt = deal_cards(session, settings=deck.settings)
    if not dealt:
        say("Nothing is due today: the deck keeps your order.")
        return
    for place, item in enumerate(dealt, start=1):
        say(f"{place:>3}. #{item.card.id} {item.card.name}: score {item.why()}")
