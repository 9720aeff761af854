"""What each command costs against the floor of its stack, measured in the same run.

    python bench/speed.py            # quick: decks of 1,000 and 10,000 cards, 3 runs each
    python bench/speed.py --full     # the README's table: 1,000 and 100,000 cards, 7 runs
    python bench/speed.py --full --only-decks --scale-runs 30   # the deck commands only
    python bench/speed.py --only-helps --runs 15                # the --help rows only

Every figure is the median wall time of fresh processes of the installed ``carddeck``
beside the floor the issue names, run in the same loop so a busy machine slows both.

The deck commands run on two decks made by ``bench/make_deck.py``, which repeats every
1,000 cards: the big deck is the small one a hundred times over (its dates drawn around
the moment it is made, so that each of today's sections holds more than a page at both
sizes), and a command given a card gets the same kind of card at both sizes (the small
deck's card, and the same card of the big deck's middle thousand: ``_open_ids``). Each
size then has the same work to show: ``today --json`` prints 50 cards of each section and
``list --due`` the same page at 1,000 as at 100,000; only the deck's size differs.

They run in rounds (``--scale-runs``, three times ``--runs`` unless given), after one run
of each that is not counted (the day's backup of a deck is taken before its first
change: once a day, not part of a command's cost): the floor opens each round, the small
and the big deck follow it in an order that turns each round (``interleaved``). Their
floor is shared by both sizes. The big deck against the small one is judged (<= 1.1x) on
the processes' CPU time (user and system seconds: the command's work, the kernel's reads
of the deck's pages included, and not the waits for a CPU that other programs cause),
median against median: on a shared 2-CPU machine the wall times of the same runs swung
0.85-1.15x from run to run with nothing changed, and the CPU times 0.96-1.06x, while a real
growth moves both (``today --json``'s new leads, walked day by day, showed 1.18x by CPU).
The wall times' medians and the fastest quarters are printed beside, and a second table
gives each one's spread (min / median / max) and the big deck against the small one by
medians, by each round's own ratio, by the fastest quarter and by CPU time.

- ``--help``, ``--version``, ``add --help``, ``edit --help``, ``import --help`` (the
  commands with the most options: the slowest helps): a minimal Typer app's ``--help``,
  all in one loop of as many rounds as a deck command's, the floor opening each round and
  the others in an order that turns (with 5 paired runs each, one busy moment put a help
  at 1.51x in one run and 1.18x in the next); their CPU times are reported beside;
- ``add``, ``show``, ``today --json``, ``list --due``, ``log --no-answer``,
  ``shuffle --back``, ``won``: a minimal Typer app doing a one-row sqlite3 insert;
- completing a card name (bash): the same floor;
- export CSV: ``sqlite3 -csv`` of the same table; import CSV: ``sqlite3 .import``.

It prints one table: the median, the floor, their ratio, and for the deck commands
the ratio of the big deck to the small one. Targets (issue 13) are printed beside.
No figure is asserted: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from installed import as_installed  # noqa: E402
from intake_export import lead_csv  # noqa: E402
from make_deck import BLOCK, make_deck  # noqa: E402

CARDDECK = str(Path(sys.executable).with_name("carddeck"))

#: What each deck command is given on run ``i``: each run works a different open card (a
#: won card cannot be won twice as a lead); bench/server.py runs the same.
Arguments = Callable[[list[int], int], list[str]]
COMMANDS: list[tuple[str, Arguments]] = [
    ("add", lambda ids, i: ["add", f"Bench Lead {i}", "--phone", f"+1212666{i:04d}"]),
    ("show", lambda ids, i: ["show", str(ids[len(ids) // 2 + i])]),
    ("today --json", lambda ids, i: ["today", "--json"]),
    ("list --due", lambda ids, i: ["list", "--due"]),
    ("log --no-answer", lambda ids, i: ["log", str(ids[len(ids) // 3 + i]), "--no-answer"]),
    ("shuffle --back", lambda ids, i: ["shuffle", str(ids[len(ids) // 4 + i]), "--back"]),
    ("won", lambda ids, i: ["won", str(ids[len(ids) // 5 + i])]),
]

MINIMAL_TYPER = """
import typer
app = typer.Typer()
@app.command()
def add(name: str) -> None:
    '''Add one row.'''
