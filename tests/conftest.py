"""Shared fixtures: a real deck file in tmp_path, a frozen clock, the owner's time zone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from carddeck import deck
from carddeck.paths import DeckLocation
from carddeck.store import Store, open_store
from tests.helpers import FRIDAY_EVENING, at


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real data folder, and all run in the owner's zone."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("CARDDECK_DB", raising=False)
    monkeypatch.setenv("TZ", "America/New_York")
    import time

    time.tzset()


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    """Time stands still on Friday evening (move it with ``clock.move_to``)."""
    with time_machine.travel(FRIDAY_EVENING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "deck.sqlite"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    opened = open_store(DeckLocation(db_path, is_default=False))
    yield opened
    opened.close()


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
