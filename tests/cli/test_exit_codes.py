"""Each kind of failure has its own exit code (README, "Exit codes"), given once, by the
error's class: a script can tell a typo from a missing card, a card changed elsewhere, a
busy deck, or a file that is no deck."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from carddeck import errors
from carddeck.deck.reach import NeverContact
from tests.cli.conftest import Run, ok

CARDDECK = Path(sys.executable).with_name("carddeck")


def test_each_error_class_carries_its_code() -> None:
    codes = {
        errors.CarddeckError: 1, errors.InvalidInput: 1, errors.AmbiguousCard: 1,
        NeverContact: 1, errors.NotFound: 3, errors.CardNotFound: 3, errors.Conflict: 4,
        errors.StoreError: 5, errors.NotADeck: 6, errors.DamagedDeck: 6,
    }  # fmt: skip
    assert {kind: kind.exit_code for kind in codes} == codes


@pytest.fixture
def ann(run: Run, clock: object) -> None:
    ok(run("add", "Ann Lee"))
    ok(run("add", "Anna Park"))


@pytest.mark.usefixtures("ann")
@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["log", "1", "--rating", "11", "--interest", "5", "--notch", "x"], 1, "not 11"),
        (["show", "ann"], 1, "matches several cards"),
        (["show", "--frobnicate", "1"], 2, "No such option"),
        (["show"], 2, "Missing argument"),
        (["show", "99"], 3, "no card #99"),
        (["won", "zed"], 3, "no card matches 'zed'"),
        (["undo-import", "7"], 3, "no import #7"),
        (["edit", "1", "--notes", "x", "--if-version", "7"], 4, "changed elsewhere"),
    ],
)
def test_the_code_says_what_kind_of_failure(
    run: Run, args: list[str], code: int, said: str
) -> None:
    result = run(*args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("carddeck: ") and said in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.sqlite_only
def test_a_busy_deck_is_5(
    run: Run, db_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("carddeck.store.engine.DEFAULT_BUSY_TIMEOUT", 0.5)
    monkeypatch.setattr("carddeck.store.lite.DEFAULT_BUSY_TIMEOUT", 0.5)
    ok(run("add", "Ann"))
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("add", "Bob")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 5 and "is busy" in result.stderr


@pytest.mark.sqlite_only
def test_the_store_codes(run: Run, tmp_path: Path, clock: object) -> None:
    assert run("list", db=tmp_path / "no-folder" / "deck.sqlite").exit_code == 5
    notes = tmp_path / "notes.txt"
    notes.write_text("call Ann back\n" * 100)
    not_a_deck = run("list", db=notes)
    assert not_a_deck.exit_code == 6 and "not a carddeck database" in not_a_deck.stderr
    deck = tmp_path / "cut.sqlite"
    for name in ("Ann", "Bob", "Cy"):
        ok(run("add", name, "--note", "x" * 3000, db=deck))
    deck.write_bytes(deck.read_bytes()[:-100])
    for args in (["list"], ["check"]):
        damaged = run(*args, db=deck)
        assert damaged.exit_code == 6 and "damaged" in damaged.stderr, damaged.stderr


def test_the_installed_command_exits_with_the_codes(run: Run, deck_at: str, clock: object) -> None:
    ok(run("add", "Ann Lee"))
    env = {**os.environ, "CARDDECK_DB": deck_at}

    def code(*args: str) -> int:
        done = subprocess.run([str(CARDDECK), *args], capture_output=True, text=True,
                              env=env, timeout=60)  # fmt: skip
        assert "Traceback" not in done.stderr
        return done.returncode

    assert code("show", "ann") == 0
    assert code("show", "--nope") == 2
    assert code("show", "zed") == 3
    assert code("edit", "1", "--notes", "x", "--if-version", "5") == 4
    assert code("log", "1", "--rating", "0", "--interest", "5", "--notch", "x") == 1
