"""Backups that can be trusted: a damaged deck is never copied over good backups nor
offered as one, restores refuse what they cannot do, ids are never handed out twice, what
a killed copy leaves is swept, and everything of ours stays private."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime
from pathlib import Path

import time_machine

from carddeck.store import backup
from tests.helpers import digest
from tests.safety.conftest import Run, q
from tests.safety.test_disks import as_run, deck_with_cards, script_runs
from tests.safety.test_seen import one_line


def _backups(tmp_path: Path) -> Path:
    return tmp_path / "xdg-data" / "carddeck" / "backups"


def _damage(deck: Path) -> None:
    """Overwrite a page in the middle of the deck: the file keeps its size, SQLite's
    checks find it."""
    conn = sqlite3.connect(deck)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(deck, "r+b") as raw:
        raw.seek(page * 2)
        raw.write(b"\xa5" * page)


def test_a_damaged_deck_is_not_copied_over_good_backups(carddeck: Run, db_path: Path,
                                                        tmp_path: Path) -> None:  # fmt: skip
    deck = deck_with_cards(carddeck, db_path)
    sound = carddeck("backup")
    good = Path(sound.stdout.split(" to ")[1].strip())
    for day in range(1, 4):  # three good dailies
        backup.take_daily(deck, keep=3, now=datetime(2026, 12, day, 9))
    leads = tmp_path / "leads.csv"  # enough pages for the damage to miss the header
    leads.write_text("Name,Notes\n" + "".join(f"Lead {n},{'x' * 400}\n" for n in range(40)))
    assert carddeck("import", str(leads)).returncode == 0
    before = sorted(p.name for p in _backups(tmp_path).iterdir())
    _damage(deck)
    said = backup.check(deck, quick=True)
    assert said, "the deck should fail SQLite's quick check"
    try:
        backup.take_daily(deck, keep=3, now=datetime(2026, 12, 9, 9))
    except Exception as err:  # noqa: BLE001 - the message is what is checked
        assert "looks damaged" in str(err) and "not copied over the good backups" in str(err)
    else:
        raise AssertionError("a damaged deck was copied as a daily backup")
    dailies = sorted(p.name for p in _backups(tmp_path).glob("*-daily-*"))
    assert dailies == [p for p in before if "-daily-" in p]
    # the one named to restore is the newest sound backup, never a damaged copy
    named = one_line(carddeck("check"))
    assert "damaged" in named and "carddeck restore " in named
    restored = carddeck("restore", named.split("carddeck restore ")[1].strip())
    assert restored.returncode == 0, restored.stderr
    kept = restored.stderr.split("kept at ")[1].strip()
    assert "-damaged-before-restore-" in kept
    assert backup.newest(deck) != Path(kept)
    assert "Ann Lee" in carddeck("list").stdout
    assert good.exists()


def test_restore_refuses_what_it_cannot_do(carddeck: Run, db_path: Path,
                                           tmp_path: Path) -> None:  # fmt: skip
    deck = deck_with_cards(carddeck, db_path)
    before = digest(deck)
    newer = tmp_path / "newer.sqlite"
    assert carddeck("backup", str(newer)).returncode == 0
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    line = one_line(carddeck("restore", str(newer)))
    assert "newer carddeck (schema 9999)" in line
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    assert "not a carddeck deck" in one_line(carddeck("restore", str(text)))
    assert "is the deck itself" in one_line(carddeck("restore", str(deck)))
    assert digest(deck) == before
    assert not list(_backups(tmp_path).glob("*-before-restore-*"))  # nothing kept for nothing


def test_a_restore_never_hands_out_an_id_twice(carddeck: Run, db_path: Path,
                                               tmp_path: Path) -> None:  # fmt: skip
    deck_with_cards(carddeck, db_path)  # cards #1-#3
    copy = tmp_path / "three.sqlite"
    assert carddeck("backup", str(copy)).returncode == 0
    assert carddeck("add", "Dee Park").returncode == 0  # #4, told to the owner
    assert carddeck("restore", str(copy)).returncode == 0
    added = carddeck("add", "Eve Moss")
    assert added.returncode == 0
    assert added.stdout.strip() == "5", added.stdout  # #4 was told to the owner
    assert carddeck("add", "Fay Lum").stdout.strip() == "6"  # told to the owner, then...
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with open(db_path, "r+b") as raw:  # ...the deck is cut short
        raw.truncate(db_path.stat().st_size - 100)
    assert "damaged" in one_line(carddeck("list"))
    assert carddeck("restore", str(copy)).returncode == 0
    assert carddeck("add", "Gil Marr").stdout.strip() == "7"  # not #4, #5 or #6 again


def test_backup_refuses_the_deck_itself_and_missing_folders(carddeck: Run, db_path: Path,
                                                            tmp_path: Path) -> None:  # fmt: skip
    deck = deck_with_cards(carddeck, db_path)
    before = digest(deck)
    for target in (deck, Path(f"{deck}-wal")):
        line = one_line(carddeck("backup", str(target), "--force"))
        assert "is the deck itself" in line
    assert digest(deck) == before
    missing = tmp_path / "nowhere" / "copy.sqlite"
    assert "folder" in one_line(carddeck("backup", str(missing))) and "does not exist" in (
        one_line(carddeck("backup", str(missing)))
    )
    assert "does not exist" in one_line(carddeck("backup", str(tmp_path / "newdir") + "/"))


def test_check_names_the_real_cause(carddeck: Run, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n")
    assert "not a carddeck" in one_line(carddeck("check", db=text))
    assert "is a folder" in one_line(carddeck("check", db=tmp_path))
    assert "not a regular file" in one_line(carddeck("list", db=Path("/dev/null")))


def test_check_and_backup_on_a_full_disk(carddeck: Run, mounted: Run, db_path: Path,
                                         tmp_path: Path) -> None:  # fmt: skip
    deck = deck_with_cards(carddeck, db_path)
    leads = tmp_path / "leads.csv"  # a deck bigger than what is left on the disk
    leads.write_text("Name,Notes\n" + "".join(f"Lead {n},{'x' * 2000}\n" for n in range(30)))
    assert carddeck("import", str(leads)).returncode == 0
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
    mount -t tmpfs -o size=1m tmpfs {q(disk)} && cp {q(deck)} {q(disk / "deck.sqlite")}
    dd if=/dev/zero of={q(disk / "filler")} bs=4k 2>/dev/null
    {script_runs(tmp_path, ("backup", f"backup {q(disk / 'copy.sqlite')}"))}
    ls -a {q(disk)} > {q(tmp_path / "left.txt")}
    """  # fmt: skip
    done = mounted(script, db=deck)
    assert done.returncode == 0, done.stderr
    line = one_line(as_run(tmp_path, "backup"))  # type: ignore[arg-type]
    assert "cannot write the backup" in line and "copy.sqlite is full" in line.replace(
        "the disk holding ", ""
    ), line
    assert "damaged" not in line
    assert "copy.sqlite" not in (tmp_path / "left.txt").read_text()  # no part left


