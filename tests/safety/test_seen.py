"""Each thing seen going wrong, through the installed command: one line that names the real
cause, a non-zero exit, no traceback, and the deck as it was."""

from __future__ import annotations

import os
import pty
import resource
import signal
import sqlite3
import stat
import subprocess
import time
from pathlib import Path

import pytest

from carddeck import deck
from carddeck.store import Store
from tests.helpers import digest
from tests.safety.conftest import CARDDECK, Run, environment, q


def one_line(result: subprocess.CompletedProcess[str], *, code: int | None = None) -> str:
    """The error: exactly one line starting ``carddeck:``, no traceback, a failing exit."""
    assert result.returncode != 0, (result.stdout, result.stderr)
    if code is not None:
        assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("carddeck:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.fixture
def worked(carddeck: Run, db_path: Path) -> Path:
    """A deck with two cards, one logged."""
    assert carddeck("add", "Ann Lee", "--email", "ann@lee.example", "--phone", "212 555 0134"
                    ).returncode == 0  # fmt: skip
    assert carddeck("add", "Bob Stone").returncode == 0
    logged = carddeck("log", "ann", "--rating", "5", "--interest", "5", "--notch", "a trial")
    assert logged.returncode == 0, logged.stderr
    return db_path


def test_text_that_is_not_utf8_is_refused(worked: Path, tmp_path: Path) -> None:
    before = digest(worked)
    for args in ([b"add", b"Bad\xffName"], [b"show", b"\xff"], [b"log", b"ann", b"--summary",
                 b"caf\xe9"], [b"import", b"\xfe.csv"]):  # fmt: skip
        done = subprocess.run([bytes(CARDDECK), *args], capture_output=True,
                              env=environment(worked, tmp_path))  # fmt: skip
        result = subprocess.CompletedProcess(
            done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
        )
        assert "is not UTF-8 text" in one_line(result, code=2)
    assert digest(worked) == before


HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "args",
    [["log", HUGE, "--no-answer"], ["show", HUGE], ["won", HUGE], ["lost", HUGE, "--reason",
     "x", "--yes"], ["edit", HUGE, "--notes", "x"], ["reopen", HUGE], ["nurture", HUGE,
     "--until", "+1w"], ["dnc", HUGE], ["undo-import", HUGE], ["list", "--batch", HUGE],
     ["shuffle", "1", "--to", HUGE], ["edit", "1", "--notes", "x", "--if-version", HUGE],
     ["erase", HUGE, "--yes"], ["history", f"#{HUGE}"]],
)  # fmt: skip
def test_numbers_past_64_bits(carddeck: Run, worked: Path, args: list[str]) -> None:
    before = digest(worked)
    line = one_line(carddeck(*args))
    assert "no card #" in line or "is too large (at most " in line or "no import #" in line
    assert digest(worked) == before


@pytest.mark.parametrize(
    ("when", "said"),
    [("0001-01-01", "year 1;"), ("9999-12-31T23:59-12:00", "year 9999"),
     ("9999-12-31 23:59", "year 9999"), ("1899-12-31", "year 1899")],
)  # fmt: skip
def test_dates_keep_to_a_sane_range(carddeck: Run, worked: Path, when: str, said: str) -> None:
    before = digest(worked)
    for args in (["add", "Cy", "--next", when], ["nurture", "ann", "--until", when],
                 ["log", "bob", "--no-answer", "--next", when]):  # fmt: skip
        line = one_line(carddeck(*args))
        assert said in line and "dates run from 1900 to 2999" in line
    assert digest(worked) == before
    assert carddeck("export", "--format", "ics").returncode == 0


