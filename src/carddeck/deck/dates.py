"""Reading follow-up dates as people type them: "tomorrow 9am", "next tue", "+2b", ISO."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from carddeck.deck.calendar import add_work_days, at_usual_hour, is_work_day, next_work_day
from carddeck.deck.clock import aware, wall
from carddeck.deck.settings import Settings
from carddeck.errors import InvalidInput

_SHORT = re.compile(r"^\+\s*(\d+)\s*([hdbw])$")
#: "in 99999999 years": read as ahead, even where the reader gives up on so many.
_IN_SO_MANY = re.compile(r"^in\s+\d+\s+(hour|day|week|month|year)s?$")
HINT = "try 'tomorrow 9am', 'next tue', 'in 3 days', '+3d', '+2b' (business days) or 2026-12-01"


def _short(text: str, base: datetime, settings: Settings) -> datetime | None:
    m = _SHORT.match(text)
    if not m:
        return None
    count, unit = int(m.group(1)), m.group(2)
    days = count / 24 if unit == "h" else count * 7 if unit == "w" else count  # b: at least
    if days > (date(YEARS[1], 12, 31) - base.date()).days:  # (not counted out day by day)
        raise too_far(text)
    if unit == "h":
        return base + timedelta(hours=count)
    if unit == "b":
        return at_usual_hour(add_work_days(base.date(), count, settings), settings)
    days = count * (7 if unit == "w" else 1)
    return at_usual_hour(base.date() + timedelta(days=days), settings)


def _iso(text: str, settings: Settings) -> datetime | None:
    try:
        if len(text) == 10:
            return at_usual_hour(date.fromisoformat(text), settings)
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if not YEARS[0] <= parsed.year <= YEARS[1]:
        return parsed.replace(tzinfo=None)  # refused by the caller, by its year
    return wall(parsed) if parsed.tzinfo else parsed


def _natural(text: str, base: datetime, settings: Settings) -> datetime | None:
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "future",
            "RETURN_TIME_AS_PERIOD": True,
        },
    )
    data = parser.get_date_data(text)
    if data.date_obj is None:
        return None
    found: datetime = data.date_obj
    if found.tzinfo is not None:
        found = wall(found)
    if data.period != "time":  # a day, week or month named without a time of day
        if _A_TIME.search(text):
            return None  # a time was typed but not read ("25pm"): not taken as 09:00
        found = at_usual_hour(found.date(), settings)
    return found


#: What reads as a time of day: "9am", "2:30 pm", "14:30".
_A_TIME = re.compile(r"\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])|\b\d{1,2}:\d{2}\b", re.I)


#: Dates carddeck takes: a follow-up in 9999 or 0001 is a typing mistake, and would break
#: calendars and exports.
YEARS = (1900, 2999)


def too_far(text: str) -> InvalidInput:
    """A date that reads, but lies past the latest one carddeck keeps."""
    latest = date(YEARS[1], 12, 31).strftime("%a %d %b %Y")
    return InvalidInput(f"{text.strip()!r} is too far ahead: the latest date is {latest}")


def parse_when(text: str, *, now: datetime, settings: Settings) -> datetime:
    """An aware moment for ``text``, read relative to ``now``; unreadable text, and years
    outside 1900-2999, are refused."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise InvalidInput(f"a date is needed; {HINT}")
    base = wall(now)
    try:
        if cleaned in ("now", "today"):
            found: datetime | None = base
        else:
            found = _short(cleaned, base, settings) or _iso(text.strip(), settings)
            if found is None:
                found = _natural(cleaned, base, settings)
    except (OverflowError, ValueError, OSError):
        found = None  # a date past what the calendar can hold
    if found is None and _IN_SO_MANY.match(cleaned):
        raise too_far(text)
    if found is None:
        raise InvalidInput(f"cannot read {text.strip()!r} as a date; {HINT}")
    if not YEARS[0] <= found.year <= YEARS[1]:
        raise InvalidInput(
            f"{text.strip()!r} is in the year {found.year}; dates run from {YEARS[0]} to {YEARS[1]}"
        )
    try:
        return aware(found.replace(microsecond=0))
    except (OverflowError, ValueError, OSError):
        raise InvalidInput(f"cannot read {text.strip()!r} as a date; {HINT}") from None


_NAMES_A_DAY = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}|"
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(today|tonight|now)\b",
    re.I,
)


def off_day(moment: datetime, settings: Settings) -> bool:
    """Whether ``moment`` falls on a day that is not one of the owner's working days."""
    return not is_work_day(wall(moment).date(), settings)


def parse_follow_up(text: str, *, now: datetime, settings: Settings) -> datetime:
    """Like ``parse_when``, but a follow-up must not lie in the past; a relative date
    ("+3d", "+1w", "in 3 days", "tomorrow") that lands on a day off moves on to the next
    working day. A day named outright ("sat 10am", 2026-12-05) is kept as typed."""
    moment = parse_when(text, now=now, settings=settings)
    if moment < now - timedelta(minutes=1):  # before any move: "yesterday" is never ahead
        shown = wall(moment).strftime("%a %d %b %Y %H:%M")
        raise InvalidInput(f"{text.strip()!r} ({shown}) is in the past; a follow-up must be ahead")
    if moment < now:
        return now  # "now", or a minute ago: now it is, whatever the day
    if off_day(moment, settings) and not _NAMES_A_DAY.search(text):
        moved = next_work_day(wall(moment).date(), settings)
        moment = aware(datetime.combine(moved, wall(moment).time()))
    return moment


def given_date(text: str | None, *, now: datetime, settings: Settings, follow_up: bool = True
               ) -> datetime | None:  # fmt: skip
    """A date given with an option, read as the screen reads it: None when not given;
    given, it must read as a date (and, for a ``follow_up``, lie ahead): nothing typed is
    refused, not taken for the default."""
    if text is None:
        return None
    if follow_up:
        return parse_follow_up(text, now=now, settings=settings)
    return parse_when(text, now=now, settings=settings)


def read_follow_up(text: str | None, *, now: datetime, settings: Settings) -> datetime | None:
    """What the owner typed for a next follow-up, read the one way both faces read it:
    nothing typed is None (the method's proposal, or no change); anything else must be a
    date ahead."""
    if text is None or not text.strip():
        return None
    return parse_follow_up(text, now=now, settings=settings)
