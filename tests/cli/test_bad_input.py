"""Bad input: one clear line on stderr, a non-zero exit, no traceback, the deck untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Run, ok
from tests.helpers import digest


@pytest.fixture
def deck_with_two_anns(run: Run, clock: object) -> None:
    ok(run("add", "Ann Lee", "--email", "ann@lee.example"))
    ok(run("add", "Ann Other"))
    ok(run("log", "1", "--rating", "5", "--interest", "5", "--notch", "a trial"))


@pytest.mark.usefixtures("deck_with_two_anns")
@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["log", "1", "--rating", "0", "--interest", "5", "--notch", "x"],
            1,
            "from 1 to 10, not 0",
        ),
        (["log", "1", "--rating", "11", "--interest", "5", "--notch", "x"], 1, "not 11"),
        (
            ["log", "1", "--rating", "abc", "--interest", "5"],
            1,
            "a whole number from 1 to 10, not 'abc'",
        ),
        (["log", "1", "--rating", "5"], 2, "log needs --interest (or --no-answer"),
        (["log", "1", "--no-answer", "--rating", "4"], 1, "nothing to rate"),
        (["show", "99"], 3, "no card #99"),
        (["show", "zed"], 3, "no card matches 'zed'"),
        (["won", "ann"], 1, "matches several cards: #2 Ann Other, #1 Ann Lee"),
        (["add", "  "], 1, "a card needs a name"),
        (["add", "Bo", "--email", "bo@"], 1, "invalid email 'bo@'"),
        (["add", "Bo", "--next", "whenever"], 1, "cannot read 'whenever' as a date"),
        (["add", "Bo", "--top", "--back"], 2, "--top or --back"),
        (
            [
                "log",
                "2",
                "--rating",
                "5",
                "--interest",
                "5",
                "--notch",
                "x",
                "--next",
                "2020-01-01",
            ],
            1,
            "in the past",
        ),
        (["lost", "1"], 2, "Missing option '--reason'"),
        (["shuffle", "1"], 2, "exactly one of --top, --back or --to"),
        (["shuffle", "1", "--to", "0"], 2, "place from 1"),
        (["nurture", "1", "--until", "yesterday"], 1, "in the past"),
        (["list", "--status", "bogus"], 2, "status must be one of"),
        (["edit", "1"], 1, "nothing to change"),
        (["edit", "1", "--notes", "x", "--if-version", "1"], 4, "changed elsewhere"),
        (["edit", "1", "--stage", "closing"], 1, "stage must be one of"),
        (["reopen", "1"], 1, "already open"),
        (["frobnicate"], 2, "No such command"),
        (["add", "\u200b\u2060 \u200b"], 1, "a card needs a name"),  # nothing visible
        (["add", "Bo", "--next", "tomorrow 25pm"], 1, "cannot read 'tomorrow 25pm'"),
        (["add", "Bo", "--next", "monday 25:00"], 1, "cannot read 'monday 25:00'"),
    ],
)
def test_bad_input(run: Run, db_path: Path, args: list[str], code: int, message: str) -> None:
    before = digest(db_path)
    result = run(*args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("carddeck: ") and message in lines[0]
    assert "Traceback" not in result.output
    assert digest(db_path) == before


def test_export_into_a_missing_folder(run: Run, tmp_path: Path, clock: object) -> None:
    ok(run("add", "Ann"))
    result = run("export", str(tmp_path / "nope" / "deck.csv"))
    assert result.exit_code == 1 and "does not exist" in result.stderr


def one_line_failure(run: Run, db: Path | str, message: str, code: int) -> None:
    result = run("list", db=db)
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_a_deck_in_a_missing_folder(run: Run, tmp_path: Path) -> None:
    one_line_failure(run, tmp_path / "missing" / "deck.sqlite", "does not exist", 5)
    assert not (tmp_path / "missing").exists()


def test_a_deck_in_a_read_only_folder(run: Run) -> None:
    one_line_failure(run, "/proc/carddeck.sqlite", "cannot create the deck", 5)


def test_a_file_that_is_not_a_deck(run: Run, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("call Ann back\n" * 100)
    one_line_failure(run, notes, "is not a carddeck database", 6)
    assert notes.read_text() == "call Ann back\n" * 100
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = digest(other)
    one_line_failure(run, other, "holds other tables", 6)
    assert digest(other) == before


@pytest.mark.sqlite_only  # SQLite's own lock; a server's: tests/store/test_server.py
def test_a_locked_deck(
    run: Run, db_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("carddeck.store.engine.DEFAULT_BUSY_TIMEOUT", 1.0)  # 15 s otherwise
    monkeypatch.setattr("carddeck.store.lite.DEFAULT_BUSY_TIMEOUT", 1.0)
    ok(run("add", "Ann"))
    before = digest(db_path)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = run("add", "Bob")  # waits out the busy timeout, then gives up cleanly
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 5  # the store's trouble: try again
    assert result.stderr.strip().endswith("is busy: another program is writing to it; try again")
    assert digest(db_path) == before
