"""The hot writing commands (add, log, shuffle, won) on an SQLite deck go the light way
(plain sqlite3, no ORM) and write exactly the rows the full store writes: the same
commands on two copies of one deck with the clock frozen, once light and once forced
through the ORM (``CARDDECK_NO_LITE``), leave every column of every row the same."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from carddeck.cli import app
from carddeck.store.engine import open_store as OPEN_STORE

pytestmark = pytest.mark.sqlite_only
TABLES = ("card", "contact", "sale", "change", "meta", "erased")


def invoke(deck: Path, *args: str, light: bool) -> Result:
    env = {"CARDDECK_NO_LITE": "" if light else "1"}
    return CliRunner().invoke(app, ["--db", str(deck), *args], prog_name="carddeck", env=env)


def rows(deck: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(deck)
    try:
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in TABLES}
    finally:
        conn.close()


def same_rows(light: Path, heavy: Path) -> None:
    mine, theirs = rows(light), rows(heavy)
    for table in TABLES:
        assert len(mine[table]) == len(theirs[table]), table
        for one, other in zip(mine[table], theirs[table], strict=True):
            assert one == other, (table, one, other)


@pytest.fixture
def base(tmp_path: Path, clock: Any) -> Path:
    """A deck made through the full store: Ann (a phone, worked once), Bob (an email), Cy
    (do not contact), Dee (won), someone erased, and a few more to shuffle among."""
    deck = tmp_path / "base.sqlite"
    for args in (
        ("add", "Ann Lee", "--phone", "+12125550100", "--company", "Acme", "--value", "1200"),
        ("add", "Bob Roe", "--email", "bob@roe.example", "--back"),
        ("add", "Cy Doe", "--phone", "+12125550111", "--email", "cy@doe.example"),
        ("add", "Dee Poe", "--phone", "+12125550122"),
        ("add", "Eve Gone", "--email", "eve@gone.example", "--phone", "+12125550199"),
        ("add", "Fay Moe"),
        ("add", "Gus Moe"),
        ("log", "Ann", "--rating", "6", "--interest", "5", "--notch", "a visit"),
        ("log", "Bob", "--no-answer", "--channel", "email"),
        ("dnc", "Cy"),
        ("won", "Dee", "--value", "500"),
        ("erase", "Eve", "--yes"),
    ):
        done = invoke(deck, *args, light=False)
        assert done.exit_code == 0, (args, done.stdout, done.stderr)
    return deck


@pytest.fixture
def twins(base: Path, tmp_path: Path) -> tuple[Path, Path]:
    light, heavy = tmp_path / "light.sqlite", tmp_path / "heavy.sqlite"
    shutil.copy(base, light)
    shutil.copy(base, heavy)
    return light, heavy


#: Each scenario: the commands run in turn on both copies (exit codes and output compared).
SCENARIOS: dict[str, list[tuple[str, ...]]] = {
    "add": [
        ("add", "Hal Roe"),
        (
            "add",
            "Ida Roe",
            "--phone",
            "+12125550100",
            "--email",
            "ida@roe.example",
            "--company",
            "Acme",
            "--title",
            "Boss",
            "--website",
            "roe.example",
            "--source",
            "Ads",
            "--referred-by",
            "Ann",
            "--stage",
            "need",
            "--need",
            "more",
            "--note",
            "line\ntwo",
            "--value",
            "99.50",
            "--address",
            "1 Main St\nQueens",
            "--back",
        ),
        ("add", "Jo Roe", "--next", "2026-12-01 10:00", "--json"),
        ("add", "Kim Roe", "--owner", "me", "--top", "--json"),
        ("add", "Lou Roe", "--phone", "+12125550111"),  # Cy's phone: do not contact
        ("add", "Lou Roe", "--phone", "+12125550111", "--force"),
        ("add", "Mo Roe", "--email", "eve@gone.example"),  # erased
        ("add", "Mo Roe", "--email", "eve@gone.example", "--force"),
        ("add", "  "),
        ("add", "Ned Roe", "--stage", "nowhere"),
    ],
    "log": [
        ("log", "Fay", "--no-answer"),
        ("log", "Fay", "--no-answer"),
        ("log", "Fay", "--no-answer", "--json"),
        (
            "log",
            "Ann",
            "--rating",
            "7",
            "--interest",
            "6",
            "--notch",
            "a demo",
            "--rating-after",
            "8",
            "--summary",
            "went well",
            "--channel",
            "meeting",
            "--top",
        ),
        ("log", "Bob", "--no-answer", "--back", "--json"),
        ("log", "Gus", "--rating", "5", "--interest", "10", "--next", "2026-12-02 11:00"),
        ("log", "Dee", "--rating", "9", "--interest", "9", "--notch", "more", "--json"),
        ("log", "Cy", "--no-answer"),  # do not contact: refused
        ("log", "Fay", "--rating", "11", "--interest", "5", "--notch", "x"),
        ("log", "Fay", "--rating", "5"),
        ("log", "Nobody"),
        ("log", "99", "--no-answer"),
    ],
    "shuffle": [
        ("shuffle", "Fay", "--top"),
        ("shuffle", "Ann", "--back", "--json"),
        ("shuffle", "Gus", "--to", "3"),
        ("shuffle", "Gus", "--to", "99", "--json"),
        ("shuffle", "Bob", "--to", "1"),
        ("shuffle", "M", "--top"),  # ambiguous: Fay Moe, Gus Moe
        ("shuffle", "moe", "--top"),
    ],
    "won": [
        ("won", "Ann"),
        ("won", "Ann", "--value", "250", "--json"),  # a repeat sale
        ("won", "Bob", "--check-in", "2027-01-04 09:00", "--value", "1,000"),
        ("won", "Fay", "--no-check-in", "--json"),
        ("won", "Cy"),  # do not contact: refused
        ("won", "Gus", "--value", "lots"),
        ("won", "Gus", "--check-in", "2020-01-01"),
    ],
}


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_light_and_full_store_write_the_same_rows(
    twins: tuple[Path, Path], scenario: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    light, heavy = twins
    for args in SCENARIOS[scenario]:
        theirs = invoke(heavy, *args, light=False)
        with monkeypatch.context() as patch:
            patch.setattr("carddeck.store.engine.open_store", _refuse)
            mine = invoke(light, *args, light=True)
        assert (mine.exit_code, mine.stdout, mine.stderr) == (
            theirs.exit_code, theirs.stdout, theirs.stderr), args  # fmt: skip
    same_rows(light, heavy)


def _refuse(*_: Any, **__: Any) -> None:
    raise AssertionError("the full store was opened on the light path")


def test_keys_that_touch_are_spread_again_the_same_way(twins: tuple[Path, Path]) -> None:
    light, heavy = twins
    for deck in twins:
        with sqlite3.connect(deck) as conn:  # keys side by side, one near the limit
            conn.execute("UPDATE card SET position = id")
            conn.execute("UPDATE card SET position = ? WHERE name = 'Gus Moe'", (1 << 60,))
        conn.close()
    for args in (("shuffle", "Fay", "--to", "2"), ("add", "Top Lee"), ("shuffle", "Ann", "--back"),
                 ("log", "Bob", "--no-answer", "--back")):  # fmt: skip
        assert invoke(heavy, *args, light=False).exit_code == 0
        assert invoke(light, *args, light=True).exit_code == 0
    same_rows(light, heavy)


def test_undo_takes_back_what_the_light_path_wrote(
    base: Path, tmp_path: Path, no_full_store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = rows(base)
    for args in (("add", "Hal Roe", "--phone", "+12125550133"), ("log", "Fay", "--no-answer"),
                 ("won", "Dee", "--value", "75"), ("shuffle", "Gus", "--top")):  # fmt: skip
        done = invoke(base, *args, light=True)
        assert done.exit_code == 0, (args, done.stderr)
    # undo itself goes through the full store (monkeypatch.undo() would also take back the
    # test's own data folder, and the undo's backup would go to the user's)
    monkeypatch.setattr("carddeck.store.engine.open_store", OPEN_STORE)
    for _ in range(4):
        done = invoke(base, "undo", light=True)
        assert done.exit_code == 0, done.stderr
    after = rows(base)
    for table in ("card", "contact", "sale", "meta", "erased"):
        assert after[table] == before[table], table
    assert len(after["change"]) == len(before["change"]) + 8  # four changes, four undos


def test_the_light_path_is_taken_on_a_current_deck(base: Path, no_full_store: None) -> None:
    for args in (("add", "Hal Roe"), ("log", "Hal", "--no-answer"), ("shuffle", "Hal", "--back"),
                 ("won", "Hal"), ("log", "Hal", "--no-answer", "--json")):  # fmt: skip
        done = invoke(base, *args, light=True)
        assert done.exit_code == 0, (args, done.stderr)


def _card_writes(deck: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements writing ``card`` that one light command sends to SQLite."""
    caught: list[str] = []
    real = sqlite3.connect

    def connect(*a: Any, **k: Any) -> sqlite3.Connection:
        opened: sqlite3.Connection = real(*a, **k)
        opened.set_trace_callback(caught.append)
        return opened

    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", connect)
        done = invoke(deck, *args, light=True)
    assert done.exit_code == 0, (args, done.stderr)
    return [s for s in caught if s.startswith(('INSERT INTO "card"', 'UPDATE "card"'))]


