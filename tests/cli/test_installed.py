"""The installed ``carddeck`` command, run as a user runs it, and the committed sample deck."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Run, data, ok

REPO = Path(__file__).resolve().parents[2]


def carddeck(*args: str, env_db: Path | str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("carddeck")
    assert exe.exists(), f"the console script is not installed beside {sys.executable}"
    env = {**os.environ, "CARDDECK_DB": str(env_db), "COLUMNS": "100"}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=60)


def test_the_installed_command_works_end_to_end(deck_at: str) -> None:
    db = deck_at
    added = carddeck(
        "add", "Ann Lee", "--phone", "212 555 0134", "--source", "Trade show", env_db=db
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == "1"
    logged = carddeck(
        "log", "ann", "--rating", "7", "--interest", "6", "--notch", "a site visit", env_db=db
    )
    assert logged.returncode == 0, logged.stderr
    (card,) = json.loads(carddeck("list", "--json", env_db=db).stdout)
    assert (card["name"], card["rating"], card["notch"]) == ("Ann Lee", 7, "a site visit")
    shown = carddeck("show", "1", env_db=db)
    assert "Ann Lee" in shown.stdout and "a site visit" in shown.stdout


def test_the_installed_command_fails_in_one_line(deck_at: str) -> None:
    db = deck_at
    carddeck("add", "Ann", env_db=db)
    bad = carddeck("log", "ann", "--rating", "11", "--interest", "5", "--notch", "x", env_db=db)
    assert bad.returncode == 1
    assert bad.stderr.strip() == (
        "carddeck: my rating of the contact must be a whole number from 1 to 10, not 11"
    )
    assert bad.stdout == ""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "sample.sqlite"
    shutil.copy(REPO / "sample_deck.sqlite", copy)
    return copy


def test_the_committed_sample_deck_opens_with_the_current_code(run: Run, sample: Path) -> None:
    cards = data(run("list", "--all", "--json", db=sample))
    assert 35 <= len(cards) <= 45
    assert {c["status"] for c in cards} == {
        "new", "active", "nurture", "won", "lost", "do_not_contact",
    }  # fmt: skip
    assert {c["stage"] for c in cards} == {"rapport", "need", "present", "terms", "close"}
    assert [c["position"] for c in cards] == list(range(1, len(cards) + 1))
    with_history = [c for c in cards if c["status"] == "active"][0]
    shown = data(run("show", str(with_history["id"]), "--json", db=sample))
    assert shown["contacts"] and shown["source"]
    agenda = data(run("today", "--json", db=sample))
    assert agenda["new"] and agenda["cold"]
    # and it takes new work: the schema is current
    ok(run("log", str(with_history["id"]), "--no-answer", db=sample))


def test_a_wide_script_name_is_given_the_cells_it_takes(deck_at: str) -> None:
    """Chinese and Japanese letters take two cells each: a table makes room for them."""
    ok_ = carddeck("add", "山田 太郎", "--company", "株式会社テスト", env_db=deck_at)
    assert ok_.returncode == 0, ok_.stderr
    for command in (["list"], ["search", "山田"]):
        shown = carddeck(*command, env_db=deck_at)
        assert "山田 太郎" in shown.stdout and "株式会社テスト" in shown.stdout, shown.stdout
