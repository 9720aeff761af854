"""The words for what the method decided: a proposal, a logged contact, a status change,
an undo, a duplicate. ``deck/`` returns data; both faces say it with these."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from carddeck.deck.cadence import Doubt, Proposal, Reason
from carddeck.deck.cards import MOST_DUPLICATES, Duplicate, Outcome
from carddeck.deck.clock import wall
from carddeck.deck.journal import ChangeKind, Undone, is_repeat_sale, load
from carddeck.deck.money import format_value
from carddeck.deck.settings import Settings
from carddeck.store.kinds import Status
from carddeck.words import number, ordinal, plural

if TYPE_CHECKING:
    from carddeck.deck.deal import Dealt
    from carddeck.deck.port import AnyCard, AnySale
    from carddeck.deck.reach import Reach
    from carddeck.store.models import Change


def moment(when: datetime) -> str:
    """``Thu 26 Nov 10:00``."""
    return wall(when).strftime("%a %d %b %H:%M")


def day(when: datetime) -> str:
    """``Fri 19 Feb 2027``."""
    return wall(when).strftime("%a %d %b %Y")


def long_moment(when: datetime) -> str:
    """``Mon 01 Feb 2027 09:00``."""
    return wall(when).strftime("%a %d %b %Y %H:%M")


def ref(card: AnyCard) -> str:
    """``#12 Ann Lee``."""
    name = card.name if len(card.name) <= 100 else card.name[:99] + "…"
    return f"#{card.id} {name}"


def why(proposal: Proposal) -> str:
    """Why the proposal is where it is, in a few words."""
    if proposal.reason == Reason.answered:
        return "they answered: the next working day"
    if proposal.reason == Reason.check_in:
        return "a customer: the next check-in for a repeat sale"
    if proposal.reason == Reason.retry:
        return "a customer who did not answer: the next working day"
    if proposal.reason == Reason.cadence:
        return (
            f"attempt {proposal.attempt} of {proposal.goal}, "
            f"business day {proposal.day} of the cadence"
        )
    return f"{proposal.goal} of {plural(proposal.goal, 'attempt')} made without an answer"


def proposal_text(proposal: Proposal) -> str:
    """``Tue 24 Nov 09:00 by text (attempt 3 of 7, business day 4 of the cadence)``."""
    return f"{moment(proposal.when)} by {proposal.channel.value} ({why(proposal)})"


def nurture_offer(proposal: Proposal) -> str:
    """The question asked once the cadence is used up."""
    assert proposal.nurture_until is not None
    return (
        f"{proposal.goal} of {plural(proposal.goal, 'attempt')}, no answer: nurture it until "
        f"{day(proposal.nurture_until)} rather than drop it?"
    )


def logged(outcome: Outcome) -> str:
    """One line for a logged contact: what was recorded and what comes next."""
    card, contact = outcome.card, outcome.contact
    assert contact is not None
    if contact.reached:
        after = f"→{contact.rating_after}" if contact.rating_after else ""
        said = f"rated {contact.rating}{after}, interest {contact.interest}"
    else:
        goal = outcome.proposal.goal if outcome.proposal else card.attempts
        said = f"no answer by {contact.channel.value} (attempt {card.attempts} of {goal})"
    line = f"Logged {ref(card)}: {said}"
    if card.status == Status.nurture and card.next_follow_up is not None:
        line += f" · nurture until {day(card.next_follow_up)}"
    elif card.next_follow_up is not None:
        line += f" · next {moment(card.next_follow_up)}"
        if outcome.proposal is not None:
            line += f" by {outcome.proposal.channel.value}"
    return line


STATUS_DONE = {
    ChangeKind.won: "Won",
    ChangeKind.lost: "Lost",
    ChangeKind.nurture: "Nurture",
    ChangeKind.dnc: "Do not contact",
    ChangeKind.reopen: "Reopened",
}


