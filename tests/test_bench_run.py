"""bench/run.py's arithmetic: the ratios, the verdicts and the tables it prints from given
figures (the benchmarks themselves are too slow for the suite, and print no verdict a
test could hold)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

RUN = Path(__file__).parents[1] / "bench" / "run.py"


@pytest.fixture(scope="module")
def run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def lines(text: str) -> list[list[str]]:
    """The table's body rows, cell by cell."""
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def test_a_table_prints_each_ratio_and_whether_its_target_is_met(run: ModuleType) -> None:
    rows = [
        run.Row("add, 1,000", 300.0, 200.0, "ms", "<= 2x"),
        run.Row("add, 100,000", 450.0, 200.0, "ms", "<= 2x"),
        run.Row("next card, median", 12.5, 2.0, "ms", "<= 16 ms"),
        run.Row("next card, worst", 0.061, 0.004, "s", "<= 50 ms"),
        run.Row("peak memory, 100,000", 130.0, 100.0, "MB", "<= 1.2x"),
        run.Row("the frame", 90.0, 90.0, "ms", "< 1x"),
        run.Row("show on PostgreSQL", 520.0, 400.0, "ms"),
    ]
    text = run.table("CLI commands", rows, "A note.")
    assert text.startswith("### CLI commands\n\nA note.\n\n| what | carddeck | floor | ratio |")
    assert lines(text) == [
        ["add, 1,000", "300 ms", "200 ms", "1.50x", "<= 2x", "yes"],
        ["add, 100,000", "450 ms", "200 ms", "2.25x", "<= 2x", "**no**"],
        ["next card, median", "12.5 ms", "2.0 ms", "6.25x", "<= 16 ms", "yes"],
        ["next card, worst", "0.06 s", "0.00 s", "15.25x", "<= 50 ms", "**no**"],
        ["peak memory, 100,000", "130.0 MB", "100.0 MB", "1.30x", "<= 1.2x", "**no**"],
        ["the frame", "90.0 ms", "90.0 ms", "1.00x", "< 1x", "**no**"],
        ["show on PostgreSQL", "520 ms", "400 ms", "1.30x", "-", "-"],
    ]
    assert [row.what for row in run.unmet(rows)] == [
        "add, 100,000", "next card, worst", "peak memory, 100,000", "the frame"
    ]  # fmt: skip


def test_a_target_on_the_limit_is_met_and_one_that_cannot_be_read_is_refused(
    run: ModuleType,
) -> None:
    assert run.met(run.Row("x", 400.0, 200.0, "ms", "<= 2x")) is True
    assert run.met(run.Row("x", 16.0, None, "ms", "<= 16 ms")) is True
    assert run.met(run.Row("x", 0.016, None, "s", "<= 16 ms")) is True
    assert run.met(run.Row("x", 1.0, None, "ms")) is None
    # judged as printed: 2.004x reads 2.00x, 0.999x reads 1.00x, 16.04 ms reads 16.0 ms
    assert run.met(run.Row("x", 200.4, 100.0, "ms", "<= 2x")) is True
    assert run.met(run.Row("x", 99.9, 100.0, "ms", "< 1x")) is False
    assert run.met(run.Row("x", 16.04, None, "ms", "<= 16 ms")) is True
    assert run.met(run.Row("x", 16.06, None, "ms", "<= 16 ms")) is False
    with pytest.raises(ValueError, match="cannot read the target"):
        run.met(run.Row("x", 1.0, 1.0, "ms", "about 2x"))
    with pytest.raises(ValueError, match="no floor"):
        run.met(run.Row("x", 1.0, None, "ms", "<= 2x"))


