"""The reading commands (show, today, list) on an SQLite deck go the light way (plain
sqlite3, no ORM) and print exactly what the full store prints: the same command on two
copies of one deck with the clock frozen, once light and once forced through the ORM
(``CARDDECK_NO_LITE``), gives the same output, text and ``--json``, on a deck holding
every kind of card. Both are bounded the same way: the first of each section or of the
day's list, how many more, and each card's place in the whole deck."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from carddeck.cli import app
from carddeck.store.rows import stored_time
from tests.cli.conftest import refuse_full_store

pytestmark = pytest.mark.sqlite_only


def invoke(deck: Path, *args: str, light: bool, seller: str = "") -> Result:
    env = {"CARDDECK_NO_LITE": "" if light else "1", "CARDDECK_SELLER": seller, "COLUMNS": "120"}
    return CliRunner().invoke(app, ["--db", str(deck), *args], prog_name="carddeck", env=env)


def ran(deck: Path, *args: str, light: bool = True, seller: str = "") -> Result:
    done = invoke(deck, *args, light=light, seller=seller)
    assert done.exit_code == 0, (args, done.stdout, done.stderr)
    return done


#: name -> (status, next follow-up in hours from now (None: none), called yet, owner)
CARDS: dict[str, tuple[str, float | None, bool, str | None]] = {
    "Ann Over": ("active", -50, True, None),  # overdue, not yet cold
    "Bob Today": ("active", 1, True, None),  # due today
    "Cy Cold": ("active", None, True, None),  # no date: cold
    "Dee Long": ("active", -24 * 30, True, None),  # long overdue: cold
    "Eve New": ("new", None, False, None),  # a new lead in its first-contact window
    "Fay Later": ("new", 24 * 10, False, None),  # a new lead dated past the window
    "Gus Won": ("won", -24, True, None),  # a customer due a check-in
    "Hal Won": ("won", 24 * 60, True, None),  # a customer checked in later
    "Ida Nurture": ("nurture", -20, True, None),  # overdue in nurture
    "Jo Stop": ("do_not_contact", None, True, None),
    "Kim Lost": ("lost", None, True, None),
    "Lou Owned": ("active", -30, True, "Ann"),  # a shared deck: Ann's
    "Moe Owned": ("active", 2, True, "Sam"),  # Sam's, due today
    "Ned Called": ("new", -26, True, "Ann"),  # new, but called once: worked, overdue
    "Oda Inbox": ("new", 1, False, None),  # new, dated within the window
    "Pat Called": ("new", None, True, None),  # new, called once, no date: cold
}


@pytest.fixture
def base(tmp_path: Path, clock: Any) -> Path:
    """Every kind of card, added and worked through the full store, then dated by hand."""
    deck = tmp_path / "base.sqlite"
    for n, name in enumerate(CARDS):
        ran(deck, "add", name, "--phone", f"+1212555{n:04d}", "--company", f"Co {n}",
            "--back", light=False)  # fmt: skip
    ran(deck, "log", "Ann Over", "--rating", "6", "--interest", "5", "--notch", "a visit",
        light=False)  # fmt: skip
    ran(deck, "log", "Ann Over", "--no-answer", "--channel", "email", light=False)
    ran(deck, "shuffle", "Ida Nurture", "--top", light=False)
    now = datetime.now().astimezone()
    conn = sqlite3.connect(deck)
    with conn:
        for name, (status, hours, called, owner) in CARDS.items():
            due = None if hours is None else stored_time(now + timedelta(hours=hours))
            first = stored_time(now - timedelta(days=3)) if called else None
            conn.execute(
                "UPDATE card SET status = ?, next_follow_up = ?, first_contacted_at = ?,"
                " owner = ? WHERE name = ?",
                (status, due, first, owner, name),
            )
    conn.close()
    return deck


@pytest.fixture
def twins(base: Path, tmp_path: Path) -> tuple[Path, Path]:
    light, heavy = tmp_path / "light.sqlite", tmp_path / "heavy.sqlite"
    shutil.copy(base, light)
    shutil.copy(base, heavy)
    return light, heavy


READS: list[tuple[str, ...]] = [
    ("show", "1"),
    ("show", "Ann"),
    ("show", "Ann Over", "--json"),
    ("show", "Gus", "--json"),
    ("show", "Ida"),
    ("today",),
    ("today", "--json"),
    ("today", "--all", "--json"),
    ("today", "--limit", "1"),
    ("today", "--limit", "1", "--json"),
    ("today", "--limit", "0", "--json"),
    ("list",),
    ("list", "--json"),
    ("list", "--all", "--json"),
    ("list", "--status", "won", "--json"),
    ("list", "--limit", "3", "--json"),
    ("list", "--limit", "3"),
    ("list", "--due"),
    ("list", "--due", "--json"),
    ("list", "--due", "--limit", "2"),
    ("list", "--due", "--limit", "2", "--json"),
    ("list", "--due", "--everyone", "--json"),
]


@pytest.mark.parametrize("seller", ["", "Ann"], ids=["own deck", "as Ann"])
def test_each_read_prints_the_same_light_and_through_the_orm(
    twins: tuple[Path, Path], clock: Any, seller: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    light, heavy = twins
    for args in READS:
        through_orm = invoke(heavy, *args, light=False, seller=seller)
        with monkeypatch.context() as patched:
            patched.setattr("carddeck.store.engine.open_store", refuse_full_store)
            lightly = invoke(light, *args, light=True, seller=seller)
        assert lightly.exit_code == through_orm.exit_code == 0, (args, lightly.stderr)
        # the hints name each its own deck (--db): the rest is the same, byte for byte
        assert lightly.stdout.replace(str(light), "DECK") == through_orm.stdout.replace(
            str(heavy), "DECK"), args  # fmt: skip
        assert lightly.stderr == through_orm.stderr, args


def test_today_holds_every_kind_of_card_in_its_section(base: Path, clock: Any,
                                                        no_full_store: None) -> None:  # fmt: skip
    agenda = json.loads(ran(base, "today", "--all", "--json").stdout)
    names = {s: [c["name"] for c in agenda[s]] for s in agenda["counts"]}
    assert names == {
        "overdue": ["Ann Over", "Lou Owned", "Ned Called", "Ida Nurture"],
        "due_today": ["Bob Today", "Moe Owned"],
        "new": ["Eve New", "Oda Inbox"],
        "cold": ["Cy Cold", "Pat Called", "Dee Long"],
        "customers": ["Gus Won"],
    }
    assert agenda["counts"] == {s: len(n) for s, n in names.items()}
    assert (agenda["total"], agenda["limit"], agenda["cut"]) == (12, 50, False)
    mine = json.loads(ran(base, "today", "--json", seller="Ann").stdout)
    assert [c["name"] for c in mine["overdue"]] == ["Lou Owned", "Ned Called"]
    assert mine["total"] == 2


def test_a_limit_cuts_each_section_and_says_how_many_more(base: Path, clock: Any,
                                                          no_full_store: None) -> None:  # fmt: skip
    cut = json.loads(ran(base, "today", "--all", "--limit", "1", "--json").stdout)
    assert [len(cut[s]) for s in cut["counts"]] == [1, 1, 1, 1, 1]
    assert (cut["total"], cut["limit"], cut["cut"]) == (12, 1, True)
    assert cut["overdue"][0]["name"] == "Ann Over"  # the first in calling order
    text = ran(base, "today", "--limit", "1", "--all").stdout
    assert "overdue (4)" in text
    assert f"… and 3 more overdue: carddeck --db {base} today --all --limit 0" in text
    assert f"… and 2 more cold: carddeck --db {base} today --all --limit 0" in text
    assert "more customers" not in text  # one customer, shown whole
    mine = ran(base, "today", "--limit", "1", seller="Ann").stdout
    assert f"more overdue: carddeck --db {base} today --limit 0" in mine
    whole = json.loads(ran(base, "today", "--all", "--limit", "0", "--json").stdout)
    assert (whole["limit"], whole["cut"], len(whole["overdue"])) == (None, False, 4)


def test_the_days_list_is_bounded_and_knows_each_cards_place(
    base: Path, clock: Any, no_full_store: None
) -> None:
    deck = json.loads(ran(base, "list", "--all", "--json").stdout)
    place = {c["id"]: c["position"] for c in deck}
    assert [c["position"] for c in deck] == list(range(1, len(CARDS) + 1))
    due = json.loads(ran(base, "list", "--due", "--everyone", "--json").stdout)
    assert (due["total"], due["limit"], due["cut"]) == (8, 50, False)
    assert all(c["position"] == place[c["id"]] for c in due["cards"])
    assert [c["position"] for c in due["cards"]] == sorted(place[c["id"]] for c in due["cards"])
    two = json.loads(ran(base, "list", "--due", "--everyone", "--limit", "2", "--json").stdout)
    assert two["cards"] == due["cards"][:2] and (two["total"], two["cut"]) == (8, True)
    text = ran(base, "list", "--due", "--everyone", "--limit", "2").stdout
    assert text.rstrip().endswith(
        f"… and 6 more: carddeck --db {base} list --everyone --due --limit 0"
    )
    mine = ran(base, "list", "--due", "--limit", "1", seller="Ann").stdout
    assert (
        "Lou Owned" in mine and f"… and 1 more: carddeck --db {base} list --due --limit 0" in mine
    )
    assert isinstance(json.loads(ran(base, "list", "--json").stdout), list)  # the deck: whole


def test_reads_through_the_light_path_fail_in_one_line(base: Path, tmp_path: Path,
                                                       clock: Any) -> None:  # fmt: skip
    unknown = invoke(base, "show", "999", light=True)
    assert unknown.exit_code == 3 and unknown.stderr.startswith("carddeck: ")
    assert invoke(base, "show", "Nobody", light=True).exit_code == 3
    not_a_deck = tmp_path / "notes.sqlite"
    not_a_deck.write_text("just some notes, not a deck at all" * 10)
    for args in (("show", "1"), ("today",), ("list", "--due")):
        done = invoke(not_a_deck, *args, light=True)
        assert done.exit_code == 6 and done.stderr.count("\n") == 1, (args, done.stderr)
    # (a busy deck does not stop a read: the deck is in WAL mode, readers never wait)


def test_a_hint_names_the_deck_it_was_printed_for() -> None:
    from carddeck.cli.common import DeckContext

    assert DeckContext().again("today --limit 0") == "carddeck today --limit 0"
    assert (DeckContext(db="/tmp/my decks/d.sqlite").again("list --due --limit 0")
            == "carddeck --db '/tmp/my decks/d.sqlite' list --due --limit 0")  # fmt: skip
    secret = DeckContext(db="postgresql://kim:hunter2@db.example/deck").again("today --limit 0")
    assert "hunter2" not in secret and secret == "carddeck --db URL today --limit 0"
    plain = DeckContext(db="postgresql://db.example/deck").again("today")
    assert plain == "carddeck --db postgresql://db.example/deck today"