def status_done(kind: ChangeKind, card: AnyCard) -> str:
    """``Won: #4 Dee Park``, ``Lost: #5 Bob Stone (went elsewhere)``, ..."""
    line = f"{STATUS_DONE[kind]}: {ref(card)}"
    if kind == ChangeKind.lost and card.lost_reason:
        line += f" ({card.lost_reason})"
    elif kind == ChangeKind.nurture and card.next_follow_up is not None:
        line += f", due again {long_moment(card.next_follow_up)}"
    elif kind == ChangeKind.dnc:
        line += ": never due again"
    elif kind == ChangeKind.reopen and card.next_follow_up is not None:
        line += f" ({card.status.value}), next {moment(card.next_follow_up)}"
    return line


def won_done(card: AnyCard, sale: AnySale | None, sales: int, currency: str) -> str:
    """``Won: #4 Dee Park ($1,200) · check in Tue 24 Feb 09:00``; a repeat sale says which
    sale it was."""
    worth = format_value(sale.value, currency) if sale is not None else ""
    if sales > 1:
        line = f"Repeat sale: {ref(card)} (sale {sales}{', ' + worth if worth else ''})"
    else:
        line = f"Won: {ref(card)}" + (f" ({worth})" if worth else "")
    if card.next_follow_up is not None:
        line += f" · check in {moment(card.next_follow_up)}"
    else:
        line += " · no check-in planned"
    return line


def owner_done(kind: ChangeKind, card: AnyCard) -> str:
    """``Taken: #12 Ann Lee is yours``, ``Assigned: #12 Ann Lee to Sam``, ``Junked: ...``."""
    if kind == ChangeKind.take:
        return f"Taken: {ref(card)} is yours to work"
    if kind == ChangeKind.assign:
        return f"Assigned: {ref(card)} to {card.owner}"
    source = f" (source: {card.source})" if card.source else ""
    return f"Junked: {ref(card)}{source}: out of the deck, counted against its source"


def placed(card: AnyCard, rank: int, total: int) -> str:
    """After a shuffle: ``Top of the deck: #12 Ann Lee (1 of 40)``; the only card of a deck
    is said to be so (it moved nowhere)."""
    if total <= 1:
        return f"Nothing to shuffle: {ref(card)} is the only card in the deck"
    where = "Top of the deck" if rank == 1 else "Back of the deck" if rank == total else "Moved"
    return f"{where}: {ref(card)} ({number(rank)} of {number(total)})"


def off_day(when: datetime) -> str:
    """Said of a date typed for a day that is not a working day."""
    return f"{day(when)} is not one of your working days (kept as you typed it)"


def duplicate(found: Duplicate) -> str:
    who = f"#{found.card_id} {found.name}"
    if found.do_not_contact:
        return f"{who} has the same {found.same} and asked NOT to be contacted"
    return f"{who} has the same {found.same}: a duplicate?"


def duplicates(found: list[Duplicate], most: int = 3) -> list[tuple[str, bool]]:
    """The duplicates a change turned up, in as few lines as say them, each with whether
    it is loud: one who asked NOT to be contacted on a line of its own (loud), the others
    in one (the first ``most`` named)."""
    loud = [(duplicate(each), True) for each in found if each.do_not_contact]
    others = [each for each in found if not each.do_not_contact]
    if len(others) <= 1:
        return loud + [(duplicate(each), False) for each in others]
    same = " or ".join(sorted({each.same for each in others}))
    named = ", ".join(f"#{each.card_id} {each.name}" for each in others[:most])
    capped = len(found) >= MOST_DUPLICATES  # the deck looked no further: there may be more
    many = f"{len(others)} or more" if capped else str(len(others))
    more = " and more" if capped else (
        f" and {len(others) - most} more" if len(others) > most else "")  # fmt: skip
    return [*loud, (f"{many} cards have the same {same}: {named}{more}: duplicates?", False)]


def first_contact(due: datetime, settings: Settings) -> str:
    hours = plural(settings.first_contact_hours, "hour")
    return f"first contact due by {moment(due)} ({hours} of working days)"