def _lead_file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_windows_1252_files_with_undefined_bytes_import(carddeck: Run, tmp_path: Path) -> None:
    rows = b"".join(b"Lead %d" % n + bytes([b]) + b",lead%d@x.example\n" % n
                    for n, b in enumerate((0x81, 0x8D, 0x8F, 0x90, 0x9D)))  # fmt: skip
    path = _lead_file(tmp_path, "excel.csv", b"Name,Email\n" + rows)
    result = carddeck("import", str(path))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "5 rows: 5 were added" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "options", "said"),
    [
        ("odd.csv", b"\xff\xfeN\x00a\x00m\x00e\x00,", [], "not valid UTF-16"),
        ("latin.csv", b"Name,Email\nJos\xe9,j@x.example\n", ["--encoding", "utf-8"],
         "not valid utf-8"),
        ("plain.csv", b"Name,Email\nAnn,a@x.example\n", ["--encoding", "base64"],
         "not a text encoding"),
        ("plain.csv", b"Name,Email\nAnn,a@x.example\n", ["--encoding", "utf-16"],
         "no byte-order mark"),
        ("plain.csv", b"Name,Email\nAnn,a@x.example\n", ["--encoding", "klingon"],
         "unknown encoding"),
        ("open.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n", [], "not a readable vCard"),
        ("empty.csv", b"", [], "empty"),
        ("header.csv", b"Name,Email\r\n", [], "a header, and no rows under it"),
        ("none.json", b"[]", [], "holds no leads"),
        pytest.param("deep.json", b"[" * 100_000 + b"]" * 100_000, [], "nested too deep",
                     id="deep.json"),
        pytest.param("long.json", b'[{"name": "A", "x": ' + b"9" * 5000 + b"}]", [],
                     "number too long", id="long.json"),
        ("photo.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN:Zed\nEND:VCARD\nBEGIN:VCARD\n"
         b"VERSION:3.0\nFN:Ola\nPHOTO;ENCODING=b:@@@!!notbase64\nEND:VCARD\n", [],
         "line 5: not a readable vCard"),
    ],
)  # fmt: skip
def test_broken_lead_files(
    carddeck: Run, worked: Path, tmp_path: Path, name: str, content: bytes,
    options: list[str], said: str,
) -> None:  # fmt: skip
    before = digest(worked)
    path = _lead_file(tmp_path, name, content)
    line = one_line(carddeck("import", str(path), *options))
    assert said in line and name in line
    assert digest(worked) == before


def test_a_windows_1252_file_read_as_told(carddeck: Run, tmp_path: Path) -> None:
    path = _lead_file(tmp_path, "told.csv", b"Name,Email\nJos\xe9\x81,j@x.example\n")
    result = carddeck("import", str(path), "--encoding", "cp1252")
    assert result.returncode == 0, result.stderr
    assert '"name": "Jos\u00e9"' in carddeck("show", "1", "--json").stdout  # 0x81 is no letter


def test_leads_through_a_pipe(carddeck: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "leads.fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen(["sh", "-c", f"printf 'Name\\nAnn\\nBob\\n' > {q(fifo)}"])
    result = carddeck("import", str(fifo), "--format", "csv")
    writer.wait(timeout=30)
    assert result.returncode == 0, result.stderr
    assert "2 rows: 2 were added" in result.stdout
    piped = carddeck("import", "-", "--format", "csv", input="Name\nCy\n")
    assert piped.returncode == 0 and "1 row" in piped.stdout, piped.stderr


def test_a_file_name_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/Leads \xe9t\xe9.csv"
    with open(name, "wb") as raw:
        raw.write(b"Name\nAnn\n")
    env = {k.encode(): v.encode() for k, v in environment(tmp_path / "d.sqlite", tmp_path).items()}
    done = subprocess.run([bytes(CARDDECK), b"import", name], capture_output=True, env=env,
                          timeout=60)  # fmt: skip
    said = done.stderr.decode("utf-8", "replace")
    assert done.returncode != 0 and "Traceback" not in said
    assert "carddeck import - < " in said, said


def test_a_bare_n_line_and_vobjects_own_logging(carddeck: Run, tmp_path: Path) -> None:
    path = _lead_file(tmp_path, "n.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nN:\nTEL;garbage\n"
                      b"END:VCARD\n")  # fmt: skip
    result = carddeck("import", str(path))
    assert result.returncode == 0, result.stderr
    assert all(line.startswith(("carddeck:", "warning:", "note:")) or not line.strip()
               for line in result.stderr.splitlines()), result.stderr  # fmt: skip


def test_a_nul_in_an_imported_cell_does_not_land_in_a_name(carddeck: Run, tmp_path: Path) -> None:
    path = _lead_file(tmp_path, "nul.csv", b"Name,Email\nAnn\x00 Lee,ann@x.example\n")
    assert carddeck("import", str(path)).returncode == 0
    card = carddeck("show", "1", "--json").stdout
    assert '"name": "Ann Lee"' in card


def test_export_to_a_folder_is_refused(carddeck: Run, worked: Path, tmp_path: Path) -> None:
    folder = tmp_path / "some" / "folder"
    folder.mkdir(parents=True)
    for target in (str(folder), str(folder) + "/"):
        assert "is a folder" in one_line(carddeck("export", target))
    assert list(folder.iterdir()) == []


@pytest.mark.sqlite_only  # the limit on the export is the same; this deck is built as a file
def test_export_past_a_file_size_limit(store: Store, db_path: Path, carddeck: Run,
                                       tmp_path: Path) -> None:  # fmt: skip
    with store.write() as s:  # a deck whose export is larger than the limit, itself not
        for n in range(4000):  # a JSON card takes far more room than its row in the deck
            deck.add_card(s, deck.CardDraft(name=f"Lead {n}"))
    store.close()

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2 << 20, 2 << 20))

    assert db_path.stat().st_size < 2 << 20
    line = one_line(carddeck("export", str(tmp_path / "deck.json"), preexec_fn=small_files))
    assert "file-size limit" in line and "nothing was written" in line
    assert [p.name for p in tmp_path.glob("*deck.json*")] == []


