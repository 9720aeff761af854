"""The deck on a full disk, on a read-only disk, cut short, or from an older carddeck: the
real cause in one line, reads where they can work, nothing lost; and backups around it."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime
from pathlib import Path

from carddeck.store import backup
from carddeck.store.schema import HEAD_REVISION
from tests.helpers import digest, old_deck
from tests.safety.conftest import Run, lead_file, q
from tests.safety.test_seen import one_line


def deck_with_cards(carddeck: Run, db_path: Path) -> Path:
    for name in ("Ann Lee", "Bob Stone", "Cy Young"):
        assert carddeck("add", name).returncode == 0
    assert carddeck("log", "ann", "--rating", "6", "--interest", "5", "--notch", "x"
                    ).returncode == 0  # fmt: skip
    return db_path


def results(tmp_path: Path, name: str) -> tuple[int, str, str]:
    code = int((tmp_path / f"{name}.code").read_text())
    return code, (tmp_path / f"{name}.out").read_text(), (tmp_path / f"{name}.err").read_text()


def as_run(tmp_path: Path, name: str) -> object:
    import subprocess

    code, out, err = results(tmp_path, name)
    return subprocess.CompletedProcess([name], code, out, err)


def script_runs(tmp_path: Path, *commands: tuple[str, str]) -> str:
    """Shell lines running each (name, carddeck arguments) and keeping what it said."""
    lines = []
    for name, args in commands:
        out, err, code = (q(tmp_path / f"{name}.{x}") for x in ("out", "err", "code"))
        lines.append(f'"$CARDDECK" {args} > {out} 2> {err}; echo $? > {code}')
    return "\n".join(lines)


def test_a_full_disk_is_named_and_the_deck_kept(carddeck: Run, mounted: Run, db_path: Path,
                                                tmp_path: Path) -> None:  # fmt: skip
    deck = deck_with_cards(carddeck, db_path)
    before = digest(deck)
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
    mount -t tmpfs -o size=1m tmpfs {q(disk)} && cp {q(deck)} {q(disk / "deck.sqlite")}
    dd if=/dev/zero of={q(disk / "filler")} bs=4k 2>/dev/null
    export CARDDECK_DB={q(disk / "deck.sqlite")}
    {script_runs(tmp_path, ("list", "list"), ("add", "add Zed"), ("log", "log ann --no-answer"),
                 ("export", f"export {q(disk / 'out.csv')}"))}
    cp {q(disk / "deck.sqlite")} {q(tmp_path / "after.sqlite")}
    ls -a {q(disk)} > {q(tmp_path / "left.txt")}
    """  # fmt: skip
    done = mounted(script)
    assert done.returncode == 0, done.stderr
    for name in ("list", "add", "log"):
        line = one_line(as_run(tmp_path, name))  # type: ignore[arg-type]
        assert "disk holding the deck" in line and "is full" in line, line
        assert "damaged" not in line
    export = one_line(as_run(tmp_path, "export"))  # type: ignore[arg-type]
    assert "disk" in export and "full" in export, export
    assert digest(tmp_path / "after.sqlite") == before
    assert ".out.csv" not in (tmp_path / "left.txt").read_text()  # no part file left behind


