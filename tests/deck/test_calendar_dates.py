"""Working days and human dates, on a frozen Friday evening in New York."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest

from carddeck.deck.calendar import (
    add_work_hours,
    is_work_day,
    next_work_day_call,
    work_hours_between,
)
from carddeck.deck.dates import parse_follow_up, parse_when
from carddeck.deck.settings import DEFAULT_SETTINGS as S
from carddeck.deck.settings import Settings
from carddeck.errors import InvalidInput
from tests.helpers import FRIDAY_EVENING, ZONE, at


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (datetime(2026, 11, 20, 18, 30), datetime(2026, 11, 23, 18, 30)),  # Fri eve -> Mon
        (datetime(2026, 11, 23, 10, 0), datetime(2026, 11, 24, 10, 0)),  # Mon -> Tue
        (datetime(2026, 11, 21, 10, 0), datetime(2026, 11, 23, 23, 59)),  # Sat -> end of Mon
        (datetime(2026, 11, 22, 23, 0), datetime(2026, 11, 23, 23, 59)),  # Sun night -> Mon
    ],
)
def test_first_contact_window_is_24_hours_of_working_days(start: datetime, due: datetime) -> None:
    assert add_work_hours(start, 24, S) == due


def test_working_hours_between_skip_the_weekend() -> None:
    friday, monday = datetime(2026, 11, 20, 18, 0), datetime(2026, 11, 23, 6, 0)
    assert work_hours_between(friday, monday, S) == 12.0
    assert work_hours_between(monday, friday, S) == -12.0


def day_by_day(start: datetime, end: datetime, settings: Settings) -> float:
    """Working hours between two moments the plain way: each day's working part, in turn."""
    if end < start:
        return -day_by_day(end, start, settings)
    total, at = timedelta(), start
    while at < end:
        stop = min(datetime.combine(at.date() + timedelta(days=1), time()), end)
        total += stop - at if is_work_day(at.date(), settings) else timedelta()
        at = stop
    return total.total_seconds() / 3600


@pytest.mark.parametrize(
    "settings",
    [
        S,
        S._replace(work_days=frozenset({0, 2, 5})),
        S._replace(holidays=frozenset({date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)})),
        S._replace(holiday_country="US", holidays=frozenset({date(2026, 11, 26)})),
        S._replace(work_days=frozenset()),
    ],
    ids=["week", "three-days", "typed-holidays", "country", "no-days"],
)
def test_working_hours_between_counted_by_weeks_as_day_by_day(settings: Settings) -> None:
    """Counted by whole weeks (a lead a year late costs no more than one a day late), the
    same hours as walking the days one by one: weekends, typed and country holidays, the
    first and last days' parts, either order, across years."""
    rng = random.Random(13)
    base = datetime(2026, 11, 27, 0, 0)
    for _ in range(300):
        start = base + timedelta(minutes=rng.randint(-800 * 1440, 800 * 1440))
        end = start + timedelta(minutes=rng.choice([0, 1, 59, 1440, 1441, 10_000,
                                                     rng.randint(-600_000, 600_000)]))  # fmt: skip
        assert work_hours_between(start, end, settings) == pytest.approx(
            day_by_day(start, end, settings), abs=1e-9
        ), (start, end)


def test_next_working_day_call_skips_the_weekend() -> None:
    assert next_work_day_call(datetime(2026, 11, 20, 18, 30), S) == datetime(2026, 11, 23, 9, 0)
    assert next_work_day_call(datetime(2026, 11, 23, 8, 0), S) == datetime(2026, 11, 24, 9, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tomorrow 9am", at(2026, 11, 21, 9)),
        ("next tue", at(2026, 11, 24, 9)),
        ("Tuesday 10:30am", at(2026, 11, 24, 10, 30)),
        ("in 3 days", at(2026, 11, 23, 9)),
        ("+3d", at(2026, 11, 23, 9)),
        ("+2b", at(2026, 11, 24, 9)),  # two business days after Friday: Tuesday
        ("+1w", at(2026, 11, 27, 9)),
        ("+4h", at(2026, 11, 20, 22, 30)),
        ("2026-12-01", at(2026, 12, 1, 9)),
        ("2026-12-01 14:15", at(2026, 12, 1, 14, 15)),
        ("dec 3 4pm", at(2026, 12, 3, 16)),
        ("now", FRIDAY_EVENING),
    ],
)
def test_human_dates(text: str, expected: datetime) -> None:
    assert parse_when(text, now=FRIDAY_EVENING, settings=S) == expected


def test_dates_keep_the_wall_clock_across_daylight_saving() -> None:
    saturday = datetime(2026, 10, 31, 12, 0, tzinfo=ZONE)  # clocks go back on Sunday 1 Nov
    moment = parse_when("+2d", now=saturday, settings=S)
    assert moment.astimezone(ZONE).hour == 9
    assert moment.utcoffset() != saturday.utcoffset()


@pytest.mark.parametrize("text", ["", "   ", "whenever", "the 45th of Smarch"])
def test_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput, match="date"):
        parse_when(text, now=FRIDAY_EVENING, settings=S)


def test_follow_ups_must_lie_ahead() -> None:
    with pytest.raises(InvalidInput, match="in the past"):
        parse_follow_up("2026-11-19", now=FRIDAY_EVENING, settings=S)
    assert parse_follow_up("today", now=FRIDAY_EVENING, settings=S) == FRIDAY_EVENING


@pytest.mark.parametrize("typed", ["yesterday", "1 hour ago", "5 minutes ago"])
def test_a_past_date_on_a_day_off_is_refused_not_moved_ahead(typed: str) -> None:
    sunday_night = at(2026, 11, 29, 17, 53)  # a day off: relative dates move to Monday...
    with pytest.raises(InvalidInput, match="is in the past"):  # ...but only dates ahead
        parse_follow_up(typed, now=sunday_night, settings=S)
    assert parse_follow_up("+1d", now=sunday_night, settings=S) == at(2026, 11, 30, 9)
    assert parse_follow_up("1 minute ago", now=sunday_night, settings=S) == sunday_night
