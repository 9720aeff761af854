"""Shared fixtures: a real deck file in tmp_path, a frozen clock, the owner's time zone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

from carddeck import deck
from carddeck.paths import deck_location
from carddeck.store import Store, open_store
from tests import pg
from tests.helpers import FRIDAY_EVENING, at

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only: a test of the SQLite file itself (not run on PostgreSQL)"
    )
    config.addinivalue_line("markers", "postgres: runs on the PostgreSQL server")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Every test on a deck runs on an SQLite file and on a PostgreSQL server, but those
    about the file itself."""
    if "backend" in metafunc.fixturenames:
        only = metafunc.definition.get_closest_marker("sqlite_only") is not None
        metafunc.parametrize("backend", BACKENDS[:1] if only else BACKENDS, indirect=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that run on the PostgreSQL server (to count them)."""
    for item in items:
        spec = getattr(item, "callspec", None)
        on_server = spec is not None and spec.params.get("backend") == "postgresql"
        if on_server or "pg_cluster" in getattr(item, "fixturenames", ()):
            item.add_marker("postgres")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many tests ran on PostgreSQL (CI shows the count)."""
    counts = {}
    for outcome in ("passed", "failed", "error", "skipped"):
        reports = terminalreporter.stats.get(outcome, [])
        counts[outcome] = sum(1 for r in reports if "postgres" in getattr(r, "keywords", {})
                              and (outcome != "passed" or r.when == "call"))  # fmt: skip
    terminalreporter.write_line(
        f"PostgreSQL: {counts['passed']} tests passed, {counts['failed']} failed, "
        f"{counts['error']} errors, {counts['skipped']} skipped"
    )


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.Cluster | str]:
    yield from pg.cluster()


@pytest.fixture
def deck_at(backend: str, db_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """The test's deck: an SQLite file in tmp_path, or a fresh database on the server."""
    if backend == "sqlite":
        yield str(db_path)
        return
    cluster = request.getfixturevalue("pg_cluster")
    if isinstance(cluster, str):
        pytest.skip(cluster)
    name = cluster.new_database()
    yield cluster.url(name)
    cluster.drop(name)


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
def store(deck_at: str) -> Iterator[Store]:
    opened = open_store(deck_location(deck_at))
    yield opened
    opened.close()


@pytest.fixture
def tui_deck(deck_at: str, clock: time_machine.Coordinates) -> Iterator[Store]:
    """Ann (worked once), Bob (new), Cy (due today), Dee (won), Eve (cold): in that order.

    Friday 20 November, 18:30: today's calls are Cy (due today), Bob (new) and Eve (cold);
    Ann is due on Monday."""
    store = open_store(deck_location(deck_at))
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
