"""The shell's Tab: commands, options, the words options take, and card names from the deck,
through Typer's completion machinery, the installed command and a real bash."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import Run, ok
from tests.helpers import digest

CARDDECK = Path(sys.executable).with_name("carddeck")


def complete(env: dict[str, str], db: Path | str | None) -> subprocess.CompletedProcess[str]:
    """The installed ``carddeck`` asked for completions, as a shell's script asks."""
    full = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/"), **env}
    full.update({k: v for k, v in os.environ.items() if k.startswith("XDG_")})
    if db is not None:
        full["CARDDECK_DB"] = str(db)
    return subprocess.run(
        [str(CARDDECK)], capture_output=True, text=True, env=full, timeout=30, check=False
    )


def bash(words: str, cword: int, db: Path | str | None) -> list[str]:
    env = {"_CARDDECK_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
    done = complete(env, db)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return [line for line in done.stdout.splitlines() if line]


@pytest.fixture
def anns(run: Run, deck_at: str, clock: object) -> str:
    """Ann Lee and Anna Park open, Ana Closed won (last, though first by name), Bob Stone."""
    for name in ("Ann Lee", "Anna Park", "Ana Closed", "Bob Stone"):
        ok(run("add", name, *(["--company", "Acme Dental"] if name == "Ann Lee" else [])))
    ok(run("won", "ana"))
    return deck_at


def test_a_card_name_completes_from_the_deck(anns: str) -> None:
    assert bash("carddeck show an", 2, anns) == ["Ann\\ Lee", "Anna\\ Park", "Ana\\ Closed"]
    assert bash("carddeck log Ann\\ L", 2, anns) == ["Ann\\ Lee"]
    assert bash("carddeck won zed", 2, anns) == []


def test_the_db_option_names_the_deck_completed_from(anns: str, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite"
    words = f"carddeck --db {anns} history bo"
    assert bash(words, 4, elsewhere) == ["Bob\\ Stone"]
    assert not elsewhere.exists()


def test_a_percent_or_underscore_is_typed_text(run: Run, deck_at: str, clock: object) -> None:
    ok(run("add", "50% Off Ltd"))
    ok(run("add", "5000 Club"))
    assert bash("carddeck show 50%", 2, deck_at) == ["50%\\ Off\\ Ltd"]
    assert bash("carddeck show 5_", 2, deck_at) == []


def test_no_more_than_fifty_names_open_ones_first(run: Run, deck_at: str, clock: object) -> None:
    ok(run("add", "Zed Open"))
    ok(run("won", "zed"))
    lines = "name\n" + "".join(f"Zed {n:02}\n" for n in range(60))
    ok(run("import", "-", input=lines))
    offered = bash("carddeck show z", 2, deck_at)
    assert len(offered) == 50 and offered[0] == "Zed\\ 00" and "Zed\\ Open" not in offered


def test_status_stage_kind_and_channel_complete(anns: str) -> None:
    assert bash("carddeck list --status ", 3, anns) == [
        "new", "active", "nurture", "won", "lost", "dnc", "junk",
    ]  # fmt: skip
    assert bash("carddeck list --status n", 3, anns) == ["new", "nurture"]
    assert bash("carddeck add Bo --stage ", 4, anns) == [
        "rapport", "need", "present", "terms", "close",
    ]  # fmt: skip
    assert bash("carddeck edit ann --kind r", 4, anns) == ["referral"]
    assert bash("carddeck log ann --channel e", 4, anns) == ["email"]


def test_commands_and_options_complete(anns: str) -> None:
    assert bash("carddeck sh", 1, anns) == ["show", "shuffle"]
    assert "--status" in bash("carddeck list --", 2, anns)


def test_zsh_and_fish_get_their_formats(anns: str) -> None:
    zsh = complete({"_CARDDECK_COMPLETE": "complete_zsh",
                    "_TYPER_COMPLETE_ARGS": "carddeck show an"}, anns)  # fmt: skip
    assert zsh.returncode == 0 and zsh.stderr == ""
    assert zsh.stdout.startswith("_arguments '*: :((")
    assert '"Ann Lee":"Acme Dental"' in zsh.stdout and '"Anna Park"' in zsh.stdout
    fish = complete({"_CARDDECK_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION":
                     "get-args", "_TYPER_COMPLETE_ARGS": "carddeck show An"}, anns)  # fmt: skip
    assert fish.returncode == 0 and fish.stderr == ""
    assert fish.stdout.splitlines()[:2] == ["Ann Lee\tAcme Dental", "Anna Park"]
    words = "carddeck list --status w"
    status = complete({"_CARDDECK_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION":
                       "get-args", "_TYPER_COMPLETE_ARGS": words}, anns)  # fmt: skip
    assert status.stdout.splitlines() == ["won"]


@pytest.mark.sqlite_only
def test_a_missing_deck_completes_nothing_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.sqlite"
    assert bash("carddeck show an", 2, missing) == []
    assert bash("carddeck show an", 2, tmp_path / "no-folder" / "deck.sqlite") == []
    assert not missing.exists() and not (tmp_path / "no-folder").exists()
    # the default deck, in a data folder that does not exist yet
    assert bash("carddeck show an", 2, None) == []
    assert not (tmp_path / "xdg-data").exists()


@pytest.mark.sqlite_only
def test_a_file_that_is_no_deck_completes_nothing(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("call Ann back\n")
    assert bash("carddeck show an", 2, notes) == []
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = digest(other)
    assert bash("carddeck show an", 2, other) == []
    assert digest(other) == before
    assert bash("carddeck show an", 2, "mysql://nowhere/deck") == []


@pytest.mark.sqlite_only
def test_a_locked_deck_completes_nothing_at_once(anns: str) -> None:
    holder = sqlite3.connect(anns, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        assert bash("carddeck show an", 2, anns) == []
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert bash("carddeck show an", 2, anns) == ["Ann\\ Lee", "Anna\\ Park", "Ana\\ Closed"]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_real_bash_completes_a_name_as_one_argument(anns: str) -> None:
    script = complete({"_CARDDECK_COMPLETE": "source_bash"}, anns).stdout
    assert "complete -o default -F _carddeck_completion carddeck" in script
    driver = (
        f"{script}\nCOMP_WORDS=(carddeck show an); COMP_CWORD=2; _carddeck_completion carddeck\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        'COMP_WORDS=(carddeck show "Ann\\ L"); COMP_CWORD=2; _carddeck_completion carddeck\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {"PATH": f"{CARDDECK.parent}:{os.environ['PATH']}", "CARDDECK_DB": anns}
    done = subprocess.run(["bash", "--norc", "-c", driver], capture_output=True, text=True,
                          env=env, timeout=30, check=False)  # fmt: skip
    assert done.stdout.splitlines() == [
        "Ann\\ Lee", "Anna\\ Park", "Ana\\ Closed", "Ann\\ Lee",
    ], done.stderr  # fmt: skip
    # what bash then runs: the escaped name is one argument, the card it names
    shown = subprocess.run(["bash", "--norc", "-c", "carddeck show Ann\\ Lee"],
                           capture_output=True, text=True, env=env, timeout=30)  # fmt: skip
    assert shown.returncode == 0 and "Ann Lee" in shown.stdout, shown.stderr


def test_install_completion_writes_the_script(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    full = {**os.environ, **env}
    done = subprocess.run([str(CARDDECK), "--install-completion", "bash"], capture_output=True,
                          text=True, env=full, timeout=30)  # fmt: skip
    assert done.returncode == 0, done.stderr
    script = (tmp_path / ".bash_completions" / "carddeck.sh").read_text()
    assert "_CARDDECK_COMPLETE=complete_bash" in script
    assert "source" in (tmp_path / ".bashrc").read_text()
    shown = subprocess.run([str(CARDDECK), "--show-completion", "fish"], capture_output=True,
                           text=True, env=full, timeout=30)  # fmt: skip
    assert shown.returncode == 0 and "_CARDDECK_COMPLETE=complete_fish" in shown.stdout
