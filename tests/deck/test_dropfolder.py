"""The drop folder's rules (which files are ready), a busy deck, and filing files away."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from carddeck.deck.dropfolder import FUTURE_SLACK, SETTLE_SECONDS, Seen, survey
from carddeck.deck.droppass import FolderImport, PassSummary, run_pass
from carddeck.paths import DeckLocation
from carddeck.store import Store, open_store
from carddeck.store.filing import file_away, write_note

LEAD = "Name,Email\nAnn Lee,ann@lee.example\n"


def put(folder: Path, name: str, *, age: float = 60.0, text: str = LEAD) -> Path:
    path = folder / name
    path.write_text(text)
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def states(folder: Path, **kwargs: object) -> dict[str, str]:
    found = survey(folder, now=time.time(), **kwargs)  # type: ignore[arg-type]
    return {f.path.name: f.waiting or f"{f.state} {f.file_format}" for f in found}


def test_which_files_are_ready(tmp_path: Path) -> None:
    for name in ("a.csv", "b.TSV", "c.txt", "d.vcf", "e.vcard", "f.json"):
        put(tmp_path, name)
    put(tmp_path, ".hidden.csv")  # hidden: an editor's or rsync's own file
    put(tmp_path, ".~lock.a.csv#")
    put(tmp_path, "photo.jpg")  # not a lead file: left alone, not said
    put(tmp_path, "g.csv.part")  # Firefox
    put(tmp_path, "h.vcf.crdownload")  # Chrome
    put(tmp_path, "i.csv", text="")  # Firefox's placeholder beside its part file
    put(tmp_path, "i.csv.part")
    put(tmp_path, "notes.txt~")  # an editor's backup of a lead-ish name
    put(tmp_path, "j.csv", age=0.5)  # changed just now
    put(tmp_path, "k.csv", age=-FUTURE_SLACK - 3600)  # dated by a clock an hour ahead
    (tmp_path / "done").mkdir()
    put(tmp_path / "done", "old.csv")
    assert states(tmp_path) == {
        "a.csv": "ready csv", "b.TSV": "ready csv", "c.txt": "ready csv", "d.vcf": "ready vcf",
        "e.vcard": "ready vcf", "f.json": "ready json", "g.csv.part": "partial",
        "h.vcf.crdownload": "partial", "i.csv": "download", "i.csv.part": "partial",
        "j.csv": "recent", "k.csv": "ready csv", "notes.txt~": "partial",
    }  # fmt: skip
    assert states(tmp_path, forced="vcf")["a.csv"] == "ready vcf"


def test_a_watcher_takes_a_file_that_kept_still(tmp_path: Path) -> None:
    seen = Seen()
    path = put(tmp_path, "a.csv", age=-30)  # dated ahead of this clock, but not by much
    now = time.time()
    assert survey(tmp_path, now=now, seen=seen)[0].waiting == "recent"
    assert survey(tmp_path, now=now + SETTLE_SECONDS / 2, seen=seen)[0].waiting == "recent"
    path.write_text(LEAD + "Bob,bob@x.example\n")  # still growing: the wait starts again
    os.utime(path, (now + 30, now + 30))
    later = now + SETTLE_SECONDS + 1
    assert survey(tmp_path, now=later, seen=seen)[0].waiting == "recent"
    assert survey(tmp_path, now=later + SETTLE_SECONDS, seen=seen)[0].state == "ready"
    path.unlink()
    assert survey(tmp_path, now=later, seen=seen) == [] and seen.files == {}


@pytest.mark.sqlite_only  # the file's own lock (a server's lock wait is the same rule)
def test_a_busy_deck_leaves_the_files_for_the_next_pass(tmp_path: Path) -> None:
    db = tmp_path / "deck.sqlite"
    store = open_store(DeckLocation(db, False), busy_timeout=0.2)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    put(inbox, "a.csv")
    put(inbox, "b.csv", text="Name\nBob\n")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program writing
    try:
        busy = list(run_pass(store, inbox, FolderImport()))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [(o.name, o.outcome, o.waiting) for o in busy] == [
        ("a.csv", "waiting", "busy"), ("b.csv", "waiting", "busy"),
    ]  # fmt: skip
    assert PassSummary.of(busy).all_handled  # not a failure: cron stays quiet
    assert sorted(p.name for p in inbox.glob("*.csv")) == ["a.csv", "b.csv"]
    done = list(run_pass(store, inbox, FolderImport()))
    assert [(o.name, o.outcome, o.added) for o in done] == [
        ("a.csv", "imported", 1), ("b.csv", "imported", 1),
    ]  # fmt: skip
    store.close()


def test_a_pass_on_both_backends(store: Store, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    put(inbox, "a.csv")
    put(inbox, "b.csv")
    put(inbox, "c.csv", text="Name,Email\nCy,nope\n")
    first, second, third = run_pass(store, inbox, FolderImport(skip_bad_rows=True))
    assert (first.outcome, second.outcome, third.outcome) == ("imported", "duplicate", "imported")
    assert second.batch is not None and second.batch.id == first.batch.id  # type: ignore[union-attr]
    assert third.added == 0 and third.skipped == 1  # --skip-bad-rows: the bad row reported


def test_filing_never_overwrites(tmp_path: Path) -> None:
    into = tmp_path / "done"
    into.mkdir()
    for n in range(3):
        put(tmp_path, "leads.csv", text=f"version {n}")
        moved = file_away(tmp_path / "leads.csv", into)
        assert moved.read_text() == f"version {n}"
    assert sorted(p.name for p in into.iterdir()) == ["leads (2).csv", "leads (3).csv", "leads.csv"]
    assert not (tmp_path / "leads.csv").exists()
    first = write_note(into / "leads.csv.error.txt", "one")
    again = write_note(into / "leads.csv.error.txt", "two")
    assert (first.name, again.name) == ("leads.csv.error.txt", "leads (2).csv.error.txt")


def test_filing_across_filesystems(tmp_path: Path) -> None:
    """done/ on another filesystem (a link to another disk): the bytes are copied, then the
    original goes."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second filesystem here")
    elsewhere = Path(os.path.realpath(shm)) / f"carddeck-test-{os.getpid()}"
    elsewhere.mkdir()
    try:
        (tmp_path / "done").symlink_to(elsewhere)
        (elsewhere / "leads.csv").write_text("there before")
        path = put(tmp_path, "leads.csv")
        os.chmod(path, 0o640)
        moved = file_away(path, tmp_path / "done")
        assert moved == tmp_path / "done" / "leads (2).csv"
        assert moved.read_text() == LEAD and (elsewhere / "leads.csv").read_text() == "there before"
        assert not path.exists() and (moved.stat().st_mode & 0o777) == 0o640
    finally:
        for leftover in elsewhere.iterdir():
            leftover.unlink()
        elsewhere.rmdir()
