"""The installed carddeck in a real terminal (tmux): a card added from a second command
while the screen is open shows up by itself."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

CARDDECK = Path(sys.executable).with_name("carddeck")


#: The tests' own tmux server: none of theirs in the user's, and its sessions take no
#: environment from a server the user started.
TMUX = ["tmux", "-L", "carddeck-tests"]


def tmux(*args: str) -> str:
    done = subprocess.run([*TMUX, *args], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


def private() -> str:
    """The test's own data and settings folders, as ``env`` arguments: a tmux session takes
    its environment from the tmux server, not from the test."""
    return " ".join(f"{key}={os.environ[key]}" for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"))


@pytest.fixture
def session(deck_at: str) -> Iterator[tuple[str, str]]:
    """carddeck's screen in tmux, on a deck file or on a PostgreSQL server."""
    assert shutil.which("tmux"), "tmux is needed: .ci/run installs it"
    name = f"carddeck-test-{uuid.uuid4().hex[:8]}"
    db = deck_at
    subprocess.run(
        [str(CARDDECK), "add", "Ann Lee", "--company", "Acme"],
        env={**os.environ, "CARDDECK_DB": str(db)},
        check=True,
        capture_output=True,
    )
    zone = os.environ.get("TZ", "UTC")  # the owner's zone, for the screen and `show` alike
    command = f"env CARDDECK_DB={db} TZ={zone} TERM=xterm-256color {private()} {CARDDECK}"
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command)
    try:
        yield name, db
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)


def screen_of(name: str) -> str:
    return tmux("capture-pane", "-p", "-t", name)


def wait_for(name: str, text: str, seconds: float = 15.0) -> str:
    deadline = time.monotonic() + seconds
    shown = ""
    while time.monotonic() < deadline:
        shown = screen_of(name)
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never showed; the screen was:\n{shown}")


