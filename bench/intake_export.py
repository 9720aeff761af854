"""Import and export at scale: time against the sqlite3 tool, and memory from 1,000 to 100,000.

    python bench/intake_export.py [--runs 5] [--cards 100000] [--quick]

Import: ``carddeck import`` of a lead CSV into an empty deck, against ``sqlite3`` ``.import``
of the same file. Export: ``carddeck export`` of that deck to CSV, against ``sqlite3 -csv``
of the same table in the same order. Each run is a fresh process, ours and the floor's
taken in turn (a slow minute of a shared machine falls on both); its wall time and peak
memory (from wait4, which on Linux is the largest of the process and the children it
waited for: the import's worker processes are in it) and CPU time (its own and its
children's: on a busy machine a steadier figure than the wall's) are taken; medians are
printed, with the ratios to the floors measured in the same run. Targets (issue 13):
import within 15x, export within 3x of sqlite3, and peak memory at 100,000 within 1.2x of
at 1,000.
``--quick``: 10,000 cards, one run each (a look, not the figures).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from installed import as_installed  # noqa: E402

CARDDECK = str(Path(sys.executable).with_name("carddeck"))
ENV: dict[str, str] | None = None  # as_installed()'s, once main() has made it
MEMORY = 1.2  # peak memory at the big size, at most this times that at 1,000
SOURCES = ["Google Ads", "Website form", "Trade show", "Referral", "Facebook"]


def lead_csv(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write("First Name,Last Name,Company,Email,Phone,Lead Source,Notes\n")
        for i in range(count):
            phone = f"+1 212 {200 + i // 10000:03d} {i % 10000:04d}"
            out.write(f"Lead,Number {i},Company {i % 3000},lead{i}@example.com,{phone},"
                      f"{SOURCES[i % 5]},Asked about a quote ({i})\n")  # fmt: skip
    return path


def run(command: list[str], *, stdout: Path | None = None) -> tuple[float, float, float]:
    """(seconds, peak MB, CPU seconds of it and its children) of one command in a fresh
    process."""
    sink = open(stdout, "wb") if stdout else subprocess.DEVNULL  # noqa: SIM115
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if stdout:
        sink.close()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def medians_side_by_side(runs: int, *makes: object) -> list[tuple[float, float, float]]:
    """The medians of each command, their runs taken in turn (ours, the floor, ours, ...):
    a shared machine's slow minutes fall on both alike, not on one of them."""
    results: list[list[tuple[float, float, float]]] = [[] for _ in makes]
    for _ in range(runs):
        for done, make in zip(results, makes, strict=True):
            done.append(make())  # type: ignore[operator]
    return [
        tuple(statistics.median(r[i] for r in done) for i in range(3))  # type: ignore[misc]
        for done in results
    ]


def measure(
    folder: Path, count: int, leads: Path, deck: Path, runs: int
) -> dict[tuple[str, int], tuple[float, float, float]]:
    """Import and export ``count`` cards, ours and sqlite3's, ``runs`` times each."""
    n = iter(range(10**6))
    out = folder / "out.csv"
    query = "SELECT * FROM card ORDER BY position, id"
    ours = [CARDDECK, "--db"]
    found = {}
    found["carddeck import", count], found["sqlite3 .import", count] = medians_side_by_side(
        runs,
        lambda: run([*ours, str(folder / f"import{count}-{next(n)}.sqlite"), "import",
                     str(leads)]),
        lambda: run(["sqlite3", str(folder / f"sqlite{count}-{next(n)}.sqlite"), ".mode csv",
                     f".import {leads} leads"]),
    )  # fmt: skip
    run([*ours, str(deck), "import", str(leads)])
    found["carddeck export", count], found["sqlite3 -csv", count] = medians_side_by_side(
        runs,
        lambda: run([*ours, str(deck), "export", str(out), "--force"]),
        lambda: run(["sqlite3", "-csv", "-header", str(deck), query], stdout=out),
    )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="10,000 cards, one run each")
    parser.add_argument("--json", metavar="PATH", help="also write the figures here as JSON")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.cards = 1, 10_000
    global ENV
    ENV = as_installed()
    figures: dict[tuple[str, int], tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for count in (1000, args.cards):
            leads = lead_csv(folder / f"leads{count}.csv", count)
            deck = folder / f"deck{count}.sqlite"
            figures.update(measure(folder, count, leads, deck, args.runs))
    big = args.cards
    print(f"median of {args.runs} fresh processes each")
    print(f"{'':>18} {'1,000 cards':>28} {f'{big:,} cards':>30}   (wall, peak, CPU)")
    for label in ("carddeck import", "sqlite3 .import", "carddeck export", "sqlite3 -csv"):
        small, large = figures[label, 1000], figures[label, big]
        print(
            f"{label:>18} {small[0]:>7.2f}s {small[1]:>7.1f}MB {small[2]:>6.2f}s"
            f" {large[0]:>9.2f}s {large[1]:>7.1f}MB {large[2]:>6.2f}s"
        )
    for what, ours, theirs, aim in (("import", "carddeck import", "sqlite3 .import", 15),
                                    ("export", "carddeck export", "sqlite3 -csv", 3)):  # fmt: skip
        ratio = figures[ours, big][0] / figures[theirs, big][0]
        cpu = figures[ours, big][2] / figures[theirs, big][2]
        memory = figures[ours, big][1] / figures[ours, 1000][1]
        verdict = "ok" if ratio <= aim and memory <= MEMORY else "OVER"
        print(
            f"{what}: {ratio:.1f}x the sqlite3 tool's time at {big:,} (target: within {aim}x;"
            f" CPU {cpu:.1f}x, all processes); "
            f"peak memory {memory:.2f}x from 1,000 to {big:,} (target: within {MEMORY}x)"
            f": {verdict}"
        )
    if args.json:  # [label, cards, seconds, peak MB, CPU seconds] per figure, for run.py
        Path(args.json).write_text(json.dumps([[*k, *v] for k, v in figures.items()]))


if __name__ == "__main__":
    main()
