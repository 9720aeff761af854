"""carddeck import FOLDER (one pass) and import --watch FOLDER (the installed command)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import Run, data, ok
from tests.helpers import digest

GOOD = "Name,Email,Phone\nAnn Lee,ann@lee.example,212 555 0134\nBob Stone,bob@stone.example,\n"
AGAIN = "Name,Email\nCy Young,cy@young.example\n"
BROKEN = "Name,Email\nDee Park,dee@park.example\nEve Adams,not-an-email\nFay,fay@wray.example\n"
VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Gus Hill\r\nEMAIL:gus@hill.example\r\nEND:VCARD\r\n"
HALF = "Name,Email\nHal Jordan,hal@jordan.example\nIvy Lane,iv"
REST = "y@lane.example\n"


def drop(folder: Path, name: str, text: str, *, age: float = 60.0) -> Path:
    """A file put in the folder ``age`` seconds ago (negative: dated ahead, as a file
    still being written is dated now)."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def numbered(text: str) -> list[str]:
    """Output lines with import numbers as #N (a server uses up a number on a failed import)."""
    return [re.sub(r"#\d+", "#N", line) for line in text.splitlines()]


def names(run: Run) -> list[str]:
    return sorted(c["name"] for c in data(run("list", "--all", "--json")))


def test_each_file_is_handled_once_and_nothing_is_half_imported(run: Run, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    drop(inbox, "earlier.csv", AGAIN)
    ok(run("import", str(inbox)))  # an earlier pass
    drop(inbox, "again.csv", AGAIN)  # the same bytes as the earlier file
    drop(inbox, "leads.csv", GOOD)
    drop(inbox, "leads copy.csv", GOOD)  # two identical files in one pass
    drop(inbox, "broken.csv", BROKEN)
    drop(inbox, "phone.vcf", VCARD)
    # still being written: changed just now (dated a little ahead, so the test does not
    # depend on how fast it runs), and a download under its partial name
    drop(inbox, "half.csv", HALF, age=-30)
    drop(inbox, "download.tsv.crdownload", "Name\tEmail\nJo\tjo@x.example\n")
    drop(inbox, "notes.md", "not a lead file")

    result = run("import", str(inbox))
    assert result.exit_code == 1, (result.stdout, result.stderr)  # a file failed: cron hears
    out = numbered(result.stdout)
    assert out[0].startswith("again.csv: duplicate of import #N (")
    assert out[0].endswith("not imported again, moved to done/again.csv")
    assert out[1].startswith("broken.csv: failed: line 3: column 'Email': invalid email")
    assert out[1].endswith("see failed/broken.csv.error.txt")
    assert out[2] == "download.tsv.crdownload: left for next pass: still being written " \
                     "(a partial name)"  # fmt: skip
    assert out[3] == "half.csv: left for next pass: still being written (changed just now)"
    assert out[4] == (
        "leads copy.csv: imported as #N: 2 added / 0 merged, moved to done/leads copy.csv"
    )
    assert out[5].startswith("leads.csv: duplicate of import #N (")
    assert out[6] == "phone.vcf: imported as #N: 1 added / 0 merged, moved to done/phone.vcf"
    assert out[7] == (
        "pass done: 2 imported (3 added / 0 merged), 2 duplicates, 1 failed, 2 left for next pass"
    )
    # the deck holds exactly the good files' cards: the broken file added nothing
    assert names(run) == ["Ann Lee", "Bob Stone", "Cy Young", "Gus Hill"]
    error = (inbox / "failed" / "broken.csv.error.txt").read_text()
    assert "broken.csv:3: column 'Email': invalid email 'not-an-email'" in error
    assert "nothing of it was imported" in error
    assert "import #1" in (inbox / "done" / "again.csv.note.txt").read_text()
    assert sorted(p.name for p in (inbox / "done").iterdir()) == [
        "again.csv", "again.csv.note.txt", "earlier.csv", "leads copy.csv", "leads.csv",
        "leads.csv.note.txt", "phone.vcf",
    ]  # fmt: skip
    assert sorted(p.name for p in inbox.iterdir()) == [
        "done", "download.tsv.crdownload", "failed", "half.csv", "notes.md",
    ]  # fmt: skip

    # the writers finish: the next pass takes both, and only them
    with (inbox / "half.csv").open("a") as out_file:
        out_file.write(REST)
    os.utime(inbox / "half.csv", (time.time() - 10, time.time() - 10))
    (inbox / "download.tsv.crdownload").rename(inbox / "download.tsv")
    os.utime(inbox / "download.tsv", (time.time() - 10, time.time() - 10))
    result = ok(run("import", str(inbox)))
    assert numbered(result.stdout) == [
        "download.tsv: imported as #N: 1 added / 0 merged, moved to done/download.tsv",
        "half.csv: imported as #N: 2 added / 0 merged, moved to done/half.csv",
        "pass done: 2 imported (3 added / 0 merged), 0 duplicates, 0 failed",
    ]
    assert "Ivy Lane" in names(run) and "Jo" in names(run)
    assert ok(run("import", str(inbox))).stdout == ""  # nothing left: nothing said (cron)
    hashes = [b["content_hash"] for b in data(run("imports", "--json"))]
    assert len(hashes) == 5 and len(set(hashes)) == 5 and all(len(h) == 64 for h in hashes)


def test_a_file_imported_by_hand_is_a_duplicate_in_the_folder(run: Run, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    by_hand = drop(tmp_path, "leads.csv", GOOD)
    ok(run("import", str(by_hand)))
    drop(inbox, "leads.csv", GOOD)
    result = ok(run("import", str(inbox)))
    assert "leads.csv: duplicate of import #1" in result.stdout
    assert names(run) == ["Ann Lee", "Bob Stone"]
    ok(run("undo-import", "1"))  # taken back: dropping the file again brings it back
    (inbox / "done" / "leads.csv").rename(inbox / "leads.csv")
    assert "imported as #2" in ok(run("import", str(inbox))).stdout


def test_names_taken_in_done_are_never_overwritten(run: Run, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "done").mkdir(parents=True)
    (inbox / "done" / "leads.csv").write_text("kept as it was")
    drop(inbox, "leads.csv", GOOD)
    result = ok(run("import", str(inbox)))
    assert "moved to done/leads (2).csv" in result.stdout
    assert (inbox / "done" / "leads.csv").read_text() == "kept as it was"
    assert (inbox / "done" / "leads (2).csv").read_text() == GOOD


def test_a_dry_run_moves_and_writes_nothing(
    run: Run, tmp_path: Path, deck_at: str, backend: str
) -> None:
    ok(run("add", "Someone"))
    # (a server's sequences move on in a dry run, as they do for a single file's)
    before = digest(deck_at) if backend == "sqlite" else None
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    drop(inbox, "a.csv", GOOD)
    drop(inbox, "b.csv", GOOD)
    drop(inbox, "broken.csv", BROKEN)
    result = run("import", str(inbox), "--dry-run")
    assert result.exit_code == 1
    assert "a.csv: would be imported: 2 added / 0 merged" in result.stdout
    assert "b.csv: duplicate of a.csv (the same bytes, in this pass)" in result.stdout
    if before is not None:
        assert digest(deck_at) == before
    assert names(run) == ["Someone"] and data(run("imports", "--json")) == []
    assert sorted(p.name for p in inbox.iterdir()) == ["a.csv", "b.csv", "broken.csv"]


def test_a_quote_that_ran_on_over_rows_is_said_with_the_file_and_in_a_note(
    run: Run, tmp_path: Path
) -> None:
    """A quote that ran on over rows (closed where a cell ends) imports with a warning:
    rows may be missing. From a folder it is said with the file's line, put in a note
    beside the file in done/, and in the --json record."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = [f"Lead {i},Co,lead{i}@example.com,note {i}" for i in range(1, 9)]
    rows[2] = 'Lead 3,Co,lead3@example.com,"runs on'
    rows[6] = 'Lead 7,Co,lead7@example.com,TV 27"'  # closes it, where a cell ends
    drop(inbox, "leads.csv", "name,company,email,notes\n" + "\n".join(rows) + "\n")
    result = run("import", str(inbox))
    said = ("line 4: a quoted cell runs on to line 8, taking in 4 lines shaped like rows of "
            "their own (a quote not closed?)")  # fmt: skip
    assert "see done/leads.csv.note.txt" in result.stdout
    assert f"warning: leads.csv: {said}" in " ".join(result.stderr.split())
    note = (inbox / "done" / "leads.csv.note.txt").read_text()
    assert "rows of it may be missing" in note and said in " ".join(note.split())
    drop(inbox, "again.csv", "name,company,email,notes\n" + "\n".join(rows[:7]) + "\n")
    record = json.loads(run("import", str(inbox), "--json").stdout)
    assert said in record["files"][0]["warnings"][0]


def test_json_prints_a_record_per_pass(run: Run, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    drop(inbox, "leads.csv", GOOD)
    drop(inbox, "broken.csv", BROKEN)
    result = run("import", str(inbox), "--json", "--source", "Web form")
    assert result.exit_code == 1
    record = json.loads(result.stdout)
    assert record["folder"] == str(inbox) and record["dry_run"] is False
    broken, leads = record["files"]
    assert broken["outcome"] == "failed" and broken["batch"] is None
    assert broken["problems"][0].startswith("broken.csv:3: column 'Email'")
    assert broken["note"] == str(inbox / "failed" / "broken.csv.error.txt")
    assert leads["outcome"] == "imported" and leads["added"] == 2
    assert leads["batch"]["source"] == "Web form" and leads["batch"]["added"] == 2
    assert leads["batch"] == data(run("imports", "--json"))[0]  # as imports --json has it
    assert record["summary"]["failed"] == 1 and record["summary"]["all_handled"] is False


def test_options_that_do_not_fit_are_refused(run: Run, tmp_path: Path) -> None:
    lead = drop(tmp_path, "leads.csv", GOOD)
    for args in (["--watch"], ["--every", "5"]):  # (--json goes with one file too)
        result = run("import", str(lead), *args)
        assert result.exit_code == 2 and "goes with a FOLDER" in result.stderr
    result = run("import", str(tmp_path), "--contacts", str(lead))
    assert result.exit_code == 2 and "--contacts goes with one file" in result.stderr
    result = run("import", str(tmp_path), "--encoding", "klingon")
    assert result.exit_code == 2 and "unknown encoding 'klingon'" in result.stderr
    assert lead.exists() and not (tmp_path / "failed").exists()  # no file filed as failed


def _carddeck() -> str:
    exe = Path(sys.executable).with_name("carddeck")
    assert exe.exists(), f"the console script is not installed beside {sys.executable}"
    return str(exe)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_the_installed_watcher_imports_a_dropped_file_and_stops_cleanly(
    deck_at: str, tmp_path: Path, stop: signal.Signals
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    env = {**os.environ, "CARDDECK_DB": deck_at}
    watcher = subprocess.Popen(
        [_carddeck(), "import", "--watch", "--every", "0.5", str(inbox)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        time.sleep(1.0)
        part = inbox / "leads.csv.part"  # written under a partial name, then renamed
        part.write_text(GOOD)
        part.rename(inbox / "leads.csv")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (inbox / "done" / "leads.csv").exists():
            time.sleep(0.2)
        assert (inbox / "done" / "leads.csv").exists(), "not imported within 20 s"
        watcher.send_signal(stop)
        out, err = watcher.communicate(timeout=20)
    finally:
        if watcher.poll() is None:
            watcher.kill()
            watcher.wait()
    assert watcher.returncode == 0, err
    assert "Traceback" not in err
    assert "leads.csv: imported as #1: 2 added / 0 merged, moved to done/leads.csv" in out
    assert err.splitlines()[0] == f"note: watching {inbox} every 0.5 s; Ctrl-C stops"
    assert err.splitlines()[-1] == (
        f"note: stopped watching {inbox}: 1 imported (2 added), 0 duplicate, 0 failed"
    )
    listed = subprocess.run([_carddeck(), "list", "--json"], env=env, capture_output=True,
                            text=True, timeout=60)  # fmt: skip
    assert sorted(c["name"] for c in json.loads(listed.stdout)) == ["Ann Lee", "Bob Stone"]


def test_a_folder_on_another_filesystem_than_the_deck(run: Run, tmp_path: Path) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir() or shm.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip("no second filesystem here")
    inbox = Path(os.path.realpath(shm)) / f"carddeck-inbox-{os.getpid()}"
    inbox.mkdir()
    try:
        drop(inbox, "leads.csv", GOOD)
        drop(inbox, "broken.csv", BROKEN)
        assert run("import", str(inbox)).exit_code == 1
        assert (inbox / "done" / "leads.csv").read_text() == GOOD
        assert (inbox / "failed" / "broken.csv.error.txt").exists()
        assert names(run) == ["Ann Lee", "Bob Stone"]
    finally:
        for path in sorted(inbox.rglob("*"), reverse=True):
            path.rmdir() if path.is_dir() else path.unlink()
        inbox.rmdir()