def test_a_card_added_from_the_command_line_appears_on_the_open_screen(
    session: tuple[str, str],
) -> None:
    name, db = session
    wait_for(name, "Ann Lee")
    wait_for(name, "1 of 1")  # the first card is drawn first, its place once counted
    added = subprocess.run(
        [str(CARDDECK), "add", "Zed Newcard", "--back"],
        env={**os.environ, "CARDDECK_DB": str(db)},
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    # The screen polls the deck every second; the deadline here is generous because this
    # machine is shared (timing is for benchmarks, not tests).
    wait_for(name, "Zed Newcard", seconds=10)
    shown = wait_for(name, "1 of 2")  # still on Ann's card
    assert "#1" in shown
    tmux("send-keys", "-t", name, "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        alive = subprocess.run([*TMUX, "has-session", "-t", name], capture_output=True)
        if alive.returncode != 0:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("q did not quit carddeck")


def keys(name: str, *typed: str) -> None:
    """Keys as a person types them: one send each, as tmux sends a keypress."""
    for key in typed:
        tmux("send-keys", "-t", name, key)
        time.sleep(0.05)


def test_a_date_typed_as_a_person_types_it_is_the_next_follow_up(
    session: tuple[str, str],
) -> None:
    from datetime import datetime, timedelta

    name, db = session
    wait_for(name, "Ann Lee")
    keys(name, "l")
    wait_for(name, "Did they answer?")
    keys(name, "y", "6", "5")
    wait_for(name, "What would it take to get you to 6?")
    keys(name, *"a site visit", "Enter")
    wait_for(name, "Your rating again")
    keys(name, "Enter")
    wait_for(name, "Summary:")
    keys(name, "Enter")
    wait_for(name, "Next follow-up")
    keys(name, *"thu 10am", "Enter")  # typed over the proposal, as the question invites
    wait_for(name, "Then the card goes")
    keys(name, "k")
    shown = wait_for(name, "Logged #1 Ann Lee")
    assert "next Thu" in shown and "10:00" in shown
    env = {**os.environ, "CARDDECK_DB": str(db)}
    card = subprocess.run([str(CARDDECK), "show", "1", "--json"], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    due = datetime.fromisoformat(json.loads(card.stdout)["next_follow_up"])
    assert (due.strftime("%A"), due.hour, due.minute) == ("Thursday", 10, 0)
    assert timedelta(0) < due - datetime.now(due.tzinfo) <= timedelta(days=7)


def test_keys_typed_fast_reach_the_dialog(session: tuple[str, str]) -> None:
    """`l` then `n` 20 ms apart, faster than anyone types: the dialog is open before `n`
    arrives, so `n` answers "no answer" there instead of opening the deck's nurture."""
    name, db = session
    wait_for(name, "Ann Lee")
    wait_for(name, "1 of 1")  # started: the counts (read in a thread after the card) are in
    tmux("send-keys", "-t", name, "l")
    time.sleep(0.02)
    tmux("send-keys", "-t", name, "n")
    wait_for(name, "A note on this attempt")
    keys(name, "Enter")
    wait_for(name, "Next follow-up")
    keys(name, "Enter")
    wait_for(name, "Then the card goes")
    keys(name, "Enter")
    wait_for(name, "Logged #1 Ann Lee: no answer")
    env = {**os.environ, "CARDDECK_DB": str(db)}
    card = subprocess.run([str(CARDDECK), "show", "1", "--json"], env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert json.loads(card.stdout)["attempts"] == 1


@pytest.mark.sqlite_only
def test_a_file_that_is_no_deck_is_said_on_the_screen_then_by_the_command(
    deck_at: str, tmp_path: Path
) -> None:
    """The screen comes up and says what is wrong; q leaves it, and the command ends as
    every command does on that deck: its exit code, one ``carddeck:`` line on stderr."""
    assert shutil.which("tmux"), "tmux is needed: .ci/run installs it"
    bad = tmp_path / "notes.sqlite"
    bad.write_text("shopping list: eggs, milk\n" * 40)
    name = f"carddeck-test-{uuid.uuid4().hex[:8]}"
    # (the screen is drawn on stderr too: the line after it is read off the terminal)
    command = (f"env TERM=xterm-256color {private()} sh -c '{CARDDECK} --db {bad}; "
               "echo exit=$?; sleep 30'")  # fmt: skip
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30", command)
    try:
        deadline = time.monotonic() + 15
        shown = ""
        while "(notanSQLitefile)" not in shown:  # the whole line, however a long path wraps
            assert time.monotonic() < deadline, f"never said; the screen was:\n{shown}"
            time.sleep(0.2)
            shown = "".join(screen_of(name).replace("│", "").replace("▏", "").split())
        assert "carddeck:" in shown and "isnotacarddeckdatabase" in shown
        assert "thedeckisnotopen" in shown and "qquits" in shown
        tmux("send-keys", "-t", name, "q")
        after = wait_for(name, "exit=")
        assert after.split()[-1] == "exit=6"  # the deck itself is wrong (errors.py)
        told = "".join(after.split())
        assert told.startswith("carddeck:") and told.count("carddeck:") == 1
        assert "isnotacarddeckdatabase(notanSQLitefile)exit=6" in told
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)


def test_ctrl_c_at_a_question_of_log_says_it_stopped_on_a_line_of_its_own(
    deck_at: str, tmp_path: Path
) -> None:
    """``carddeck log`` asks at the terminal; Ctrl-C at a question stops it, and the line
    that says so is not stuck to the question and its ``^C``."""
    assert shutil.which("tmux"), "tmux is needed: .ci/run installs it"
    env = {**os.environ, "CARDDECK_DB": str(deck_at)}
    subprocess.run([str(CARDDECK), "add", "Ann Lee"], env=env, check=True, capture_output=True)
    name = f"carddeck-test-{uuid.uuid4().hex[:8]}"
    tmux("new-session", "-d", "-s", name, "-x", "100", "-y", "30",
         "env PS1='$ ' bash --norc --noprofile")  # fmt: skip
    try:
        keys(name, f"env CARDDECK_DB={deck_at} {private()} {CARDDECK} log 'Ann Lee'; "
                   "echo EXIT=$?", "Enter")  # fmt: skip
        wait_for(name, "Did they answer? [y/n]:")
        keys(name, "y", "Enter")
        wait_for(name, "How?")
        keys(name, "C-c")
        shown = wait_for(name, "\nEXIT=")  # the echo, not the command line typed
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", name], capture_output=True)
    lines = [line.rstrip() for line in shown.splitlines()]
    assert "carddeck: stopped; nothing half done was saved" in lines, shown
    assert "EXIT=130" in lines, shown
    contacts = subprocess.run([str(CARDDECK), "show", "Ann Lee", "--json"], env=env,
                              capture_output=True, text=True, check=True)  # fmt: skip
    assert json.loads(contacts.stdout)["contacts"] == []
