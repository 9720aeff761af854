"""How soon a card added from the command line shows on an open deck screen (target: 2 s).

    python bench/live_refresh.py [--runs 7]

Starts the installed ``carddeck`` in tmux on a 1,000-card deck, then repeatedly adds a
card with a second ``carddeck add`` and times until tmux shows it. Prints the median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from installed import as_installed  # noqa: E402
from make_deck import make_deck  # noqa: E402

CARDDECK = Path(sys.executable).with_name("carddeck")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = make_deck(Path(tmp) / "deck.sqlite", 1000)
        env = as_installed(CARDDECK_DB=str(db))
        name = f"bench-{uuid.uuid4().hex[:6]}"
        subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                        f"env CARDDECK_DB={db} {CARDDECK}"], check=True)  # fmt: skip
        time.sleep(3)
        delays = []
        try:
            for run in range(args.runs):
                marker = f"Zz Bench {run} {uuid.uuid4().hex[:4]}"
                subprocess.run([str(CARDDECK), "add", marker, "--top"], env=env, check=True,
                               capture_output=True)  # fmt: skip
                added = time.perf_counter()
                while True:
                    shown = subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                                           capture_output=True, text=True).stdout  # fmt: skip
                    if marker in shown:
                        delays.append(time.perf_counter() - added)
                        break
                    if time.perf_counter() - added > 10:
                        raise SystemExit(f"{marker!r} did not show within 10 s")
                    time.sleep(0.02)
                time.sleep(0.5)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    print(f"card added elsewhere -> on screen, {args.runs} runs on a 1,000-card deck")
    print(f"median {statistics.median(delays):.2f}s, worst {max(delays):.2f}s (target: 2 s)")


if __name__ == "__main__":
    main()
