"""Shared fixtures: a real deck file in tmp_path, a frozen clock, the owner's time zone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from carddeck.paths import DeckLocation
from carddeck.store import Store, open_store
from tests.helpers import FRIDAY_EVENING


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
