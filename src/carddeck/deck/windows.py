"""The method's two clocks on a lead, for every part that draws by them (today's sections,
the scoreboard, an import, quick-add): when a new lead's first-contact window closes, and
before when an open card's date makes it cold. Light on purpose: the reading commands
load this, not the modules that add and work cards."""

from __future__ import annotations

from datetime import datetime, timedelta

from carddeck.deck import clock
from carddeck.deck.calendar import add_work_hours, is_work_day
from carddeck.deck.settings import Settings


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
