"""The method's two clocks on a lead, for every part that draws by them (today's sections,
the scoreboard, an import, quick-add): when a new lead's first-contact window closes, and
before when an open card's date makes it cold; and the lines today's sections are drawn
by. Light on purpose: the reading commands and the screen's first card load this, not
the modules that add and work cards (or that gather today's calls: ``agenda``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from carddeck.deck import clock
from carddeck.deck.calendar import add_work_hours, is_work_day, work_hours_between
from carddeck.deck.settings import Settings
from carddeck.store.reading import Bounds


def first_contact_due(created: datetime, settings: Settings) -> datetime:
    """When a new lead's first-contact window closes (24 hours of working days)."""
    due = add_work_hours(clock.wall(created), settings.first_contact_hours, settings)
    return clock.aware(due)


def cold_before(now: datetime, settings: Settings) -> datetime:
    """Open cards due before this moment are cold (overdue by more than the threshold)."""
    day = clock.wall(now).date()
    for _ in range(settings.cold_after_days):
        day -= timedelta(days=1)
        while not is_work_day(day, settings):
            day -= timedelta(days=1)
    return clock.aware(datetime.combine(day, datetime.min.time()))


def bounds(now: datetime, settings: Settings) -> Bounds:
    """Where today's sections part, as of ``now``."""
    day = clock.wall(now).date()
    start = clock.aware(datetime.combine(day, time()))
    tonight = clock.aware(datetime.combine(day + timedelta(days=1), time()))
    horizon = clock.aware(add_work_hours(clock.wall(now), settings.first_contact_hours,
                                         settings))  # fmt: skip
    return Bounds(start, tonight, cold_before(now, settings), horizon)


def hours_left(
    created: datetime, due: datetime | None, now: datetime, settings: Settings
) -> tuple[datetime, float]:
    """A new lead's first-contact deadline (its date, else its window's end) and the
    working hours left until it (negative: late), to one decimal."""
    due = due or first_contact_due(created, settings)
    hours = work_hours_between(clock.wall(now), clock.wall(due), settings)
    return due, round(hours, 1)