def test_an_existing_export_is_kept_unless_forced(carddeck: Run, worked: Path,
                                                  tmp_path: Path) -> None:  # fmt: skip
    target = tmp_path / "deck.csv"
    target.write_text("mine")
    assert "--force overwrites it" in one_line(carddeck("export", str(target)))
    assert target.read_text() == "mine"
    assert carddeck("export", str(target), "--force").returncode == 0
    assert target.read_text().startswith("id,name") and stat.S_IMODE(target.stat().st_mode) == 0o600


def test_the_terminal_is_never_acted_on(carddeck: Run, db_path: Path) -> None:
    added = carddeck("add", "Evil\x1b]0;pwned\x07\x1b[2J Name", "--company", "\u202eevil")
    assert added.returncode == 0, added.stderr
    for args in (["list"], ["show", "1"], ["today"], ["list", "--json"], ["history", "1"]):
        shown = carddeck(*args).stdout
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown, args
    conn = sqlite3.connect(db_path)  # a deck written before such text was refused
    conn.execute("UPDATE card SET notes = 'x\x1b[31mred\x9b'")
    conn.commit()
    conn.close()
    shown = carddeck("show", "1").stdout
    assert "\x1b" not in shown and "\x9b" not in shown and "red" in shown
    for kind in ("csv", "json", "vcf", "ics"):  # an export to the terminal is shown safe too
        screen = _on_a_terminal(db_path, "export", "-", "--format", kind)
        assert b"\x1b" not in screen and "\x9b".encode() not in screen, kind
    piped = carddeck("export", "-", "--format", "json").stdout  # to a file or a pipe: whole
    assert '"notes": "x\\u001b[31mred' in piped  # JSON's own escape, kept as data


def _on_a_terminal(db: Path, *args: str) -> bytes:
    """What the command writes to a terminal (a pseudo-terminal it believes is one)."""
    main, sub = pty.openpty()
    env = environment(db, db.parent)
    done = subprocess.run([str(CARDDECK), *args], stdout=sub, stderr=subprocess.DEVNULL,
                          env=env, timeout=60)  # fmt: skip
    os.close(sub)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the writer is gone and everything was read
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert done.returncode == 0
    return out


def test_a_copied_deck_is_made_private_and_said_once(carddeck: Run, worked: Path,
                                                     tmp_path: Path) -> None:  # fmt: skip
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(worked.read_bytes())
    os.chmod(copy, 0o644)
    first = carddeck("list", db=copy)
    assert "made" in first.stderr and first.stderr.count("private (0600)") == 1, first.stderr
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert "private" not in carddeck("list", db=copy).stderr  # once


