"""The settings file: what it changes, and what happens when it is wrong."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from carddeck.deck.calendar import add_work_hours, next_work_day_call
from carddeck.deck.config import READERS, as_toml, load_settings
from carddeck.deck.dates import parse_when
from carddeck.deck.settings import DEFAULT_SETTINGS
from tests.helpers import at


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.toml") == (DEFAULT_SETTINGS, [])


def test_every_key(tmp_path: Path) -> None:
    settings, problems = load_settings(write(tmp_path, """
phone_region = "gb"
work_days = ["Mon", "tue", "wed", "thu", "fri", "sat"]
usual_hour = "8:30"
holidays = ["2026-12-25", 2027-01-01]
first_contact_hours = 48
default_channel = "Text"
"""))  # fmt: skip
    assert problems == []
    assert settings.phone_region == "GB" and settings.work_days == frozenset(range(6))
    assert settings.usual_hour == time(8, 30) and settings.first_contact_hours == 48
    assert settings.holidays == {date(2026, 12, 25), date(2027, 1, 1)}
    assert settings.default_channel == "text"
    again, _ = load_settings(write(tmp_path, as_toml(settings)))
    assert again == settings  # what `config show` prints reads back the same


def test_bad_keys_are_named_and_the_rest_still_applies(tmp_path: Path) -> None:
    path = write(tmp_path, """
phone_region = "Narnia"
work_days = ["mon", "funday"]
usual_hour = "25:00"
holidays = ["next xmas"]
first_contact_hours = 0
default_channel = "fax"
colour = "red"
""")  # fmt: skip
    settings, problems = load_settings(path)
    assert settings == DEFAULT_SETTINGS
    said = "\n".join(problems)
    for key in ("phone_region", "work_days", "usual_hour", "holidays", "first_contact_hours",
                "default_channel", "'colour'"):  # fmt: skip
        assert key in said
    assert f"{path}: work_days = ['mon', 'funday']: 'funday' is not a day" in said
    settings, problems = load_settings(write(tmp_path, 'usual_hour = "7"\nwork_days = "mon"\n'))
    assert settings.usual_hour == time(7) and len(problems) == 1


def test_a_file_that_is_not_toml(tmp_path: Path) -> None:
    settings, problems = load_settings(write(tmp_path, "phone_region = 'US\n"))
    assert settings == DEFAULT_SETTINGS and "not valid TOML" in problems[0]


def test_holidays_and_the_working_week_move_every_proposed_date(tmp_path: Path) -> None:
    settings, _ = load_settings(
        write(tmp_path, 'holidays = ["2026-12-25"]\nusual_hour = "10:00"\n')
    )
    christmas_eve = datetime(2026, 12, 24, 18, 0)  # a Thursday evening
    assert next_work_day_call(christmas_eve, settings) == datetime(2026, 12, 28, 10, 0)
    assert add_work_hours(christmas_eve, 24, settings) == datetime(2026, 12, 28, 18, 0)
    assert parse_when("+1b", now=at(2026, 12, 24, 18), settings=settings) == at(2026, 12, 28, 10)
    four_days, _ = load_settings(write(tmp_path, 'work_days = ["mon", "tue", "wed", "thu"]\n'))
    assert next_work_day_call(datetime(2026, 11, 19, 12), four_days) == datetime(2026, 11, 23, 9)


@pytest.mark.parametrize("region", ["US", "GB", "DE"])
def test_phone_region_is_used_for_local_numbers(tmp_path: Path, region: str) -> None:
    from carddeck.deck.fields import normalise_phone

    settings, _ = load_settings(write(tmp_path, f'phone_region = "{region}"\n'))
    local = {"US": "212 555 0134", "GB": "020 7946 0958", "DE": "030 901820"}[region]
    number, warning = normalise_phone(local, settings.phone_region)
    assert warning is None and number is not None and number.startswith("+")


def test_the_readme_s_example_is_the_defaults(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    settings_part = readme[readme.index("## Settings") :]
    example = settings_part[settings_part.index("```toml\n") + 8 : settings_part.index("```\n")]
    assert load_settings(write(tmp_path, example)) == (DEFAULT_SETTINGS, [])
    for key in READERS:  # each key is there (commented out where its default is unset)
        assert f"\n{key} = " in f"\n{example}" or f"\n# {key} = " in f"\n{example}", key
    commented = "\n".join(line.removeprefix("# ") for line in example.splitlines())
    settings, problems = load_settings(write(tmp_path, commented))
    assert problems == [] and settings.attempts_target == DEFAULT_SETTINGS.attempts_target
