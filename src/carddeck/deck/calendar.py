"""Working days and working hours, on naive local wall-clock times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from carddeck.deck.daysoff import country_days_off, is_day_off
from carddeck.deck.settings import Settings

_DAY = timedelta(days=1)


def is_work_day(day: date, settings: Settings) -> bool:
    """A day of the working week that is no holiday (typed, or the country's)."""
    return day.weekday() in settings.work_days and not is_day_off(day, settings)


def next_work_day(day: date, settings: Settings) -> date:
    """The first working day strictly after ``day``."""
    day += _DAY
    for _ in range(3 * 366):  # a config could rule out every day; don't search forever
        if is_work_day(day, settings):
            return day
        day += _DAY
    return day


def add_work_days(day: date, count: int, settings: Settings) -> date:
    """The working day ``count`` working days after ``day`` (``count`` >= 0)."""
    for _ in range(count):
        day = next_work_day(day, settings)
    return day


def at_usual_hour(day: date, settings: Settings) -> datetime:
    return datetime.combine(day, settings.usual_hour)


def next_work_day_call(wall_now: datetime, settings: Settings) -> datetime:
    """The next working day at the owner's usual hour: the default next follow-up."""
    return at_usual_hour(next_work_day(wall_now.date(), settings), settings)


def add_work_hours(start: datetime, hours: float, settings: Settings) -> datetime:
    """The moment ``hours`` of working-day time after ``start``; weekends don't count.

    A window that ends exactly at midnight ends at 23:59 instead, so that a lead
    added on a Saturday is due "Monday 23:59", not "Tuesday 00:00".
    """
    at = start
    if not is_work_day(at.date(), settings):
        at = datetime.combine(next_work_day(at.date(), settings), time())
    left = timedelta(hours=hours)
    while True:
        midnight = datetime.combine(at.date() + _DAY, time())
        room = midnight - at
        if left < room:
            return at + left
        if left == room:
            return midnight - timedelta(minutes=1)
        left -= room
        at = datetime.combine(next_work_day(at.date(), settings), time())


def work_hours_between(start: datetime, end: datetime, settings: Settings) -> float:
    """Hours of working-day time from ``start`` to ``end`` (negative when end is earlier):
    the working part of the first and last days, and 24 hours for each working day between,
    counted by whole weeks (a lead late by a year costs no more than one late by a day)."""
    if end < start:
        return -work_hours_between(end, start, settings)
    first, last = start.date(), end.date()
    if first == last:
        return (end - start).total_seconds() / 3600 if is_work_day(first, settings) else 0.0
    total = timedelta()
    if is_work_day(first, settings):
        total += datetime.combine(first + _DAY, time()) - start
    if is_work_day(last, settings):
        total += end - datetime.combine(last, time())
    total += _DAY * work_days_within(first + _DAY, last - _DAY, settings)
    return total.total_seconds() / 3600


def work_days_within(first: date, last: date, settings: Settings) -> int:
    """How many working days there are from ``first`` to ``last``, both included (``is_work_day``
    of each, counted by whole weeks and the days off that fall on a working weekday)."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    weekdays = weeks * len(settings.work_days) + sum(
        (first.weekday() + n) % 7 in settings.work_days for n in range(rest)
    )
    off = {d for d in settings.holidays if first <= d <= last}
    if settings.holiday_country:
        for year in range(first.year, last.year + 1):
            found = country_days_off(settings.holiday_country, settings.holiday_subdivision,
                                     year)  # fmt: skip
            off.update(d for d in found if first <= d <= last)
    return weekdays - sum(d.weekday() in settings.work_days for d in off)
