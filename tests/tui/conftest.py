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
    """Ann (worked once), Bob (new), Cy (due today), Dee (won), Eve (cold): in that order.

    Friday 20 November, 18:30: today's calls are Cy (due today), Bob (new) and Eve (cold);
    Ann is due on Monday."""
    store = open_store(DeckLocation(db_path, False))
    with store.write() as s:
        ann = deck.add_card(
            s,
            deck.CardDraft(
                name="Ann Lee",
                company="Acme Dental",
                phone="212 555 0134",
                email="ann@acme.example",
                source="Google Ads",
                known="Two clinics, one in Queens",
                need="Fewer no-shows",
                place="back",
            ),
            now=at(2026, 11, 18, 10),
        ).card
        deck.log_contact(
            s,
            ann,
            deck.LogEntry(
                rating=6,
                interest=5,
                notch="a walkthrough quote",
                rating_after=7,
                summary="Pricing fine; wants references",
                next_follow_up=at(2026, 11, 23, 9),
            ),
            now=at(2026, 11, 19, 11),
        )
        deck.add_card(
            s,
            deck.CardDraft(
                name="Bob Stone",
                company="Stone Roofing",
                phone="+44 20 7946 0958",
                source="Website form",
                place="back",
            ),
            now=at(2026, 11, 20, 16),
        )
        cy = deck.add_card(
            s,
            deck.CardDraft(
                name="Cy Young", company="Young & Co", referred_by="Ann Lee", place="back"
            ),
            now=at(2026, 11, 17, 9),
        ).card
        deck.log_contact(
            s,
            cy,
            deck.LogEntry(reached=False, next_follow_up=at(2026, 11, 20, 14)),
            now=at(2026, 11, 18, 9),
        )
        dee = deck.add_card(
            s, deck.CardDraft(name="Dee Park", place="back"), now=at(2026, 11, 10, 9)
        ).card
        deck.log_contact(s, dee, deck.LogEntry(rating=9, interest=10), now=at(2026, 11, 12, 9))
        deck.mark_won(s, dee, now=at(2026, 11, 13, 9))
        eve = deck.add_card(
            s, deck.CardDraft(name="Eve Adams", place="back"), now=at(2026, 11, 2, 9)
        ).card
        deck.log_contact(s, eve, deck.LogEntry(reached=False), now=at(2026, 11, 3, 9))
        eve.next_follow_up = None  # an old card that lost its date
    yield store
    store.close()  # fmt: skip


def app_for(store: Store, settings: deck.Settings = deck.DEFAULT_SETTINGS) -> CarddeckApp:
    app = CarddeckApp(db=DeckLocation(store.path, False), settings=settings, poll_seconds=0.2)
    app.animation_level = "none"
    return app


def in_deck_view(store: Store) -> CarddeckApp:
    """The app, pinned to open on the deck view (whatever is due)."""
    from dataclasses import replace

    return app_for(store, replace(deck.DEFAULT_SETTINGS, start_view="deck"))


#: The workers that read the deck; a flow waiting on a dialog ("flow") is not waited for.
LOADING = ("load", "counts", "stats")


async def settle(pilot: Pilot[None]) -> None:
    """Let the reading workers finish and the screen catch up."""
    await pilot.pause()
    loading = [w for w in pilot.app.workers if w.group in LOADING]
    if loading:  # (an empty list would mean every worker)
        await pilot.app.workers.wait_for_complete(loading)
    await pilot.pause()


def text_of(widget: Widget) -> str:
    """What the widget shows on screen, as plain text."""
    region = Region(0, 0, widget.outer_size.width, widget.outer_size.height)
    return "\n".join(strip.text for strip in widget.render_lines(region))


def card(store: Store, name: str) -> Card:
    with store.read() as s:
        return deck.resolve_card(s, name)


def order(store: Store) -> list[str]:
    with store.read() as s:
        return [c.name.split()[0] for _, c in deck.list_cards(s, statuses=OPEN_STATUSES)]
