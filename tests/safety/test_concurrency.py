"""Eight processes writing at once, 50 commands each, and an import beside them, with the
screen open on the same deck (an SQLite file, or a PostgreSQL server shared by as many
sellers): every write lands, nobody is told the deck is busy, and the screen keeps up."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from sqlmodel import func, select

from carddeck.paths import deck_location
from carddeck.store import Card, Contact, open_store
from tests.tui.conftest import app_for, settle

PROCESSES, COMMANDS = 8, 50

WORKER = textwrap.dedent(
    """
    import random, sys
    from typer.testing import CliRunner
    from carddeck.cli import app

    deck, me = sys.argv[1], int(sys.argv[2])
    rng, runner = random.Random(me), CliRunner()
    mine = []
    for n in range(%(commands)d):
        kind = ("add", "log", "shuffle", "edit", "nurture")[n %% 5]
        if kind == "add" or not mine:
            args = ["add", f"P{me}-{n}", "--email", f"p{me}-{n}@x.example"]
        elif kind == "log":
            args = ["log", mine[-1], "--rating", "5", "--interest", "4", "--notch", "a visit"]
        elif kind == "shuffle":
            args = ["shuffle", rng.choice(mine), rng.choice(["--top", "--back"])]
        elif kind == "edit":
            args = ["edit", rng.choice(mine), "--notes", f"seen by {me} at {n}"]
        else:
            args = ["nurture", rng.choice(mine), "--until", "+3w"]
        result = runner.invoke(app, ["--db", deck, *args])
        if result.exit_code != 0 or "busy" in result.stderr:
            print("FAILED", args, result.stderr.strip(), flush=True)
            sys.exit(1)
        if kind == "add":
            mine.append("#" + result.stdout.strip())
    print("OK", len(mine), flush=True)
    """
) % {"commands": COMMANDS}


IMPORTED = 300


async def test_eight_writers_an_import_and_the_screen(tmp_path: Path, deck_at: str) -> None:
    deck = deck_at
    store = open_store(deck_location(deck))
    app = app_for(store)
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    leads = tmp_path / "leads.csv"
    leads.write_text("Name,Email\n" + "".join(f"Imported {n},imp{n}@x.example\n"
                                              for n in range(IMPORTED)))  # fmt: skip
    carddeck = str(Path(sys.executable).with_name("carddeck"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        workers = [
            subprocess.Popen([sys.executable, str(script), str(deck), str(n)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n in range(PROCESSES)
        ]  # fmt: skip
        workers.append(subprocess.Popen([carddeck, "--db", deck, "import", str(leads)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True))  # fmt: skip
        while any(w.poll() is None for w in workers):
            await pilot.pause(0.2)  # the screen polls and redraws all the while
        said = [w.communicate(timeout=60) for w in workers]
        for worker, (out, err) in zip(workers, said, strict=True):
            assert worker.returncode == 0, (out, err)
            assert "busy" not in err, err
        assert all(out.strip() == f"OK {COMMANDS // 5}" for out, _ in said[:-1]), said
        assert f"{IMPORTED} were added" in said[-1][0], said[-1]
        for _ in range(50):  # the screen catches up with the last commits
            await pilot.pause(0.2)
            if app.screen.count == PROCESSES * COMMANDS // 5 + IMPORTED:
                break
        await settle(pilot)
    adds = logs = PROCESSES * COMMANDS // 5
    with store.read() as s:
        assert s.exec(select(func.count()).select_from(Card)).one() == adds + IMPORTED
        assert s.exec(select(func.count()).select_from(Contact)).one() == logs
        versions = s.exec(select(func.sum(Card.version))).one()
    # every add starts a card at 1; each log, edit and nurture moves one card on by one
    assert versions == adds + logs + 2 * (PROCESSES * COMMANDS // 5) + IMPORTED
    store.close()
    check = subprocess.run([carddeck, "--db", deck, "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
