"""The screen's ``c``: call, text or email the current card's person through the desktop's
opener (a script on PATH that records what it was handed stands in for the OS), or, with
none, the number shown under the card to dial by hand."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Label

from carddeck import deck
from carddeck.store import Store
from carddeck.tui.screens.ask import ChoiceScreen
from tests.tui.conftest import card, in_deck_view, settle, text_of


def said(app: Any) -> str:
    return " ".join(text_of(app.screen.query_one("#said", Label)).split())


async def reached(pilot: Any, *keys: str) -> None:
    """Press ``keys`` and wait until the flow they start is done or asks a question."""
    await pilot.press(*keys)
    for _ in range(200):
        await settle(pilot)
        flows = [w for w in pilot.app.workers if w.group == "flow" and w.is_running]
        if not flows or isinstance(pilot.app.screen, ChoiceScreen):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the flow did not finish")


@pytest.fixture
def opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake ``xdg-open`` first on PATH, writing each URI it is handed to a file."""
    folder = tmp_path / "bin"
    folder.mkdir()
    handed = tmp_path / "handed.txt"
    script = folder / "xdg-open"
    script.write_text(f'#!/bin/sh\necho "$1" >> "{handed}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    monkeypatch.setenv("DISPLAY", ":99")
    return handed


async def test_c_calls_and_texts_through_the_desktop(tui_deck: Store, opener: Path) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        assert dialog.choices == {"c": "call", "t": "text", "e": "email"}
        await reached(pilot, "c")
        # said as the card shows the number; the E.164 form is what is dialled
        assert "Calling #1 Ann Lee at (212) 555-0134 (handed to xdg-open)" in said(app)
        await reached(pilot, "c", "e")
        assert "Emailing #1 Ann Lee at ann@acme.example" in said(app)
        await reached(pilot, "j", "c")
        assert app.screen.choices == {"c": "call", "t": "text"}  # Bob has no email
        await reached(pilot, "t")
        assert "Texting #2 Bob Stone at +44 20 7946 0958" in said(app)
    assert opener.read_text().split() == [
        "tel:+12125550134", "mailto:ann@acme.example", "sms:+442079460958",
    ]  # fmt: skip


async def test_with_no_opener_the_number_is_shown(
    tui_deck: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing to hand it to
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await reached(pilot, "c", "c")
        assert "No xdg-open on PATH: call #1 Ann Lee yourself at (212) 555-0134" in said(app)
        await reached(pilot, "escape")
        assert "u undoes" not in said(app)  # nothing was changed


async def test_a_do_not_contact_card_is_never_reached(tui_deck: Store, opener: Path) -> None:
    with tui_deck.write() as s:
        deck.mark_do_not_contact(s, deck.get_card(s, card(tui_deck, "ann").id or 0))
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await reached(pilot, "4")  # closed: Ann (do not contact), Dee (won)
        assert app.screen.card.name == "Ann Lee"
        await reached(pilot, "c")
        assert not isinstance(app.screen, ChoiceScreen)
        assert any("never called" in n.message for n in app._notifications)
        await reached(pilot, "1", "j")  # Bob, then Cy Young: no phone, no email
        assert app.screen.card.name == "Cy Young"
        await reached(pilot, "c")
        assert not isinstance(app.screen, ChoiceScreen)
        assert any("no phone or email" in n.message for n in app._notifications)
    assert not opener.exists()
