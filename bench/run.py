"""Every issue-13 benchmark in one command: one markdown table per area, each figure beside
its floor measured in the same run, the ratio, the target and whether it is met.

    python bench/run.py                  # quick: a smoke run (1,000 and 10,000 cards, few
                                         # runs; a few minutes on a quiet 2-core machine)
    python bench/run.py --full           # the README's table: 1,000 and 100,000 cards
                                         # (about 5 minutes on a quiet 2-core machine)
    python bench/run.py --only speed,server --out /tmp/results.md

Each area is its own script under bench/, run here as a subprocess with ``--json`` (its
progress goes to stderr as it runs): ``speed.py`` (the CLI commands against a minimal
Typer app), ``tui_startup.py`` (the deck screen's frame, first card and peak memory),
``tui_keys.py`` (each key in process against one frame), ``intake_export.py`` (import
and export against the sqlite3 tool, peak memory) and ``server.py`` (the same commands
on PostgreSQL beside SQLite). An area that cannot run (no sqlite3 tool, no PostgreSQL)
says why in its place and the exit status is 1. The tables go to stdout and to ``--out``
(default: bench/results.md for --full, bench/results-quick.md otherwise), under a line
naming the date, the machine, Python and the load average at the start and the end.
The tmux benches (live_refresh.py, log_keys.py) are not run here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

#: How a target reads: "<= 2x" (of the floor), "<= 16 ms" (the figure itself), "< 1x".
TARGET = re.compile(r"^(<=|<)\s*([0-9.]+)\s*(x|ms|s|MB)$")
SCALE = {"ms": 0.001, "s": 1.0, "MB": 1.0}


@dataclass(frozen=True)
class Row:
    """One line of a table: carddeck's figure, the floor's (None: no floor), both in
    ``unit``, and the target (empty: reported, no target)."""

    what: str
    ours: float
    floor: float | None
    unit: str
    target: str = ""


def ratio(row: Row) -> float | None:
    return row.ours / row.floor if row.floor else None


def met(row: Row) -> bool | None:
    """Whether the row meets its target, judged on the figure as the table prints it (a
    ratio to two places, a time to a tenth of the target's unit); None without one."""
    if not row.target:
        return None
    found = TARGET.match(row.target.strip())
    if found is None:
        raise ValueError(f"cannot read the target {row.target!r} of {row.what!r}")
    sign, limit, unit = found[1], float(found[2]), found[3]
    if unit == "x":
        share = ratio(row)
        if share is None:
            raise ValueError(f"{row.what!r} has a ratio target but no floor")
        figure = round(share, 2)
    elif unit == "MB" or row.unit == "MB":
        if unit != row.unit:
            raise ValueError(f"{row.what!r} is in {row.unit}, its target in {unit}")
        figure = round(row.ours, 1)
    else:  # both times: compare in the target's unit
        figure = round(row.ours * SCALE[row.unit] / SCALE[unit], 1)
    return figure <= limit if sign == "<=" else figure < limit


def figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "s":
        return f"{value:,.2f} s"
    return f"{value:,.1f} {unit}"


def table(title: str, rows: list[Row], note: str = "") -> str:
    """A markdown table: what | carddeck | floor | ratio | target | met?"""
    lines = [f"### {title}", ""]
    if note:
        lines += [note, ""]
    lines += ["| what | carddeck | floor | ratio | target | met? |",
              "| --- | ---: | ---: | ---: | --- | --- |"]  # fmt: skip
    for row in rows:
        share = ratio(row)
        verdict = {None: "-", True: "yes", False: "**no**"}[met(row)]
        lines.append(
            f"| {row.what} | {figure(row.ours, row.unit)} | {figure(row.floor, row.unit)} "
            f"| {'-' if share is None else f'{share:.2f}x'} | {row.target or '-'} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def unmet(rows: list[Row]) -> list[Row]:
    return [row for row in rows if met(row) is False]


# --- the areas: how each script is run and what its figures become ---------------------


def speed_rows(data: list[list[Any]]) -> list[Row]:
    """bench/speed.py's rows ([what, seconds, floor seconds, target, scale, and for a deck
    command the lower quartile of its runs and its median CPU time]), with each deck
    command's big deck against its small one as a row of its own: judged (<= 1.1x) on the
    median CPU times where speed.py gave them (a busy machine swings the wall times of the
    same runs by 15%, and hardly the CPU times; a real growth moves both), and by the
    wall times' medians and fastest quarters beside it (no target)."""
    rows = [Row(what, mine * 1000, floor * 1000, "ms", target) for what, mine, floor, target,
            *_ in data]  # fmt: skip
    fastest = {one[0]: one[5] * 1000 for one in data if len(one) > 5 and one[5] is not None}
    cpu = {one[0]: one[6] * 1000 for one in data if len(one) > 6 and one[6] is not None}
    sizes: dict[str, dict[int, str]] = {}
    for row in rows:
        name, _, count = row.what.rpartition(", ")
        if name and count.replace(",", "").isdigit():
            sizes.setdefault(name, {})[int(count.replace(",", ""))] = row.what
    ours = {row.what: row.ours for row in rows}
    for name, by_size in sizes.items():
        if len(by_size) == 2 and not name.startswith(("export", "import", "complete")):
            small, big = sorted(by_size)
            what = f"{name}, {big:,} against {small:,}"
            if by_size[big] in cpu and by_size[small] in cpu:
                rows.append(Row(f"{what}, CPU time", cpu[by_size[big]], cpu[by_size[small]],
                                "ms", "<= 1.1x"))  # fmt: skip
                rows.append(Row(f"{what}, wall time", ours[by_size[big]],
                                ours[by_size[small]], "ms"))  # fmt: skip
            else:  # figures from before speed.py gave CPU times: the wall times judged
                rows.append(Row(what, ours[by_size[big]], ours[by_size[small]], "ms",
                                "<= 1.1x"))  # fmt: skip
            if by_size[big] in fastest and by_size[small] in fastest:
                rows.append(Row(f"{what}, wall time, fastest quarter", fastest[by_size[big]],
                                fastest[by_size[small]], "ms"))  # fmt: skip
    return rows


def startup_rows(med: dict[str, dict[str, float]], cards: int, small: int) -> list[Row]:
    big, floor = med["big"], med["floor"]
    return [
        Row(f"first card, {cards:,} (floor: minimal Textual app)", big["seconds"] * 1000,
            floor["seconds"] * 1000, "ms", "<= 1.5x"),
        Row(f"the deck's frame, {cards:,} (floor: its first card)", big["frame"] * 1000,
            big["seconds"] * 1000, "ms", "< 1x"),
        Row(f"first card, {small:,} (floor: minimal Textual app)", med["small"]["seconds"] * 1000,
            floor["seconds"] * 1000, "ms", "<= 1.5x"),
        *[Row(f"first card, {n:,}, CPU time (floor: minimal Textual app's)", med[k]["cpu"] * 1000,
              floor["cpu"] * 1000, "ms") for k, n in (("big", cards), ("small", small))
          if "cpu" in med[k] and "cpu" in floor],
        Row(f"peak memory, {cards:,} (floor: {small:,})", big["peak_mb"], med["small"]["peak_mb"],
            "MB", "<= 1.2x"),
    ]  # fmt: skip


def keys_rows(times: dict[str, list[float]]) -> list[Row]:
    floor_name = next(name for name in times if "floor" in name)
    base = times[floor_name]
    rows = []
    for name, took in times.items():
        if name == floor_name:
            continue
        rows.append(Row(f"{name}, median", statistics.median(took) * 1000,
                        statistics.median(base) * 1000, "ms", "<= 16 ms"))  # fmt: skip
        rows.append(Row(f"{name}, worst", max(took) * 1000, max(base) * 1000, "ms", "<= 50 ms"))
    return rows


def intake_rows(data: list[list[Any]], cards: int) -> list[Row]:
    # [label, cards, seconds, peak MB] and, since it reports them, CPU seconds after
    found = {(label, count): (seconds, mb) for label, count, seconds, mb, *_ in data}
    rows = []
    pairs = (("import CSV", "carddeck import", "sqlite3 .import", "15x"),
             ("export CSV", "carddeck export", "sqlite3 -csv", "3x"))  # fmt: skip
    for what, ours, theirs, aim in pairs:
        rows.append(Row(f"{what}, {cards:,} (floor: {theirs})", found[ours, cards][0],
                        found[theirs, cards][0], "s", f"<= {aim}"))  # fmt: skip
    for what, ours in (("import", "carddeck import"), ("export", "carddeck export")):
        rows.append(Row(f"peak memory of {what}, {cards:,} (floor: 1,000)", found[ours, cards][1],
                        found[ours, 1000][1], "MB", "<= 1.2x"))  # fmt: skip
    return rows


def server_rows(data: dict[str, Any]) -> list[Row]:
    return [
        Row(f"{what}, {data['cards']:,}", pair["postgresql"] * 1000, pair["sqlite"] * 1000, "ms")
        for what, pair in data["figures"].items()
    ]


@dataclass(frozen=True)
class Area:
    name: str
    title: str
    note: str
    argv: Callable[[bool, int | None], list[str]]  # (full?, runs given) -> script, options
    rows: Callable[[Any, bool], list[Row]]


# quick and full sizes of each area, and its runs; full mode's are the sizes. Runs
# are capped where a full run took too long (2026-11-30, a busy 2-CPU machine, main's
# code): speed.py's own 7 runs ~28 min (list --due at 100,000: 87 s a run), server.py's 5
# ~30 min.
SPEED = {False: None, True: 5}
STARTUP = {False: (10_000, 1_000, 3), True: (100_000, 1_000, 11)}
KEYS = {False: (10_000, 10), True: (100_000, 30)}
INTAKE = {False: 10_000, True: 100_000}
SERVER = {False: (1_000, 3, 1), True: (100_000, 3, 1)}

AREAS = [
    Area("speed", "CLI commands (bench/speed.py)",
         "carddeck: the installed command, a fresh process each run; floor: a minimal Typer "
         "app's `--help` (help, version), the same app doing a one-row sqlite3 insert (deck "
         "commands, completion), the sqlite3 tool (export, import). Each deck command runs "
         "three times the runs at each size, in rounds with its floor (floor, small deck, big "
         "deck, the last two swapping each round); its big deck against its small one is judged "
         "by the median CPU times (the command's work; a busy machine swings the wall times "
         "by 15% and hardly the CPU times), the wall times' medians and fastest quarters "
         "beside it. bench/make_deck.py's decks repeat every 1,000 cards: each command has "
         "the same cards to show at both sizes.",
         lambda full, runs: ["speed.py", *(["--full"] if full else []),
                             *(["--runs", str(runs or SPEED[full])] if runs or full else [])],
         lambda data, full: speed_rows(data)),
    Area("startup", "TUI start-up (bench/tui_startup.py)",
         "Fresh processes, headless at 100x30, timed to the first frame sent to the terminal "
         "that holds the card (the floor's, its Static); the deck's frame must come before its "
         "first card.",
         lambda full, runs: ["tui_startup.py", "--cards", str(STARTUP[full][0]), "--small",
                             str(STARTUP[full][1]), "--runs", str(runs or STARTUP[full][2])],
         lambda data, full: startup_rows(data, STARTUP[full][0], STARTUP[full][1])),
    Area("keys", "TUI keys (bench/tui_keys.py)",
         "In process (Pilot), press to screen drawn; floor: one frame of a minimal Textual app.",
         lambda full, runs: ["tui_keys.py", "--cards", str(KEYS[full][0]), "--presses",
                             str(KEYS[full][1])],
         lambda data, full: keys_rows(data)),
    Area("intake", "Import and export (bench/intake_export.py)",
         "Fresh processes, each run of ours beside one of the floor's; peak memory from "
         "wait4 (the import's workers included).",
         lambda full, runs: ["intake_export.py",
                             *(["--runs", str(runs or 5)] if full else ["--quick"])],
         lambda data, full: intake_rows(data, INTAKE[full])),
    Area("server", "PostgreSQL beside SQLite (bench/server.py)",
         "carddeck: on a local PostgreSQL server; floor: the same command on an SQLite file, "
         "same deck (copied), runs alternating. Reported, no target.",
         lambda full, runs: ["server.py", "--cards", str(SERVER[full][0]), "--runs",
                             str(runs or SERVER[full][1]), "--import-runs",
                             str(SERVER[full][2])],
         lambda data, full: server_rows(data)),
]  # fmt: skip


def machine() -> str:
    """CPU model, cores and RAM from /proc (where there is one)."""
    cpu, ram = platform.processor() or platform.machine(), ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f", {int(line.split()[1]) / 1024**2:.1f} GiB RAM"
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores{ram}"


def load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def commit() -> str:
    done = subprocess.run(["git", "-C", str(HERE), "describe", "--always", "--dirty"],
                          capture_output=True, text=True, check=False)  # fmt: skip
    return done.stdout.strip() or "unknown"


def run_area(
    area: Area, full: bool, runs: int | None, folder: Path
) -> tuple[list[Row] | str, float]:
    """The area's rows, or why it could not run; and the seconds it took."""
    out = folder / f"{area.name}.json"
    script, *options = area.argv(full, runs)
    argv = [sys.executable, str(HERE / script), *options]
    print(f"== {area.name}: {' '.join(argv[1:])}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    # the script's own table and progress go to our stderr as they come: stdout is ours
    child = subprocess.Popen([*argv, "--json", str(out)], stdout=sys.stderr,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert child.stderr is not None
    said = ""
    for line in child.stderr:
        sys.stderr.write(line)
        said = line.strip() or said
    status = child.wait()
    took = time.perf_counter() - started
    if status != 0 or not out.exists():
        return f"not run: {said or f'exit status {status}'}", took
    return area.rows(json.loads(out.read_text()), full), took


#: Under a quick run's header: its "met?" column is no verdict.
QUICK_NOTE = (
    "\nA quick run is a smoke run: smaller decks (10,000 cards for the targets' 100,000) and "
    'few runs, so its "met?" says little; the targets are judged on `--full`.\n'
)


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--full", action="store_true", help="the issue's sizes (100,000 cards)")
    parser.add_argument("--only", help="comma-separated areas: " + ",".join(a.name for a in AREAS))
    parser.add_argument("--out", type=Path, help="also write the tables here")
    parser.add_argument("--runs", type=int, help="runs of each figure in every area but "
                        "the keys (shorter, noisier); default: each area's own")  # fmt: skip
    args = parser.parse_args()
    chosen = AREAS
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {a.name for a in AREAS}
        if unknown:
            parser.error(f"no such area: {', '.join(sorted(unknown))}")
        chosen = [a for a in AREAS if a.name in wanted]
    out = args.out or HERE / ("results.md" if args.full else "results-quick.md")
    mode = "full" if args.full else "quick"
    began, load_before, started = datetime.now(UTC), load(), time.perf_counter()
    parts, failed, missed = [], False, 0
    with tempfile.TemporaryDirectory() as tmp:
        for area in chosen:
            found, took = run_area(area, args.full, args.runs, Path(tmp))
            if isinstance(found, str):
                failed = True
                parts.append(f"### {area.title}\n\n{found}\n")
            else:
                missed += len(unmet(found))
                parts.append(table(area.title, found, f"{area.note} Took {took:.0f} s."))
    minutes = (time.perf_counter() - started) / 60
    header = (
        f"## Benchmarks, {mode} run: {began:%Y-%m-%d %H:%M} UTC\n\n"
        f"Machine: {machine()}; Python {platform.python_version()}; carddeck {commit()}; "
        f"load average (1, 5, 15 min) {load_before} at the start, {load()} at the end; "
        f"{minutes:.1f} minutes; {missed} target{'s' if missed != 1 else ''} not met. "
        "Medians; ratios are to floors measured in the same run.\n"
        + ("" if args.full else QUICK_NOTE)
    )
    text = "\n".join([header, *parts])
    print(text)
    out.write_text(text)
    print(f"(written to {out})", file=sys.stderr)
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
