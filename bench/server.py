"""The same deck on a PostgreSQL server beside an SQLite file: quick-add, today, export and
import, each a fresh ``carddeck`` process, medians and the server's ratio to the file.

    python bench/server.py [--runs 5] [--cards 2000]

The server is a throwaway cluster started here as in the tests (``tests/pg.py``: initdb in
a temp folder, run as a non-root user, on 127.0.0.1), or the one named in
``CARDDECK_TEST_PG``. Both decks are filled by importing the same lead file. The floor is
the file: a ratio says what sharing a deck costs a command on this machine (mostly the
connection to the server, which a file does not have).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.intake_export import lead_csv  # noqa: E402
from tests import pg  # noqa: E402

CARDDECK = str(Path(sys.executable).with_name("carddeck"))


def timed(db: str, *args: str) -> float:
    env = {**os.environ, "CARDDECK_DB": db}
    started = time.perf_counter()
    done = subprocess.run([CARDDECK, *args], env=env, capture_output=True, timeout=600)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed on {db}: carddeck {' '.join(args)}: {done.stderr.decode()}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cards", type=int, default=2000)
    args = parser.parse_args()
    clusters = pg.cluster()
    holder = next(clusters)
    if isinstance(holder, str):
        raise SystemExit(holder)
    cluster = holder
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        os.environ["XDG_DATA_HOME"] = str(base / "data")
        leads = lead_csv(base / "leads.csv", args.cards)
        small = lead_csv(base / "small.csv", 500)
        decks = {
            "sqlite": str(base / "deck.sqlite"),
            "postgresql": cluster.url(cluster.new_database()),
        }
        for db in decks.values():
            timed(db, "import", str(leads))
        results: dict[str, dict[str, float]] = {name: {} for name in decks}
        steps = {
            "quick-add": lambda db, n: timed(db, "add", f"Bench Lead {n}"),
            "today": lambda db, n: timed(db, "today"),
            "export": lambda db, n: timed(db, "export", str(base / f"out-{n}.csv"), "--force"),
        }
        for step, work in steps.items():
            for name, db in decks.items():
                results[name][step] = statistics.median(work(db, n) for n in range(args.runs))
        for name in decks:  # import: 500 leads into a fresh, empty deck each run
            times = []
            for n in range(args.runs):
                fresh = (str(base / f"fresh-{n}.sqlite") if name == "sqlite"
                         else cluster.url(cluster.new_database()))  # fmt: skip
                times.append(timed(fresh, "import", str(small)))
            results[name]["import 500"] = statistics.median(times)
        cluster.stop()
    print(f"deck of {args.cards} cards, {args.runs} runs each, medians (fresh process each)")
    print(f"{'':12} {'SQLite file':>12} {'PostgreSQL':>12} {'ratio':>7}")
    for step in results["sqlite"]:
        file_s, server_s = results["sqlite"][step], results["postgresql"][step]
        print(
            f"{step:12} {file_s * 1000:10.0f}ms {server_s * 1000:10.0f}ms {server_s / file_s:6.2f}x"
        )


if __name__ == "__main__":
    main()
