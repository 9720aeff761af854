"""A small deck for the screen, built through the deck layer on a frozen Friday evening."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget

from carddeck import deck
from carddeck.store import OPEN_STATUSES, Card, Store
from carddeck.tui.app import CarddeckApp


def app_for(store: Store, settings: deck.Settings = deck.DEFAULT_SETTINGS) -> CarddeckApp:
    app = CarddeckApp(db=store.location, settings=settings, poll_seconds=0.2)
    app.animation_level = "none"
    return app


def in_deck_view(store: Store) -> CarddeckApp:
    """The app, pinned to open on the deck view (whatever is due)."""

    return app_for(store, deck.DEFAULT_SETTINGS._replace(start_view="deck"))


#: The workers that read the deck, or write a move to it ("write": a shuffle shown at once);
#: a flow waiting on a dialog ("flow") is not waited for.
LOADING = ("load", "counts", "stats", "write")


async def settle(pilot: Pilot[None]) -> None:
    """Let the reading workers finish and the screen catch up."""
    await pilot.pause()
    loading = [w for w in pilot.app.workers if w.group in LOADING]
    if loading:  # (an empty list would mean every worker)
        await pilot.app.workers.wait_for_complete(loading)
    await pilot.pause()


def keys_then_ready(*keys: str) -> Callable[[Pilot[None]], Any]:
    """A snapshot's ``run_before``: the deck read, ``keys`` pressed, the screen caught up."""

    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


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


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots shared by both backends: the screen on a PostgreSQL deck must be the very
    screen the SQLite one shows, so both compare against one file."""
    from pytest_textual_snapshot import SVGImageExtension

    class OneScreenForBoth(SVGImageExtension):  # type: ignore[misc]
        @classmethod
        def get_snapshot_name(cls, *, test_location: Any, index: Any = 0) -> str:
            name = str(super().get_snapshot_name(test_location=test_location, index=index))
            return re.sub(r"[\[_](sqlite|postgresql)[\]_]?$", "", name)

    use = snapshot.use_extension
    snapshot.use_extension = lambda *_: use(OneScreenForBoth)  # type: ignore[method-assign]
    return snapshot