def doubt(found: Doubt) -> str:
    """Why marking lost deserves an "are you sure?"."""
    return (
        f"only {found.attempts} of {plural(found.goal, 'attempt')} so far, and most leads answer "
        f"around the {ordinal(found.goal)}"
    )


UNDONE_WHAT = {
    ChangeKind.add: "adding", ChangeKind.edit: "the edit of", ChangeKind.log: "the log of",
    ChangeKind.shuffle: "the shuffle of", ChangeKind.won: "the win of",
    ChangeKind.lost: "marking lost", ChangeKind.nurture: "nurturing",
    ChangeKind.dnc: "do not contact for", ChangeKind.reopen: "reopening",
    ChangeKind.deal: "the deal of", ChangeKind.take: "taking", ChangeKind.assign: "assigning",
    ChangeKind.junk: "junking",
}  # fmt: skip


def undone(done: Undone) -> str:
    """``Undid the log of #12 Ann Lee (made Thu 26 Nov 10:02)``."""
    names = [f"#{i} {n}" for i, n in zip(done.card_ids, done.names, strict=True)]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    what = "the repeat sale of" if done.repeat_sale else UNDONE_WHAT.get(done.kind, done.kind.value)
    return f"Undid {what} {shown} (made {moment(done.at)})"


HIDDEN = ("updated_at", "version", "position")
SHOWN_AS = {
    "first_contacted_at": "first contacted", "next_follow_up": "next",
    "referred_by": "referred by", "known": "they said", "lost_reason": "why lost",
}  # fmt: skip


def _value(value: object) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime):
        return moment(value)
    text = str(getattr(value, "value", value))
    return text if len(text) <= 40 else text[:39] + "…"


def change_line(row: Change, sales: dict[int, int | None] | None = None,
                currency: str = "USD") -> str:  # fmt: skip
    """One line of a card's history: when, what kind of change, and what it moved; a
    repeat sale says so, with its value where ``sales`` (by the sale's id) has one."""
    when = wall(row.at).strftime("%Y-%m-%d %H:%M")
    undone = "  (undone)" if row.undone_by else ""
    if row.before is None:
        how = "added by an import" if row.kind == ChangeKind.import_.value else "added"
        return f"{when}  {how}{undone}"
    before, after = load(row.before), load(row.after)
    moved = [
        f"{SHOWN_AS.get(name, name.replace('_', ' '))} {_value(before.get(name))} → {_value(value)}"
        for name, value in after.items()
        if name not in HIDDEN
    ]
    if "position" in after and not moved:
        moved = ["moved in the deck"]
    if is_repeat_sale(row):
        value = (sales or {}).get(row.sale_id or 0)
        moved.insert(0, "repeat sale" + (f", {format_value(value, currency)}" if value else ""))
    return f"{when}  {row.kind}: {'; '.join(moved) or 'no field changed'}{undone}"


def dealt_why(item: Dealt) -> str:
    from carddeck.deck.deal import OVERDUE_WEIGHT

    """``23 = 2 days overdue x3 + interest 5 + rating 5 + 7 attempts left``."""
    return (
        f"{item.score} = {plural(item.overdue_days, 'day')} overdue x{OVERDUE_WEIGHT}"
        f" + interest {item.interest} + rating {item.rating}"
        f" + {plural(item.attempts_left, 'attempt')} left"
    )


def handed(found: Reach, opener: str) -> str:
    """``Calling #12 Ann Lee at (212) 555-0134 (handed to xdg-open)``: the number as the
    card shows it (what is handed over is the URI)."""
    doing = {"call": "Calling", "text": "Texting", "email": "Emailing"}[found.channel.value]
    at = found.shown or found.address
    return f"{doing} #{found.card_id} {found.name} at {at} (handed to {opener})"


def by_hand(found: Reach, why: str) -> str:
    """``no xdg-open on PATH: call #12 Ann Lee yourself at (212) 555-0134``."""
    return f"{why}: {found.channel.value} #{found.card_id} {found.name} " \
        f"yourself at {found.shown or found.address}"  # fmt: skip
