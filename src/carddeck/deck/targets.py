"""The owner's targets against the scoreboard's figures: leads this month, close rate, first
contact in the window, attempts before giving up."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import and_, case, func, or_
from sqlmodel import Session, col, select

from carddeck.deck import clock
from carddeck.deck.cards import first_contact_due
from carddeck.deck.settings import Settings
from carddeck.store.models import Card, Contact, Status

if TYPE_CHECKING:
    from carddeck.deck.stats import Scoreboard

Unit = Literal["leads", "share", "attempts"]
#: Longer than any first-contact window (168 working hours of a one-day week, and
#: holidays): a lead added before this is past its window whatever the settings.
WINDOWS_END_WITHIN = timedelta(days=120)
OPEN_UNCALLED = (Status.new, Status.active)


@dataclass(frozen=True)
class Target:
    """One figure against the owner's target for it. ``figure`` is None when there is
    nothing to count yet; ``target`` is None when the owner set none (it is not drawn).
    ``of`` is how many leads the figure stands on; ``short``, for attempts, how many of
    them were given up before the target."""

    name: str
    figure: float | None
    target: float | None
    unit: Unit
    of: int
    short: int | None = None

    @property
    def met(self) -> bool | None:
        if self.figure is None or self.target is None:
            return None
        return self.figure >= self.target

    @property
    def progress(self) -> float | None:
        """The figure as a share of its target (1.0 is met exactly)."""
        if self.figure is None or not self.target:
            return None
        return round(self.figure / self.target, 3)

    def as_dict(self) -> dict[str, Any]:
        shown = {"figure": self.figure, "target": self.target, "met": self.met,
                 "progress": self.progress, "of": self.of}  # fmt: skip
        return shown if self.short is None else {**shown, "short_of_target": self.short}


def _set(value: int, scale: int = 1) -> float | None:
    """A target from the settings (0: none), percentages as shares."""
    if not value:
        return None
    return value if scale == 1 else value / scale


def targets(
    session: Session, board: Scoreboard, *, now: datetime, settings: Settings
) -> list[Target]:
    """Each target with its figure, for the cards ``board`` counts (leads this month are
    the calendar month so far, whatever ``board.since``)."""
    month = clock.aware(clock.wall(now).replace(day=1, hour=0, minute=0, second=0))
    added = session.exec(
        select(func.count(col(Card.id))).where(
            col(Card.created_at) >= month, col(Card.created_at) <= now, Card.status != Status.junk
        )
    ).one()
    called = _first_contact(session, board, now=now, settings=settings)
    given_up = _attempts_given_up(session, board.since)
    attempts = settings.attempts_target
    return [
        Target("leads_per_month", added, _set(settings.target_leads_per_month), "leads", added),
        Target(
            "close_rate",
            board.overall.rate,
            _set(settings.target_close_rate, 100),
            "share",
            board.overall.won + board.overall.lost,
        ),
        Target(
            "first_contact_share",
            called[0],
            _set(settings.target_first_contact_share, 100),
            "share",
            called[1],
        ),
        Target(
            "attempts",
            round(statistics.fmean(given_up), 1) if given_up else None,
            _set(attempts),
            "attempts",
            len(given_up),
            sum(n < attempts for n in given_up) if attempts else None,
        ),
    ]


def _first_contact(
    session: Session, board: Scoreboard, *, now: datetime, settings: Settings
) -> tuple[float | None, int]:
    """The share of new leads called within their window, and how many it is of. A lead
    not called yet whose window is still open has not missed it, and a junked lead (spam,
    a test) was never one to call: neither is counted."""
    recent = now - WINDOWS_END_WITHIN
    query = select(Card.created_at, Card.status).where(
        col(Card.first_contacted_at).is_(None),
        or_(
            col(Card.status) == Status.junk,
            and_(col(Card.status).in_(OPEN_UNCALLED), col(Card.created_at) >= recent),
        ),
    )
    if board.since is not None:
        query = query.where(col(Card.created_at) >= board.since)
    left_out = sum(
        status == Status.junk or first_contact_due(created, settings) > now
        for created, status in session.exec(query)
    )
    counted = board.new_leads - left_out
    return (round(board.called_in_window / counted, 3) if counted else None), counted


def _attempts_given_up(session: Session, since: datetime | None) -> list[int]:
    """The attempts each lead got before it was given up: lost or put to nurture without
    ever answering (a lead lost after a conversation was not given up on)."""
    answered = func.sum(case((col(Contact.reached), 1), else_=0))
    query = (
        select(func.count(col(Contact.id)), answered)
        .select_from(Card)
        .outerjoin(Contact, col(Contact.card_id) == col(Card.id))
        .where(col(Card.status).in_((Status.lost, Status.nurture)))
        .group_by(col(Card.id))
    )
    if since is not None:
        query = query.where(col(Card.created_at) >= since)
    return [int(tries) for tries, reached in session.exec(query) if not reached]
