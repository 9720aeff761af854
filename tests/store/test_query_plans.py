"""Every query on a hot path uses an index: the real SQL each command, the screen and the
shell's completion run on a 10,000-card deck is caught as it goes to SQLite, and
``EXPLAIN QUERY PLAN`` must not show a full scan of ``card`` or ``contact``."""

from __future__ import annotations

import sqlite3
import sqlite3.dbapi2
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from carddeck.deck.order import GAP
from carddeck.paths import DeckLocation
from carddeck.store import open_store
from carddeck.store.models import stored

CARDS = 10_000
STATUSES = ["new"] * 2 + ["active"] * 6 + ["nurture", "won", "lost", "do_not_contact"]
FIRST = ["Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo", "Kim", "Lou"]
SELLERS = [None, None, "ann", "bob"]
WRITES = ("SELECT", "WITH", "UPDATE", "DELETE", "INSERT")


@pytest.fixture(scope="module")
def big_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 cards (a quarter each owned by two sellers, half in the inbox), 20,000
    contacts and 1,000 sales, written with plain inserts (as bench/make_deck.py does)."""
    path = tmp_path_factory.mktemp("plans") / "deck.sqlite"
    open_store(DeckLocation(path, False)).close()
    now = datetime(2026, 11, 23, 14, tzinfo=UTC)
    cards = []
    for i in range(1, CARDS + 1):
        status = STATUSES[i % len(STATUSES)]
        due = now + timedelta(hours=(i * 37) % 900 - 300)
        cards.append((f"{FIRST[i % len(FIRST)]} Lee {i}", f"Lee Dental {i % 50}",
                      f"+1212555{i % 10000:04d}", f"lead{i}@example.com", status,
                      stored(due) if status in ("new", "active", "nurture", "won") else None,
                      stored(now - timedelta(days=i % 400)), i * GAP, SELLERS[i % 4]))  # fmt: skip
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO card (name, company, phone, email, status, next_follow_up, created_at,"
            " updated_at, position, owner, kind, stage, attempts, version)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'lead', 'rapport', 0, 1)",
            [(n, c, p, e, s, nx, cr, cr, pos, o) for n, c, p, e, s, nx, cr, pos, o in cards],
        )
        conn.executemany(
            "INSERT INTO contact (card_id, at, channel, reached) VALUES (?, ?, ?, ?)",
            [(i % CARDS + 1, stored(now - timedelta(hours=i)), ("call", "text", "email")[i % 3],
              i % 2) for i in range(20_000)],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO sale (card_id, at, value) VALUES (?, ?, 10000)",
            [(i * 10 + 9, stored(now - timedelta(days=i % 300))) for i in range(1_000)],
        )
    conn.close()
    return path


@pytest.fixture(scope="module")
def tracing() -> Iterator[list[str]]:
    """Every statement any SQLite connection opened from now on runs (with its values),
    whether through SQLAlchemy or the sqlite3 module itself. One list for the module: a
    store's engine, and the connections in its pool, may outlive one test."""
    statements: list[str] = []
    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened: sqlite3.Connection = real(*args, **kwargs)
        opened.set_trace_callback(statements.append)
        return opened

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sqlite3, "connect", connect)
        patch.setattr(sqlite3.dbapi2, "connect", connect)
        yield statements


@pytest.fixture
def caught(tracing: list[str]) -> list[str]:
    tracing.clear()
    return tracing