def test_the_figures_of_each_bench_become_rows(run: ModuleType) -> None:
    """What each script writes with --json, as the runner reads it."""
    speed = run.speed_rows([
        ["--help", 0.2, 0.16, "<= 1.3x", ""],
        ["add, 1,000", 0.3, 0.2, "<= 2x", ""],
        ["add, 100,000", 0.36, 0.2, "<= 2x", "1.20x of 1,000 (<= 1.1x)"],
        ["show, 1,000", 0.3, 0.2, "<= 2x", "", 0.25, 0.1],
        ["show, 100,000", 0.31, 0.2, "<= 2x", "1.03x of 1,000 (<= 1.1x)", 0.26, 0.12],
        ["export CSV, 100,000", 1.0, 0.5, "<= 3x", "", None, None],
    ])  # fmt: skip
    assert [(r.what, round(r.ours), round(r.floor), r.target, run.met(r)) for r in speed] == [
        ("--help", 200, 160, "<= 1.3x", True),
        ("add, 1,000", 300, 200, "<= 2x", True),
        ("add, 100,000", 360, 200, "<= 2x", True),
        ("show, 1,000", 300, 200, "<= 2x", True),
        ("show, 100,000", 310, 200, "<= 2x", True),
        ("export CSV, 100,000", 1000, 500, "<= 3x", True),
        # figures without CPU times (older JSON): the wall times' medians judged
        ("add, 100,000 against 1,000", 360, 300, "<= 1.1x", False),
        # with CPU times (speed.py's seventh figure): those judged, the wall times beside
        ("show, 100,000 against 1,000, CPU time", 120, 100, "<= 1.1x", False),
        ("show, 100,000 against 1,000, wall time", 310, 300, "", None),
        ("show, 100,000 against 1,000, wall time, fastest quarter", 260, 250, "", None),
    ]
    keys = run.keys_rows({"one frame (floor)": [0.002, 0.003, 0.004], "flip": [0.01, 0.02, 0.06]})
    assert [(r.what, round(r.ours), round(r.floor), run.met(r)) for r in keys] == [
        ("flip, median", 20, 3, False),
        ("flip, worst", 60, 4, False),
    ]
    intake = run.intake_rows([
        ["carddeck import", 1000, 0.5, 80.0, 0.9], ["sqlite3 .import", 1000, 0.01, 5.0, 0.0],
        ["carddeck import", 10_000, 3.0, 90.0], ["sqlite3 .import", 10_000, 0.1, 5.0],
        ["carddeck export", 1000, 0.4, 60.0], ["sqlite3 -csv", 1000, 0.01, 5.0],
        ["carddeck export", 10_000, 0.9, 61.0], ["sqlite3 -csv", 10_000, 0.3, 5.0],
    ], 10_000)  # fmt: skip
    assert [(r.what, r.ours, r.floor, run.met(r)) for r in intake] == [
        ("import CSV, 10,000 (floor: sqlite3 .import)", 3.0, 0.1, False),
        ("export CSV, 10,000 (floor: sqlite3 -csv)", 0.9, 0.3, True),
        ("peak memory of import, 10,000 (floor: 1,000)", 90.0, 80.0, True),
        ("peak memory of export, 10,000 (floor: 1,000)", 61.0, 60.0, True),
    ]
    startup = run.startup_rows({
        "floor": {"frame": 0.2, "seconds": 0.2, "peak_mb": 50.0},
        "small": {"frame": 0.25, "seconds": 0.28, "peak_mb": 100.0},
        "big": {"frame": 0.26, "seconds": 0.32, "peak_mb": 125.0},
    }, 100_000, 1000)  # fmt: skip
    assert [(r.what, round(r.ours), round(r.floor), run.met(r)) for r in startup] == [
        ("first card, 100,000 (floor: minimal Textual app)", 320, 200, False),
        ("the deck's frame, 100,000 (floor: its first card)", 260, 320, True),
        ("first card, 1,000 (floor: minimal Textual app)", 280, 200, True),
        ("peak memory, 100,000 (floor: 1,000)", 125, 100, False),
    ]
    server = run.server_rows(
        {"cards": 1000, "figures": {"add": {"sqlite": 0.2, "postgresql": 0.3}}}
    )
    assert [(r.what, r.ours, r.floor, run.met(r)) for r in server] == [
        ("add, 1,000", 300.0, 200.0, None)
    ]


@pytest.mark.parametrize("full", [False, True])
def test_each_area_runs_a_bench_script_that_writes_its_figures(run: ModuleType, full: bool) -> None:
    for area in run.AREAS:
        script, *options = area.argv(full, None)
        source = (RUN.parent / script).read_text()
        assert '"--json"' in source, script
        assert all(o.startswith("--") or o.isdigit() for o in options), options
        capped = area.argv(full, 2)
        # the keys take presses, not runs; the import's quick run is one run
        assert area.name == "keys" or (area.name, full) == ("intake", False) or "2" in capped


