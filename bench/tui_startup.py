"""First paint and peak memory of the deck screen, beside a minimal Textual app's first paint.

    python bench/tui_startup.py [--runs 7] [--cards 100000] [--small 1000]

Each run is a fresh Python process that opens the deck screen headless at 100x30 and
stops the clock when the deck's frame (the status bar: it is up before the deck is
opened) and then the first card are painted: the first frame Textual sends to the terminal
that holds them. The floor is a minimal Textual app (one
Static) measured the same way in the same loop. Prints the medians, the ratio of the
frame and of the first card at ``--cards`` to the floor (target for the card: within
1.5x) and the peak RSS (VmHWM: ru_maxrss would carry this process's over the exec) of
``--cards`` against ``--small`` (target: within 1.2x). Each run's CPU time to its first
card (all its threads, from the process's start) is reported beside: on a machine busy with
other work the wall times swing with it, the CPU times much less.
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
from installed import as_installed  # noqa: E402
from make_deck import make_deck  # noqa: E402

# Every frame reaches the terminal through App._display (headless, it is dropped there): the
# clock stops in it, at the first frame that holds what is looked for, with nothing driving
# the app from outside. (Polling with Pilot.pause, as this bench did until 2026-11-30, forces
# a screen update at each wake: ~5 ms of main-thread work on the deck's start, none on the
# floor's, whose card is up at the first look.)
PAINTED = r"""
import asyncio, json, sys, time
started = time.perf_counter()
from textual.app import App

painted = {}
done = asyncio.Event()
_shown = App._display

def _display(self, screen, renderable):
    _shown(self, screen, renderable)
    if renderable is None:
        return
    for name, wanted in LOOKED_FOR.items():
        if name not in painted and wanted(screen):
            painted[name] = (time.perf_counter() - started, time.process_time())
    if len(painted) == len(LOOKED_FOR):
        done.set()

App._display = _display

def peak_mb():
    return int(next(line for line in open("/proc/self/status")
                    if line.startswith("VmHWM")).split()[1]) / 1024
"""

FLOOR = (
    PAINTED
    + r"""
from textual.widgets import Static

LOOKED_FOR = {"card": lambda screen: screen.query("#card")}

class Minimal(App[None]):
    def compose(self):
        yield Static("Ann Lee · Lee Dental", id="card")

async def main():
    app = Minimal()
    async with app.run_test(size=(100, 30)):
        await done.wait()
    seconds, cpu = painted["card"]
    print(json.dumps({"frame": seconds, "seconds": seconds, "cpu": cpu,
                      "peak_mb": peak_mb(), "count": 1}))

asyncio.run(main())
"""
)

ONE_RUN = (
    PAINTED
    + r"""
from carddeck.tui.app import CarddeckApp

LOOKED_FOR = {
    # the frame: the deck screen with its status bar (up before the deck is opened)
    "frame": lambda screen: screen.query("#status-bar"),
    # the first card: the top card (or the empty deck's card), drawn
    "card": lambda screen: any(str(card.border_title or "") for card in screen.query("#card")),
}

async def main():
    app = CarddeckApp(db=sys.argv[1])
    async with app.run_test(size=(100, 30)):
        await done.wait()
        await app.workers.wait_for_complete()
        count = app.screen.count
    (frame, _), (seconds, cpu) = painted["frame"], painted["card"]
    print(json.dumps({"frame": frame, "seconds": seconds, "cpu": cpu,
                      "peak_mb": peak_mb(), "count": count}))

asyncio.run(main())
"""
)


ENV: dict[str, str] | None = None  # as_installed()'s, once main() has made it


def one(code: str, *args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=ENV
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here as JSON")
    args = parser.parse_args()
    global ENV
    # carddeck's modules compiled once, as an installed app's are (with
    # PYTHONDONTWRITEBYTECODE set, or a tree changed since, each run would compile them
    # anew, ~50 ms the floor's installed, compiled modules do not pay), and data and
    # settings folders of the bench's own.
    ENV = as_installed()
    with tempfile.TemporaryDirectory() as tmp:
        small = make_deck(Path(tmp) / "small.sqlite", args.small)
        big = make_deck(Path(tmp) / "big.sqlite", args.cards)
        runs: dict[str, list[dict[str, float]]] = {"floor": [], "small": [], "big": []}
        decks = {"small": str(small), "big": str(big)}
        one(FLOOR), one(ONE_RUN, str(small)), one(ONE_RUN, str(big))  # files into the cache
        for i in range(args.runs):  # interleaved: a busy moment slows all three alike
            runs["floor"].append(one(FLOOR))
            # the sizes take turns to follow the floor: a process run just after another
            # program finds less of its own in the CPU's and the OS's caches, and in the
            # fixed order (floor, small, big) the small deck always paid for it (one run
            # put it at 1.52x and the big at 1.35x: by CPU time 1.40x against 1.28x, for
            # the same first page)
            for name in ("small", "big") if i % 2 == 0 else ("big", "small"):
                runs[name].append(one(ONE_RUN, decks[name]))
    med = {
        name: {
            k: statistics.median(r[k] for r in rs) for k in ("frame", "seconds", "cpu", "peak_mb")
        }
        | {"count": rs[-1]["count"]}
        for name, rs in runs.items()
    }
    floor = med["floor"]["seconds"]
    print(f"deck screen, first paint and peak memory, median of {args.runs} fresh processes")
    print(f"{'':>22} {'in view':>8} {'frame':>8} {'frame/floor':>12} {'card':>8} "
          f"{'card/floor':>11} {'peak RSS':>9}")  # fmt: skip
    labels = {"floor": "minimal Textual app", "small": f"{args.small:,} cards",
              "big": f"{args.cards:,} cards"}  # fmt: skip
    for name, label in labels.items():
        m = med[name]
        print(
            f"{label:>22} {int(m['count']):>8,} {m['frame'] * 1000:>6.0f}ms "
            f"{m['frame'] / floor:>11.2f}x "
            f"{m['seconds'] * 1000:>6.0f}ms {m['seconds'] / floor:>10.2f}x {m['peak_mb']:>7.1f}MB"
        )
    print(f"first card at {args.cards:,} / floor: {med['big']['seconds'] / floor:.2f}x "
          "(target: within 1.50x)")  # fmt: skip
    print(f"first card by CPU time / floor's: {med['big']['cpu'] / med['floor']['cpu']:.2f}x at "
          f"{args.cards:,}, {med['small']['cpu'] / med['floor']['cpu']:.2f}x at {args.small:,} "
          f"(floor {med['floor']['cpu'] * 1000:.0f} ms of CPU)")  # fmt: skip
    print(f"deck's frame at {args.cards:,} / floor: {med['big']['frame'] / floor:.2f}x "
          "(target: before the first card, near the floor)")  # fmt: skip
    print(
        f"peak RSS {args.cards:,} / {args.small:,}: "
        f"{med['big']['peak_mb'] / med['small']['peak_mb']:.2f}x (target: within 1.20x)"
    )
    if args.json:  # the medians of floor, small and big, for bench/run.py
        Path(args.json).write_text(json.dumps(med))


if __name__ == "__main__":
    main()
