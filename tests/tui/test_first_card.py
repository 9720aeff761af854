"""On an SQLite deck the screen draws its first card from a plain sqlite3 read, before the
ORM is loaded: the very card, with the very face, that the full store shows."""

from __future__ import annotations

import importlib.util
import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine
from rich.console import Console

from carddeck import deck
from carddeck.paths import DeckLocation
from carddeck.render import cardface
from carddeck.store import Contact, open_store
from carddeck.store.lite import NO_LITE_ENV
from carddeck.tui.app import CarddeckApp
from carddeck.tui.screens.deck import DeckScreen
from carddeck.tui.widgets.card import CardStack
from tests.tui.conftest import settle

BENCH = Path(__file__).parents[2] / "bench" / "make_deck.py"
CARDS = 600  # six pages of the deck list, every view holding some


def make_deck(path: Path) -> Path:
    """A deck of every kind of card (the benchmarks' maker), each with a contact."""
    spec = importlib.util.spec_from_file_location("make_deck", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.make_deck(path, CARDS)
    store = open_store(DeckLocation(path, False))
    with store.write() as s:
        for card_id in range(1, CARDS + 1):
            when = deck.clock.now() - timedelta(days=card_id % 9 + 1)
            s.add(Contact(card_id=card_id, at=when, rating=card_id % 10 + 1,
                          summary=f"spoke about job {card_id}"))  # fmt: skip
    store.close()
    return path


def face(card: Any, contacts: list[Any], settings: deck.Settings) -> str:
    """Both sides of the card as text."""
    console = Console(width=70, file=io.StringIO(), record=True, color_system=None)
    console.print(cardface.front(card, settings))
    console.print(cardface.back(card, contacts))
    return console.export_text()


async def first_drawn(path: Path, settings: deck.Settings,
                      monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], int]:  # fmt: skip
    """The first card the screen draws (its kind, id and face), and the card it is on
    once the deck is read in full."""
    drawn: dict[str, Any] = {}
    show = CardStack.show

    def watched(self: CardStack, card: Any, contacts: list[Any], *a: Any, **k: Any) -> None:
        if card is not None and not drawn:
            drawn.update(kind=type(card).__name__, id=card.id,
                         face=face(card, contacts, settings))  # fmt: skip
        show(self, card, contacts, *a, **k)

    monkeypatch.setattr(CardStack, "show", watched)
    app = CarddeckApp(db=path, settings=settings, poll_seconds=60)
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeckScreen) and screen.card is not None
        assert face(screen.card, screen.contacts, settings) == drawn["face"]  # no change
        return drawn, screen.card.id or 0


@pytest.mark.parametrize("start", ["auto", "deck", "cold", "closed"])
async def test_the_first_card_is_the_full_stores(
    tmp_path: Path, clock: time_machine.Coordinates, monkeypatch: pytest.MonkeyPatch,
    start: str,
) -> None:  # fmt: skip
    path = make_deck(tmp_path / "deck.sqlite")
    settings = deck.DEFAULT_SETTINGS._replace(start_view=start)
    light, light_after = await first_drawn(path, settings, monkeypatch)
    monkeypatch.setenv(NO_LITE_ENV, "1")
    full, full_after = await first_drawn(path, settings, monkeypatch)
    assert light["kind"] == "CardRow" and full["kind"] == "Card"  # each came its own way
    assert light["id"] == full["id"] == light_after == full_after
    assert "spoke about job" in light["face"]
    assert light["face"] == full["face"]


PROBE = r"""
import json, sys, asyncio
from carddeck.tui.app import CarddeckApp
from carddeck.tui.widgets.card import CardStack
from carddeck.deck.fields import display_phone
seen = {}
show = CardStack.show
def shown(stack):
    face = stack.query_one("#card")
    return "".join(s.text for line in face.content.lines for s in line)
def watched(self, card, *a, **k):
    if card is not None and not seen:
        seen.update(kind=type(card).__name__,
                    heavy=sorted(m for m in ("sqlalchemy", "sqlmodel", "pydantic", "alembic",
                                             "phonenumbers") if m in sys.modules))
        show(self, card, *a, **k)
        seen["stored"] = card.phone in shown(self)  # as stored, till phonenumbers is in
        return
    show(self, card, *a, **k)
CardStack.show = watched
async def main():
    app = CarddeckApp(db=sys.argv[1])
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        seen["after"] = "sqlalchemy" in sys.modules
        card = app.screen.card
        phone = display_phone(card.phone, app.settings.phone_region)
        seen["settled"] = phone != card.phone and phone in shown(app.screen.query_one(CardStack))
asyncio.run(main())
print(json.dumps(seen))
"""


def test_the_first_card_is_painted_before_the_orm_and_phones_are_loaded(tmp_path: Path) -> None:
    path = make_deck(tmp_path / "deck.sqlite")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "TZ": "America/New_York",
           "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True,
                          text=True, check=True, env=env)  # fmt: skip
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # phonenumbers too is loaded once the card is up, and the card drawn again with it
    assert seen == {"kind": "CardRow", "heavy": [], "stored": True, "after": True,
                    "settled": True}  # fmt: skip


EMPTY = r"""
import json, sys, asyncio
from carddeck.tui.app import CarddeckApp
from carddeck.tui.widgets.card import CardStack
seen = {}
show = CardStack.show
def watched(self, card, *a, **k):
    if card is None and not seen:
        seen.update(orm="sqlalchemy" in sys.modules, place=k.get("place"))
    show(self, card, *a, **k)
CardStack.show = watched
async def main():
    app = CarddeckApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        face = app.screen.query_one("#card")
        seen["settled"] = "No cards here" in "".join(
            s.text for line in face.content.lines for s in line)
        seen["count"] = app.screen.count
asyncio.run(main())
print(json.dumps(seen))
"""


def test_a_first_run_shows_its_empty_deck_before_the_orm_is_loaded(tmp_path: Path) -> None:
    """A newcomer's first screen: the deck is made and its empty card drawn over plain
    sqlite3, not a second later once the full store is up."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TZ": "America/New_York",
           "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", EMPTY], capture_output=True, text=True,
                          check=True, env=env)  # fmt: skip
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"orm": False, "place": "0 of 0", "settled": True, "count": 0}
    assert (tmp_path / "data" / "carddeck" / "deck.sqlite").exists()


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_a_long_deck_list_fills_its_rows_with_cards_not_a_scroll_bar(
    tmp_path: Path, clock: time_machine.Coordinates, size: tuple[int, int]
) -> None:
    from carddeck.tui.widgets.decklist import DeckList

    path = make_deck(tmp_path / "deck.sqlite")
    app = CarddeckApp(db=path, poll_seconds=60)
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await settle(pilot)
        listing = app.screen.query_one(DeckList)
        assert listing.show_vertical_scrollbar  # more cards than rows: it scrolls up and down
        assert not listing.show_horizontal_scrollbar  # rows are cut to its width: not sideways
        last = listing.content_region.height - 1
        assert listing.row(last).name  # its last row on the screen is a card, as is every one
