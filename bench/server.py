"""The same deck on a PostgreSQL server beside an SQLite file: the commands bench/speed.py
times (add, show, today --json, list --due, log --no-answer, shuffle --back, won, export
CSV, import CSV), each a fresh ``carddeck`` process, medians and the server's ratio.

    python bench/server.py [--cards 2000] [--runs 5] [--import-runs 3] [--json PATH]

The server is a throwaway cluster started here as in the tests (``tests/pg.py``: initdb in
a temp folder, run as a non-root user, on 127.0.0.1), or the one named in
``CARDDECK_TEST_PG``. The file deck is made by ``bench/make_deck.py`` and copied to the
server whole with ``carddeck copy`` (same cards, same ids). Import brings a lead CSV of
``--cards`` rows into a fresh, empty deck on each side each run. The runs alternate file
and server, so a busy moment slows both. The floor is the file: a ratio says what sharing
a deck costs a command on this machine (mostly the connection to the server, which a file
does not have).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.installed import as_installed  # noqa: E402
from bench.intake_export import lead_csv  # noqa: E402
from bench.make_deck import make_deck  # noqa: E402
from bench.speed import COMMANDS, Arguments  # noqa: E402
from tests import pg  # noqa: E402

CARDDECK = str(Path(sys.executable).with_name("carddeck"))


def timed(env: dict[str, str], db: str, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [CARDDECK, "--db", db, *args], env=env, capture_output=True, timeout=1800, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed on {db}: carddeck {' '.join(args)}: {done.stderr.decode()}")
    return seconds


def open_ids(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    query = "SELECT id FROM card WHERE status IN ('new', 'active', 'nurture') ORDER BY id"
    found = [row[0] for row in conn.execute(query)]
    conn.close()
    return found


def measure(
    cluster: pg.Cluster, folder: Path, cards: int, runs: int, import_runs: int
) -> dict[str, tuple[float, float]]:
    """(file, server) median seconds of each command."""
    env = as_installed(CARDDECK_CONFIG=str(folder / "none.toml"), TERM="dumb",
                       XDG_DATA_HOME=str(folder / "data"))  # fmt: skip
    file_deck = make_deck(folder / "deck.sqlite", cards)
    server_deck = cluster.url(cluster.new_database())
    started = time.perf_counter()
    timed(env, str(file_deck), "copy", "--to", server_deck)
    print(f"  filled the server's deck of {cards:,} cards by copy in "
          f"{time.perf_counter() - started:.1f}s", file=sys.stderr)  # fmt: skip
    decks = {"file": str(file_deck), "server": server_deck}
    ids = open_ids(file_deck)
    found: dict[str, tuple[float, float]] = {}

    def paired(what: str, count: int, work: Callable[[str, str, int], float]) -> None:
        times: dict[str, list[float]] = {"file": [], "server": []}
        for i in range(count):
            for side, db in decks.items():
                times[side].append(work(side, db, i))
        found[what] = (statistics.median(times["file"]), statistics.median(times["server"]))
        file_s, server_s = found[what]
        print(f"  {what}: {file_s * 1000:.0f} ms file, {server_s * 1000:.0f} ms server",
              file=sys.stderr)  # fmt: skip

    for what, argv in COMMANDS:

        def command(side: str, db: str, i: int, argv: Arguments = argv) -> float:
            return timed(env, db, *argv(ids, i))

        paired(what, runs, command)

    def export(side: str, db: str, i: int) -> float:
        out = str(folder / f"out-{side}.csv")
        return timed(env, db, "export", "--format", "csv", out, "--force")

    paired("export CSV", runs, export)
    leads = lead_csv(folder / "leads.csv", cards)

    def fresh_import(side: str, db: str, i: int) -> float:
        if side == "file":
            target = folder / f"fresh-{i}.sqlite"
            took = timed(env, str(target), "import", str(leads))
            target.unlink()
            return took
        name = cluster.new_database()
        took = timed(env, cluster.url(name), "import", str(leads))
        cluster.drop(name)
        return took

    paired("import CSV", import_runs, fresh_import)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=2000, help="cards in each deck")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command")
    parser.add_argument("--import-runs", type=int, default=3, help="runs of the import")
    parser.add_argument("--json", metavar="PATH", help="also write the medians here")
    args = parser.parse_args()
    clusters = pg.cluster()
    holder = next(clusters)
    if isinstance(holder, str):
        raise SystemExit(holder)
    try:
        with tempfile.TemporaryDirectory() as folder:
            results = measure(holder, Path(folder), args.cards, args.runs, args.import_runs)
    finally:
        clusters.close()  # stops the cluster
    print(f"deck of {args.cards:,} cards, {args.runs} runs each ({args.import_runs} of the "
          "import), medians (fresh process each)")  # fmt: skip
    print(f"{'':16} {'SQLite file':>12} {'PostgreSQL':>12} {'ratio':>7}")
    for what, (file_s, server_s) in results.items():
        print(f"{what:16} {file_s * 1000:10.0f}ms {server_s * 1000:10.0f}ms "
              f"{server_s / file_s:6.2f}x")  # fmt: skip
    if args.json:
        figures = {what: {"sqlite": f, "postgresql": s} for what, (f, s) in results.items()}
        Path(args.json).write_text(json.dumps({"cards": args.cards, "figures": figures}))


if __name__ == "__main__":
    main()
