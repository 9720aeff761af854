"""First paint and peak memory of the deck screen: a 100,000-card deck against an empty one.

    python bench/tui_startup.py [--runs 7] [--cards 100000]

Each run is a fresh Python process that opens the deck screen headless at 100x30 and
stops the clock when the first card (or the empty-deck message) is on screen. Prints
the median of the runs for each deck and the ratio (target: within 1.2x).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from make_deck import make_deck  # noqa: E402

ONE_RUN = r"""
import asyncio, json, resource, sys, time
started = time.perf_counter()
from carddeck.tui.app import CarddeckApp

async def main():
    app = CarddeckApp(db=sys.argv[1])
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        # first paint: the top card (or the empty deck's card) is drawn
        while not str(screen.query_one("#card").border_title or ""):
            await pilot.pause(0.005)
        painted = time.perf_counter() - started
        await app.workers.wait_for_complete()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": painted, "peak_mb": peak_kb / 1024,
                      "count": screen.count}))

asyncio.run(main())
"""


def measure(deck: Path, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", ONE_RUN, str(deck)], capture_output=True, text=True, check=True
        )
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return {
        "seconds": statistics.median(r["seconds"] for r in results),
        "peak_mb": statistics.median(r["peak_mb"] for r in results),
        "count": results[-1]["count"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cards", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = make_deck(Path(tmp) / "empty.sqlite", 0)
        big = make_deck(Path(tmp) / "big.sqlite", args.cards)
        small_run = measure(empty, args.runs)
        big_run = measure(big, args.runs)
    print(f"deck screen, first paint and peak memory, median of {args.runs} fresh processes")
    print(f"{'deck':>14} {'cards in view':>14} {'first paint':>12} {'peak RSS':>10}")
    for label, run in (("empty", small_run), (f"{args.cards:,} cards", big_run)):
        print(
            f"{label:>14} {run['count']:>14,} {run['seconds'] * 1000:>10.0f}ms "
            f"{run['peak_mb']:>8.1f}MB"
        )
    print(
        f"{'ratio':>14} {'':>14} {big_run['seconds'] / small_run['seconds']:>11.2f}x "
        f"{big_run['peak_mb'] / small_run['peak_mb']:>9.2f}x   (target: within 1.20x)"
    )


if __name__ == "__main__":
    main()