def test_making_a_read_only_deck_private_never_makes_it_writable(
    carddeck: Run, worked: Path, tmp_path: Path
) -> None:
    """Others' bits are taken away; the owner's are left as they were: a deck (and its data
    folder) made read-only by its owner stay read-only."""
    env = environment(None, tmp_path)
    env["XDG_DATA_HOME"] = str(tmp_path / "share")
    folder = tmp_path / "share" / "carddeck"
    folder.mkdir(parents=True)
    deck = folder / "deck.sqlite"
    deck.write_bytes(worked.read_bytes())
    os.chmod(deck, 0o444)
    os.chmod(folder, 0o555)
    try:
        done = subprocess.run([CARDDECK, "list"], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "private (0400)" in done.stderr, done.stderr
        assert stat.S_IMODE(deck.stat().st_mode) == 0o400
        assert stat.S_IMODE(folder.stat().st_mode) == 0o500
    finally:
        os.chmod(folder, 0o700)


def test_a_missing_data_folder_is_private_whatever_the_umask(tmp_path: Path) -> None:
    env = environment(None, tmp_path)
    env["XDG_DATA_HOME"] = str(tmp_path / "new" / "share")
    done = subprocess.run(["sh", "-c", f"umask 000 && {q(CARDDECK)} add Ann"], env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "new", tmp_path / "new" / "share", tmp_path / "new" / "share" /
                   "carddeck"):  # fmt: skip
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    deck = tmp_path / "new" / "share" / "carddeck" / "deck.sqlite"
    assert stat.S_IMODE(deck.stat().st_mode) == 0o600


def test_do_not_contact_means_it(carddeck: Run, worked: Path, tmp_path: Path) -> None:
    assert carddeck("dnc", "ann").returncode == 0
    assert "--force reopens" in one_line(carddeck("reopen", "ann"))
    line = one_line(carddeck("add", "Ann L", "--email", "ANN@lee.example"))
    assert "asked not to be contacted" in line and "--force adds them" in line
    leads = _lead_file(tmp_path, "leads.csv", b"Name,Phone\nAnn again,(212) 555-0134\n")
    imported = carddeck("import", str(leads))
    assert imported.returncode == 0 and "0 were added" in imported.stdout
    assert "asked not to be contacted: left out" in imported.stdout
    assert carddeck("reopen", "ann", "--force").returncode == 0
    assert carddeck("dnc", "ann").returncode == 0
    assert "carddeck undo --force" in one_line(carddeck("undo"))  # a mark is not undone idly
    assert "Undid do not contact" in carddeck("undo", "--force").stdout


def test_erase_forgets_a_person_and_keeps_them_out(carddeck: Run, worked: Path,
                                                   tmp_path: Path) -> None:  # fmt: skip
    assert "--yes erases them" in one_line(carddeck("erase", "ann"))
    erased = carddeck("erase", "ann", "--yes")
    assert erased.returncode == 0 and "Erased #1 Ann Lee and 1 contact" in erased.stdout
    conn = sqlite3.connect(worked)
    dump = "\n".join(conn.iterdump())
    conn.close()
    for trace in ("Ann Lee", "ann@lee.example", "+12125550134", "a trial"):
        assert trace not in dump, trace
    leads = _lead_file(tmp_path, "leads.csv", b"Name,Email\nAnn,ann@lee.example\n")
    assert "asked to be erased: left out" in carddeck("import", str(leads)).stdout
    assert "asked to be erased" in one_line(carddeck("add", "A", "--email", "ann@lee.example"))
    assert carddeck("add", "Bo", "--email", "bo@x.example").stdout.strip() == "3"  # not #1
    assert carddeck("erase", "3", "--yes").returncode == 0
    before = digest(worked)
    assert "cannot be undone" in one_line(carddeck("undo", "--force"))  # nor what came before
    assert digest(worked) == before


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_export_says_so_and_leaves_nothing(
    carddeck: Run, db_path: Path, tmp_path: Path, stop: int
) -> None:
    rows = "".join(f"Lead {n},lead{n}@x.example,{'n' * 2000}\n" for n in range(5000))
    leads = _lead_file(tmp_path, "many.csv", ("Name,Email,Notes\n" + rows).encode())
    assert carddeck("import", str(leads)).returncode == 0
    target = tmp_path / "out" / "deck.csv"
    target.parent.mkdir()
    export = subprocess.Popen([str(CARDDECK), "export", str(target)], stderr=subprocess.PIPE,
                              text=True, env=environment(db_path, tmp_path))  # fmt: skip
    deadline = time.monotonic() + 30
    while not list(target.parent.glob(".deck.csv.carddeck-*.part")):
        assert export.poll() is None, "the export ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.002)
    export.send_signal(stop)
    _, said = export.communicate(timeout=30)
    assert export.returncode == 130, said
    assert said.strip() == f"carddeck: export stopped; nothing was written to {target}"
    assert list(target.parent.iterdir()) == []
