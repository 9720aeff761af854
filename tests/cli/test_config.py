"""carddeck config path / show, and a settings file the commands follow."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Run, data, ok
from tests.helpers import ZONE


def test_config_path_and_defaults(run: Run, tmp_path: Path) -> None:
    where = tmp_path / "xdg-config" / "carddeck" / "config.toml"
    assert ok(run("config", "path")).stdout.strip() == str(where)
    shown = ok(run("config", "show")).stdout
    assert "not there: these are the defaults" in shown and 'phone_region = "US"' in shown


def test_the_commands_follow_the_settings(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    config = tmp_path / "mine.toml"
    config.write_text('phone_region = "GB"\nholidays = ["2026-11-23"]\ndefault_channel = "email"\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    assert ok(run("config", "path")).stdout.strip() == str(config)
    ok(run("add", "Ann", "--phone", "020 7946 0958", "--email", "ann@x.example"))
    ok(run("log", "ann", "--no-answer"))  # Friday evening: Monday is a holiday here
    card = data(run("show", "ann", "--json"))
    assert card["phone"] == "+442079460958"
    assert card["next_follow_up"] == "2026-11-24T09:00:00-05:00"
    assert card["contacts"][0]["channel"] == "email"


def test_a_bad_setting_is_one_warning_and_the_command_still_works(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('usual_hour = "teatime"\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    result = ok(run("add", "Ann"))
    assert result.stdout == "1\n"
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {config}: usual_hour = 'teatime': expected a time of day such as "
        '"09:00"; using the default'
    ]


def test_a_command_s_help_reads_no_settings_and_the_command_does(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CMD --help`` stops before the settings file is read (cli/common.ArgsFirst: a
    command's arguments are read before carddeck's callback runs): no warning about a bad
    one; the command itself still reads it once, and works on the deck named."""
    config = tmp_path / "bad.toml"
    config.write_text('usual_hour = "teatime"\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    for args in (["add", "--help"], ["config", "show", "--help"]):
        helped = ok(run(*args))
        assert "Usage: carddeck" in helped.stdout and "warning" not in helped.stderr, args
    shown = ok(run("config", "show"))
    assert shown.stderr.count("usual_hour = 'teatime'") == 1
    assert ok(run("add", "Ann")).stdout == "1\n"
    assert "Ann" in ok(run("show", "1")).stdout


def test_a_shorter_cadence_is_the_goal_shown(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    config = tmp_path / "five.toml"
    config.write_text("cadence = [1, 2, 4, 7, 10]\n")
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    ok(run("add", "Ann"))
    assert "(attempt 1 of 5)" in ok(run("log", "ann", "--no-answer")).stdout
    assert "1/5" in ok(run("show", "ann")).stdout


def test_a_country_s_holidays(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Any
) -> None:
    config = tmp_path / "us.toml"
    config.write_text('holiday_country = "US"\nholidays = ["2026-11-27"]\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    clock.move_to(datetime(2026, 11, 25, 10, tzinfo=ZONE))  # Wednesday; Thanksgiving is next
    ok(run("add", "Ann"))
    # 24 working hours: Thursday is Thanksgiving, Friday a typed day off: Monday
    assert data(run("show", "ann", "--json"))["next_follow_up"] == "2026-11-30T10:00:00-05:00"
    config.write_text('holiday_country = "US"\n')
    result = ok(run("add", "Bob"))
    assert "warning" not in result.stderr
    assert data(run("show", "bob", "--json"))["next_follow_up"] == "2026-11-27T10:00:00-05:00"
    assert 'holiday_country = "US"' in ok(run("config", "show")).stdout


def test_an_unknown_country_is_one_warning_and_the_rest_applies(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Any
) -> None:
    config = tmp_path / "nowhere.toml"
    config.write_text('holiday_country = "XX"\nholidays = ["2026-11-26"]\n')
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))
    clock.move_to(datetime(2026, 11, 25, 10, tzinfo=ZONE))
    result = ok(run("add", "Ann"))
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {config}: holiday_country = 'XX': not a country the holidays package knows "
        "(such as 'US', 'GB' or 'DE'); no country's holidays are used"
    ]
    # the typed holiday still applies: Thursday off, due Friday
    assert data(run("show", "ann", "--json"))["next_follow_up"] == "2026-11-27T10:00:00-05:00"
    shown = ok(run("config", "show"))  # says it too, though it works no date out
    assert shown.stderr.count("holiday_country = 'XX'") == 1
    config.write_text('holiday_country = "US"\nholiday_subdivision = "Narnia"\n')
    result = ok(run("add", "Bob"))
    assert result.stderr.count("warning:") == 1
    assert "holiday_subdivision = 'Narnia': not a subdivision of US" in result.stderr
    assert data(run("show", "bob", "--json"))["next_follow_up"] == "2026-11-27T10:00:00-05:00"


def test_a_folder_where_the_settings_file_goes_is_said_not_taken_for_none(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARDDECK_CONFIG", str(tmp_path))
    shown = ok(run("config", "show"))
    assert "cannot be read" in shown.stderr and "using the defaults" in shown.stderr
    assert "not there" not in shown.stdout and "a folder, not a file" in shown.stdout
    assert ok(run("add", "Ann")).stdout.strip() == "1"
