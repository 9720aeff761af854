"""Closing or not: won, lost, nurture, dnc (do not contact), reopen."""

from __future__ import annotations

from typing import Annotated

import typer

from carddeck.cli import common
from carddeck.cli.common import (
    CardArg,
    Family,
    JsonOpt,
    NextOpt,
    changing,
    fail,
    note,
    note_off_day,
    print_change,
    read_date,
    readings,
    say,
    value_option,
    writing,
)

app = Family()


@app.command()
def won(
    ctx: typer.Context,
    card: CardArg,
    check_in: Annotated[
        str | None,
        typer.Option(
            "--check-in",
            metavar="WHEN",
            show_default=False,
            help="When to check in for the next sale (default: check_in_days on).",
        ),
    ] = None,  # fmt: skip
    no_check_in: Annotated[
        bool, typer.Option("--no-check-in", help="Plan no check-in with this customer.")
    ] = False,
    value: Annotated[
        str | None, value_option("What the sale is worth (default: the card's value).")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Mark a card won: credit card in hand. A won card again is a repeat sale; either way
    the customer comes due again at a check-in for the next sale."""
    from carddeck.deck import mark_won, resolve_card
    from carddeck.deck.customers import sale_count
    from carddeck.deck.money import parse_value
    from carddeck.render.words import won_done

    if check_in is not None and no_check_in:
        raise fail("choose --check-in or --no-check-in, not both", 2)
    deck = common.deck_of(ctx)
    (worth, moment), faults = readings(  # before the card is read: every cause said at once
        lambda: parse_value(value, deck.settings.currency),
        lambda: read_date(check_in, deck),
    )
    if faults:
        raise common.refuse(ctx, card, faults)
    with changing(ctx) as (port, _):
        target = resolve_card(port, card)
        outcome = mark_won(port, target, check_in=moment,
                           no_check_in=no_check_in, value=worth, seller=deck.me,
                           settings=deck.settings)  # fmt: skip
        sales = sale_count(port, target)
        sale = outcome.sale
    note_off_day(moment, deck)
    if json_:
        assert sale is not None
        return print_change(ctx, [target.id], sale={"id": sale.id, "value": sale.value,
                            "at": sale.at.isoformat()}, sales=sales)  # fmt: skip
    say(won_done(target, sale, sales, deck.settings.currency))


@app.command()
def lost(
    ctx: typer.Context,
    card: CardArg,
    reason: Annotated[str, typer.Option(help="Why they said no.", show_default=False)],
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Don't ask, even before the cadence's last attempt."),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Mark a card lost, with the reason they gave (asks first while attempts remain)."""
    from carddeck.deck import ChangeKind, mark_lost, resolve_card
    from carddeck.deck.cadence import needs_confirming_lost
    from carddeck.deck.status import lost_reason
    from carddeck.render.words import doubt, status_done

    _, faults = readings(lambda: lost_reason(reason))
    if faults:  # said with an unknown card, not hidden behind it
        raise common.refuse(ctx, card, faults)
    with writing(ctx) as (session, deck):
        target = resolve_card(session, card)
        found = needs_confirming_lost(target, deck.settings)
        if found and not yes:
            why = doubt(found)
            if json_ or not common.stdin_is_terminal():  # --json never asks
                raise fail(f"#{target.id} {target.name}: {why}; --yes marks it lost anyway")
            with common.at_prompt():
                anyway = typer.confirm(f"#{target.id} {target.name}: {why}. Mark it lost anyway?")
            if not anyway:
                raise fail("not marked lost")
        mark_lost(session, target, reason=reason)
    if json_:
        return print_change(ctx, [target.id])
    say(status_done(ChangeKind.lost, target))


@app.command()
def nurture(
    ctx: typer.Context,
    card: CardArg,
    until: Annotated[
        str, typer.Option(metavar="WHEN", help="When to pick it up again.", show_default=False)
    ],
    json_: JsonOpt = False,
) -> None:
    """Nurture a card: not now, but due again on a date."""
    from carddeck.deck import ChangeKind, nurture, resolve_card
    from carddeck.render.words import status_done

    deck = common.deck_of(ctx)
    (moment,), faults = readings(lambda: read_date(until, deck))
    if faults:  # said with an unknown card, not hidden behind it
        raise common.refuse(ctx, card, faults)
    with writing(ctx) as (session, _):
        target = resolve_card(session, card)
        nurture(session, target, until=moment)
    note_off_day(moment, deck)
    if json_:
        return print_change(ctx, [target.id])
    say(status_done(ChangeKind.nurture, target))


@app.command()
def dnc(ctx: typer.Context, card: CardArg, json_: JsonOpt = False) -> None:
    """Do not contact: only when they asked. The card never comes due again."""
    from carddeck.deck import ChangeKind, mark_do_not_contact, resolve_card
    from carddeck.render.words import status_done

    with writing(ctx) as (session, _):
        target = resolve_card(session, card)
        mark_do_not_contact(session, target)
    if json_:
        return print_change(ctx, [target.id])
    say(status_done(ChangeKind.dnc, target))


@app.command()
def reopen(
    ctx: typer.Context,
    card: CardArg,
    next_: NextOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Reopen someone who asked not to be contacted.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Put a won or lost card back into play, with a next date (do not contact needs
    --force: they asked)."""
    from carddeck.deck import ChangeKind, reopen, resolve_card
    from carddeck.deck.privacy import DoNotContact
    from carddeck.render.words import status_done

    deck = common.deck_of(ctx)
    (moment,), faults = readings(lambda: read_date(next_, deck))
    if faults:  # said with an unknown card, not hidden behind it
        raise common.refuse(ctx, card, faults)
    with writing(ctx) as (session, _):
        target = resolve_card(session, card)
        try:
            reopen(session, target, next_follow_up=moment, settings=deck.settings,
                   override_dnc=force)  # fmt: skip
        except DoNotContact as err:
            raise fail(
                f"{err}: --force reopens the card anyway, overriding their request"
            ) from None
    note_off_day(moment, deck)
    if json_:
        return print_change(ctx, [target.id])
    say(status_done(ChangeKind.reopen, target))


@app.command()
def erase(
    ctx: typer.Context,
    card: CardArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Don't ask first.")] = False,
    json_: JsonOpt = False,
) -> None:
    """Forget someone who asks: their card, contacts and history go for good; only keyed
    hashes of their email and phone stay, so an import does not bring them back."""
    from carddeck.deck import resolve_card
    from carddeck.deck.privacy import erase as erase_card
    from carddeck.words import plural

    with writing(ctx) as (session, deck):
        target = resolve_card(session, card)
        who = f"#{target.id} {target.name}"
        if not yes:
            if json_ or not common.stdin_is_terminal():  # --json never asks
                raise fail(f"erasing {who} cannot be undone; --yes erases them")
            with common.at_prompt():
                erase = typer.confirm(f"Erase {who} and everything logged with them, for good?")
            if not erase:
                raise fail("not erased")
        contacts = erase_card(session, target)
    if not json_:
        say(
            f"Erased {who} and {plural(contacts, 'contact')}: nothing of them is left in the "
            "deck but keyed hashes of their email and phone, which stop them coming back"
        )
    from carddeck.store.backup import folder

    if deck.store().location.url is not None:
        note("copies of the deck taken before now (pg_dump, carddeck copy) still hold them")
    else:
        note(
            f"backups taken before now still hold them: the daily ones go within "
            f"{plural(deck.settings.backups_kept, 'day')} of changes; any other backup in "
            f"{folder()} (or that you made elsewhere) stays until you delete it"
        )
    if json_:
        print_change(ctx, [target.id], contacts_erased=contacts)
