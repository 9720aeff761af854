"""CSV export: every field, deck order, and cells that spreadsheets would run neutralised."""

from __future__ import annotations

import csv
import io

import pytest

from carddeck import deck
from carddeck.deck.export import neutralise, write_csv
from carddeck.store import Store
from carddeck.store.models import CARD_FIELDS


def test_export_writes_every_field_in_deck_order(store: Store, clock: object) -> None:
    with store.write() as session:
        deck.add_card(session, deck.CardDraft(name="Ann", company="Acme", phone="212 555 0134"))
        deck.add_card(
            session,
            deck.CardDraft(name='=HYPERLINK("http://evil")', notes="@SUM(A1)", place="back"),
        )
        deck.add_card(session, deck.CardDraft(name="Bob", need="-2 days lead time", place="top"))
    out = io.StringIO()
    with store.read() as session:
        assert write_csv(session, out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CARD_FIELDS
    assert [r["name"] for r in rows] == ["Bob", "Ann", '\'=HYPERLINK("http://evil")']
    assert [r["position"] for r in rows] == ["1", "2", "3"]
    assert rows[1]["phone"] == "+12125550134"  # an E.164 phone runs nothing: no apostrophe
    assert rows[2]["notes"] == "'@SUM(A1)" and rows[0]["need"] == "'-2 days lead time"
    assert rows[1]["next_follow_up"] == "2026-11-23T18:30:00-05:00"
    raw = io.StringIO()
    with store.read() as session:
        write_csv(session, raw, raw=True)
    assert list(csv.DictReader(io.StringIO(raw.getvalue())))[2]["name"].startswith("=HYPER")


def test_neutralise_only_touches_formula_starts_and_apostrophes() -> None:
    for dangerous in ("=1+1", "+1+1", "-1", "@x", "\tx", "\rx", "\nx", "'x", "'=x", "+",
                      "+1 212", "+1234567890123456", "+12125550134\n+442079460958", "'+1",
                      "+１２", "+SUM(A1)"):  # fmt: skip
        assert neutralise(dangerous) == "'" + dangerous
    for safe in ("Ann", "1-2", "", None, 7, "+12125550134", "+442079460958", "+1"):
        assert neutralise(safe) == safe


def test_e164_cells_are_plain_and_formulas_still_neutralised(store: Store, clock: object) -> None:
    """The export's SQL (on SQLite and on PostgreSQL) does as ``neutralise`` does."""
    cells = [
        "+12125550134",
        "+1 212 555 0134",
        "+1+1",
        "=1+1",
        "@SUM(A1)",
        "-2",
        "+",
        "+1234567890123456",
        "'+12125550134",
        "+12125550134\n+442079460958",
        "\t+1",
    ]
    with store.write() as session:
        for n, cell in enumerate(cells):
            deck.add_card(session, deck.CardDraft(name=f"Lead {n}", notes=cell, place="back"))
    out = io.StringIO()
    with store.read() as session:
        write_csv(session, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    with store.read() as session:
        stored = [c.notes for _, c in deck.list_cards(session)]
    assert [r["notes"] for r in rows] == [neutralise(n) for n in stored]
    assert rows[0]["notes"] == "+12125550134" and rows[3]["notes"] == "'=1+1"
    assert rows[1]["notes"] == "'+1 212 555 0134" and rows[2]["notes"] == "'+1+1"


@pytest.mark.parametrize(
    "zone", ["America/New_York", "Asia/Kolkata", "Australia/Adelaide", "UTC", "Europe/London"]
)
def test_times_formatted_in_sql_match_python(zone: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export formats times in SQLite (fast); they must read as ``plain`` makes them."""
    import sqlite3
    import time
    from datetime import UTC, datetime

    from carddeck.deck.serialize import plain
    from carddeck.store.sql import as_local, sqlite_local_time

    monkeypatch.setenv("TZ", zone)
    time.tzset()
    db = sqlite3.connect(":memory:")
    for stored in ("2026-11-23 14:00:00.000000", "2026-03-08 07:00:00.000000",
                   "2026-10-04 16:30:00.000000", "2026-07-01 03:30:00.000000"):  # fmt: skip
        in_sql = db.execute(f"SELECT {sqlite_local_time(repr(stored))}").fetchone()[0]
        moment = datetime.fromisoformat(stored).replace(tzinfo=UTC)
        assert in_sql == plain(moment) == as_local(moment)  # SQLite's way, and a server's
