"""The owner's settings file (TOML): phone region, working week, holidays, usual hour,
targets.

A bad value is named with its key and left at its default; the rest still applies.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from typing import Any

from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.store.kinds import Channel

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EXAMPLE = """\
# carddeck settings. Every key is optional; a bad value is reported and its default used.
phone_region = "US"                              # numbers without +country are read as this
work_days = ["mon", "tue", "wed", "thu", "fri"]  # days follow-ups may fall on
usual_hour = "09:00"                             # when a follow-up without a time is set
holidays = ["2026-12-25", "2027-01-01"]          # days off: no follow-up lands on them
holiday_country = "US"                           # its public holidays are days off too
holiday_subdivision = "CA"                       # and its state's or region's
first_contact_hours = 24                         # working hours to call a new lead back in
default_channel = "call"                         # call, text, email, social, meeting, other
cadence = [1, 2, 4, 7, 10, 14, 21]               # business days of each attempt, from the first
cold_after_days = 5                              # overdue by more business days than this: cold
start_view = "auto"                              # auto, today, deck, cold, closed or customers
daily_limit = 50                                 # cards today (each section), list --due show
backups_kept = 7                                 # daily backups of the deck to keep
seller = "Sam"                                   # you, on a shared deck (default: login name)
target_leads_per_month = 40                      # targets the scoreboard draws (0: none)
target_close_rate = 25                           # percent of closed leads won
target_first_contact_share = 90                  # percent called within first_contact_hours
target_attempts = 7                              # attempts before giving up (cadence length)
check_in_days = 90                               # days after a sale to check in for the next
currency = "USD"                                 # ISO code of deal values ($1,200; 1,200.00 EUR)
"""


def _region(value: Any) -> str:
    import phonenumbers

    if not isinstance(value, str) or value.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError("expected a two-letter region such as 'US', 'GB' or 'DE'")
    return value.upper()


def _days(value: Any) -> frozenset[int]:
    if not isinstance(value, list) or not value:
        raise ValueError('expected a list of days such as ["mon", "tue", "wed", "thu", "fri"]')
    days = set()
    for day in value:
        key = str(day).strip().lower()[:3]
        if key not in DAYS:
            raise ValueError(f"{day!r} is not a day (mon ... sun)")
        days.add(DAYS.index(key))
    return frozenset(days)


def _hour(value: Any) -> time:
    if isinstance(value, time):
        return value
    found = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*", str(value))
    if found and int(found.group(1)) < 24 and int(found.group(2) or 0) < 60:
        return time(int(found.group(1)), int(found.group(2) or 0))
    raise ValueError('expected a time of day such as "09:00"')


def _holidays(value: Any) -> frozenset[date]:
    if not isinstance(value, list):
        raise ValueError('expected a list of dates such as ["2026-12-25"]')
    days = set()
    for day in value:
        if isinstance(day, date):
            days.add(day)
            continue
        try:
            days.add(date.fromisoformat(str(day)))
        except ValueError:
            raise ValueError(f"{day!r} is not a date (YYYY-MM-DD)") from None
    return frozenset(days)


def _country(value: Any) -> str:
    # checked against the holidays package only when a date is worked out (it is slow to
    # import); here, only its shape
    if not isinstance(value, str) or not re.fullmatch(r"\s*([A-Za-z]{2,3})?\s*", value):
        raise ValueError("expected a country code such as 'US', 'GB' or 'DE' (or \"\")")
    return value.strip().upper()


def _subdivision(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\s*([\w-]{1,24})?\s*", value):
        raise ValueError("expected a state or region code such as 'CA' or 'BY' (or \"\")")
    return value.strip()


def _whole(most: int, what: str) -> Any:
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
            raise ValueError(f"expected a whole number of {what} from 0 (no target) to {most}")
        return value

    return read


def _hours(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 24 * 7:
        raise ValueError("expected a whole number of hours from 1 to 168")
    return value


def _channel(value: Any) -> str:
    try:
        return Channel(str(value).strip().lower()).value
    except ValueError:
        raise ValueError(f"expected one of {', '.join(c.value for c in Channel)}") from None


def _cadence(value: Any) -> tuple[int, ...]:
    ok = (
        isinstance(value, list)
        and value
        and all(isinstance(d, int) and not isinstance(d, bool) and d >= 1 for d in value)
    )
    if not ok or list(value) != sorted(set(value)):
        raise ValueError("expected rising business days such as [1, 2, 4, 7, 10, 14, 21]")
    return tuple(value)


def _cold(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 90:
        raise ValueError("expected a whole number of business days from 0 to 90")
    return value


START_VIEWS = ("auto", "today", "deck", "cold", "closed", "customers")


def _start_view(value: Any) -> str:
    view = str(value).strip().lower()
    if view not in START_VIEWS:
        raise ValueError(f"expected one of {', '.join(START_VIEWS)}")
    return view


def _daily_limit(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise ValueError("expected a whole number of cards from 0 (all of them) to 1000000")
    return value


def _kept(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
        raise ValueError("expected a whole number of backups from 1 to 365")
    return value


def _seller(value: Any) -> str:
    from carddeck.deck.fields import SELLER_NAME_MOST, seller_name
    from carddeck.errors import InvalidInput

    try:
        return seller_name(value if isinstance(value, str) else None)
    except InvalidInput:
        raise ValueError(f"expected your name, as the other sellers know you (up to "
                         f"{SELLER_NAME_MOST} letters)") from None  # fmt: skip


def _check_in(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3650:
        raise ValueError("expected a whole number of days from 1 to 3650")
    return value


def _currency(value: Any) -> str:
    from carddeck.deck.money import is_currency, is_known_currency

    code = str(value).strip().upper()
    if not is_currency(code):
        raise ValueError('expected a three-letter currency code such as "USD" or "EUR"')
    if not is_known_currency(code):
        raise ValueError('not a currency code in use (ISO 4217); expected one such as "USD" '
                         'or "EUR"')  # fmt: skip
    return code


READERS = {
    "phone_region": _region,
    "work_days": _days,
    "usual_hour": _hour,
    "holidays": _holidays,
    "first_contact_hours": _hours,
    "default_channel": _channel,
    "cadence": _cadence,
    "cold_after_days": _cold,
    "start_view": _start_view,
    "daily_limit": _daily_limit,
    "backups_kept": _kept,
    "seller": _seller,
    "holiday_country": _country,
    "holiday_subdivision": _subdivision,
    "target_leads_per_month": _whole(100_000, "leads"),
    "target_close_rate": _whole(100, "percent"),
    "target_first_contact_share": _whole(100, "percent"),
    "target_attempts": _whole(99, "attempts"),
    "check_in_days": _check_in,
    "currency": _currency,
}


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """The settings in ``path`` (defaults where it says nothing or something wrong), and a
    line for each thing wrong with it. A missing file is all defaults, and no problem (a
    folder in its place is a problem, said)."""
    if not path.exists():
        return DEFAULT_SETTINGS, []
    changes, problems = _read(path)
    return DEFAULT_SETTINGS._replace(**changes), problems


def _read(path: Path) -> tuple[dict[str, Any], list[str]]:
    """The keys ``path`` sets, read; and what is wrong with it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        return {}, [f"{path}: not valid TOML ({err}); using the defaults"]
    except OSError as err:
        return {}, [f"{path}: cannot be read ({err.strerror}); using the defaults"]
    changes: dict[str, Any] = {}
    problems = []
    for key, value in data.items():
        reader = READERS.get(key)
        if reader is None:
            problems.append(f"{path}: unknown key {key!r} (keys: {', '.join(READERS)})")
            continue
        try:
            changes[key] = reader(value)
        except ValueError as err:
            problems.append(f"{path}: {key} = {value!r}: {err}; using the default")
    subdivision = changes.get("holiday_subdivision")
    if subdivision and not changes.get("holiday_country"):
        problems.append(f"{path}: holiday_subdivision = {subdivision!r} needs a "
                        "holiday_country; ignored")  # fmt: skip
        del changes["holiday_subdivision"]
    if "work_days" in changes and not changes["work_days"]:
        problems.append(f"{path}: work_days is empty; using the default")
        del changes["work_days"]
    return changes, problems


