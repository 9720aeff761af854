"""The owner's scoreboard: what was added and closed, which sources close, how fast new
leads are called, at which attempt leads answer, how interest climbs the notch ladder, and
the owner's targets against those figures."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from carddeck.deck import clock
from carddeck.deck.calendar import work_hours_between
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.deck.windows import first_contact_due
from carddeck.store.kinds import OPEN_STATUSES, Stage, Status

if TYPE_CHECKING:  # the scoreboard's query loads the ORM; a card's sparkline does not
    from sqlmodel import Session

    from carddeck.deck.targets import Target
    from carddeck.store.models import Card, Contact

Period = Literal["week", "month"]
SPARKS = "▁▂▃▄▅▆▇█"


def period_of(moment: datetime, by: Period) -> str:
    local = clock.wall(moment)
    if by == "week":
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.strftime("%Y-%m")


def sparkline(values: list[int]) -> str:
    """Interest 1-10 as bars, oldest first: how a lead climbed (or slid down) the ladder."""
    return "".join(SPARKS[min(7, (v - 1) * 8 // 10)] for v in values)


@dataclass
class CloseRate:
    """Won over won plus lost, with the number of leads behind it."""

    name: str
    leads: int = 0
    won: int = 0
    lost: int = 0

    @property
    def rate(self) -> float | None:
        closed = self.won + self.lost
        return round(self.won / closed, 3) if closed else None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "leads": self.leads, "won": self.won, "lost": self.lost,
                "close_rate": self.rate}  # fmt: skip


@dataclass
class Scoreboard:
    by: Period
    since: datetime | None
    goal: int
    periods: dict[str, Counter[str]] = field(default_factory=dict)
    overall: CloseRate = field(default_factory=lambda: CloseRate("all"))
    sources: dict[str, CloseRate] = field(default_factory=dict)
    referrers: dict[str, CloseRate] = field(default_factory=dict)
    new_leads: int = 0
    called_in_window: int = 0
    hours_to_first: list[float] = field(default_factory=list)
    answered_at: Counter[int] = field(default_factory=Counter)
    dropped_early: int = 0
    interest_steps: list[int] = field(default_factory=list)
    funnel: Counter[str] = field(default_factory=Counter)
    targets: list[Target] = field(default_factory=list)

    @property
    def window_share(self) -> float | None:
        return round(self.called_in_window / self.new_leads, 3) if self.new_leads else None

    @property
    def median_hours(self) -> float | None:
        return round(statistics.median(self.hours_to_first), 1) if self.hours_to_first else None

    @property
    def mean_step(self) -> float | None:
        steps = self.interest_steps
        return round(statistics.fmean(steps), 2) if steps else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "by": self.by,
            "since": self.since.astimezone().isoformat() if self.since else None,
            "periods": [
                {"period": p, **{k: c[k] for k in ("added", "contacted", "won", "lost", "nurture")}}
                for p, c in sorted(self.periods.items())
            ],  # fmt: skip
            "close_rate": self.overall.as_dict(),
            "by_source": [r.as_dict() for r in ranked(self.sources)],
            "by_referrer": [r.as_dict() for r in ranked(self.referrers)],
            "first_contact": {
                "new_leads": self.new_leads,
                "within_window": self.called_in_window,
                "share_within_window": self.window_share,
                "median_business_hours": self.median_hours,
            },
            "answered_at_attempt": {str(k): v for k, v in sorted(self.answered_at.items())},
            "dropped_before_goal": self.dropped_early,
            "interest": {
                "mean_change_per_contact": self.mean_step,
                "changes": len(self.interest_steps),
            },  # fmt: skip
            "funnel": {stage.value: self.funnel[stage.value] for stage in Stage},
            "targets": {target.name: target.as_dict() for target in self.targets},
        }


def ranked(rates: dict[str, CloseRate]) -> list[CloseRate]:
    return sorted(rates.values(), key=lambda r: (-r.leads, r.name))


def scoreboard(
    session: Session,
    *,
    since: datetime | None = None,
    by: Period = "month",
    settings: Settings = DEFAULT_SETTINGS,
    now: datetime | None = None,
) -> Scoreboard:
    """The numbers for cards added since ``since`` (all cards when None), and the owner's
    targets against them as of ``now``."""
    from sqlmodel import col, select

    from carddeck.store.models import Card, Contact

    goal = settings.goal
    board = Scoreboard(by=by, since=since, goal=goal)
    query = select(Card)
    if since is not None:
        query = query.where(col(Card.created_at) >= since)
    contacts: dict[int, list[Contact]] = defaultdict(list)
    contact_query = select(Contact).join(Card, col(Card.id) == Contact.card_id)
    if since is not None:
        contact_query = contact_query.where(col(Card.created_at) >= since)
    for contact in session.exec(contact_query.order_by(col(Contact.at), col(Contact.id))):
        contacts[contact.card_id].append(contact)

    def bump(moment: datetime | None, what: str) -> None:
        if moment is not None:
            board.periods.setdefault(period_of(moment, by), Counter())[what] += 1

    for card in session.exec(query):
        touches = contacts.get(card.id or 0, [])
        bump(card.created_at, "added")
        for period in {period_of(c.at, by) for c in touches}:
            board.periods.setdefault(period, Counter())["contacted"] += 1
        if card.status in (Status.won, Status.lost):
            bump(card.closed_at, card.status.value)
        if card.status == Status.nurture:
            bump(card.updated_at, "nurture")
        for table, key in ((board.sources, card.source), (board.referrers, card.referred_by)):
            if key:
                _count(table.setdefault(key, CloseRate(key)), card)
        _count(board.overall, card)
        board.new_leads += 1
        if card.first_contacted_at is not None:
            due = first_contact_due(card.created_at, settings)
            board.called_in_window += card.first_contacted_at <= due
            hours = work_hours_between(
                clock.wall(card.created_at), clock.wall(card.first_contacted_at), settings
            )
            board.hours_to_first.append(round(hours, 2))
        answered = next((n for n, c in enumerate(touches, start=1) if c.reached), None)
        if answered is not None:
            board.answered_at[answered] += 1
        elif card.status == Status.lost and len(touches) < goal:
            board.dropped_early += 1
        ladder = [c.interest for c in touches if c.reached and c.interest is not None]
        board.interest_steps += [b - a for a, b in zip(ladder, ladder[1:], strict=False)]
        if card.status in OPEN_STATUSES:
            board.funnel[card.stage.value] += 1
    from carddeck.deck.targets import targets

    board.targets = targets(session, board, now=now or clock.now(), settings=settings)
    return board


def _count(rate: CloseRate, card: Card) -> None:
    rate.leads += 1
    rate.won += card.status == Status.won
    rate.lost += card.status == Status.lost
