"""carddeck killed outright (SIGKILL) at random points of a backup, a restore, an import, a
log, a shuffle, an export and an upgrade, over a hundred times: each operation is there
whole or not at all, ``carddeck check`` finds the deck sound, and the next export sweeps
what a killed one left behind."""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from carddeck.deck.check import invariants
from carddeck.paths import DeckLocation
from carddeck.store import backup, open_store
from tests.helpers import old_deck
from tests.safety.conftest import CARDDECK, environment, lead_file

KILLS_EACH = 15  # seven operations: 105 kills
CARDS = 3000


def count(deck: Path, table: str = "card") -> int:
    conn = sqlite3.connect(deck)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def run(args: list[str], deck: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(CARDDECK), *args], capture_output=True, text=True, timeout=120,
                          env=environment(deck, home))  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A deck of 3,000 cards, the same deck at schema 0003, a backup, and a lead file."""
    folder = tmp_path_factory.mktemp("kills")
    leads = folder / "leads.csv"
    with leads.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Name", "Email", "Company"])
        for n in range(CARDS):
            writer.writerow([f"Lead {n}", f"lead{n}@x.example", f"Shop {n}"])
    deck = folder / "deck.sqlite"
    assert run(["import", str(leads)], deck, folder).returncode == 0
    assert run(["log", "1", "--no-answer"], deck, folder).returncode == 0
    backup = folder / "backup.sqlite"
    assert run(["backup", str(backup)], deck, folder).returncode == 0
    assert run(["add", "After the backup"], deck, folder).returncode == 0
    old = folder / "old.sqlite"
    old_deck(old, "0003",
             "INSERT INTO card (name, kind, status, stage, attempts, created_at, updated_at,"
             " position, version) SELECT 'Old ' || value, 'lead', 'new', 'rapport', 0,"
             " '2026-01-05 14:00:00.000000', '2026-01-05 14:00:00.000000', value, 1"
             " FROM (WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n"
             " WHERE value < 3000) SELECT value FROM n)")  # fmt: skip
    leads2 = folder / "more.csv"
    leads2.write_text(leads.read_text().replace("lead", "more").replace("Lead", "More"))
    return {"deck": deck, "backup": backup, "old": old, "leads": leads2}


Check = Callable[[Path, Path], None]


def _sound(deck: Path, home: Path) -> None:
    """What ``carddeck check`` checks, asked in this process (a hundred commands' start-up
    is the slow part of this test): SQLite's integrity, then the deck's own rules."""
    assert backup.check(deck) == [], deck
    store = open_store(DeckLocation(deck, False))
    try:
        with store.read() as session:
            assert invariants(session).problems == []
    finally:
        store.close()


def _after_import(deck: Path, home: Path) -> None:
    assert count(deck) in (CARDS + 1, 2 * CARDS + 1)  # all of the file, or none of it


def _after_log(deck: Path, home: Path) -> None:
    assert count(deck, "contact") in (1, 2)


def _after_restore(deck: Path, home: Path) -> None:
    assert count(deck) in (CARDS, CARDS + 1)  # the backup's cards, or the deck's


def _after_upgrade(deck: Path, home: Path) -> None:
    listed = run(["list", "--json"], deck, home)
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 3000


def _after_export(deck: Path, home: Path) -> None:
    target = deck.parent / "out.csv"
    if target.exists():  # whole, if there at all
        assert sum(1 for _ in csv.reader(target.open(newline=""))) == CARDS + 2
    again = run(["export", str(target), "--force"], deck, home)
    assert again.returncode == 0, again.stderr
    assert not list(deck.parent.glob(".out.csv.carddeck-*")), "a part file survived"


def _after_backup(deck: Path, home: Path) -> None:
    target = deck.parent / "copy.sqlite"
    if target.exists():
        assert count(target) == CARDS + 1


OPERATIONS: dict[str, tuple[str, Callable[[dict[str, Path], Path], list[str]], Check]] = {
    "import": ("deck", lambda b, d: ["import", str(b["leads"])], _after_import),
    "log": (
        "deck",
        lambda b, d: [
            "log",
            "2",
            "--rating",
            "6",
            "--interest",
            "5",
            "--notch",
            "a visit",
            "--top",
        ],
        _after_log,
    ),  # fmt: skip
    "shuffle": ("deck", lambda b, d: ["shuffle", "5", "--to", "1500"], _sound),
    "export": (
        "deck",
        lambda b, d: ["export", str(d.parent / "out.csv"), "--force"],
        _after_export,
    ),  # fmt: skip
    "backup": (
        "deck",
        lambda b, d: ["backup", str(d.parent / "copy.sqlite"), "--force"],
        _after_backup,
    ),  # fmt: skip
    "restore": ("deck", lambda b, d: ["restore", str(b["backup"])], _after_restore),
    "upgrade": ("old", lambda b, d: ["list"], _after_upgrade),
}


def _start(base: dict[str, Path], work: Path, name: str) -> tuple[subprocess.Popen[bytes], Path]:
    source, arguments, _ = OPERATIONS[name]
    work.mkdir(parents=True)
    deck = work / "deck.sqlite"
    shutil.copy(base[source], deck)
    process = subprocess.Popen([str(CARDDECK), *arguments(base, deck)],
                               env=environment(deck, work), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    return process, deck


@pytest.fixture(scope="module")
def lasting(base: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """How long each operation takes whole on this machine, today: the kills land at
    random points within that (a fixed window would miss the quick ones: a log on the light
    path is over in a fifth of a second)."""
    folder = tmp_path_factory.mktemp("lasting")
    took = {}
    for name in OPERATIONS:
        started = time.perf_counter()
        process, _ = _start(base, folder / name, name)
        assert process.wait(timeout=120) == 0, name
        took[name] = time.perf_counter() - started
    return took


def one_kill(base: dict[str, Path], work: Path, name: str, seed: int, lasts: float) -> str:
    _, _, after = OPERATIONS[name]
    delay = random.Random(seed).uniform(0.1, 0.9) * lasts
    process, deck = _start(base, work, name)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    killed = process.wait() == -signal.SIGKILL  # else it had finished first
    after(deck, work)
    _sound(deck, work)
    return "killed" if killed else "finished"


@pytest.mark.timeout(900)
def test_kills_leave_every_operation_whole_or_absent(
    base: dict[str, Path], lasting: dict[str, float], tmp_path: Path
) -> None:
    jobs = [(name, n) for n in range(KILLS_EACH) for name in OPERATIONS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(lambda job: one_kill(base, tmp_path / f"{job[0]}-{job[1]}", job[0],
                                                  job[1], lasting[job[0]]), jobs))  # fmt: skip
    assert len(done) == len(OPERATIONS) * KILLS_EACH >= 100
    assert done.count("killed") >= len(done) // 2, done  # most were stopped part way


def writing(deck: Path, process: subprocess.Popen[str]) -> None:
    """Wait (a minute at most) until ``process`` is writing an import's cards to ``deck``,
    or has ended."""
    wal = deck.with_name(deck.name + "-wal")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > 2 << 20:  # its cards are being written
            return
        time.sleep(0.02)


def test_ctrl_c_in_a_big_import_says_so_and_leaves_the_deck_as_it_was(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the terminal's whole process group: the importing process and
    its workers alike) in the middle of a big import: one line, exit 130, no worker's
    traceback, no card of it in the deck, no worker left behind."""
    deck, home = tmp_path / "deck.sqlite", tmp_path / "home"
    assert run(["add", "Ann Lee"], deck, home).returncode == 0
    leads = lead_file(tmp_path / "leads.csv", 150_000)
    importing = subprocess.Popen(
        [str(CARDDECK), "--db", str(deck), "import", str(leads)], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=environment(None, home), start_new_session=True,
    )  # fmt: skip
    writing(deck, importing)
    assert importing.poll() is None, importing.communicate()
    os.killpg(importing.pid, signal.SIGINT)
    _, err = importing.communicate(timeout=60)
    assert importing.returncode == 130, err
    assert err.strip() == "carddeck: stopped; nothing half done was saved", err
    assert count(deck) == 1 and count(deck, "import_batch") == 0
    time.sleep(1)
    found = subprocess.run(["pgrep", "-f", "multiprocessing.spawn"], capture_output=True, text=True)
    ours = []
    for pid in found.stdout.split():
        try:
            if str(home).encode() in Path(f"/proc/{pid}/environ").read_bytes():
                ours.append(pid)
        except OSError:
            continue  # ended meanwhile, or not ours to read
    assert ours == []


