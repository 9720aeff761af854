"""Commands for cards themselves: add, edit, show, list."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from carddeck.cli import common, complete
from carddeck.cli.common import (
    MAX_ID,
    BackOpt,
    CardArg,
    Family,
    JsonOpt,
    NextOpt,
    TopOpt,
    changing,
    fail,
    place_of,
    print_change,
    print_json,
    reading,
    report,
    say,
    value_option,
    when,
    writing,
)
from carddeck.cli.reads import browsing
from carddeck.errors import InvalidInput

app = Family()

Text = Annotated[str | None, typer.Option(show_default=False)]
StageOpt = Annotated[
    str | None,
    typer.Option(help="rapport, need, present, terms or close.", autocompletion=complete.stages),
]
ValueOpt = Annotated[
    str | None,
    value_option("What the deal is worth: 1200, 1,200.50, $1200 (the currency setting's)."),
]


@app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The lead's name.", show_default=False)],
    company: Text = None,
    title: Text = None,
    phone: Text = None,
    email: Text = None,
    website: Annotated[str | None, typer.Option(help="Website or social handle.")] = None,
    source: Annotated[str | None, typer.Option(help="Where the lead came from.")] = None,
    referred_by: Annotated[str | None, typer.Option(help="Who referred them.")] = None,
    stage: StageOpt = None,
    need: Annotated[str | None, typer.Option(help="Their pain point or goal.")] = None,
    note: Annotated[str | None, typer.Option(help="Notes for the back of the card.")] = None,
    value: ValueOpt = None,
    address: Annotated[
        str | None, typer.Option(help="Where they are (a line break between lines).")
    ] = None,
    next_: NextOpt = None,
    top: TopOpt = False,
    back: BackOpt = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Add them even though they asked not to be "
            "contacted, or to be erased (they are told apart by email and phone).",
        ),
    ] = False,  # fmt: skip
    owner: Annotated[
        str | None,
        typer.Option(
            help="On a shared deck: the seller who works it ('me' for you); without it the "
            "new lead waits in the inbox for someone to take, assign or junk it.",
            show_default=False,
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Quick-add a lead; prints the new card's id."""
    from carddeck.deck.cards import add_card
    from carddeck.deck.privacy import DoNotContact
    from carddeck.deck.records import CardDraft
    from carddeck.deck.sellers import seller_meant

    place = place_of(top, back) or "top"
    with changing(ctx) as (port, deck):
        draft = CardDraft(
            name=name, company=company, title=title, phone=phone, email=email,
            website=website, source=source, referred_by=referred_by, stage=stage, need=need,
            notes=note, address=address, next_follow_up=when(next_, deck), place=place,
            override_dnc=force,
            owner=seller_meant(owner, deck.settings) if owner is not None else None,
            value=value,
        )  # fmt: skip
        try:
            outcome = add_card(port, draft, settings=deck.settings)
        except DoNotContact as err:
            raise fail(f"{err}: --force adds them anyway, overriding their request") from None
    report(outcome, deck.settings)
    if deck.me is not None and outcome.card.owner is None:
        common.note(f"in the inbox: carddeck take {outcome.card.id} (or assign, or junk it)")
    if json_:
        from dataclasses import asdict

        from carddeck.deck.serialize import plain

        due = plain(outcome.first_contact_due)
        found = [asdict(d) for d in outcome.duplicates]
        return print_change(ctx, [outcome.card.id], duplicates=found, first_contact_due=due)
    typer.echo(outcome.card.id)