def test_speed_runs_the_sizes_in_turning_rounds_and_counts_no_first_run() -> None:
    """bench/speed.py's rounds: one run of each first, not counted (the day's backup, the
    OS's cache), then the floor and the two sizes, whose order swaps each round so that
    each size follows the floor (another program) as often as the other size."""
    spec = importlib.util.spec_from_file_location("bench_speed", RUN.with_name("speed.py"))
    assert spec is not None and spec.loader is not None
    speed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(speed)
    order: list[tuple[str, int]] = []

    def one(name: str) -> Any:
        return lambda i: order.append((name, i)) or float(len(order))

    took, cpu = speed.interleaved(3, {"floor": one("floor"), 1000: one("small"),
                                      10: one("big")})  # fmt: skip
    assert order == [("floor", 3), ("small", 3), ("big", 3),  # not counted
                     ("floor", 0), ("small", 0), ("big", 0),
                     ("floor", 1), ("big", 1), ("small", 1),
                     ("floor", 2), ("small", 2), ("big", 2)]  # fmt: skip
    assert took == {"floor": [4.0, 7.0, 10.0], 1000: [5.0, 9.0, 11.0], 10: [6.0, 8.0, 12.0]}
    assert list(cpu) == ["floor", 1000, 10] and all(len(c) == 3 for c in cpu.values())
    text = speed.spread_lines([("add", {"floor": [0.2, 0.3, 0.4], 1000: [0.3, 0.35, 0.5],
                                        10: [0.33, 0.4, 0.6]},
                                {"floor": [0.1] * 3, 1000: [0.1] * 3, 10: [0.105] * 3})],
                              1000, 10)  # fmt: skip
    assert text.splitlines()[1].split() == ["add", "200/300/400", "300/350/500", "330/400/600",
                                            "1.14x", "1.14x", "1.12x", "1.05x"]  # fmt: skip


@pytest.mark.parametrize("hour", [0, 10, 23])
def test_the_bench_decks_give_each_size_the_same_cards_to_show(
    tmp_path: Path, clock: Any, hour: int
) -> None:
    """bench/make_deck.py repeats every 1,000 cards, its dates drawn around now: at 1,000
    each of today's sections holds more than a page (so ``today --json`` shows 50 of each
    at every size, at any hour; a Friday here), a bigger deck holds the same cards over
    again, and bench/speed.py gives a command the same kind of card at each size."""
    from carddeck.deck import clock as deck_clock

    clock.move_to(deck_clock.wall(deck_clock.now()).replace(hour=hour, minute=30).astimezone())
    from typer.testing import CliRunner

    from carddeck.cli import app

    sys.path.insert(0, str(RUN.parent))
    try:
        spec = importlib.util.spec_from_file_location("bench_speed", RUN.with_name("speed.py"))
        assert spec is not None and spec.loader is not None
        speed = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(speed)
    finally:
        sys.path.remove(str(RUN.parent))
    decks = {n: speed.make_deck(tmp_path / f"deck{n}.sqlite", n) for n in (1000, 3000)}
    env = {"CARDDECK_CONFIG": str(tmp_path / "none.toml"), "XDG_DATA_HOME": str(tmp_path)}
    shown = {}
    for n, deck in decks.items():
        done = CliRunner().invoke(app, ["--db", str(deck), "today", "--json"], env=env)
        assert done.exit_code == 0, done.output
        shown[n] = json.loads(done.stdout)
    sections = ("overdue", "due_today", "new", "cold", "customers")
    assert all(len(shown[n][s]) == 50 for n in decks for s in sections), shown[1000]["counts"]
    assert {s: 3 * c for s, c in shown[1000]["counts"].items()} == shown[3000]["counts"]
    columns = "status, next_follow_up, created_at, company, source"
    small = sqlite3.connect(decks[1000]).execute(f"SELECT {columns} FROM card ORDER BY id")
    big = sqlite3.connect(decks[3000]).execute(f"SELECT {columns} FROM card ORDER BY id")
    assert list(big) == 3 * list(small)
    ids = speed._open_ids(decks)
    assert len(ids[1000]) == len(ids[3000]) > 500
    assert [i + 1000 for i in ids[1000]] == ids[3000]  # the middle thousand of 3,000
