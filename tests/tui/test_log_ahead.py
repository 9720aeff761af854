"""The log dialog made, read and drawn ahead for the card shown: l then only opens it, and
nothing read ahead is shown once the deck has changed (here or in another process)."""

from __future__ import annotations

from typing import Any

from textual.containers import Vertical

from carddeck import deck
from carddeck.deck.cadence import turn_channel
from carddeck.store import Channel, Store
from carddeck.tui.screens.deck import DeckScreen
from carddeck.tui.screens.log import LogScreen
from tests.tui.conftest import card, in_deck_view, settle, text_of


def screen(app: Any) -> DeckScreen:
    found = next(s for s in app.screen_stack if isinstance(s, DeckScreen))
    assert isinstance(found, DeckScreen)
    return found


async def ahead(pilot: Any) -> None:
    """Settled, and the reading ahead (a worker of its own) done and drawn."""
    await settle(pilot)
    ahead = [w for w in pilot.app.workers if w.group == "ahead"]
    if ahead:
        await pilot.app.workers.wait_for_complete(ahead)
    await pilot.pause()
    await pilot.pause()


async def test_the_dialog_is_ready_for_the_card_shown_before_l(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await ahead(pilot)
        deck_screen = screen(app)
        dialog = deck_screen._log_dialog
        assert isinstance(dialog, LogScreen) and dialog.is_mounted
        assert dialog not in app.screen_stack  # made while the owner read, not shown
        shown = deck_screen.card
        assert shown is not None and shown.id is not None
        channel = deck_screen._log_ahead[shown.id][0]
        assert dialog.ready_for(shown, deck_screen.contacts, channel=channel,
                                place=deck_screen.log_place())  # fmt: skip
        await pilot.press("j")  # Bob: drawn for him once read ahead
        await ahead(pilot)
        assert deck_screen.card is not None and deck_screen.card.id in deck_screen._log_ahead
        assert dialog.card is deck_screen.card
        await pilot.press("l")
        assert app.screen is dialog and dialog.step == "answer"
        assert f"#{deck_screen.card.id} · 2 of 4" in text_of(dialog.query_one("#log-title"))
        assert "Bob" in text_of(dialog.query_one("#log-card"))


async def test_a_change_elsewhere_drops_what_was_read_ahead(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await ahead(pilot)
        deck_screen = screen(app)
        ann = card(tui_deck, "ann")
        assert deck_screen.card is not None and deck_screen.card.id == ann.id
        before = deck_screen._log_ahead[ann.id][0]
        # Another process logs unanswered attempts until the turn moves to another
        # channel, and renames her: what was read ahead is stale.
        expected = before
        for channel in (Channel.text, Channel.email, Channel.call, Channel.text):
            with tui_deck.write() as s:
                shown = deck.get_card(s, ann.id or 0)
                deck.log_contact(s, shown, deck.LogEntry(channel=channel, reached=False),
                                 settings=deck_screen.settings)  # fmt: skip
                expected = turn_channel(s, shown, deck_screen.settings)
            if expected != before:
                break
        assert expected != before
        with tui_deck.write() as s:
            deck.edit_card(s, deck.get_card(s, ann.id or 0), deck.CardChanges(name="Ann Renamed"))
        for _ in range(50):
            await pilot.pause(0.1)
            if deck_screen.card is not None and deck_screen.card.name == "Ann Renamed":
                break
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, LogScreen)
        assert dialog.card.name == "Ann Renamed"
        assert "Ann Renamed" in text_of(dialog.query_one("#log-card"))
        assert dialog.entry.channel == expected


async def test_the_dialog_follows_a_theme_changed_while_it_was_closed(tui_deck: Store) -> None:
    app = in_deck_view(tui_deck)
    async with app.run_test(size=(100, 30)) as pilot:
        await ahead(pilot)
        await pilot.press("l")
        dialog = app.screen
        assert isinstance(dialog, LogScreen)
        before = dialog.query_one("#log", Vertical).styles.background
        await pilot.press("escape")
        await settle(pilot)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        assert app.screen is dialog
        assert dialog.query_one("#log", Vertical).styles.background != before
        assert dialog.entry.channel in set(Channel)