def full_scans(deck: Path, statements: list[str]) -> list[str]:
    """The statements whose plan reads all of ``card`` or ``contact`` row by row, each
    with its plan."""
    assert statements, "nothing was caught: the check would pass whatever the queries"
    found = []
    statements = list(statements)  # the plans' own statements are not to be planned
    with sqlite3.connect(deck) as conn:  # (traced too: after the copy above)
        for sql in dict.fromkeys(statements):  # each once, in the order run
            if sql.lstrip().split(None, 1)[0].upper() not in WRITES:
                continue
            plan = [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            scans = [step for step in plan
                     if step.split()[:2] in (["SCAN", "card"], ["SCAN", "contact"])
                     and "INDEX" not in step]  # fmt: skip
            if scans:
                found.append(f"{' '.join(sql.split())}\n    -> {plan}")
    conn.close()
    return found


def cli(deck: Path, *args: str) -> None:
    from carddeck.cli import app

    done = CliRunner().invoke(app, ["--db", str(deck), *args], prog_name="carddeck")
    assert done.exit_code == 0, (args, done.stdout, done.stderr)


COMMANDS: dict[str, tuple[str, ...]] = {
    "add": ("add", "Plan Lead", "--phone", "+12126660000"),
    "log": ("log", "3001", "--no-answer"),
    "shuffle": ("shuffle", "2501", "--back"),
    "won": ("won", "2004"),
    # the light path's SQL (plain sqlite3) for the writing commands, each of its queries
    "add, an email and a phone": (
        "add",
        "Plan Lead 2",
        "--email",
        "lead5@example.com",
        "--phone",
        "+12125550005",
        "--back",
        "--json",
    ),  # fmt: skip
    "log, answered, by name, to the top": (
        "log",
        "Cy Lee 4010",
        "--rating",
        "6",
        "--interest",
        "5",
        "--notch",
        "a quote",
        "--top",
        "--json",
    ),  # fmt: skip
    "log, a customer": ("log", "2001", "--no-answer"),
    "shuffle --to": ("shuffle", "2502", "--to", "5000", "--json"),
    "shuffle by the start of a name": ("shuffle", "Kim Lee 400", "--top"),
    "won, a repeat sale": ("won", "2001", "--value", "10", "--json"),
    "show by id": ("show", "5001"),
    "show by name": ("show", "Cy Lee 4010"),
    "show by the start of a name": ("show", "Cy Lee 999"),
    "today": ("today", "--json"),
    "today, every seller's": ("today", "--all"),
    "today, all of it": ("today", "--json", "--limit", "0"),
    "list --due": ("list", "--due"),
    "list --due, every seller's": ("list", "--due", "--everyone", "--json"),
    "list --due, all of it": ("list", "--due", "--limit", "0", "--json"),
    "list, a status": ("list", "--status", "lost", "--limit", "20", "--json"),
    "show --json": ("show", "5001", "--json"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_hot_command_scans_no_table(big_deck: Path, caught: list[str], name: str) -> None:
    cli(big_deck, *COMMANDS[name])
    assert full_scans(big_deck, caught) == []


def test_a_due_list_names_the_open_statuses_once(big_deck: Path, caught: list[str]) -> None:
    """Due by a moment is of open cards already: a second IN on the status would be
    checked card by card, over every due card the list counts."""
    cli(big_deck, "list", "--due")
    counted = [sql for sql in caught if sql.startswith("SELECT count(*) FROM card WHERE")]
    assert counted
    assert [sql for sql in counted if sql.count(" IN (") > 1] == []


def test_the_erasure_check_scans_no_table(big_deck: Path, caught: list[str]) -> None:
    """An add checks erasures by their keyed hashes (the light path's SQL, once someone has
    been erased)."""
    with sqlite3.connect(big_deck) as conn:
        conn.execute("INSERT INTO erased (at, email_hash) VALUES ('2026-11-01 00:00:00', 'x')")
    conn.close()
    caught.clear()
    cli(big_deck, "add", "Plan Lead 3", "--email", "plan3@example.com", "--phone", "+12126660003")
    assert any("FROM erased" in sql for sql in caught)
    assert full_scans(big_deck, caught) == []


def screen_reads(deck: Path, owner: str | None) -> Iterator[tuple[str, Callable[..., Any]]]:
    """The screen's reads (``deck/views.py``), each given the read port (or a session)."""
    from carddeck.deck import views
    from carddeck.deck.reads import reads_of
    from carddeck.deck.settings import DEFAULT_SETTINGS
    from carddeck.tui.widgets.decklist import PAGE

    now = datetime.now(UTC)
    for view in views.View:
        for search in ("", "Lee 40"):
            query = views.Query(view, search, DEFAULT_SETTINGS, owner=owner)
            named = f"{view}{' searched' if search else ''}"
            if search and view != views.View.today:
                yield f"{named} first page", lambda s, q=query: views.page(s, q, 0, PAGE)
                continue
            yield f"{named} first page", lambda s, q=query: views.page(s, q, 0, PAGE)
            yield f"{named} next page", lambda s, q=query: views.page(s, q, PAGE, PAGE)
            # past the top of a section its page is one sorted query, not a status at a time
            for number, part in enumerate(views.parts(query, now)):
                yield (
                    f"{named} part {number} far down",
                    lambda s, p=part: reads_of(s).lines(p, 4_096, PAGE),
                )
            yield f"{named} count", lambda s, q=query: views.count(s, q)
            if view == views.View.today:
                yield f"{named} sections", lambda s, q=query: views.sections(s, q)
            yield f"{named} place", lambda s, q=query: views.index_of(s, q, 5001)
            yield f"{named} place, far down", lambda s, q=query: views.index_of(s, q, 9002)
            yield f"{named} place, near the top", lambda s, q=query: views.index_of(s, q, 1002)
            yield (
                f"{named} opened on",
                lambda s, q=query: views.opening(reads_of(s), q, started=True, limit=PAGE, now=now),
            )
    yield "start view", lambda s: views.start_view(s, DEFAULT_SETTINGS)
    yield (
        "opened on its own",
        lambda s: views.opening(
            reads_of(s), views.Query(owner=owner), started=False, limit=PAGE, now=now
        ),
    )
    yield "the card", lambda s: (reads_of(s).card(5001), reads_of(s).contacts(5001))


@pytest.mark.parametrize("adapter", ["orm", "lite"])
@pytest.mark.parametrize("owner", [None, "ann"], ids=["everyone", "a seller"])
def test_the_screen_reads_scan_no_table(big_deck: Path, caught: list[str],
                                        owner: str | None, adapter: str) -> None:  # fmt: skip
    """Through the ORM (every page of the screen) and plain sqlite3 (its first card)."""
    from carddeck.store.lite import open_lite
    from carddeck.store.litereads import LiteReads

    store = open_store(DeckLocation(big_deck, False))
    lite = open_lite(DeckLocation(big_deck, False))
    assert lite is not None
    scans = {}
    try:
        for what, read in screen_reads(big_deck, owner):
            caught.clear()
            if adapter == "orm":
                with store.read() as session:
                    read(session)
            else:
                with lite.read() as conn:
                    read(LiteReads(conn))
            if found := full_scans(big_deck, caught):
                scans[what] = found
    finally:
        store.close()
        lite.close()
    assert scans == {}


@pytest.mark.parametrize("typed", ["k", "Kim Lee 40", "ann", "zz%_"])
def test_completing_a_name_scans_no_table(big_deck: Path, caught: list[str], typed: str) -> None:
    from carddeck.store.complete import card_names

    card_names(DeckLocation(big_deck, False), typed)
    assert full_scans(big_deck, caught) == []


def plan_of(deck: Path, sql: str) -> str:
    with sqlite3.connect(deck) as conn:
        plan = " / ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
    conn.close()
    return plan


def test_today_reads_the_new_leads_from_their_index(big_deck: Path, caught: list[str]) -> None:
    """The light ``today``'s new leads: their first page is read from ``ix_card_new_leads``
    in calling order (no sort), their count from the status-and-date index alone, and the
    new cards called already (a few, here) from one range of the new-leads index alone:
    never a walk of every new card with a look into the table for each."""
    called = "UPDATE card SET first_contacted_at = {} WHERE status = 'new' AND id % 100 = 0"
    with sqlite3.connect(big_deck) as conn:
        conn.execute(called.format("created_at"))
    conn.close()
    try:
        caught.clear()
        cli(big_deck, "today", "--all", "--json")  # every seller's: no owner to look up
        reads = [" ".join(sql.split()) for sql in dict.fromkeys(caught)
                 if sql.lstrip().startswith("SELECT")]  # fmt: skip
        plans = {sql: plan_of(big_deck, sql) for sql in reads}
    finally:
        with sqlite3.connect(big_deck) as conn:
            conn.execute(called.format("NULL"))
        conn.close()
    page = [p for sql, p in plans.items() if "ORDER BY created_at, id" in sql]
    counts = [p for sql, p in plans.items() if sql.startswith("SELECT (SELECT count(*)")]
    the_called = [p for sql, p in plans.items() if sql.startswith("SELECT id, next_follow_up")]
    assert len(page) == len(counts) == len(the_called) == 1, plans
    assert "USING INDEX ix_card_new_leads" in page[0] and "TEMP B-TREE" not in page[0]
    assert counts[0].count("USING COVERING INDEX ix_card_status_next") == 2
    ranged = "USING COVERING INDEX ix_card_new_leads (status=? AND first_contacted_at>?)"
    assert ranged in the_called[0]


def test_an_import_scans_no_table_but_for_further_values_once(
    big_deck: Path, caught: list[str], tmp_path: Path
) -> None:
    """An import's lookups of a window's emails, phones and names, and its exact matches,
    use the indexes. It reads the deck's further emails and phones once, whole: no index
    holds the lines of a column (few cards have any)."""
    leads = tmp_path / "leads.csv"
    leads.write_text(
        "Name,Company,Email,Other Email,Phone\n"
        "New One,Shop,new1@example.com,more@example.com,+1 212 777 0001\n"
        "Again,Shop,more@example.com,,\n"  # the row before's further email
        "By Email,,lead5@example.com,,\n"
        "By Phone,,,,+1 212 555 0007\n"
        "ann lee 12,LEE DENTAL 12,,,\n"  # name and company, in another case
        "Ann Lee 12,Lee Dental 12,,,\n",
        encoding="utf-8",
    )
    cli(big_deck, "import", str(leads), "--dry-run", "--on-duplicate", "merge")
    scans = full_scans(big_deck, caught)
    assert any("IN (" in sql for sql in caught) and len(scans) == 1
    assert "other_emails IS NOT NULL" in scans[0]


@pytest.mark.parametrize("args", [("inbox",), ("inbox", "--json")])
def test_the_inbox_scans_no_table(big_deck: Path, caught: list[str], args: tuple[str, ...]) -> None:
    """The inbox (open cards nobody owns: owner IS NULL, which the owner index does not
    hold) is read by status, not row by row."""
    cli(big_deck, *args)
    assert any("owner IS NULL" in sql for sql in caught)
    assert full_scans(big_deck, caught) == []


@pytest.mark.parametrize("sql", [
    "SELECT id FROM card WHERE owner = 'ann'",
    "SELECT id FROM card WHERE owner = 'ann' AND status = 'active'",
    "SELECT id FROM card WHERE owner IS NOT NULL LIMIT 1",
    "SELECT DISTINCT owner FROM card WHERE owner IS NOT NULL",
])  # fmt: skip
def test_a_sellers_cards_are_read_from_the_owner_index(big_deck: Path, sql: str) -> None:
    """The owner index holds only owned cards (an import writes nothing to it); a seller's
    cards, and whether any card has an owner, are still read from it."""
    with sqlite3.connect(big_deck) as conn:
        plan = " | ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        partial = conn.execute("SELECT partial FROM pragma_index_list('card')"
                               " WHERE name = 'ix_card_owner'").fetchone()  # fmt: skip
    conn.close()
    assert partial == (1,)
    assert "ix_card_owner" in plan or "ix_card_status_next" in plan, plan
    if "status" not in sql:
        assert "ix_card_owner" in plan, plan