def test_a_disk_that_fills_during_a_big_import_is_named_and_the_deck_kept(
    carddeck: Run, mounted: Run, db_path: Path, tmp_path: Path
) -> None:
    """The import's cards are written while its next rows are checked (in a worker) and
    read (in another thread): the disk filling under them is still one line, and nothing
    of the import is left in the deck."""
    deck = deck_with_cards(carddeck, db_path)
    before = digest(deck)
    leads = lead_file(tmp_path / "leads.csv", 20_000)
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
    mount -t tmpfs -o size=2m tmpfs {q(disk)} && cp {q(deck)} {q(disk / "deck.sqlite")}
    export CARDDECK_DB={q(disk / "deck.sqlite")}
    {script_runs(tmp_path, ("import", f"import {q(leads)}"), ("list", "list --json"))}
    cp {q(disk / "deck.sqlite")} {q(tmp_path / "after.sqlite")}
    """  # fmt: skip
    done = mounted(script)
    assert done.returncode == 0, done.stderr
    line = one_line(as_run(tmp_path, "import"))  # type: ignore[arg-type]
    assert "disk holding the deck" in line and "is full" in line, line
    code, listed, _ = results(tmp_path, "list")
    assert code == 0 and "Lead 0" not in listed and "Ann Lee" in listed
    assert digest(tmp_path / "after.sqlite") == before


def test_a_read_only_deck_is_read_not_changed(carddeck: Run, mounted: Run, db_path: Path,
                                              tmp_path: Path) -> None:  # fmt: skip
    deck = deck_with_cards(carddeck, db_path)
    disk = tmp_path / "ro"
    disk.mkdir()
    script = f"""
    mount -t tmpfs tmpfs {q(disk)} && cp {q(deck)} {q(disk / "deck.sqlite")}
    mount -o remount,ro {q(disk)}
    export CARDDECK_DB={q(disk / "deck.sqlite")}
    {script_runs(tmp_path, ("list", "list"), ("show", "show ann"), ("today", "today --json"),
                 ("check", "check"), ("export", "export -"), ("add", "add Zed"))}
    """  # fmt: skip
    done = mounted(script)
    assert done.returncode == 0, done.stderr
    for name in ("list", "show", "today", "check", "export"):
        code, out, err = results(tmp_path, name)
        assert code == 0 and "Traceback" not in err, (name, err)
    assert "Ann Lee" in results(tmp_path, "show")[1]
    line = one_line(as_run(tmp_path, "add"))  # type: ignore[arg-type]
    assert "read-only" in line and "cannot save" not in line


SCREEN_ON_READ_ONLY = r"""
import asyncio, json, sys
from carddeck.tui.app import CarddeckApp
from carddeck.tui.screens.log import LogScreen
async def main():
    app = CarddeckApp(db=sys.argv[1], poll_seconds=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        bar = str(app.screen.query_one("#status-bar").render())
        await pilot.press("l")
        await pilot.pause(0.2)
        print(json.dumps({"bar": bar, "log": isinstance(app.screen, LogScreen),
                          "said": [str(n.message) for n in app._notifications]}))
asyncio.run(main())
"""


def test_the_screen_on_a_read_only_deck_says_so_and_refuses_a_change_at_once(
    carddeck: Run, mounted: Run, db_path: Path, tmp_path: Path
) -> None:
    import json
    import sys

    deck = deck_with_cards(carddeck, db_path)
    disk = tmp_path / "ro"
    disk.mkdir()
    probe = tmp_path / "probe.py"
    probe.write_text(SCREEN_ON_READ_ONLY)
    out = tmp_path / "screen.json"
    script = f"""
    mount -t tmpfs tmpfs {q(disk)} && cp {q(deck)} {q(disk / "deck.sqlite")}
    mount -o remount,ro {q(disk)}
    {q(sys.executable)} {q(probe)} {q(disk / "deck.sqlite")} > {q(out)}
    """  # fmt: skip
    done = mounted(script)
    assert done.returncode == 0, done.stderr
    seen = json.loads(out.read_text())
    assert "read-only" in seen["bar"]  # said before anything is typed
    assert not seen["log"]  # l opens no dialog to type a whole contact into...
    assert any("read-only" in line for line in seen["said"])  # ...it says why at once


def _old_deck(path: Path) -> None:
    """A deck as carddeck's schema 0003 made it, with a card."""
    old_deck(path, "0003",
             "INSERT INTO card (name, kind, status, stage, attempts, created_at, updated_at,"
             " position, version) VALUES ('Old Ann', 'lead', 'active', 'need', 0,"
             " '2026-01-05 14:00:00.000000', '2026-01-05 14:00:00.000000', 0, 1)")  # fmt: skip


def test_an_old_read_only_deck_is_not_half_upgraded(mounted: Run, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    _old_deck(old)
    before = digest(old)
    disk = tmp_path / "ro"
    disk.mkdir()
    script = f"""
    mount -t tmpfs tmpfs {q(disk)} && cp {q(old)} {q(disk / "deck.sqlite")}
    mount -o remount,ro {q(disk)}
    export CARDDECK_DB={q(disk / "deck.sqlite")}
    {script_runs(tmp_path, ("list", "list"))}
    cp {q(disk / "deck.sqlite")} {q(tmp_path / "after.sqlite")}
    """  # fmt: skip
    assert mounted(script).returncode == 0
    line = one_line(as_run(tmp_path, "list"))  # type: ignore[arg-type]
    assert "needs an upgrade" in line and "write access" in line
    assert digest(tmp_path / "after.sqlite") == before


def test_an_upgrade_keeps_a_copy_first_and_says_so(carddeck: Run, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    _old_deck(old)
    before = digest(old)
    result = carddeck("list", db=old)
    assert result.returncode == 0 and "Old Ann" in result.stdout
    said = [line for line in result.stderr.splitlines() if "upgrading the deck" in line]
    assert len(said) == 1 and f"from schema 0003 to {HEAD_REVISION}" in said[0]
    copy = Path(said[0].split("a copy is kept at ")[1].strip())
    assert digest(copy) == before and stat.S_IMODE(copy.stat().st_mode) == 0o600


def test_a_deck_cut_short_is_found_on_open_and_the_backup_named(
    carddeck: Run, db_path: Path
) -> None:  # fmt: skip
    deck = deck_with_cards(carddeck, db_path)
    made = carddeck("backup")
    assert made.returncode == 0, made.stderr
    copy = Path(made.stdout.split(" to ")[1].strip())
    raw = deck.read_bytes()
    deck.write_bytes(raw[:-100])
    for args in (["list"], ["add", "Zed"], ["check"]):
        line = one_line(carddeck(*args))
        assert "damaged" in line and f"carddeck restore {copy}" in line, line
    restored = carddeck("restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert "the deck as it was is kept at" in restored.stderr
    assert carddeck("check").returncode == 0
    assert "Ann Lee" in carddeck("list").stdout


def test_backup_restore_and_check(carddeck: Run, db_path: Path, tmp_path: Path) -> None:
    deck = deck_with_cards(carddeck, db_path)
    target = tmp_path / "mine.sqlite"
    assert carddeck("backup", str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "--force overwrites it" in one_line(carddeck("backup", str(target)))
    assert carddeck("add", "Dee Park").returncode == 0
    assert carddeck("restore", str(target)).returncode == 0
    assert "Dee Park" not in carddeck("list").stdout
    assert "intact; 3 cards, 1 contact" in carddeck("check").stdout
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a deck")
    assert "damaged" in one_line(carddeck("restore", str(junk))) or "not a carddeck" in (
        carddeck("restore", str(junk)).stderr
    )
    assert "Ann Lee" in carddeck("list").stdout
    conn = sqlite3.connect(deck)  # the deck's own rules: two cards in one place
    conn.execute("UPDATE card SET position = 7")
    conn.commit()
    conn.close()
    checked = carddeck("check")
    assert checked.returncode == 6 and "3 cards share the place key 7" in checked.stderr


def test_a_daily_backup_before_the_days_first_change(carddeck: Run, db_path: Path,
                                                     tmp_path: Path) -> None:  # fmt: skip
    deck_with_cards(carddeck, db_path)  # four changes, one day: one daily backup
    taken = sorted((tmp_path / "xdg-data" / "carddeck" / "backups").glob("*-daily-*.sqlite"))
    assert len(taken) == 1 and stat.S_IMODE(taken[0].stat().st_mode) == 0o600
    conn = sqlite3.connect(taken[0])
    assert conn.execute("SELECT count(*) FROM card").fetchone() == (0,)  # as before the first
    conn.close()


def test_only_the_newest_dailies_are_kept(carddeck: Run, db_path: Path) -> None:
    deck_with_cards(carddeck, db_path)  # (the tests' data folder is the fixture's own)
    for day in range(1, 6):
        backup.take_daily(db_path, keep=3, now=datetime(2026, 12, day, 9))
    kept = [p.name.rsplit("-daily-", 1)[1] for p in backup.dailies(db_path)]
    assert kept == ["2026-12-03.sqlite", "2026-12-04.sqlite", "2026-12-05.sqlite"]
