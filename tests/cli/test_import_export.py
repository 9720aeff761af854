"""carddeck import / imports / undo-import / export, through the runner and the real binary."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli.conftest import Run, data, ok
from tests.helpers import digest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "imports"


def test_import_reports_and_lists(run: Run, clock: object) -> None:
    result = ok(run("import", str(FIXTURES / "salesforce_leads.csv"), "--source", "Salesforce"))
    out = result.stdout
    assert "csv, UTF-8, comma-separated" in out
    assert "skipped as a report footer: line 5: Grand Totals (2 records)" in out
    assert "Company / Account -> company" in out and "Rating -> known" in out
    assert "2 rows: 2 were added, 0 merged" in out and "import #1 done" in out
    batches = data(run("imports", "--json"))
    assert batches[0]["id"] == 1 and batches[0]["added"] == 2
    assert list(batches[0])[:3] == ["id", "at", "path"]  # the same order every run
    assert batches[0]["file_format"] == "csv" and batches[0]["source"] == "Salesforce"
    listed = data(run("list", "--batch", "1", "--json"))
    assert [c["name"] for c in listed] == ["Eve Adams", "Fay Wray"]
    assert listed[0]["source"] == "Trade Show"  # the file's own source wins over --source
    assert "#1" in ok(run("imports")).stdout


def test_dry_run_writes_nothing(run: Run, db_path: Path, clock: object) -> None:
    ok(run("add", "Someone"))
    before = digest(db_path)
    result = ok(run("import", str(FIXTURES / "hubspot.csv"), "--dry-run"))
    assert "1 would be added" in result.stdout and "nothing was written" in result.stdout
    assert digest(db_path) == before


def test_a_phone_or_email_kept_as_typed_makes_nobody_a_duplicate(
    run: Run, clock: object, tmp_path: Path
) -> None:
    """A phone "12" or "n/a", an email "bad@@x", kept as typed with a warning, are no number
    or email: the leads that share them are not the same person (they were skipped as
    duplicates of the first), nor the same as a card or as someone erased who had them; a
    real number still tells a duplicate."""
    ok(run("add", "Old Junk", "--phone", "n/a"))
    added = ok(run("add", "Also Junk", "--phone", "n/a"))
    assert "duplicate" not in added.stdout + added.stderr
    ok(run("add", "Gone Person", "--phone", "000", "--email", "gone@example.com"))
    ok(run("erase", "Gone Person", "--yes"))
    leads = tmp_path / "leads.csv"
    rows = [f"Lead {i},{phone},Co {i}" for i, phone in enumerate(["12"] * 25 + ["n/a", "000"])]
    leads.write_text("name,phone,company\n" + "\n".join(rows) + "\n"
                     "Real One,+1 212 555 0100,Co\nReal Again,+1 212 555 0100,Co 2\n")  # fmt: skip
    out = ok(run("import", str(leads))).stdout
    assert "29 rows: 28 were added" in out, out
    assert "Real Again has the same phone as" in out and out.count("same phone") == 1
    further = tmp_path / "further.csv"
    further.write_text("name,email,other emails\nAnn,ann@example.com,bad@@x\n"
                       "Bob,bob@example.com,bad@@x\n")  # fmt: skip
    assert "2 rows: 2 were added" in ok(run("import", str(further))).stdout


def test_a_dry_run_names_a_duplicate_of_a_row_above_by_the_row_not_a_card_to_be(
    run: Run, clock: object, tmp_path: Path
) -> None:
    ok(run("add", "Zed Ay", "--email", "zed@example.com"))
    leads = tmp_path / "leads.csv"
    leads.write_text("name,email\nAnn Lee,ann@example.com\nZed Again,zed@example.com\n"
                     "Ann Again,ann@example.com\n")  # fmt: skip
    out = ok(run("import", str(leads), "--dry-run")).stdout
    assert "line 3: Zed Again has the same email as #1 Zed Ay: skipped" in out
    assert "line 4: Ann Again has the same email as Ann Lee, a row above in this file" in out
    assert "#2" not in out  # the card Ann Lee would be: not one in the deck
    out = ok(run("import", str(leads))).stdout  # written: the card is there to name
    ann = next(c["id"] for c in data(run("list", "--json")) if c["name"] == "Ann Lee")
    assert f"line 4: Ann Again has the same email as #{ann} Ann Lee: skipped" in out


def test_a_quote_never_closed_is_a_bad_row_naming_the_lines_it_would_take_in(
    run: Run, db_path: Path, clock: object, tmp_path: Path
) -> None:
    ok(run("add", "Zed Ay"))
    before = digest(db_path)
    rows = [f"Lead {i},Co,lead{i}@example.com,note {i}" for i in range(1, 9)]
    rows[2] = 'Lead 3,Co,lead3@example.com,"runs on'  # line 4 opens a quote, never closed
    leads = tmp_path / "leads.csv"
    leads.write_text("name,company,email,notes\n" + "\n".join(rows) + "\n")
    said = (f"{leads}:4: a quote opened on this line is never closed: the 5 lines after it, "
            "to the end of the file, would be read as one cell of this row")  # fmt: skip
    dry = run("import", str(leads), "--dry-run")
    assert dry.exit_code == 1 and f"bad row: {said}" in " ".join(dry.stdout.split())
    assert "3 rows: 2 would be added" in dry.stdout
    refused = run("import", str(leads))
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert f"{said}; nothing was imported" in refused.stderr and digest(db_path) == before
    ok(run("import", str(leads), "--skip-bad-rows"))
    assert sorted(c["name"] for c in data(run("list", "--json"))) == ["Lead 1", "Lead 2", "Zed Ay"]
    # In the first cell, the row it makes has one cell filled, as a footer's has: still a
    # bad row, not a footer nobody would look at.
    first = tmp_path / "first.csv"
    first.write_text(
        'name,company,email,notes\nAnn,Co,ann@example.com,x\n"Bob,Co,bob@x.com,y\n'
        + "".join(f"Lead {i},Co,l{i}@example.com,n\n" for i in range(3))
    )
    dry = run("import", str(first), "--dry-run")
    assert dry.exit_code == 1 and f"bad row: {first}:3: a quote opened" in dry.stdout
    # On the last line: a bad row when the open cell took the row's other cells in ...
    last = tmp_path / "last.csv"
    last.write_text('name,company,email,notes\nAnn,Co,ann@example.com,x\n"Bob,Co,bob@x.com,y\n')
    dry = run("import", str(last), "--dry-run")
    assert dry.exit_code == 1 and (f"bad row: {last}:3: a quote opened on this line is never "
                                   "closed: the rest of the line would be read as one cell"
                                   ) in " ".join(dry.stdout.split())  # fmt: skip
    # ... and harmless in the row's last cell, which it was anyway
    last.write_text('name,company,email,notes\nAnn,Co,ann@example.com,x\nBob,Co,b@x.com,"y\n')
    assert "2 rows: 2 would be added" in ok(run("import", str(last), "--dry-run")).stdout
    one = tmp_path / "one.csv"  # a line, not lines
    one.write_text('name,company,email,notes\nAnn,Co,ann@example.com,"x\nBob,Co,b@x.com,y\n')
    assert "the 1 line after it" in " ".join(run("import", str(one)).stderr.split())


def test_a_quote_left_open_in_the_header_is_said_as_such(run: Run, tmp_path: Path) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text('Name,"Company,Phone,Email\nAnn,Acme,212 555 0101,ann@a.example\n'
                     "Bob,Bco,212 555 0102,bob@b.example\n")  # fmt: skip
    refused = run("import", str(leads))
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert (f"{leads}: line 1: a quote in the header is not closed where its column's name "
            "ends") in " ".join(refused.stderr.split())  # fmt: skip


def test_a_quote_closed_in_the_middle_of_a_cell_rows_later_is_a_bad_row(
    run: Run, clock: object, tmp_path: Path
) -> None:
    """A quote never closed, then another row's quoted note: the note's opening quote
    closes the first, mid-cell, and the lines of the note would be read as rows of their
    own ("Tue", company "left msg"): a bad row, nothing imported."""
    leads = tmp_path / "leads.csv"
    leads.write_text("Name,Company,Phone,Email,Notes\n"
                     'Ann,Acme,212 555 0101,ann@a.example,"never closed\n'
                     "Bob,Bco,212 555 0102,bob@b.example,n\n"
                     "Cy,Cco,212 555 0103,cy@c.example,\"Mon, called\n"
                     'Tue, left msg\nWed, quote sent"\n'
                     "Dee,Dco,212 555 0104,dee@d.example,n\n")  # fmt: skip
    refused = run("import", str(leads))
    assert refused.exit_code == 1 and " ".join(refused.stderr.split()) == (
        f"carddeck: {leads}:2: a quote opened on this line closes only on line 4, in the middle "
        "of a cell: the 2 lines shaped like rows between would be read as one cell of this "
        "row, and the rows after it out of step (and 2 more problems); nothing was imported "
        "(--skip-bad-rows imports the good rows)")  # fmt: skip
    assert data(run("list", "--json")) == []
    # the rest of Cy's note, read as rows up to its stray closing quote: bad rows too,
    # no card "Tue" or "Wed"
    out = ok(run("import", str(leads), "--skip-bad-rows")).stdout
    assert " ".join(out.split()).count("read out of step after the quote gone wrong on line 2") == 2
    assert [c["name"] for c in data(run("list", "--json"))] == ["Dee"]


def test_a_quote_closed_rows_later_is_warned_of_first_whatever_came_before(
    run: Run, clock: object, tmp_path: Path
) -> None:
    rows = [f"Lead {i},Co,12,note {i}" for i in range(1, 31)]  # a bad phone: a warning each
    rows[24] = 'Lead 25,Co,12,"runs on'  # line 26 opens a quote that line 31 closes
    rows[29] = 'Lead 30,Co,12,TV 27"'  # the quote closes where a cell ends
    leads = tmp_path / "leads.csv"
    leads.write_text("name,company,phone,notes\n" + "\n".join(rows) + "\n")
    out = ok(run("import", str(leads), "--dry-run")).stderr
    first = out.splitlines()[0]
    assert " ".join(first.split()).startswith(
        "warning: line 26: a quoted cell runs on to line 31, taking in 5 lines shaped like "
        "rows of their own (a quote not closed?)")  # fmt: skip
    assert out.count("warning: line ") == 21 and "... and 5 more warnings" in out
    notes = tmp_path / "notes.csv"  # a note of several lines is no runaway quote, even
    # with a line of as many commas as a row has
    notes.write_text('name,company,email,notes\nAnn,Co,ann@example.com,"first line\n'
                     'Booth 4, Hall B, Friday, 2pm\nthird"\n'
                     "Bob,Co,bob@example.com,x\n")  # fmt: skip
    said = ok(run("import", str(notes), "--dry-run"))
    assert "2 rows: 2 would be added" in said.stdout and "warning" not in said.stderr


def test_a_dry_run_shows_every_bad_row_with_the_mapping_and_counts(
    run: Run, db_path: Path, clock: object, tmp_path: Path
) -> None:
    ok(run("add", "Zed Ay", "--email", "zed@example.com"))
    before = digest(db_path)
    leads = tmp_path / "leads.csv"
    leads.write_text("name,email\nZed Ay,zed@example.com\nBad One,not-an-email\n"
                     "Good Two,two@example.com\nBad Two,also@bad@\n")  # fmt: skip
    result = run("import", str(leads), "--dry-run")
    assert result.exit_code == 1
    out = result.stdout
    assert "email -> email" in out and "4 rows: 1 would be added" in out
    assert "has the same email as #1 Zed Ay" in out
    assert f"bad row: {leads}:3: column 'email'" in out and f"bad row: {leads}:5:" in out
    assert "nothing was written" in out
    assert result.stderr.strip().splitlines() == [
        "carddeck: 2 bad rows: the import would write nothing "
        "(--skip-bad-rows imports the good rows)"
    ]
    shown = run("import", str(leads), "--dry-run", "--json")
    assert shown.exit_code == 1 and len(json.loads(shown.stdout)["problems"]) == 2
    assert "2 bad rows" in shown.stderr
    skipping = ok(run("import", str(leads), "--dry-run", "--skip-bad-rows"))
    assert "bad row skipped:" in skipping.stdout
    assert digest(db_path) == before


def test_import_from_stdin_with_a_mapping(run: Run, clock: object) -> None:
    text = "Who;Reach;Firm\nAnn;ann@x.example;Acme\n"
    ok(run("import", "-", "--map", "Who=name", "--map", "Reach=email", input=text))
    (card,) = data(run("list", "--json"))
    assert (card["name"], card["email"], card["company"]) == ("Ann", "ann@x.example", "Acme")


def test_on_duplicate_and_undo_import(run: Run, clock: object) -> None:
    ok(run("add", "Ann Lee", "--email", "ann@acme.example"))
    ok(run("import", str(FIXTURES / "google_contacts.csv"), "--on-duplicate", "merge"))
    assert data(run("show", "ann lee", "--json"))["company"] == "Acme Dental"
    result = ok(run("undo-import", "1"))
    assert "1 card removed, 1 merged card restored" in result.stdout
    assert [c["name"] for c in data(run("list", "--json"))] == ["Ann Lee"]
    assert data(run("show", "ann lee", "--json"))["company"] is None

    merged = ok(run("import", str(FIXTURES / "google_contacts.csv"), "--on-duplicate", "merge"))
    assert "merged" in merged.stdout
    ok(run("edit", "ann lee", "--notes", "worked since the import"))
    assert "worked since" in run("undo-import", "2").stderr
    ok(run("undo-import", "2", "--force"))  # fields back, as a version never seen before
    ann = data(run("show", "ann lee", "--json"))
    assert ann["company"] is None and ann["version"] > 3


def test_undo_import_of_a_restored_deck_and_of_a_lead_who_said_stop(
    run: Run, tmp_path: Path, clock: object
) -> None:
    _worked_deck(run)
    whole = tmp_path / "deck.json"
    ok(run("export", str(whole), "--contacts"))
    fresh = tmp_path / "fresh.sqlite"
    ok(run("import", str(whole), db=fresh))  # versions > 1 came with the cards: not "worked"
    assert "removed" in ok(run("undo-import", "1", db=fresh)).stdout
    assert data(run("list", "--json", "--all", db=fresh)) == []
    ok(run("import", str(FIXTURES / "google_contacts.csv"), db=fresh))
    first = data(run("list", "--json", db=fresh))[0]
    ok(run("dnc", str(first["id"]), db=fresh))
    assert "--force" in run("undo-import", "2", db=fresh).stderr
    undone = ok(run("undo-import", "2", "--force", db=fresh))
    assert f"#{first['id']} {first['name']} asked not to be contacted: kept" in undone.stderr
    kept = data(run("list", "--json", "--all", db=fresh))
    assert [(c["id"], c["status"]) for c in kept] == [(first["id"], "do_not_contact")]


def test_import_mistakes_are_one_line(run: Run, tmp_path: Path, db_path: Path) -> None:
    ok(run("add", "Someone"))
    before = digest(db_path)
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email\nAnn,ann@\n", encoding="utf-8")
    for args, code, message in (
        (["import", str(tmp_path / "nope.csv")], 1, "no such file"),
        (["import", str(bad)], 1, f"{bad}:2: column 'Email': invalid email 'ann@'"),
        (["import", str(bad), "--map", "Name"], 2, "--map takes COLUMN=FIELD"),
        (["import", str(bad), "--on-duplicate", "keep"], 2, "skip, merge or add"),
        (["import", str(bad), "--encoding", "klingon"], 1, "unknown encoding 'klingon'"),
        (["undo-import", "42"], 3, "no import #42"),
        (["export", "--format", "xls"], 2, "csv, json, ics or vcf"),
        (["export", "x.ics", "--contacts"], 2, "--contacts goes with csv or json"),
    ):
        result = run(*args)
        assert result.exit_code == code, (args, result.output)
        assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert digest(db_path) == before


def _worked_deck(run: Run) -> None:
    ok(run("add", "Ann Lee", "--company", "Acme", "--title", "Owner", "--phone", "212 555 0134",
           "--email", "ann@acme.example", "--source", "Trade show", "--referred-by", "Bob",
           "--need", "=fewer no-shows", "--note", "likes golf"))  # fmt: skip
    ok(run("edit", "ann", "--known", "two sites; +3 vans", "--website", "acme.example"))
    ok(run("log", "ann", "--rating", "6", "--interest", "5", "--notch", "a trial week"))
    ok(run("add", "Bob Stone", "--phone", "+44 20 7946 0958", "--next", "+2b",
           "--note", "'=as typed", "--company", "'Tis Ours"))  # fmt: skip


def test_csv_round_trip_loses_nothing(run: Run, tmp_path: Path, clock: object) -> None:
    _worked_deck(run)
    original = {c["name"]: c for c in data(run("list", "--json"))}
    out = tmp_path / "deck.csv"
    ok(run("export", str(out)))  # spreadsheet-safe: '+44..., '=fewer...
    fresh = tmp_path / "fresh.sqlite"
    ok(run("import", str(out), db=fresh))
    again = {c["name"]: c for c in data(run("list", "--json", db=fresh))}
    assert again == original  # carddeck's own export comes back field for field
    whole = tmp_path / "deck.json"
    ok(run("export", str(whole), "--contacts"))  # JSON: nothing escaped, nothing stripped
    other = tmp_path / "other.sqlite"
    ok(run("import", str(whole), db=other))
    assert {c["name"]: c for c in data(run("list", "--json", db=other))} == original


def test_vcard_round_trip(run: Run, tmp_path: Path, clock: object) -> None:
    _worked_deck(run)
    out = tmp_path / "deck.vcf"
    ok(run("export", str(out)))
    fresh = tmp_path / "fresh.sqlite"
    ok(run("import", str(out), db=fresh))
    first = {c["name"]: c for c in data(run("list", "--json"))}
    second = {c["name"]: c for c in data(run("list", "--json", db=fresh))}
    for name, card in first.items():
        for field in ("company", "title", "phone", "email", "website"):
            assert second[name][field] == card[field], (name, field)


def test_icalendar_export_parses_back(run: Run, tmp_path: Path, clock: object) -> None:
    from icalendar import Calendar

    _worked_deck(run)
    ok(run("add", "Cy Won"))
    ok(run("won", "cy"))
    out = tmp_path / "followups.ics"
    ok(run("export", str(out)))
    calendar = Calendar.from_ical(out.read_bytes())
    events = {str(e.get("summary")): e for e in calendar.walk("VEVENT")}
    # phones as people read them: national for the owner's region, international otherwise
    ann_call = "Call Ann Lee (Acme) (212) 555-0134"
    assert set(events) == {ann_call, "Call Bob Stone ('Tis Ours) +44 20 7946 0958"}
    ann = data(run("show", "ann", "--json"))
    assert ann["phone"] == "+12125550134"  # stored in E.164 all the same
    start = events[ann_call].decoded("dtstart")
    assert start.isoformat() == ann["next_follow_up"] or start == _parse(ann["next_follow_up"])
    description = str(events[ann_call]["description"])
    assert "One notch up: a trial week" in description and "Phone: (212) 555-0134" in description


def _parse(text: str) -> object:
    from datetime import datetime

    return datetime.fromisoformat(text)


def test_json_and_contacts_exports(run: Run, clock: object) -> None:
    _worked_deck(run)
    cards = json.loads(ok(run("export", "--format", "json")).stdout)
    assert cards == data(run("list", "--all", "--json"))
    contacts = list(csv.DictReader(io.StringIO(ok(run("export", "--contacts")).stdout)))
    assert [(c["card_name"], c["notch"], c["rating"]) for c in contacts] == [
        ("Ann Lee", "a trial week", "6")
    ]
    whole = json.loads(ok(run("export", "--contacts", "--format", "json")).stdout)
    ann = next(card for card in whole if card["name"] == "Ann Lee")
    assert ann.pop("sales") == []  # each card with its sales (none yet) and its contacts
    assert ann == data(run("show", "ann", "--json"))
    ok(run("log", "bob", "--no-answer", "--summary", "=HYPERLINK(1)"))
    safe = list(csv.DictReader(io.StringIO(ok(run("export", "--contacts")).stdout)))
    assert safe[-1]["summary"] == "'=HYPERLINK(1)" and safe[-1]["reached"] == "False"


def test_an_import_killed_half_way_leaves_the_deck_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "deck.sqlite"
    env = {**os.environ, "CARDDECK_DB": str(db)}
    carddeck = str(Path(sys.executable).with_name("carddeck"))
    subprocess.run([carddeck, "add", "Kept Card"], env=env, check=True, capture_output=True)
    before = digest(db)
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as out:
        out.write("Name,Email,Phone\n")
        for i in range(60_000):
            out.write(f"Lead {i},lead{i}@example.com,212-555-{i % 10000:04d}\n")
    job = subprocess.Popen([carddeck, "import", str(big)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 30
    wal = Path(f"{db}-wal")
    while time.monotonic() < deadline and (not wal.exists() or wal.stat().st_size < 200_000):
        time.sleep(0.05)  # wait until it is writing rows
    job.send_signal(signal.SIGKILL)
    job.wait()
    assert job.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    assert digest(db) == before
    listed = subprocess.run([carddeck, "list", "--json"], env=env, capture_output=True, text=True)
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Kept Card"]


def test_a_huge_imported_field_is_kept_whole_and_shown_cut(
    run: Run, tmp_path: Path, clock: object
) -> None:
    notes = "word " * 1_000_000  # five megabytes in one field of a lead file
    leads = tmp_path / "huge.json"
    leads.write_text(json.dumps([{"name": "Ann " * 1000, "notes": notes}]))
    ok(run("import", str(leads)))
    started = time.monotonic()
    shown = ok(run("show", "1")).stdout
    assert time.monotonic() - started < 30  # drawing all of it took minutes
    assert "(4,996,999 more characters: carddeck export has" in shown
    assert len(shown) < 20_000
    assert ok(run("list")).stdout.count("Ann") < 100
    exported = data(run("export", "--format", "json"))
    assert exported[0]["notes"] == notes.strip()


def test_a_json_list_of_leads_from_elsewhere(run: Run, tmp_path: Path, clock: object) -> None:
    leads = tmp_path / "leads.json"
    leads.write_text(
        json.dumps(
            [
                {"Full Name": "Ann Lee", "E-mail": "ann@lee.example", "Lead Source": "fair"},
                {"Company": "Bo's Bakery", "Phone": 5551234567, "tags": ["warm", "local"]},
            ]
        )
    )
    said = ok(run("import", str(leads))).stdout
    assert "UTF-8 (JSON)" in said and "2 were added" in said
    cards = data(run("list", "--all", "--json"))
    assert [(c["name"], c["email"], c["source"]) for c in cards] == [
        ("Ann Lee", "ann@lee.example", "fair"),
        ("Bo's Bakery", None, None),
    ]
    assert cards[1]["phone"] == "5551234567" and cards[1]["known"] == 'tags: ["warm", "local"]'
    bad = run("import", str(tmp_path / "x.json"))
    assert bad.exit_code != 0
    leads.write_text('{"name": "Ann"}')
    assert "a list of objects" in run("import", str(leads)).stderr


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("rating", 99, "column 'rating': 99 is not from 1 to 10"),
        ("rating", 5.5, "'5.5' is not a whole number"),
        ("attempts", -1, "-1 is not from 0 to 1000000"),
        ("version", float("inf"), "'inf' is not a whole number"),
        ("id", 10**30, "a 31-digit number is not from"),
        ("position", -(10**25), "a 26-digit number is not from"),
        ("next_follow_up", "5000-01-01T09:00:00+00:00", "not between the years 1900 and 2999"),
        ("created_at", "2020-01-01T00:00:00", "has no UTC offset"),
        ("status", "zombie", "'zombie' is not one of new, active"),
        ("name", "", "column 'name': is empty"),
    ],
)
def test_an_edited_export_out_of_range_is_named(
    run: Run, tmp_path: Path, clock: object, field: str, value: object, said: str
) -> None:
    ok(run("add", "Ann Lee"))
    whole = tmp_path / "deck.json"
    ok(run("export", str(whole)))
    cards = json.loads(whole.read_text())
    cards[0][field] = value
    whole.write_text(json.dumps(cards))  # Infinity for inf: what Python's json reads back
    fresh = tmp_path / "fresh.sqlite"
    result = run("import", str(whole), db=fresh)
    assert result.exit_code == 1 and said in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "nothing was imported" in result.stderr


def test_an_exported_id_too_high_to_keep_gets_a_new_one(
    run: Run, tmp_path: Path, clock: object
) -> None:
    ok(run("add", "Ann Lee"))
    whole = tmp_path / "deck.json"
    ok(run("export", str(whole)))
    cards = json.loads(whole.read_text())
    cards[0]["id"] = 2**61  # would leave the deck no ids after it
    whole.write_text(json.dumps(cards))
    fresh = tmp_path / "fresh.sqlite"
    ok(run("import", str(whole), db=fresh))
    assert [c["id"] for c in data(run("list", "--json", db=fresh))] == [1]
    assert ok(run("add", "Bob", db=fresh)).stdout.strip() == "2"


def _deck_with_further_values(run: Run) -> None:
    """Cards with an address and further emails and phones, some kept as typed, one
    further phone in E.164 and one typed with an apostrophe first."""
    ok(run("import", str(FIXTURES / "google_contacts_multi.csv")))
    ok(run("import", str(FIXTURES / "contacts_adr.vcf")))
    ok(run("add", "Ola Berg", "--phone", "+47 22 12 34 56", "--address", "'=Storgata 1\nOslo",
           "--email", "ola@berg.example"))  # fmt: skip


@pytest.mark.parametrize("kind", ["csv", "json", "vcf"])
def test_round_trips_keep_the_address_and_further_values(
    run: Run, tmp_path: Path, clock: object, kind: str
) -> None:
    _deck_with_further_values(run)
    original = {c["name"]: c for c in data(run("list", "--json"))}
    assert original["Uma Ortiz"]["other_phones"] == "+12125550301\nask for ext 4"
    assert original["Ola Berg"]["address"] == "'=Storgata 1\nOslo"
    out = tmp_path / f"deck.{kind}"
    ok(run("export", str(out)))
    if kind == "csv":
        rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out.read_text("utf-8")))}
        assert rows["Ola Berg"]["phone"] == "+4722123456"  # E.164: no apostrophe
        assert rows["Ola Berg"]["address"] == "''=Storgata 1\nOslo"  # an apostrophe first
        assert rows["Yan Zhou"]["other_phones"] == "+12125550331"
    fresh = tmp_path / "fresh.sqlite"
    ok(run("import", str(out), db=fresh))
    again = {c["name"]: c for c in data(run("list", "--json", db=fresh))}
    if kind != "vcf":
        assert again == original  # carddeck's own export comes back field for field
        return
    # A lead file's apostrophe before "=" is taken for a spreadsheet's, as in every import.
    original["Ola Berg"]["address"] = "=Storgata 1\nOslo"
    for name, card in original.items():
        for field in ("phone", "email", "address", "other_emails", "other_phones"):
            assert again[name][field] == card[field], (name, field)


def test_an_older_export_without_the_new_columns_is_still_ours(
    run: Run, tmp_path: Path, clock: object
) -> None:
    _worked_deck(run)
    out = tmp_path / "deck.csv"
    ok(run("export", str(out)))
    later = ("value", "address", "other_emails", "other_phones")
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    older = tmp_path / "older.csv"
    with older.open("w", encoding="utf-8", newline="") as file:
        columns = [c for c in rows[0] if c not in later]
        writer = csv.DictWriter(file, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    fresh = tmp_path / "fresh.sqlite"
    assert "carddeck's own export" in ok(run("import", str(older), db=fresh)).stdout
    assert data(run("list", "--json", db=fresh)) == data(run("list", "--json"))


def test_the_back_shows_the_address_and_further_reach(run: Run, clock: object) -> None:
    ok(run("import", str(FIXTURES / "contacts_adr.vcf")))
    shown = ok(run("show", "yan")).stdout
    for line in ("address", "88 Mott St", "Unit 5", "New York, NY 10013", "also",
                 "(212) 555-0331", "yan.zhou@mail.example"):  # fmt: skip
        assert line in shown, shown
    ok(run("edit", "yan", "--address", "1 Pell St\nNew York"))
    assert data(run("show", "yan", "--json"))["address"] == "1 Pell St\nNew York"
    ok(run("edit", "yan", "--address", ""))
    assert data(run("show", "yan", "--json"))["address"] is None
    assert "address" not in ok(run("show", "yan")).stdout


def test_an_import_says_the_encoding_it_detected(run: Run, clock: object) -> None:
    result = ok(run("import", str(FIXTURES / "shift_jis.csv")))
    assert "cp932 (detected: neither UTF-8 nor Windows-1252)" in result.stdout
    assert "note: read as cp932 (detected); --encoding gives another" in result.stderr
    assert {c["name"] for c in data(run("list", "--json"))} == {"山田 太郎", "佐藤 花子"}
    mapped = ok(run("import", str(FIXTURES / "google_contacts_multi.csv"), "--dry-run"))
    assert "Labels -> dropped (a label)" in mapped.stdout
    assert "Address 1 - City -> address (city)" in mapped.stdout


def test_the_json_export_takes_the_sales_with_it(run: Run, tmp_path: Path, clock: object) -> None:
    first = tmp_path / "first.sqlite"  # the deck under test (either backend) is the empty one

    def there(*args: str) -> Result:
        return run(*args, db=first)

    ok(there("add", "Ann Lee", "--email", "ann@acme.example", "--source", "Fair"))
    ok(there("add", "Bo Chen", "--source", "Web"))
    ok(there("won", "ann", "--value", "1200"))
    ok(there("won", "ann", "--value", "300.50"))  # a repeat sale
    ok(there("won", "bo"))  # a sale without a value
    customers = data(there("customers", "--json"))
    sales = data(there("stats", "--json"))["sales"]
    assert sales["sales"] == 3 and sales["repeat_sales"] == 1
    whole = tmp_path / "deck.json"
    ok(there("export", str(whole), "--format", "json", "--contacts"))
    ok(run("import", str(whole)))
    again = data(run("customers", "--json"))
    assert [(c["name"], c["sales"], c["sales_value"]) for c in again] == [
        (c["name"], c["sales"], c["sales_value"]) for c in customers
    ]
    assert data(run("stats", "--json"))["sales"] == sales
    ok(run("won", "ann", "--value", "10"))  # the deck hands out a sale id after the kept ones
    assert data(run("stats", "--json"))["sales"]["sales"] == 4
    ok(run("undo"))
    ok(run("undo-import", "1"))  # the sales go with their cards
    assert data(run("stats", "--json"))["sales"]["sales"] == 0


def test_warnings_past_the_first_twenty_are_counted(
    run: Run, clock: object, tmp_path: Path
) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text("name,phone\n" + "".join(f"Lead {i},call me {i}\n" for i in range(25)))
    said = ok(run("import", str(leads), "--dry-run"))
    warned = [line for line in said.stderr.splitlines() if line.startswith("warning:")]
    assert len(warned) == 21 and warned[-1] == "warning: ... and 5 more warnings", warned