def test_killed_copies_are_swept_and_ours_kept_private(carddeck: Run, db_path: Path,
                                                       tmp_path: Path) -> None:  # fmt: skip
    deck_with_cards(carddeck, db_path)
    folder = _backups(tmp_path)
    gone = 99_999_999  # above the kernel's largest pid: nobody's
    for name in (f".deck-1-daily-x.sqlite.carddeck-{gone}.part",
                 f".deck-1-daily-x.sqlite.carddeck-{gone}.part-journal"):  # fmt: skip
        (folder / name).write_bytes(b"half")
    mine = folder / f".keep.sqlite.carddeck-{os.getpid()}.part"  # a live writer's: kept
    mine.write_bytes(b"busy")
    old = folder / "deck-old-manual-2020-01-01-000000.sqlite"
    old.write_bytes(b"")
    os.chmod(old, 0o644)
    os.chmod(folder, 0o755)
    os.chmod(folder.parent, 0o755)
    for existing in folder.glob("*-daily-*"):
        existing.unlink()  # so that today's daily is taken again
    assert carddeck("add", "Dee Park").returncode == 0
    left = sorted(p.name for p in folder.iterdir() if p.name.startswith("."))
    assert left == [mine.name]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(old.stat().st_mode) == 0o600


def test_special_copies_are_kept_to_a_few(carddeck: Run, db_path: Path) -> None:
    deck = deck_with_cards(carddeck, db_path)
    for minute in range(6):
        with time_machine.travel(datetime(2026, 12, 1, 9, minute), tick=False):
            backup.keep_aside(deck)
            backup.before_upgrade(deck, "0003", "0004")
    folder = backup.folder()
    assert len(list(folder.glob("*-before-restore-*"))) == backup.KEEP_SPECIAL
    assert len(list(folder.glob("*-before-upgrade-*"))) == backup.KEEP_SPECIAL
    newest = sorted(folder.glob("*-before-restore-*"))[-1]
    assert newest.name.endswith("0500.sqlite")  # the last of the six minutes


def test_another_programs_database_is_never_put_in_wal_mode(carddeck: Run,
                                                            tmp_path: Path) -> None:  # fmt: skip
    other = tmp_path / "photos.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    assert "not a carddeck database" in one_line(carddeck("list", db=other))
    conn = sqlite3.connect(other)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()
    assert not Path(f"{other}-wal").exists()
