"""carddeck stats draws each target against its figure; --json carries both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from carddeck.store import Store
from tests.cli.conftest import Run, data, ok
from tests.helpers import a_month_of_leads


def targets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    config = tmp_path / "targets.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CARDDECK_CONFIG", str(config))


def row(drawn: str, label: str) -> str:
    """The target's row, its cells one space apart."""
    found = re.search(rf"^ {label} .*$", drawn, re.MULTILINE)
    assert found, drawn
    return " ".join(found.group().split())


def test_stats_draws_each_target_met_or_not(
    run: Run, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    a_month_of_leads(store)  # as of the frozen Friday evening, 20 November 2026
    targets(tmp_path, monkeypatch, "target_leads_per_month = 10\ntarget_close_rate = 30\n")
    drawn = ok(run("stats")).stdout
    assert row(drawn, "leads this month") == "leads this month 5 10 ██████······┃··· 50% of target"
    assert row(drawn, "close rate") == "close rate 33% 30% ████████████┃··· met ✓"
    # the default: 90% called within the window; 3 of 5 (Eve is still in hers, Gus junk)
    called = row(drawn, "called in window")
    assert called == "called in window 60% 90% ████████····┃··· 67% of target"
    # the default: the cadence's 7 attempts; Bob was given up after 2, Cy after 7
    assert row(drawn, "tries before giving up").startswith(
        "tries before giving up 4.5 7 ████████····┃··· 64% of target (1 of"
    )
    assert "64% of target (1 of 2 leads given up short)" in " ".join(drawn.split())
    board = data(run("stats", "--json"))["targets"]
    assert board["leads_per_month"] == {"figure": 5, "target": 10, "met": False, "progress": 0.5,
                                        "of": 5}  # fmt: skip
    assert board["close_rate"] == {"figure": 0.333, "target": 0.3, "met": True, "progress": 1.11,
                                   "of": 3}  # fmt: skip
    assert (board["first_contact_share"]["figure"], board["first_contact_share"]["target"]) == (
        0.6, 0.9,
    )  # fmt: skip
    assert board["attempts"] == {"figure": 4.5, "target": 7, "met": False, "progress": 0.643,
                                 "of": 2, "short_of_target": 1}  # fmt: skip


def test_targets_set_to_zero_are_not_drawn(
    run: Run, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: object
) -> None:
    a_month_of_leads(store)
    targets(tmp_path, monkeypatch, "target_first_contact_share = 60\ntarget_attempts = 0\n")
    drawn = ok(run("stats")).stdout
    assert row(drawn, "called in window") == "called in window 60% 60% ████████████┃··· met ✓"
    for label in ("leads this month", "close rate ", "tries before giving up"):
        assert not re.search(rf"^ {label}", drawn, re.MULTILINE), label
    board = data(run("stats", "--json"))["targets"]
    assert board["leads_per_month"]["figure"] == 5 and board["leads_per_month"]["target"] is None
    assert board["attempts"]["target"] is None and board["attempts"]["met"] is None


def test_a_bad_target_is_one_warning(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    targets(tmp_path, monkeypatch, "target_close_rate = 140\ntarget_leads_per_month = 30\n")
    result = ok(run("stats", "--json"))
    assert result.stderr.count("warning:") == 1
    assert "target_close_rate = 140: expected a whole number of percent from 0" in result.stderr
    assert data(result)["targets"]["leads_per_month"]["target"] == 30