def test_a_watchers_first_ctrl_c_mid_file_says_it_finishes_the_file_then_stops(
    tmp_path: Path,
) -> None:
    """Watching a folder, Ctrl-C while a big file is being imported finishes that file
    first, and says so at once (a Ctrl-C that seemed unheard was pressed again)."""
    deck, home, inbox = tmp_path / "deck.sqlite", tmp_path / "home", tmp_path / "inbox"
    inbox.mkdir()
    assert run(["add", "Ann Lee"], deck, home).returncode == 0
    leads = lead_file(tmp_path / "leads.csv", 100_000)
    later = lead_file(tmp_path / "later.csv", 3)  # after leads.csv, left for the next run
    watcher = subprocess.Popen(
        [str(CARDDECK), "--db", str(deck), "import", "--watch", "--every", "0.5", str(inbox)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=environment(None, home), start_new_session=True,
    )  # fmt: skip
    try:
        time.sleep(1.0)
        leads.rename(inbox / "leads.csv")
        later.rename(inbox / "next.csv")  # after leads.csv in name order
        writing(deck, watcher)
        assert watcher.poll() is None and not (inbox / "done" / "leads.csv").exists()
        os.killpg(watcher.pid, signal.SIGINT)
        _, err = watcher.communicate(timeout=120)
    finally:
        if watcher.poll() is None:
            os.killpg(watcher.pid, signal.SIGKILL)
            watcher.wait()
    lines = err.splitlines()
    assert lines[1] == ("note: stopping once the file being imported is in; Ctrl-C again "
                        "stops now (that file left as it was)"), err  # fmt: skip
    assert lines[-1] == (f"note: stopped watching {inbox}: 1 imported (100,000 added), 0 "
                         "duplicate, 0 failed; left for the next run: next.csv")  # fmt: skip
    assert watcher.returncode == 0 and "Traceback" not in err
    assert count(deck) == 100_001 and (inbox / "done" / "leads.csv").exists()
    assert "added 100,000, merged 0, skipped 0" in run(["imports"], deck, home).stdout
