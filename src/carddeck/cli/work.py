"""Working the deck: log a contact, shuffle a card, deal the day, undo the last change."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from carddeck.cli import common, complete
from carddeck.cli.common import (
    MAX_ID,
    BackOpt,
    CardArg,
    DeckContext,
    Family,
    JsonOpt,
    NextOpt,
    TopOpt,
    at_prompt,
    changing,
    fail,
    handled,
    note,
    place_of,
    print_change,
    reading,
    report,
    say,
    writing,
)
from carddeck.errors import CarddeckError, InvalidInput
from carddeck.words import plural, printable

if TYPE_CHECKING:
    from carddeck.deck.cadence import Proposal
    from carddeck.deck.records import LogEntry, Place
    from carddeck.store.models import Channel

app = Family()
T = TypeVar("T")


def ask(question: str, read: Callable[[str], T], *, default: str = "") -> T:
    """Ask until ``read`` accepts the answer (Enter gives ``default``); a refusal says why
    and asks again. End of input stops the command."""
    while True:
        with at_prompt():
            answer = str(typer.prompt(question, default=default, show_default=False)).strip()
        try:
            return read(answer)
        except (InvalidInput, ValueError) as err:
            typer.echo(printable(f"  {err}"), err=True)


def _rating(optional: bool = False) -> Callable[[str], int | None]:
    from carddeck.deck.contacts import read_score

    return lambda answer: read_score(answer, optional=optional)


def _yes_no(answer: str) -> bool:
    if answer.lower() in ("y", "yes"):
        return True
    if answer.lower() in ("n", "no"):
        return False
    raise ValueError("y or n, please")


def _text(answer: str) -> str | None:
    return answer or None


def _required(answer: str) -> str:
    if not answer:
        raise ValueError("the notch-up answer is the point of the call: what would it take?")
    return answer


def _channel(answer: str) -> Channel:
    from carddeck.deck.fields import choice
    from carddeck.store.models import Channel

    chosen = {c.value[0]: c for c in Channel}.get(answer.lower()) if len(answer) == 1 else None
    return chosen or choice(Channel, answer, "channel")


def _place(answer: str) -> Place | None:
    key = answer.lower()[:1]
    if key in ("t", "b", "k", ""):
        return "top" if key == "t" else "back" if key == "b" else None
    raise ValueError("t (top), b (back) or k (keep its place), please")


@dataclass(frozen=True)
class Given:
    """What the command line already says about the contact (each skips its step)."""

    no_answer: bool
    channel: str | None
    rating: int | None
    interest: int | None
    notch: str | None
    rating_after: int | None
    summary: str | None
    next_text: str | None
    place: Place | None


Propose = Callable[[bool, "Channel"], "Proposal"]


def walk(given: Given, deck: DeckContext, propose: Propose, first_channel: Channel) -> LogEntry:
    """The method's steps, in the modal's order, asking only what the line did not say:
    answered? channel, my rating, their interest, one notch up, my rating again, summary,
    the next follow-up (the proposal shown; Enter takes it), then top, back or keep."""
    from carddeck.cli.tables import console
    from carddeck.deck import clock
    from carddeck.deck.dates import read_follow_up
    from carddeck.deck.records import LogEntry
    from carddeck.render.words import nurture_offer, proposal_text

    reached = not given.no_answer
    if not given.no_answer and given.rating is None and given.interest is None:
        reached = ask("Did they answer? [y/n]", _yes_no, default="y")
    channel = first_channel
    if given.channel is None:
        channel = ask(f"How? call, text, email, social, meeting, other [{first_channel.value}]",
                      _channel, default=first_channel.value)  # fmt: skip
    else:
        channel = _channel(given.channel)
    entry = LogEntry(reached=reached, channel=channel, rating=given.rating,
                     interest=given.interest, notch=given.notch,
                     rating_after=given.rating_after, summary=given.summary,
                     place=given.place)  # fmt: skip
    if reached:
        rating = entry.rating or ask("How did it go? Your rating, 1-10", _rating())
        interest = entry.interest or ask("Their own interest, 1-10", _rating())
        assert interest is not None
        notch = entry.notch
        if notch is None and interest < 10:
            notch = ask(f"What would it take to get you to {interest + 1}?", _required)
        rating_after = entry.rating_after
        if rating_after is None:
            rating_after = ask("Your rating again, 1-10 (Enter to skip)", _rating(True))
        entry = replace(entry, rating=rating, interest=interest, notch=notch,
                        rating_after=rating_after)  # fmt: skip
    if entry.summary is None:
        entry = replace(
            entry,
            summary=ask(
                "Summary: what did you cover? The recap for next time (Enter to skip)", _text
            ),
        )
    if given.next_text is None:
        proposal = propose(reached, channel)
        if proposal.nurture_until is not None and ask(
            f"{nurture_offer(proposal)} [Y/n]", _yes_no, default="y"
        ):
            entry = replace(entry, nurture_until=proposal.nurture_until)
        else:

            def read_next(answer: str) -> object:
                return read_follow_up(answer, now=clock.now(), settings=deck.settings)

            console().print(f"Next follow-up: {proposal_text(proposal)}", markup=False)
            chosen = ask("Enter takes it; or type 'thu 10am', '+2b', 2026-12-01", read_next)
            entry = replace(entry, next_follow_up=chosen)  # type: ignore[arg-type]
    if given.place is None:
        entry = replace(
            entry,
            place=ask(
                "Then the card goes: [t]op, [b]ack or [k]eep its place [k]", _place, default="k"
            ),
        )
    return entry


@app.command()
def log(
    ctx: typer.Context,
    card: CardArg,
    rating: Annotated[
        str | None,
        typer.Option(metavar="1-10", help="My rating of the contact (10: card in hand)."),
    ] = None,
    interest: Annotated[
        str | None, typer.Option(metavar="1-10", help="Their own rating of their interest.")
    ] = None,
    notch: Annotated[
        str | None, typer.Option(help="What would it take to get them one notch up?")
    ] = None,
    rating_after: Annotated[
        str | None, typer.Option(metavar="1-10", help="My rating again, after the notch question.")
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option(
            help="call, text, email, social, meeting or other (default: whose turn it is).",
            autocompletion=complete.channels,
        ),
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
    json_: JsonOpt = False,
) -> None:
    """Log a contact the method's way: rate it, their interest, one notch up, rate again.

    At a terminal, what the line leaves out is asked, step by step (not with --json)."""
    from carddeck.deck import clock
    from carddeck.deck.cadence import propose_next, turn_channel
    from carddeck.deck.cards import contacts_of, resolve_card
    from carddeck.deck.contacts import entry_faults, log_contact, missing_answers, read_scores
    from carddeck.deck.records import LogEntry
    from carddeck.render.words import logged, proposal_text, ref
    from carddeck.store.kinds import Status

    deck = common.deck_of(ctx)
    typed = {"rating": rating, "interest": interest, "rating_after": rating_after}
    scores, unread = read_scores(typed)  # 'abc': said with every other cause
    (moment,), faults = common.readings(lambda: common.read_date(next_, deck))
    given = Given(no_answer, channel, scores["rating"], scores["interest"], notch,
                  scores["rating_after"], summary, next_, place_of(top, back))  # fmt: skip
    entry = LogEntry(reached=not no_answer, channel=channel, rating=given.rating,
                     interest=given.interest, notch=notch, rating_after=given.rating_after,
                     summary=summary, next_follow_up=moment, place=given.place)  # fmt: skip
    missing = missing_answers(entry)
    asks = bool(missing) and not json_ and common.stdin_is_terminal()  # --json never asks
    causes: list[CarddeckError | str] = [*unread, *entry_faults(entry), *faults]
    # (log_contact says the notch; a score typed wrong is said above, not as missing)
    needed = [f"--{name}" for name in missing if name != "notch" and typed.get(name) is None]
    if needed and not asks:
        causes.append(f"log needs {' and '.join(needed)} (or --no-answer if nobody answered)")
    if causes:  # every cause at once, and before a single question is asked
        raise common.refuse(ctx, card, causes, code=2)
    if asks:
        from rich.panel import Panel

        from carddeck.cli.tables import CARD_WIDTH, console
        from carddeck.render.cardface import call_sheet

        with reading(ctx) as (session, _):
            shown = resolve_card(session, card)
            contacts = contacts_of(session, shown)
            first = turn_channel(session, shown, deck.settings)
        console().print(Panel(call_sheet(shown, contacts, deck.settings),
                                  title=f"Log a contact · #{shown.id}", title_align="left",
                                  width=CARD_WIDTH + 16))  # fmt: skip

        def propose(reached: bool, channel: Channel) -> Proposal:
            with reading(ctx) as (session, _):
                current = resolve_card(session, card)
                return propose_next(session, current, reached=reached, channel=channel,
                                        now=clock.now(), settings=deck.settings)  # fmt: skip

        with handled():
            entry = walk(given, deck, propose, first)
    with changing(ctx) as (port, _):
        entry = replace(entry, next_follow_up=entry.next_follow_up or moment)
        target = resolve_card(port, card)
        outcome = log_contact(port, target, replace(entry, seller=deck.me),
                              settings=deck.settings)  # fmt: skip
    common.note_off_day(moment, deck)
    report(outcome, deck.settings)
    proposal = outcome.proposal
    if outcome.took_proposal and proposal is not None:
        note(f"next: {proposal_text(proposal)}")
    if proposal is not None and proposal.nurture_until and target.status != Status.nurture:
        until = clock.wall(proposal.nurture_until).strftime("%Y-%m-%d")
        made = plural(proposal.goal, "attempt")
        note(f"{ref(target)} has had all {made} without an answer: nurture it rather than "
             f"drop it (carddeck nurture {target.id} --until {until})")  # fmt: skip
    if json_:
        from carddeck.deck.serialize import contact_to_dict, proposal_to_dict

        assert outcome.contact is not None
        return print_change(
            ctx, [target.id], contact=contact_to_dict(outcome.contact),
            proposal=proposal_to_dict(proposal) if proposal is not None else None,
            took_proposal=outcome.took_proposal, place=entry.place,
        )  # fmt: skip
    line = logged(outcome)
    if entry.place:
        line += f" · to the {entry.place}"
    say(line)


@app.command()
def shuffle(
    ctx: typer.Context,
    card: CardArg,
    top: TopOpt = False,
    back: BackOpt = False,
    to: Annotated[
        int | None, typer.Option("--to", metavar="N", max=MAX_ID, help="Put it at place N.")
    ] = None,
    json_: JsonOpt = False,
) -> None:
    """Shuffle a card to the top, to the back, or to place N of the deck."""
    from carddeck.deck.cards import resolve_card, shuffle
    from carddeck.deck.order import count
    from carddeck.render.words import placed

    if sum((top, back, to is not None)) != 1:
        raise fail("shuffle needs exactly one of --top, --back or --to N", 2)
    if to is not None and to < 1:
        raise fail(f"--to takes a place from 1 (the top), not {to}", 2)
    with changing(ctx) as (port, _):
        target = resolve_card(port, card)
        rank = shuffle(port, target, to if to is not None else "top" if top else "back")
        total = rank if back else count(port)  # at the back, its place is the count
    if json_:
        return print_change(ctx, [target.id], total=total)
    say(placed(target, rank, total))


@app.command()
def deal(
    ctx: typer.Context,
    everyone: Annotated[
        bool, typer.Option("--all", help="On a shared deck: every seller's due cards, not yours.")
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Deal today's due cards to the top of the deck, best first, and say why."""
    from carddeck.deck.deal import deal as deal_cards
    from carddeck.render.words import dealt_why

    with writing(ctx) as (session, deck):
        dealt = deal_cards(session, settings=deck.settings, owner=deck.owner(everyone))
    if json_:
        scores = [{"id": d.card.id, "score": d.score, "overdue_days": d.overdue_days,
                   "interest": d.interest, "rating": d.rating, "attempts_left": d.attempts_left}
                  for d in dealt]  # fmt: skip
        return print_change(ctx, [d.card.id for d in dealt], dealt=scores)
    if not dealt:
        say("Nothing is due today: the deck keeps your order.")
        return
    for place, item in enumerate(dealt, start=1):
        say(f"{place:>3}. #{item.card.id} {item.card.name}: score {dealt_why(item)}")


@app.command()
def undo(
    ctx: typer.Context,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Undo even a do-not-contact mark (if marking them was a mistake)."
        ),
    ] = False,
    json_: JsonOpt = False,
) -> None:
    """Take back the last change to the deck, made here or on the screen.

    Adds, logs, shuffles, status changes, edits and deals; several undos go several steps
    back. Refused if the card has changed since."""
    from carddeck.deck.journal import undo_last
    from carddeck.render.words import undone

    with writing(ctx) as (session, _):
        done = undo_last(session, force=force)
    if json_:
        from carddeck.deck.serialize import plain

        what = {"kind": done.kind.value, "at": plain(done.at), "card_ids": list(done.card_ids)}
        return print_change(ctx, done.card_ids, undone=what)
    say(undone(done))
