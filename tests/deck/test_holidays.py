"""A country's public holidays as days off (the holidays package), with the typed ones."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from carddeck.deck.calendar import add_work_hours, is_work_day, next_work_day
from carddeck.deck.cards import first_contact_due
from carddeck.deck.config import as_toml, load_settings
from carddeck.deck.daysoff import check, problem
from carddeck.deck.settings import DEFAULT_SETTINGS
from tests.helpers import at

US = DEFAULT_SETTINGS._replace(holiday_country="US")
THANKSGIVING_EVE = datetime(2026, 11, 25, 10, 0)  # a Wednesday; Thursday 26 is Thanksgiving


def test_a_new_lead_the_day_before_thanksgiving_is_due_on_friday() -> None:
    assert add_work_hours(THANKSGIVING_EVE, 24, DEFAULT_SETTINGS) == datetime(2026, 11, 26, 10)
    assert add_work_hours(THANKSGIVING_EVE, 24, US) == datetime(2026, 11, 27, 10)
    assert first_contact_due(at(2026, 11, 25, 10), US) == at(2026, 11, 27, 10)
    assert next_work_day(date(2026, 11, 25), US) == date(2026, 11, 27)
    assert not is_work_day(date(2026, 7, 3), US)  # Independence Day observed (4 July: Sat)


def test_typed_holidays_still_count() -> None:
    bridge = US._replace(holidays=frozenset({date(2026, 11, 27)}))  # Friday off too
    assert add_work_hours(THANKSGIVING_EVE, 24, bridge) == datetime(2026, 11, 30, 10)
    christmas_eve = US._replace(holidays=frozenset({date(2026, 12, 24)}))
    assert next_work_day(date(2026, 12, 23), christmas_eve) == date(2026, 12, 28)
    assert next_work_day(date(2026, 12, 23), US) == date(2026, 12, 24)  # not a US holiday


def test_a_subdivision_adds_its_own() -> None:
    epiphany = date(2027, 1, 6)  # a Wednesday: a holiday in Bavaria, not in all Germany
    assert is_work_day(epiphany, DEFAULT_SETTINGS._replace(holiday_country="DE"))
    bavaria = DEFAULT_SETTINGS._replace(holiday_country="DE", holiday_subdivision="by")
    assert not is_work_day(epiphany, bavaria) and check(bavaria) is None


def test_each_year_is_looked_up_as_it_is_needed() -> None:
    assert not is_work_day(date(2031, 11, 27), US)  # Thanksgiving 2031
    assert is_work_day(date(2031, 11, 26), US)
    assert is_work_day(date(9999, 12, 30), US)  # the calendar's edge does not fail


def test_an_unknown_country_or_subdivision_is_said_and_the_rest_applies() -> None:
    nowhere = DEFAULT_SETTINGS._replace(holiday_country="XQ", holidays=frozenset({date(2026,
                      11, 26)}))  # fmt: skip
    assert problem(nowhere) is None  # not looked up yet: nothing imported to find out
    assert add_work_hours(THANKSGIVING_EVE, 24, nowhere) == datetime(2026, 11, 27, 10)  # typed
    assert is_work_day(date(2026, 12, 25), nowhere)  # no country's holidays
    said = problem(nowhere)
    assert said is not None and said.startswith("holiday_country = 'XQ': not a country")
    odd_state = US._replace(holiday_subdivision="ZZ")
    assert check(odd_state) == (
        "holiday_subdivision = 'ZZ': not a subdivision of US (AK, AL, AR, AS, AZ, CA, ...); "
        "US's own holidays are used"
    )
    assert not is_work_day(date(2026, 11, 26), odd_state)  # Thanksgiving all the same


def test_the_settings_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('holiday_country = "us"\nholiday_subdivision = "CA"\n', encoding="utf-8")
    settings, problems = load_settings(path)
    assert problems == [] and (settings.holiday_country, settings.holiday_subdivision) == (
        "US", "CA",
    )  # fmt: skip
    path.write_text(as_toml(settings), encoding="utf-8")
    assert load_settings(path) == (settings, [])  # what `config show` prints reads back
    targets = settings._replace(target_leads_per_month=40, target_attempts=5)
    path.write_text(as_toml(targets), encoding="utf-8")
    assert load_settings(path) == (targets, [])
    path.write_text('holiday_country = "United States"\nholiday_subdivision = "CA"\n')
    settings, problems = load_settings(path)
    assert settings == DEFAULT_SETTINGS
    assert problems == [
        f"{path}: holiday_country = 'United States': expected a country code such as 'US', "
        """'GB' or 'DE' (or ""); using the default""",
        f"{path}: holiday_subdivision = 'CA' needs a holiday_country; ignored",
    ]
