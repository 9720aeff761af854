"""How the deck screen looks, at fixed sizes on a frozen Friday evening."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from textual.pilot import Pilot

from carddeck import deck
from carddeck.store import Store
from tests.helpers import at
from tests.tui.conftest import app_for, in_deck_view, keys_then_ready, settle

Compare = Callable[..., bool]


async def ready(pilot: Pilot[None]) -> None:
    await settle(pilot)


def test_card_front(snap_compare: Compare, tui_deck: Store) -> None:
    assert snap_compare(in_deck_view(tui_deck), terminal_size=(100, 30), run_before=ready)


def test_card_back(snap_compare: Compare, tui_deck: Store) -> None:
    run = keys_then_ready("space")
    assert snap_compare(in_deck_view(tui_deck), terminal_size=(100, 30), run_before=run)


def test_log_beside_the_card(snap_compare: Compare, tui_deck: Store) -> None:
    run = keys_then_ready("l", "y", "7", "5")  # up to "what would it take to get to 6?"
    assert snap_compare(in_deck_view(tui_deck), terminal_size=(100, 30), run_before=run)


def test_log_at_80x24_on_the_date_step(snap_compare: Compare, tui_deck: Store) -> None:
    keys = ("l", "y", "7", "5", *"a quote", "enter", "8", *"went well", "enter")
    run = keys_then_ready(*keys)  # the date step: the proposal, selected to type over
    assert snap_compare(in_deck_view(tui_deck), terminal_size=(80, 24), run_before=run)


def test_today_in_sections(snap_compare: Compare, tui_deck: Store) -> None:
    # the app opens on today's calls when anything is due
    assert snap_compare(app_for(tui_deck), terminal_size=(100, 30), run_before=ready)


def test_80x24_terminal(snap_compare: Compare, tui_deck: Store) -> None:
    assert snap_compare(in_deck_view(tui_deck), terminal_size=(80, 24), run_before=ready)


def test_back_with_a_long_history_at_80x24(snap_compare: Compare, tui_deck: Store) -> None:
    with tui_deck.write() as s:
        ann = deck.resolve_card(s, "ann")
        for n in range(9):
            entry = deck.LogEntry(
                rating=6,
                interest=5 + n % 3,
                notch=f"step {n}",
                summary=f"call {n}",
                next_follow_up=at(2026, 11, 23, 9),
            )
            deck.log_contact(s, ann, entry, now=at(2026, 11, 19, 12) + timedelta(hours=n))
    run = keys_then_ready("space")
    assert snap_compare(in_deck_view(tui_deck), terminal_size=(80, 24), run_before=run)


def test_stats_screen(snap_compare: Compare, tui_deck: Store) -> None:
    # every target drawn: 5 leads this month of 4 (met), 1 won of 1 closed against 50%
    # (met), 2 of 4 called in their window against 90% (Bob's is still open), and no lead
    # given up yet against the cadence's 7 attempts
    targets = deck.DEFAULT_SETTINGS._replace(target_leads_per_month=4, target_close_rate=50)
    app = app_for(tui_deck, targets)
    assert snap_compare(app, terminal_size=(110, 40), run_before=keys_then_ready("s"))
