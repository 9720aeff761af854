"""Days off: the holidays typed in the settings, and a country's public holidays (from the
``holidays`` package, read only when a date is worked out, a year at a time)."""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache
from typing import Any

from carddeck.deck.settings import Settings

#: What was wrong with a country or subdivision code, once it was looked up: said by the
#: faces as a warning (the lookup happens deep inside a date's computation).
_problems: dict[tuple[str, str], str] = {}


def is_day_off(day: date, settings: Settings) -> bool:
    """Whether ``day`` is a typed holiday or one of the settings' country's holidays."""
    if day in settings.holidays:
        return True
    if not settings.holiday_country:
        return False
    return day in country_days_off(settings.holiday_country, settings.holiday_subdivision,
                                   day.year)  # fmt: skip


@lru_cache(maxsize=64)
def country_days_off(country: str, subdivision: str, year: int) -> frozenset[date]:
    """A country's (and subdivision's) public holidays in ``year``, observed days included;
    none for a code the package does not know (said by :func:`problem`)."""
    found = _calendar(country, subdivision)
    if found is None:
        return frozenset()
    import holidays

    code, subdiv = found
    try:
        return frozenset(holidays.country_holidays(code, subdiv=subdiv, years=year))
    except Exception:  # a year the package cannot work out (far past or future): none
        return frozenset()


@cache
def _calendar(country: str, subdivision: str) -> tuple[str, str | None] | None:
    """The package's spelling of the country and subdivision, or None for an unknown
    country (an unknown subdivision leaves the country's own holidays)."""
    import holidays

    known: dict[str, Any] = holidays.list_supported_countries()
    code = country.strip().upper()
    if code not in known:
        _problems[(country, subdivision)] = (
            f"holiday_country = {country!r}: not a country the holidays package knows "
            "(such as 'US', 'GB' or 'DE'); no country's holidays are used"
        )
        return None
    if not subdivision:
        return code, None
    subdivisions = {str(s).upper(): str(s) for s in known[code]}
    subdiv = subdivisions.get(subdivision.strip().upper())
    if subdiv is None:
        some = ", ".join(sorted(subdivisions)[:6]) or "it has none"
        _problems[(country, subdivision)] = (
            f"holiday_subdivision = {subdivision!r}: not a subdivision of {code} ({some}"
            f"{', ...' if len(subdivisions) > 6 else ''}); {code}'s own holidays are used"
        )
    return code, subdiv


def problem(settings: Settings) -> str | None:
    """What is wrong with the settings' country or subdivision, if a date has looked it up
    (nothing is imported to find out)."""
    return _problems.get((settings.holiday_country, settings.holiday_subdivision))


def check(settings: Settings) -> str | None:
    """What is wrong with the settings' country or subdivision, looking it up now (for a
    face that is about to work dates out anyway, such as the screen)."""
    if not settings.holiday_country:
        return None
    _calendar(settings.holiday_country, settings.holiday_subdivision)
    return problem(settings)
