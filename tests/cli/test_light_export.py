"""CSV and JSON exports of an SQLite deck read it through the plain driver (no ORM): the
same bytes as through the full store, on a deck holding every kind of value; the quick
CSV (times turned once an hour, places counted in Python) the same bytes as the SQL
wrote before; and the same one-line refusals for a deck that cannot be read."""

from __future__ import annotations

import io
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from carddeck.deck.export import write_csv
from carddeck.store.lite import NO_LITE_ENV
from carddeck.store.sql import LocalTimes, Rows, sqlite_local_time
from tests.cli.conftest import Run, ok

pytestmark = pytest.mark.sqlite_only

#: Stored times that test the local-time formatting: both sides of a change of offset,
#: microseconds, the first and last second of a day, and dates far outside 1970-2038.
ODD_TIMES = (
    "2026-03-08 06:59:59.999999", "2026-03-08 07:00:00.000000", "2026-11-01 05:30:00.000000",
    "2026-11-01 06:00:00.500000", "2026-10-04 15:30:00.000000", "2026-04-04 15:00:00.000000",
    "2026-12-31 23:59:59.000000", "1969-12-31 23:59:59.000000", "2038-01-19 03:14:08.000000",
    "0001-01-01 00:00:00.000000", "9999-12-31 23:59:00.000000", "2026-07-01 03:30:00",
)  # fmt: skip
ZONES = ("America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "Europe/London")


def _every_kind_of_value(run: Run, db_path: Path) -> None:
    """A deck with unicode, newlines, quotes, commas, formulas, values, further emails and
    phones, addresses, won cards (with sales), a do-not-contact, contacts, and nulls."""
    ok(run("add", "Ann Lee", "--company", "Acme, Inc.", "--title", 'The "Boss"',
           "--phone", "212 555 0134", "--email", "ann@acme.example", "--source", "Trade show",
           "--referred-by", "Bob", "--need", "=fewer no-shows", "--note", "likes golf\nand tea",
           "--value", "1,200.50", "--address", "1 Main St\nSpringfield, IL"))  # fmt: skip
    ok(run("log", "ann", "--rating", "6", "--interest", "5", "--notch", "a trial week"))
    ok(run("add", "Zoë Ñúñez 東京", "--phone", "+44 20 7946 0958", "--next", "+2b",
           "--note", "'=as typed", "--company", "'Tis Ours", "--value", "99"))  # fmt: skip
    ok(run("won", "zoë"))
    ok(run("add", "Cy Stop", "--email", "cy@stop.example"))
    ok(run("dnc", "cy"))
    ok(run("add", "Dee Plain"))
    ok(run("log", "dee", "--no-answer"))
    ok(run("add", "+12125550199", "--note", "-5 and @home\r\nsecond line"))
    conn = sqlite3.connect(db_path)
    conn.execute(
        "UPDATE card SET other_emails = ?, other_phones = ? WHERE id = 1",
        ("ann@home.example\n=evil@x.example", "+12125550100\n+44 20 7946 0000"),
    )
    conn.execute("UPDATE card SET website = '', known = ? WHERE id = 4", ('say ""hi"", ok',))
    for n, stored in enumerate(ODD_TIMES):
        conn.execute("INSERT INTO card (name, kind, status, stage, attempts, created_at,"
                     " updated_at, position, version, next_follow_up, first_contacted_at)"
                     " VALUES (?, 'lead', 'active', 'rapport', 0, ?, ?, ?, 1, ?, ?)",
                     (f"Time {n}", stored, stored, 10**9 + n, stored, stored))  # fmt: skip
    conn.commit()
    conn.close()


def _export(run: Run, monkeypatch: pytest.MonkeyPatch, *args: str, light: bool) -> str:
    if light:
        monkeypatch.delenv(NO_LITE_ENV, raising=False)
    else:
        monkeypatch.setenv(NO_LITE_ENV, "1")
    return ok(run("export", "-", *args)).stdout


@pytest.mark.parametrize("zone", ZONES)
def test_the_light_export_writes_what_the_full_store_writes(
    run: Run, db_path: Path, clock: object, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _every_kind_of_value(run, db_path)
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    for args in ([], ["--raw"], ["--contacts"], ["--contacts", "--raw"], ["--format", "json"],
                 ["--format", "json", "--contacts"]):  # fmt: skip
        light = _export(run, monkeypatch, *args, light=True)
        full = _export(run, monkeypatch, *args, light=False)
        assert light == full, args
        assert light.count("\n") > 2


def test_a_deck_the_light_export_cannot_read_is_refused_in_one_line(
    run: Run, db_path: Path, tmp_path: Path, clock: object
) -> None:
    not_a_deck = tmp_path / "notes.sqlite"
    not_a_deck.write_text("shopping list\n", encoding="utf-8")
    ok(run("add", "Ann Lee"))
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(db_path.read_bytes()[:5000])
    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(db_path.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    for deck, code, said in ((not_a_deck, 6, "is not a carddeck database"),
                             (cut, 6, "is damaged"),
                             (newer, 5, "written by a newer carddeck")):  # fmt: skip
        done = run("export", "-", db=deck)
        assert done.exit_code == code, (deck, done.stderr)
        assert done.stderr.count("\n") == 1 and said in done.stderr, done.stderr
    fresh = tmp_path / "fresh.sqlite"  # none there yet: the full store makes it, as before
    assert ok(run("export", "-", db=fresh)).stdout.startswith("id,name,")
    assert fresh.exists()


class _AsBefore(Rows):
    """The export's SQL as it was before the quick path: every time turned by SQLite's
    'localtime', the place counted by ROW_NUMBER, formulas found by ``substr IN``."""

    def starts_with_any(self, column: str, chars: str) -> str:
        quoted = ", ".join("'" + c.replace("'", "''") + "'" for c in chars)
        return f"substr({column}, 1, 1) IN ({quoted})"


@pytest.mark.parametrize("zone", ZONES)
def test_the_quick_csv_is_the_csv_the_sql_wrote_before(
    run: Run, db_path: Path, clock: object, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _every_kind_of_value(run, db_path)
    _quick_is_as_before(db_path, zone, monkeypatch, rows=1)


def _quick_is_as_before(db_path: Path, zone: str, monkeypatch: pytest.MonkeyPatch,
                        rows: int) -> None:  # fmt: skip
    """In ``zone``, each of the four CSVs (raw or not, cards or contacts) the quick way is
    the one the SQL wrote before, byte for byte, and holds at least ``rows`` rows."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    conn = sqlite3.connect(db_path)
    try:
        for raw in (False, True):
            for contacts in (False, True):
                quick, before = io.StringIO(), io.StringIO()
                assert write_csv(Rows(conn), quick, raw=raw, contacts=contacts) >= rows
                write_csv(_AsBefore(conn), before, raw=raw, contacts=contacts, quick=False)
                assert quick.getvalue() == before.getvalue(), (raw, contacts)
    finally:
        conn.close()


@pytest.mark.parametrize("zone", [*ZONES, "Asia/Kathmandu", "Pacific/Chatham", "America/St_Johns"])
def test_local_times_once_an_hour_are_sqlite_s_own(
    zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every 37 minutes and some seconds across 14 months (each change of offset met), and
    fractions of a second SQLite rounds: as ``sqlite_local_time`` turns each in SQL."""
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    conn = sqlite3.connect(":memory:")
    local = LocalTimes(conn)
    start = datetime(2025, 12, 1, 0, 0, 7)
    step = [start + timedelta(minutes=37 * n, seconds=n % 60) for n in range(16_000)]
    values: list[object] = [moment.strftime("%Y-%m-%d %H:%M:%S.%f") for moment in step]
    values += [f"2026-0{m}-0{d} 1{h}:59:59.{f}" for m in (3, 4, 9) for d in (1, 5)
               for h in (0, 5) for f in ("999499", "999500", "999999", "000001")]  # fmt: skip
    values += [*ODD_TIMES, "2026-11-23T14:00:00", "2026-11-23 14:00:00+05:00",
               "2026-02-30 10:00:00", "2026-11-23 14:60:00", "garbage", "", 2461000.5,
               1764000000]  # fmt: skip
    for value in values:
        assert local(value) == conn.execute(f"SELECT {sqlite_local_time('?1')}", (value,)
                                            ).fetchone()[0], value  # fmt: skip
    conn.close()


def _a_deck_of_batches(run: Run, db_path: Path) -> None:
    """1,300 cards (three batches of the export and part of a fourth) and a contact each: a
    batch with nothing to quote or guard, one with commas, quotes, line breaks and
    formulas, phones E.164 and not; times every 37 minutes and some seconds (through
    the changes of offset of March and April), to the second and to the microsecond,
    shared as an import's are, before 1970 and far ahead; the deck order not the ids'."""
    ok(run("add", "First"))
    messy = ("Acme, Inc.", 'The "Boss"', "line\nbreak", "=1+1", "'quoted", "-5", "@home",
             "\tTab", "+1 212 555", "+" + "1" * 16, "x\r\ny")  # fmt: skip
    start = datetime(2026, 3, 7, 0, 0, 7)
    rows, contacts = [], []
    for n in range(1300):
        moment = start + timedelta(minutes=37 * n, seconds=n % 60)
        created = moment.strftime("%Y-%m-%d %H:%M:%S" + (".%f" if n % 3 else ""))
        if n % 5 == 0:
            created = created[:19] + ".250000"
        text = messy[n % len(messy)] if 500 <= n < 1000 else f"Plain {n}"
        closed = "1950-06-01 12:00:00.000000" if n % 97 == 0 else None
        rows.append((f"Card {n}", text, f"+1212555{n:04d}", created,
                     "2026-03-07 09:00:00.000000", (n * 7919) % 1300 + 10,
                     ODD_TIMES[n % len(ODD_TIMES)], None if n % 2 else created,
                     closed, n * 100 or None))  # fmt: skip
        contacts.append((n + 2, created, text if n % 4 else None))
    conn = sqlite3.connect(db_path)
    conn.executemany("INSERT INTO card (name, kind, status, stage, attempts, company, phone,"
                     " created_at, updated_at, position, version, next_follow_up,"
                     " first_contacted_at, closed_at, value) VALUES (?, 'lead', 'active',"
                     " 'rapport', 0, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)", rows)  # fmt: skip
    conn.executemany("INSERT INTO contact (card_id, at, channel, reached, summary)"
                     " VALUES (?, ?, 'call', 1, ?)", contacts)  # fmt: skip
    conn.commit()
    conn.close()


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"])
def test_a_deck_of_many_batches_is_written_as_the_full_store_writes_it(
    run: Run, db_path: Path, clock: object, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _a_deck_of_batches(run, db_path)
    _quick_is_as_before(db_path, zone, monkeypatch, rows=1300)
    for args in ([], ["--raw"], ["--contacts"]):
        light = _export(run, monkeypatch, *args, light=True)
        assert light == _export(run, monkeypatch, *args, light=False), args
        assert light.count("\n") > 1300
        assert (",=1+1," if "--raw" in args else ",'=1+1,") in light
