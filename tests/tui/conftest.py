"""A small deck for the screen, built through the deck layer on a frozen Friday evening."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from carddeck import deck
from carddeck.paths import DeckLocation
from carddeck.store import OPEN_STATUSES, Card, Store, open_store
from carddeck.tui.app import CarddeckApp
from tests.helpers import at


@pytest.fixture
def tui_deck(db_path: Path, clock: time_machine.Coordinates) -> Iterator[Store]:
    """Ann (worked once), Bob (new), Cy (due today), Dee (won), Eve (cold): in that order."""
    store = open_store(DeckLocation(db_path, False))
    with store.write() as s:
        ann = deck.add_card(s, name="Ann Lee", company="Acme Dental", phone="212 555 0134",
                            email="ann@acme.example", source="Google Ads",
                            now=at(2026, 11, 18, 10), place="back").card  # fmt: skip
        deck.log_contact(s, ann, rating=6, interest=5, notch="a walkthrough quote",
                         rating_after=7, summary="Pricing fine; wants references",
                         next_follow_up=at(2026, 11, 23, 9), now=at(2026, 11, 19, 11))  # fmt: skip
        deck.add_card(s, name="Bob Stone", company="Stone Roofing", source="Website form",
                      now=at(2026, 11, 20, 16), place="back")  # fmt: skip
        cy = deck.add_card(s, name="Cy Young", company="Young & Co", referred_by="Ann Lee",
                           now=at(2026, 11, 17, 9), place="back").card  # fmt: skip
        deck.log_contact(s, cy, reached=False, next_follow_up=at(2026, 11, 20, 14),
                         now=at(2026, 11, 18, 9))  # fmt: skip
        dee = deck.add_card(s, name="Dee Park", now=at(2026, 11, 10, 9), place="back").card
        deck.log_contact(s, dee, rating=9, interest=10, now=at(2026, 11, 12, 9))
        deck.mark_won(s, dee, now=at(2026, 11, 13, 9))
        eve = deck.add_card(s, name="Eve Adams", now=at(2026, 11, 2, 9), place="back").card
        deck.log_contact(s, eve, reached=False, now=at(2026, 11, 3, 9))
        eve.next_follow_up = None  # an old card that lost its date
    yield store
    store.close()


def app_for(store: Store) -> CarddeckApp:
    app = CarddeckApp(db=DeckLocation(store.path, False), poll_seconds=0.2)
    app.animation_level = "none"
    return app


async def settle(pilot: Pilot[None]) -> None:
    """Let workers finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(widget: Widget) -> str:
    """What the widget shows on screen, as plain text."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return "\n".join(strip.text for strip in widget.render_lines(region))


def card(store: Store, name: str) -> Card:
    with store.read() as s:
        return deck.resolve_card(s, name)


def order(store: Store) -> list[str]:
    with store.read() as s:
        return [c.name.split()[0] for _, c in deck.list_cards(s, statuses=OPEN_STATUSES)]
