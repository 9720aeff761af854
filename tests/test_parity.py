"""One set of rules behind both faces: the same contact logged through ``carddeck log`` (at a
terminal, answering its questions) and through the screen's log dialog (Pilot), on two
copies of one deck with the clock frozen, leaves identical card, contact and journal rows."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from carddeck import deck
from carddeck.cli import app as cli_app
from carddeck.paths import DeckLocation
from carddeck.store import open_store
from tests.helpers import at
from tests.tui.conftest import in_deck_view, settle

# (unanswered attempts before, what is typed at the command line's questions, keys on screen)
CASES: dict[str, tuple[int, str, tuple[str, ...]]] = {
    # answered, by the proposed channel, rated 6, interest 5, the notch, 7 again, a summary,
    # the proposed date, then the top of the deck
    "reached": (
        0,
        "y\n\n6\n5\na site visit\n7\nwalked through pricing\n\nt\n",
        (
            "y",
            "6",
            "5",
            *"a site visit",
            "enter",
            "7",
            *"walked through pricing",
            "enter",
            "enter",
            "t",
        ),
    ),  # fmt: skip
    # no answer, the proposed channel, no summary, the cadence's date, keep its place
    "third unanswered": (2, "n\n\n\n\n\n", ("n", "enter", "enter", "enter")),
    # no answer, the 7th: nurture is offered and taken, keep its place
    "seventh unanswered": (6, "n\n\n\n\n\n", ("n", "enter", "enter", "enter")),
}


def build(path: Path, unanswered: int) -> None:
    """Ann, Bob (a new lead) and Cy; Ann has ``unanswered`` attempts behind her."""
    store = open_store(DeckLocation(path, False))
    with store.write() as s:
        ann = deck.add_card(s, deck.CardDraft(name="Ann Lee", phone="212 555 0134"),
                            now=at(2026, 11, 2, 9)).card  # fmt: skip
        deck.add_card(s, deck.CardDraft(name="Bob Stone", place="back"), now=at(2026, 11, 20, 9))
        deck.add_card(s, deck.CardDraft(name="Cy Young", place="back"), now=at(2026, 11, 2, 9))
        for n in range(unanswered):
            when = at(2026, 11, 3 + n, 10)
            deck.log_contact(s, ann, deck.LogEntry(reached=False, channel="call"), now=when)
    store.close()


def rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("card", "contact", "change")
        }
    finally:
        conn.close()


@pytest.mark.parametrize("case", list(CASES))
async def test_the_command_line_and_the_screen_store_the_same_rows(
    case: str, tmp_path: Path, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    unanswered, typed, keys = CASES[case]
    original = tmp_path / "deck.sqlite"
    build(original, unanswered)
    by_cli, by_screen = tmp_path / "cli.sqlite", tmp_path / "screen.sqlite"
    shutil.copy(original, by_cli)
    shutil.copy(original, by_screen)
    before = rows(original)

    monkeypatch.setattr("carddeck.cli.common.stdin_is_terminal", lambda: True)
    result = CliRunner().invoke(cli_app, ["--db", str(by_cli), "log", "ann"], input=typed)
    assert result.exit_code == 0, (result.stdout, result.stderr)

    app = in_deck_view(open_store(DeckLocation(by_screen, False)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.card is not None and app.screen.card.name == "Ann Lee"
        await pilot.press("l", *keys)
        await settle(pilot)
        for _ in range(50):  # the dialog's answer is saved once the keys are handled
            if rows(by_screen) != before:
                break
            await pilot.pause(0.05)

    cli, screen = rows(by_cli), rows(by_screen)
    assert cli != before  # something was logged...
    assert len(cli["contact"]) == len(before["contact"]) + 1
    assert cli == screen  # ...and the same thing, both ways, to the last column
    card = cli["card"][0]
    if case == "seventh unanswered":
        assert "nurture" in card and 7 in card  # the offer, taken: nurtured after 7 attempts
    elif case == "third unanswered":
        assert 3 in card