@dataclass(frozen=True)
class InEffect:
    """A setting in effect: its value as JSON writes it, and whether the file set it."""

    key: str
    value: Any
    source: str  # "file" or "default"


def in_effect(path: Path) -> tuple[list[InEffect], list[str]]:
    """Every setting with its value and where it came from (the file at ``path``, or the
    default where the file says nothing or something wrong), and what is wrong with it."""
    changes, problems = _read(path) if path.exists() else ({}, [])
    settings = DEFAULT_SETTINGS._replace(**changes)
    found = [
        InEffect(key, _plain(getattr(settings, key)), "file" if key in changes else "default")
        for key in READERS
    ]
    return found, problems


def _plain(value: Any) -> Any:
    """A setting as the file would say it, in JSON's types."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, frozenset):
        return [DAYS[v] if isinstance(v, int) else v.isoformat() for v in sorted(value)]
    if isinstance(value, tuple):
        return list(value)
    return value


def as_toml(settings: Settings) -> str:
    """The settings in effect, as the file would say them."""
    days = ", ".join(f'"{DAYS[d]}"' for d in sorted(settings.work_days))
    holidays = ", ".join(f'"{d.isoformat()}"' for d in sorted(settings.holidays))
    attempts = (
        f"# target_attempts = {settings.goal}  (the cadence's length, unless set)\n"
        if settings.target_attempts is None
        else f"target_attempts = {settings.target_attempts}\n"
    )
    return (
        f'phone_region = "{settings.phone_region}"\n'
        f"work_days = [{days}]\n"
        f'usual_hour = "{settings.usual_hour.strftime("%H:%M")}"\n'
        f"holidays = [{holidays}]\n"
        f'holiday_country = "{settings.holiday_country}"\n'
        f"holiday_subdivision = {json.dumps(settings.holiday_subdivision)}\n"
        f"first_contact_hours = {settings.first_contact_hours}\n"
        f'default_channel = "{settings.default_channel}"\n'
        f"cadence = [{', '.join(str(d) for d in settings.cadence)}]\n"
        f"cold_after_days = {settings.cold_after_days}\n"
        f'start_view = "{settings.start_view}"\n'
        f"daily_limit = {settings.daily_limit}\n"
        f"backups_kept = {settings.backups_kept}\n"
        f"check_in_days = {settings.check_in_days}\n"
        f'currency = "{settings.currency}"\n'
        + (
            f"seller = {json.dumps(settings.seller, ensure_ascii=False)}\n"
            if settings.seller
            else ""
        )
        + f"target_leads_per_month = {settings.target_leads_per_month}\n"
        f"target_close_rate = {settings.target_close_rate}\n"
        f"target_first_contact_share = {settings.target_first_contact_share}\n" + attempts
    )
