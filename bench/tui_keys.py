"""Each key of the deck screen on a big deck, in process: press to screen updated.

    python bench/tui_keys.py [--cards 100000] [--presses 30]

Runs the app headless with Textual's Pilot on a deck of ``--cards`` cards (the deck view,
animations off) and times each key from the press until its reads are done and the screen
is drawn (the last screen update the key caused, taken from the app's display calls):
next card (j), flip (space), shuffle to the back (b), open the log dialog (l). Keys go to
the app as a terminal's would, not through Pilot's press (which waits for the whole
process to be idle). The floor is one frame: a minimal Textual app changing one Static on
a key, timed the same way. Prints the median and the worst of each (target: 16 ms
median, 50 ms worst).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from make_deck import make_deck  # noqa: E402

LOADING = ("load", "counts")
QUIET = 0.08  # no screen update for this long after the last one: the key is done


async def timed(app: Any, displays: list[float], key: str, done: Callable[[], bool]) -> float:
    """Seconds from the key reaching the app (as a terminal's would) to the last screen
    update it caused: the app is idle once ``done()``, no reading worker runs, and nothing
    more is drawn for a while."""
    from textual import events

    seen = len(displays)
    started = time.perf_counter()
    app._driver.send_message(events.Key(key, " " if key == "space" else key))
    while True:
        await asyncio.sleep(0.001)
        busy = any(w.group in LOADING and w.is_running for w in app.workers)
        last = displays[-1] if len(displays) > seen else started
        if done() and not busy and time.perf_counter() - last > QUIET:
            return last - started


async def floor(presses: int) -> list[float]:
    """One frame: a minimal Textual app whose key changes one Static, timed the same way."""
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        BINDINGS = [("j", "next")]
        shown = 0

        def compose(self) -> ComposeResult:
            yield Static("card 0", id="card")

        def action_next(self) -> None:
            self.shown += 1
            self.query_one("#card", Static).update(f"card {self.shown}")

    app = Minimal()
    took = []
    async with app.run_test(size=(100, 30)) as pilot:
        displays = _watch(app)
        await pilot.pause()
        for _ in range(presses):
            took.append(await timed(app, displays, "j", lambda: True))
    return took


def _watch(app: Any) -> list[float]:
    """When the app draws (headless, nothing is written, but each update passes here)."""
    displays: list[float] = []
    display = app._display

    def drawn(screen: Any, renderable: Any) -> None:
        displays.append(time.perf_counter())
        display(screen, renderable)

    app._display = drawn
    return displays


async def measure(deck: Path, presses: int) -> dict[str, list[float]]:
    from carddeck import deck as cards
    from carddeck.tui.app import CarddeckApp
    from carddeck.tui.screens.log import LogScreen

    app = CarddeckApp(db=deck, settings=cards.DEFAULT_SETTINGS._replace(start_view="deck"))
    app.animation_level = "none"
    displays = _watch(app)
    times: dict[str, list[float]] = {"next card": [], "flip": [], "shuffle": [], "open log": []}
    always = lambda: True  # noqa: E731
    logging = lambda: isinstance(app.screen, LogScreen)  # noqa: E731
    closed = lambda: not logging()  # noqa: E731
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for _ in range(presses):
            times["next card"].append(await timed(app, displays, "j", always))
            times["flip"].append(await timed(app, displays, "space", always))
            times["shuffle"].append(await timed(app, displays, "b", always))
            times["open log"].append(await timed(app, displays, "l", logging))
            await timed(app, displays, "escape", closed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        deck = make_deck(Path(tmp) / "deck.sqlite", args.cards)
        times = {"one frame (floor)": asyncio.run(floor(args.presses))}
        times |= asyncio.run(measure(deck, args.presses))
    print(f"deck screen keys at {args.cards:,} cards, {args.presses} presses each, in process")
    base = statistics.median(times["one frame (floor)"])
    print(f"{'key':>18} {'median':>8} {'worst':>8} {'median/floor':>13}")
    for name, took in times.items():
        mid = statistics.median(took)
        print(f"{name:>18} {mid * 1000:>6.1f}ms {max(took) * 1000:>6.1f}ms {mid / base:>12.2f}x")
    print("target: 16 ms median, 50 ms worst (one frame at 60 Hz is 16.7 ms)")
    if args.json:  # every press's seconds, by key, for bench/run.py
        Path(args.json).write_text(json.dumps(times))


if __name__ == "__main__":
    main()