@app.command()
def edit(
    ctx: typer.Context,
    card: CardArg,
    name: Text = None,
    company: Text = None,
    title: Text = None,
    phone: Text = None,
    email: Text = None,
    website: Text = None,
    source: Text = None,
    referred_by: Text = None,
    kind: Annotated[
        str | None, typer.Option(help="lead or referral.", autocompletion=complete.kinds)
    ] = None,
    stage: StageOpt = None,
    need: Text = None,
    known: Annotated[str | None, typer.Option(help="What they already told us.")] = None,
    notes: Text = None,
    value: Annotated[
        str | None, value_option("What the deal is worth: 1200, 1,200.50, $1200 ('' clears it).")
    ] = None,
    address: Annotated[
        str | None, typer.Option(help="Where they are (a line break between lines).")
    ] = None,
    next_: NextOpt = None,
    if_version: Annotated[
        int | None,
        typer.Option(min=1, max=MAX_ID, help="Refuse if the card's version is no longer this one."),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Change a card's fields (an empty value clears a text field)."""
    from carddeck.deck.cards import changes_faults, edit_card, resolve_card
    from carddeck.deck.records import CardChanges

    settings = common.deck_of(ctx).settings
    changes = CardChanges(
        name=name, company=company, title=title, phone=phone, email=email,
        website=website, source=source, referred_by=referred_by, kind=kind, stage=stage,
        need=need, known=known, notes=notes, address=address, value=value,
    )  # fmt: skip
    (moment,), unread = common.readings(lambda: common.read_date(next_, common.deck_of(ctx)))
    faults = [*changes_faults(changes, settings), *unread]
    if faults:  # each bad value, and an unknown card too: one line for them all
        raise common.refuse(ctx, card, [*faults])
    with writing(ctx) as (session, deck):
        changes = replace(changes, next_follow_up=moment)
        target = resolve_card(session, card)
        outcome = edit_card(
            session, target, changes, expected_version=if_version, settings=deck.settings
        )
    common.note_off_day(moment, deck)
    report(outcome, deck.settings)
    if json_:
        return print_change(ctx, [target.id], changed=list(changes.named()))
    say(f"#{target.id} {target.name}: {', '.join(changes.named())} changed")


@app.command()
def show(ctx: typer.Context, card: CardArg, json_: JsonOpt = False) -> None:
    """Draw a card: the front (who, when, ratings, notch) and the back (history)."""
    from carddeck.deck.cards import resolve_card
    from carddeck.deck.order import count, rank_of
    from carddeck.deck.reads import contacts_of
    from carddeck.deck.serialize import card_to_dict, contact_to_dict

    with browsing(ctx) as (port, reads, deck):
        target = resolve_card(port, card)
        rank, total = rank_of(port, target), count(port)
        contacts = contacts_of(reads, target)
    if json_:
        data = card_to_dict(target, rank)
        data["contacts"] = [contact_to_dict(c) for c in contacts]
        print_json(data)
        return
    from carddeck.cli.tables import back, console, front

    out = console()
    out.print(front(target, deck.settings, rank, total))
    out.print(back(target, contacts, deck.settings))


@app.command()
def history(ctx: typer.Context, card: CardArg, json_: JsonOpt = False) -> None:
    """Every change to a card, newest first: what moved, from what to what, and when."""
    import json

    from carddeck.deck.cards import resolve_card
    from carddeck.deck.journal import history as changes_of
    from carddeck.deck.journal import sale_values
    from carddeck.deck.serialize import plain
    from carddeck.render.words import change_line

    with reading(ctx) as (session, deck):
        target = resolve_card(session, card)
        rows = changes_of(session, target)
        sales = sale_values(session, rows)
    if json_:
        print_json([
            {"id": r.id, "op": r.op, "at": plain(r.at), "kind": r.kind,
             "before": json.loads(r.before) if r.before else None,
             "after": json.loads(r.after) if r.after else None,
             "undone": r.undone_by is not None}
            for r in rows
        ])  # fmt: skip
        return
    say(f"#{target.id} {target.name}: {len(rows)} change{'s' if len(rows) != 1 else ''}")
    for row in rows:
        say(f"  {change_line(row, sales, deck.settings.currency)}")


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            "-s",
            help="Only this status (repeatable): new, active, nurture, won, lost, dnc.",
            autocompletion=complete.statuses,
        ),  # fmt: skip
    ] = None,
    all_: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Include won, lost and do-not-contact (and, on a shared "
            "deck, every seller's cards).",
        ),  # fmt: skip
    ] = False,
    everyone: Annotated[
        bool, typer.Option("--everyone", help="On a shared deck: every seller's cards, not yours.")
    ] = False,
    due: Annotated[
        bool,
        typer.Option(
            "--due",
            help="Only open cards due by end of today (the first daily_limit of them).",
        ),
    ] = False,
    batch: Annotated[
        int | None, typer.Option("--batch", min=1, max=MAX_ID, help="Only cards from this import.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            min=0,
            max=MAX_ID,
            show_default=False,
            help="Show the first N cards (0: all); with --due the daily_limit setting's.",
        ),
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """The deck in order (open cards unless --status or --all says otherwise)."""
    from carddeck.deck import clock
    from carddeck.deck.fields import status_named
    from carddeck.deck.reads import Filter, end_of_today, listing, shown
    from carddeck.deck.serialize import card_to_dict
    from carddeck.store.kinds import OPEN_STATUSES

    try:
        wanted = tuple(status_named(s) for s in status or ())
    except InvalidInput as err:
        raise fail(f"--status: {err}", 2) from None
    if not wanted and not all_ and not due:
        # (due by a moment is of open cards already: naming them again puts a second IN on
        # the status, which SQLite checks card by card, ~6x the count of 40,000 due)
        wanted = OPEN_STATUSES
    if all_ and status:
        raise fail("--all and --status don't go together", 2)
    due_by = end_of_today(clock.now()) if due else None
    with browsing(ctx) as (_, reads, deck):
        shows = shown(limit, deck.settings, day=due)
        owner = deck.owner(everyone or all_)
        found = listing(reads, Filter(wanted or None, due_by, batch, owner), shows)
    bounded = due or shows is not None  # a bounded list's --json says how many it holds
    if json_:
        cards = [card_to_dict(card, rank) for rank, card in found.rows]
        if not bounded:
            return print_json(cards)
        return print_json({"cards": cards, "total": found.total, "limit": found.limit,
                           "cut": found.cut})  # fmt: skip
    if not found.rows:
        if owner is not None:
            typer.echo("None of these cards is yours (--everyone shows every seller's).",
                       err=True)  # fmt: skip
            return
        typer.echo(
            "No cards match." if (status or due or batch) else "The deck is empty.", err=True
        )
        return
    from carddeck.cli.tables import console, deck_table

    out = console()
    out.print(deck_table(found.rows, deck.settings, width=out.width))
    if found.cut:
        words = [
            *(f"--status {s}" for s in status or ()),
            "--all" * all_,
            "--everyone" * everyone,
            "--due" * due,
            f"--batch {batch}" * (batch is not None),
        ]
        typed = " ".join(["list", *(w for w in words if w), "--limit 0"])
        say(f"… and {found.more:,} more: {deck.again(typed)}")