@app.command()
def other() -> None:
    '''Another command.'''
app()
"""

TYPER_INSERT = """
import sqlite3, sys
import typer
app = typer.Typer()
@app.command()
def add(path: str, name: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO floor (name) VALUES (?)", (name,))
    print(conn.execute("SELECT max(id) FROM floor").fetchone()[0])
@app.command()
def other() -> None:
    '''Another command.'''
app()
"""


def seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr!r}")
    return took


def paired(
    runs: int, ours: Callable[[int], float], floor: Callable[[int], float]
) -> tuple[float, float]:
    """Medians of ``runs`` alternating runs of ours and the floor."""
    mine, base = [], []
    for i in range(runs):
        mine.append(ours(i))
        base.append(floor(i))
    return statistics.median(mine), statistics.median(base)


def child_cpu() -> float:
    """The CPU seconds (user and system) of every child process waited for so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


Runs = dict[Any, list[float]]


def interleaved(rounds: int, runs: dict[Any, Callable[[int], float]]) -> tuple[Runs, Runs]:
    """``rounds`` runs of each, in turn, after one run of each not counted (it takes the
    day's backup of a deck before its first change, and reads the files into the OS's
    cache): the first (the floor) opens every round, and the others follow it in an order
    that turns each round (floor, small, big; floor, big, small; ...), so that each size
    follows the floor as often as it follows the other size: a process run just after
    another program (the floor's) finds less of its own in the CPU's and the OS's caches,
    and a fixed order handed that cost to one size more than the other. Each run's wall
    time, and its processes' CPU time (which waiting for a busy CPU does not lengthen)."""
    names = list(runs)
    for name in names:
        runs[name](rounds)
    took: Runs = {name: [] for name in names}
    cpu: Runs = {name: [] for name in names}
    first, rest = names[0], names[1:]
    for i in range(rounds):
        turn = i % len(rest) if rest else 0
        for name in [first, *rest[turn:], *rest[:turn]]:
            before = child_cpu()
            took[name].append(runs[name](i))
            cpu[name].append(child_cpu() - before)
    return took, cpu


def fast(took: list[float]) -> float:
    """The fastest quarter's edge (the lower quartile): what a busy machine hardly slows,
    steadier than the one fastest run."""
    if len(took) < 2:
        return took[0]
    return statistics.quantiles(took, n=4, method="inclusive")[0]


def spread_lines(spreads: list[tuple[str, Runs, Runs]], small: int, big: int) -> str:
    """Min / median / max of each deck command's runs beside its floor's, and its big deck
    against its small one four ways: by the medians (the target's), by the median of each
    round's own ratio (the two ran a moment apart), by the fastest quarter of the runs
    (``fast``), and by the median CPU time. Noise moves the medians and the maxima; growth
    moves the fastest runs and the CPU time too."""
    lines = [f"{'ms: min/median/max':<22} {'floor':>17} {f'{small:,}':>17} {f'{big:,}':>17}"
             f"  {big:,} / {small:,}: medians, rounds, fastest, CPU"]  # fmt: skip
    for what, took, cpu in spreads:
        cells = [
            "/".join(f"{v * 1000:.0f}" for v in (min(t), statistics.median(t), max(t)))
            for t in (took["floor"], took[small], took[big])
        ]
        by_median = statistics.median(took[big]) / statistics.median(took[small])
        by_round = statistics.median(b / a for a, b in zip(took[small], took[big], strict=True))
        by_fast = fast(took[big]) / fast(took[small])
        by_cpu = statistics.median(cpu[big]) / statistics.median(cpu[small])
        lines.append(f"{what:<22} {cells[0]:>17} {cells[1]:>17} {cells[2]:>17}  "
                     f"{by_median:>18.2f}x {by_round:>6.2f}x {by_fast:>7.2f}x "
                     f"{by_cpu:>4.2f}x")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="1,000 and 100,000 cards, 7 runs")
    parser.add_argument("--json", metavar="PATH", help="also write the figures here as JSON")
    parser.add_argument("--runs", type=int, help="runs of each command (3; 7 with --full)")
    parser.add_argument("--scale-runs", type=int, help="runs of each deck command at each "
                        "size, interleaved with the floor's (default: 3 times --runs)")  # fmt: skip
    parser.add_argument("--only-decks", action="store_true",
                        help="the deck commands (add, show, ... won) only")  # fmt: skip
    parser.add_argument("--only-helps", action="store_true",
                        help="--help, --version and the CMD --help rows only")  # fmt: skip
    args = parser.parse_args()
    small, big = (1_000, 100_000) if args.full else (1_000, 10_000)
    runs = args.runs or (7 if args.full else 3)
    scale_runs = args.scale_runs or 3 * runs
    spreads: list[tuple[str, Runs, Runs]] = []
    py = sys.executable
    rows: list[tuple[str, float, float, str, str, float | None, float | None]] = []

    def row(what: str, mine: float, floor: float, target: str, scale: str = "",
            fastest: float | None = None, cpu: float | None = None) -> None:  # fmt: skip
        rows.append((what, mine, floor, target, scale, fastest, cpu))
        print(f"  {what}: {mine * 1000:.0f} ms vs {floor * 1000:.0f} ms", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = as_installed(CARDDECK_CONFIG=str(folder / "none.toml"), TERM="dumb")
        floor_app = folder / "floor.py"
        floor_app.write_text(MINIMAL_TYPER)
        insert_app = folder / "insert.py"
        insert_app.write_text(TYPER_INSERT)
        floor_db = folder / "floor.sqlite"
        subprocess.run(["sqlite3", str(floor_db), "CREATE TABLE floor (id INTEGER PRIMARY KEY,"
                        " name TEXT)"], check=True)  # fmt: skip

        def floor_help(_: int) -> float:
            return seconds([py, str(floor_app), "--help"], env)

        def floor_insert(i: int) -> float:
            return seconds([py, str(insert_app), "add", str(floor_db), f"Floor {i}"], env)

        helps = [("--help", ["--help"]), ("--version", ["--version"]),
                 ("add --help", ["add", "--help"]), ("edit --help", ["edit", "--help"]),
                 ("import --help", ["import", "--help"])]  # fmt: skip
        if not args.only_decks:
            # One loop for all of them, each round opened by the floor and the others in an
            # order that turns (``interleaved``): as many rounds as a deck command's, each
            # row beside the floor's median over every round.
            took, cpu = interleaved(scale_runs, {
                "floor": floor_help,
                **{what: (lambda _, a=argv: seconds([CARDDECK, *a], env)) for what, argv in helps},
            })  # fmt: skip
            base, base_cpu = statistics.median(took["floor"]), statistics.median(cpu["floor"])
            for what, _ in helps:
                row(what, statistics.median(took[what]), base, "<= 1.3x")
            for what, _ in helps:  # reported beside: what a busy machine hardly swings
                row(f"{what}, CPU time", statistics.median(cpu[what]), base_cpu, "")

        if args.only_helps:
            decks: dict[int, Path] = {}
        else:
            decks = {n: make_deck(folder / f"deck{n}.sqlite", n) for n in (small, big)}
        open_ids = _open_ids(decks) if decks else {}
        for what, argv in [] if args.only_helps else COMMANDS:

            def ours(n: int, i: int, argv=argv) -> float:
                return seconds([CARDDECK, "--db", str(decks[n]), *argv(open_ids[n], i)], env)

            took, cpu = interleaved(scale_runs, {
                "floor": floor_insert, small: lambda i: ours(small, i),
                big: lambda i: ours(big, i)})  # fmt: skip
            base = statistics.median(took["floor"])
            m1, m2 = statistics.median(took[small]), statistics.median(took[big])
            c1, c2 = statistics.median(cpu[small]), statistics.median(cpu[big])
            row(f"{what}, {small:,}", m1, base, "<= 2x", fastest=fast(took[small]), cpu=c1)
            fastest = fast(took[big]) / fast(took[small])
            row(f"{what}, {big:,}", m2, base, "<= 2x",
                f"CPU {c2 / c1:.2f}x of {small:,} (<= 1.1x; wall: medians {m2 / m1:.2f}x, "
                f"fastest quarter {fastest:.2f}x)", fastest=fast(took[big]), cpu=c2)  # fmt: skip
            spreads.append((what, took, cpu))

        if not args.only_decks and not args.only_helps:
            complete_env = dict(env, _CARDDECK_COMPLETE="complete_bash",
                                COMP_WORDS="carddeck show Ann", COMP_CWORD="2",
                                CARDDECK_DB=str(decks[big]))  # fmt: skip
            mine, base = paired(runs, lambda _: seconds([CARDDECK, "show", "Ann"], complete_env),
                                floor_insert)  # fmt: skip
            row(f"complete a card name, {big:,}", mine, base, "<= 1.5x")

            out = folder / "out.csv"
            deck = decks[big]
            mine, base = paired(
                max(3, runs // 2),
                lambda _: seconds([CARDDECK, "--db", str(deck), "export", "--format", "csv",
                                      str(out), "--force"], env),  # fmt: skip
                lambda _: seconds(["sh", "-c", f"sqlite3 -csv -header '{deck}' "
                                   f"'SELECT * FROM card ORDER BY position, id' > '{out}.floor'"]),
            )  # fmt: skip
            row(f"export CSV, {big:,}", mine, base, "<= 3x")

            leads = lead_csv(folder / "leads.csv", big)
            n = iter(range(10**6))

            def import_ours(_: int) -> float:
                target = folder / f"import{next(n)}.sqlite"
                took = seconds([CARDDECK, "--db", str(target), "import", str(leads)], env)
                target.unlink()
                return took

            def import_floor(_: int) -> float:
                target = folder / f"floor{next(n)}.sqlite"
                took = seconds(["sqlite3", str(target), f".import --csv '{leads}' leads"])
                target.unlink()
                return took

            mine, base = paired(3, import_ours, import_floor)
            row(f"import CSV, {big:,}", mine, base, "<= 15x")

    print(f"\n{'what':<34} {'carddeck':>10} {'floor':>9} {'ratio':>7}  target   scale")
    for what, mine, floor, target, scale, *_ in rows:
        print(f"{what:<34} {mine * 1000:>7.0f} ms {floor * 1000:>6.0f} ms "
              f"{mine / floor:>6.2f}x  {target:<8} {scale}")  # fmt: skip
    print(
        f"\n{'full' if args.full else 'quick'} run, {runs} runs each ({scale_runs} of each deck "
        f"command at each size, interleaved with its floor's), medians; "
        f"{os.cpu_count()} CPUs; python {sys.version.split()[0]}"
    )
    print(f"\n{spread_lines(spreads, small, big)}")
    # [what, seconds, floor seconds, target, scale, fast() seconds, median CPU seconds (the
    # last two: deck commands only, else None)] per row,
    # for bench/run.py
    if args.json:
        Path(args.json).write_text(json.dumps(rows))


def _open_ids(decks: dict[int, Path]) -> dict[int, list[int]]:
    """Open cards of each deck, for the commands that need one (show, log, shuffle, won):
    the smallest deck's, and in each bigger deck the same cards of its middle block
    (``make_deck`` repeats every ``BLOCK`` cards): at each size a command is given the
    same kind of card (status, dates), from the middle of the deck."""
    import sqlite3

    open_ = "status IN ('new', 'active', 'nurture')"
    conn = sqlite3.connect(decks[min(decks)])
    query = f"SELECT id FROM card WHERE {open_} AND id <= {BLOCK} ORDER BY id"
    first = [r[0] for r in conn.execute(query)]
    conn.close()
    found = {}
    for n, path in decks.items():
        found[n] = [n // BLOCK // 2 * BLOCK + i for i in first]
        conn = sqlite3.connect(path)
        marks = ", ".join(str(i) for i in found[n])
        (alike,) = conn.execute(f"SELECT count(*) FROM card WHERE {open_} AND id IN ({marks})")
        conn.close()
        assert alike[0] == len(first), f"the deck of {n:,} does not repeat every {BLOCK:,}"
    return found


if __name__ == "__main__":
    if shutil.which("sqlite3") is None:
        raise SystemExit("bench/speed.py needs the sqlite3 tool (apt-get install sqlite3)")
    main()
