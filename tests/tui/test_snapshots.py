"""How the deck screen looks, at fixed sizes on a frozen Friday evening."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from carddeck.store import Store
from tests.tui.conftest import app_for, settle

Compare = Callable[..., bool]


async def ready(pilot: Pilot[None]) -> None:
    await settle(pilot)


def keys_then_ready(*keys: str) -> Callable[[Pilot[None]], Any]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


def test_card_front(snap_compare: Compare, tui_deck: Store) -> None:
    assert snap_compare(app_for(tui_deck), terminal_size=(100, 30), run_before=ready)


def test_card_back(snap_compare: Compare, tui_deck: Store) -> None:
    run = keys_then_ready("space")
    assert snap_compare(app_for(tui_deck), terminal_size=(100, 30), run_before=run)


def test_log_modal(snap_compare: Compare, tui_deck: Store) -> None:
    run = keys_then_ready("l", "y", "enter", "7", "5")  # up to "what would it take to get to 6?"
    assert snap_compare(app_for(tui_deck), terminal_size=(100, 30), run_before=run)


def test_today_view(snap_compare: Compare, tui_deck: Store) -> None:
    run = keys_then_ready("2")
    assert snap_compare(app_for(tui_deck), terminal_size=(100, 30), run_before=run)


def test_80x24_terminal(snap_compare: Compare, tui_deck: Store) -> None:
    assert snap_compare(app_for(tui_deck), terminal_size=(80, 24), run_before=ready)


def test_stats_screen(snap_compare: Compare, tui_deck: Store) -> None:
    assert snap_compare(app_for(tui_deck), terminal_size=(110, 40), run_before=keys_then_ready("s"))
