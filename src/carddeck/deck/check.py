"""The deck's own rules, checked: places in the deck are unique, the attempts on each card
match its unanswered contacts, lost, do-not-contact and junk cards have no date (a won
card's date is its next check-in), and open ones without a date are counted as cold (the
method's alarm, not damage)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from carddeck.store.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Card,
    Channel,
    Contact,
    Kind,
    Stage,
    Status,
)


@dataclass
class Findings:
    """What ``carddeck check`` found: ``problems`` break a rule; ``cold`` are open cards
    with no date (allowed, and shown, so none goes cold unnoticed)."""

    cards: int = 0
    contacts: int = 0
    problems: list[str] = field(default_factory=list)
    cold: list[int] = field(default_factory=list)


def invariants(session: Session) -> Findings:
    """Check the deck's rules (the file's own integrity is the store's check)."""
    found = Findings()
    found.cards = int(session.exec(select(func.count()).select_from(Card)).one())
    found.contacts = int(session.exec(select(func.count()).select_from(Contact)).one())
    for table, column, allowed in (
        ("card", "status", Status), ("card", "stage", Stage), ("card", "kind", Kind),
        ("contact", "channel", Channel),
    ):  # fmt: skip
        known = ", ".join(f"'{m.value}'" for m in allowed)
        for row_id, value in session.execute(
            text(f"SELECT id, {column} FROM {table} WHERE {column} NOT IN ({known})")
        ):
            found.problems.append(f"{table} #{row_id} has the {column} {value!r}, not one of "
                                  f"{known}")  # fmt: skip
    if found.problems:
        return found  # the rows below could not be read as cards
    shared = session.exec(
        select(Card.position, func.count()).group_by(col(Card.position)).having(func.count() > 1)
    ).all()
    for position, count in shared:
        found.problems.append(f"{count} cards share the place key {position} in the deck")
    streaks: dict[int, int] = defaultdict(int)
    query = select(Contact.card_id, Contact.reached).order_by(col(Contact.at), col(Contact.id))
    for card_id, reached in session.exec(query):
        streaks[card_id] = 0 if reached else streaks[card_id] + 1
    columns = (col(Card.id), col(Card.attempts), col(Card.status), col(Card.next_follow_up),
               col(Card.batch_id))  # fmt: skip
    for card_id, attempts, status, nxt, batch in session.execute(sa_select(*columns)):
        expected = streaks.get(card_id or 0, 0)
        imported_without_history = batch is not None and (card_id or 0) not in streaks
        if attempts != expected and not imported_without_history:
            found.problems.append(
                f"#{card_id} counts {attempts} unanswered attempts, its contacts {expected}"
            )
        if status in CLOSED_STATUSES and status is not Status.won and nxt is not None:
            found.problems.append(f"#{card_id} is {status.value} but still has a next date")
        if status in OPEN_STATUSES and nxt is None:
            found.cold.append(card_id or 0)
    return found
