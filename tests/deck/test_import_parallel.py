"""A big import checks its rows in worker processes: the deck it makes is the one the
single process makes, row for row and column for column, on both backends."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from carddeck.deck.fields import normalise_email
from carddeck.deck.importer import ImportReport, import_file
from carddeck.deck.quickemail import fast_email
from carddeck.errors import InvalidInput
from carddeck.paths import deck_location
from carddeck.store import Store, open_store
from tests.helpers import at

NOW = at(2026, 3, 6, 17, 30)
TABLES = ("card", "change", "import_batch")


def leads(path: Path, count: int) -> Path:
    """Rows of every kind: plain, repeated within the file (by email, phone, name and
    company, a further email), a bad phone, a further phone, a bad email, no name."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Name", "Company", "Email", "Other Email", "Phone", "Mobile", "Notes",
                         "Lead Source", "Referred By", "Street", "City"])  # fmt: skip
        for i in range(count):
            kind = i % 11
            email = {3: "Lead0@Example.com", 7: "not-an-email", 8: "ünï@exämple.com",
                     9: "\"odd\"@example.com"}.get(kind, f"Lead{i}@Example.com")  # fmt: skip
            phone = {4: "+1 212 200 0001", 5: "call me", 6: "", 8: "020 7946 0958"}.get(
                kind, f"+1 212 {200 + i // 1000:03d} {i % 10000:04d}"
            )
            name = "" if kind == 10 else f"Lead {i % 50}"
            writer.writerow([
                name, f"Shop {i % 7}" if kind != 6 else "", email if kind != 10 else "",
                f"more{i % 5}@example.com" if kind == 2 else "", phone if kind != 10 else "",
                "+1 212 555 0100" if kind == 1 else "", f"Note {i}\nsecond line",
                "Fair" if i % 2 else "", "Ann" if kind == 3 else "", f"{i} Main St", "Troy",
            ])  # fmt: skip
    return path


@pytest.fixture
def two_decks(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """Two empty decks on the test's backend."""
    if backend == "sqlite":
        urls = [str(tmp_path / "one.sqlite"), str(tmp_path / "two.sqlite")]
        names: list[str] = []
    else:
        cluster = request.getfixturevalue("pg_cluster")
        if isinstance(cluster, str):
            pytest.skip(cluster)
        names = [cluster.new_database(), cluster.new_database()]
        urls = [cluster.url(name) for name in names]
    stores = [open_store(deck_location(url)) for url in urls]
    yield stores
    for store in stores:
        store.close()
    for name in names:
        cluster.drop(name)


def imported(store: Store, path: Path, **options: Any) -> tuple[ImportReport, dict[str, Any]]:
    with store.write() as session, path.open("rb") as raw:
        report = import_file(session, raw, path=str(path), now=NOW, skip_bad_rows=True,
                             **options)  # fmt: skip
    with store.read() as session:
        rows = {
            table: [tuple(r) for r in session.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
            for table in TABLES
        }
    return report, rows


@pytest.mark.parametrize("on_duplicate", ["skip", "merge", "add"])
def test_the_pool_makes_the_same_deck_as_one_process(
    two_decks: list[Store], tmp_path: Path, on_duplicate: str
) -> None:
    path = leads(tmp_path / "leads.csv", 120)
    alone, alone_rows = imported(two_decks[0], path, chunk=0, on_duplicate=on_duplicate)
    pooled, pooled_rows = imported(two_decks[1], path, chunk=7, on_duplicate=on_duplicate)
    assert alone_rows["card"], "the file added cards"
    assert alone.problems and alone.warnings  # every kind of row seen
    assert alone.duplicates or on_duplicate == "add"
    assert alone.merged or on_duplicate != "merge"
    for table in TABLES:
        assert pooled_rows[table] == alone_rows[table], table
    assert pooled == alone


def test_a_file_of_one_chunk_or_less_is_checked_in_this_process(tmp_path: Path) -> None:
    store = open_store(deck_location(str(tmp_path / "deck.sqlite")))
    try:
        report, rows = imported(store, leads(tmp_path / "leads.csv", 20), chunk=20)
    finally:
        store.close()
    assert report.rows == 20 and len(rows["card"]) == report.added


ADDRESSES = [
    "Ann@Example.COM", "ann.lee+deals@acme.example", "a@b.co", "x@localhost", "x@example",
    "x@test", "x@sub.example.invalid", "x@-bad.example", "x@bad-.example", "x@123.456",
    "x..y@example.com", ".x@example.com", "x.@example.com", "\"x y\"@example.com",
    "Ann <ann@example.com>", "ünï@example.com", "x@exämple.com", "x@xn--exmple-cua.com",
    "postmaster@Example.com", "x@[127.0.0.1]", "x@", "@example.com", "x@@example.com",
    "x@example.com.", f"{'a' * 64}@example.com", f"{'a' * 65}@example.com",
    f"a@{'b' * 63}.com", f"a@{'b' * 64}.com", f"a@{'.'.join(['b' * 60] * 4)}.com",
    f"{'a' * 60}@{'.'.join(['b' * 60] * 3)}.com", "  spaced@example.com  ", "",
    "x@example.com\u200b", "x y@example.com", "x!#$%&'*+-/=?^_`{|}~@example.com",
]  # fmt: skip


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_quick_email_check_answers_as_email_validator_does(address: str) -> None:
    def answer(check: Any) -> str | None:
        try:
            return check(address)  # type: ignore[no-any-return]
        except InvalidInput as err:
            return f"refused: {err}"

    assert answer(fast_email) == answer(normalise_email)