def test_the_light_path_writes_a_card_once_and_only_what_changed(
    base: Path, no_full_store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    added = _card_writes(base, ("add", "Hal Roe", "--phone", "+12125550133"), monkeypatch)
    assert len(added) == 1 and added[0].startswith('INSERT INTO "card"'), added
    for args in (("shuffle", "Fay", "--back"), ("log", "Gus", "--no-answer")):
        written = _card_writes(base, args, monkeypatch)
        assert len(written) == 1, (args, written)
        # a name, a phone or an email kept are not written again (nor their indexes)
        assert '"name"' not in written[0] and '"phone"' not in written[0], (args, written)
        assert '"position"' in written[0] or args[0] == "log", (args, written)


def test_a_deck_that_needs_the_full_store_still_gets_it(tmp_path: Path, clock: Any) -> None:
    fresh = tmp_path / "new.sqlite"  # no file yet: the full store makes it
    assert invoke(fresh, "add", "Ann Lee", light=True).exit_code == 0
    with sqlite3.connect(fresh) as conn:  # an older schema: the full store upgrades it
        conn.execute("UPDATE alembic_version SET version_num = 'zz99'")
    conn.close()
    done = invoke(fresh, "add", "Bob Roe", light=True)
    assert done.exit_code == 5 and "newer carddeck" in done.stderr


# -- errors, through the light path ---------------------------------------------------------


def test_a_busy_deck_is_5_and_unchanged(
    base: Path, no_full_store: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("carddeck.store.lite.DEFAULT_BUSY_TIMEOUT", 0.3)
    before = rows(base)
    holder = sqlite3.connect(base, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        for args in (("add", "Hal"), ("log", "Fay", "--no-answer"), ("won", "Fay"),
                     ("shuffle", "Fay", "--top")):  # fmt: skip
            done = invoke(base, *args, light=True)
            assert done.exit_code == 5 and "is busy" in done.stderr, (args, done.stderr)
            assert len(done.stderr.strip().splitlines()) == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert rows(base) == before


def test_not_a_deck_and_a_damaged_deck_are_6(base: Path, tmp_path: Path,
                                             no_full_store: None) -> None:  # fmt: skip
    notes = tmp_path / "notes.sqlite"
    notes.write_text("call Ann back\n" * 100)
    done = invoke(notes, "add", "Hal", light=True)
    assert done.exit_code == 6 and "not a carddeck database" in done.stderr
    cut = tmp_path / "cut.sqlite"
    shutil.copy(base, cut)
    with open(cut, "r+b") as f:
        f.truncate(cut.stat().st_size - 100)
    for args in (("add", "Hal"), ("log", "Fay", "--no-answer")):
        done = invoke(cut, *args, light=True)
        assert done.exit_code == 6 and "damaged" in done.stderr, done.stderr


def test_unknown_cards_and_bad_input_through_the_light_path(
    base: Path, no_full_store: None
) -> None:
    before = rows(base)
    for args, code, said in (
        (("log", "99", "--no-answer"), 3, "no card #99"),
        (("won", "Nobody"), 3, "no card matches"),
        (("shuffle", "#0", "--top"), 3, "no card #0"),
        (("log", "Fay", "--rating", "11", "--interest", "5", "--notch", "x"), 1, "rating"),
        (("won", "Fay", "--value", "-5"), 1, ""),
        (("add", ""), 1, "name"),
    ):
        done = invoke(base, *args, light=True)
        assert done.exit_code == code and said in done.stderr, (args, done.stderr)
        assert done.stderr.startswith("carddeck: ") and "Traceback" not in done.stderr
    assert rows(base) == before
