"""What a new user's trial found in the CLI's wording: each said once, in our words."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Run, ok
from tests.helpers import digest


def test_add_says_its_duplicates_in_one_line_as_the_screen_does(run: Run, clock: object) -> None:
    for n in range(6):
        ok(run("add", f"Ann {n + 1}", "--phone", "+1 415 555 0100"))
    said = ok(run("add", "Bob", "--phone", "+1 415 555 0100")).stderr.splitlines()
    twins = [line for line in said if "same phone" in line]
    assert twins == [
        "warning: 5 or more cards have the same phone: #1 Ann 1, #2 Ann 2, #3 Ann 3 and more: "
        "duplicates?"
    ]
    ok(run("dnc", "2"))
    refused = run("add", "Zed", "--phone", "+1 415 555 0100")
    assert refused.exit_code == 1 and "asked not to be contacted; not added" in refused.stderr
    forced = ok(run("add", "Zed", "--phone", "+1 415 555 0100", "--force")).stderr
    twins = [line for line in forced.splitlines() if "same phone" in line]
    assert twins[0] == "warning: #2 Ann 2 has the same phone and asked NOT to be contacted"
    assert len(twins) == 2 and twins[1].startswith("warning: 4 or more cards have the same phone")


def test_log_won_and_edit_name_every_cause_and_an_unknown_card(run: Run, clock: object) -> None:
    ok(run("add", "Ann Lee"))
    cases = [
        (["log", "99999", "--rating", "11"], 3,
         "no card #99999; my rating of the contact must be a whole number from 1 to 10, not 11; "
         "log needs --interest (or --no-answer if nobody answered)"),
        (["log", "99999", "--rating", "11", "--interest", "5", "--notch", "x"], 3,
         "no card #99999; my rating of the contact must be a whole number from 1 to 10, not 11"),
        (["log", "1", "--interest", "0"], 1,
         "their interest must be a whole number from 1 to 10, not 0; "
         "log needs --rating (or --no-answer if nobody answered)"),
        (["log", "99999"], 3,
         "no card #99999; log needs --rating and --interest (or --no-answer if nobody answered)"),
        (["won", "99999", "--value", "abc"], 3,
         "no card #99999; 'abc' is not an amount; give one such as 1200, 1,200.50 or $1200"),
        (["edit", "99999", "--value", "x", "--kind", "zz"], 3,
         "no card #99999; 'x' is not an amount; give one such as 1200, 1,200.50 or $1200; "
         "kind must be one of lead, referral, not 'zz'"),
        (["edit", "1", "--kind", "zz"], 1, "kind must be one of lead, referral, not 'zz'"),
    ]  # fmt: skip
    for args, code, line in cases:
        result = run(*args)
        assert (result.exit_code, result.stderr) == (code, f"carddeck: {line}\n"), args
    shown = ok(run("show", "1", "--json")).stdout
    assert '"contacts": []' in shown and '"kind": "lead"' in shown  # nothing stored


DATE_HINT = ("try 'tomorrow 9am', 'next tue', 'in 3 days', '+3d', '+2b' (business days) or "
             "2026-12-01")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["won", "99999", "--check-in", "notadate"], 3,
         f"no card #99999; cannot read 'notadate' as a date; {DATE_HINT}"),
        (["won", "1", "--value", "abc", "--check-in", "notadate"], 1,
         "'abc' is not an amount; give one such as 1200, 1,200.50 or $1200; "
         f"cannot read 'notadate' as a date; {DATE_HINT}"),
        (["nurture", "99999", "--until", "notadate"], 3,
         f"no card #99999; cannot read 'notadate' as a date; {DATE_HINT}"),
        (["nurture", "99999", "--until", " "], 3,
         f"no card #99999; a date is needed; {DATE_HINT}"),
        (["lost", "99999", "--reason", " "], 3, "no card #99999; a lost card needs a reason"),
        (["reopen", "99999", "--next", "whenever"], 3,
         f"no card #99999; cannot read 'whenever' as a date; {DATE_HINT}"),
        (["log", "99999", "--rating", "abc"], 3,
         "no card #99999; my rating of the contact must be a whole number from 1 to 10, "
         "not 'abc'; log needs --interest (or --no-answer if nobody answered)"),
        (["log", "99999", "--rating", "abc", "--interest", "11", "--rating-after", "2.5",
          "--next", "notadate"], 3,
         "no card #99999; my rating of the contact must be a whole number from 1 to 10, "
         "not 'abc'; my rating after must be a whole number from 1 to 10, not '2.5'; "
         "their interest must be a whole number from 1 to 10, not 11; "
         f"cannot read 'notadate' as a date; {DATE_HINT}"),
        (["log", "1", "--rating", "abc", "--interest", "5", "--notch", "x"], 1,
         "my rating of the contact must be a whole number from 1 to 10, not 'abc'"),
        (["edit", "99999", "--next", "whenever"], 3,
         f"no card #99999; cannot read 'whenever' as a date; {DATE_HINT}"),
    ],
)  # fmt: skip
def test_a_bad_date_or_number_is_said_with_every_other_cause(
    run: Run, db_path: Path, clock: object, args: list[str], code: int, line: str
) -> None:
    ok(run("add", "Ann Lee"))
    before = digest(db_path)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (code, f"carddeck: {line}\n")
    assert digest(db_path) == before


def test_scores_and_dates_typed_well_still_log(run: Run, clock: object) -> None:
    ok(run("add", "Ann Lee"))
    done = ok(run("log", "1", "--rating", " 5 ", "--interest", "+6", "--notch", "a trial",
                  "--next", "+2d"))  # fmt: skip
    assert "rated 5, interest 6" in done.stdout
    ok(run("nurture", "1", "--until", "+30d"))
    ok(run("won", "1", "--check-in", "+90d"))
    assert '"status": "won"' in ok(run("show", "1", "--json")).stdout


def test_a_bad_rating_is_refused_before_a_single_question(
    run: Run, clock: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run("add", "Ann Lee"))
    monkeypatch.setattr("carddeck.cli.common.stdin_is_terminal", lambda: True)
    result = run("log", "1", "--rating", "11", input="y\n")
    assert result.exit_code == 1 and "Their own interest" not in result.stdout
    assert result.stderr == (
        "carddeck: my rating of the contact must be a whole number from 1 to 10, not 11\n"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["list", "--limit", "1e26"], "--limit: '1e26' is not a whole number"),
        (["list", "--limit", "99999999999999999999999"],
         "--limit: '99999999999999999999999' is too large (at most 9223372036854775807)"),
        (["today", "--limit", "-1"], "--limit: '-1' is too small (at least 0)"),
        (["shuffle", "1", "--to", "9" * 40],
         f"--to: '{'9' * 29}…' is too large (at most 9223372036854775807)"),
        (["undo-import", "0"], "BATCH: '0' is too small (at least 1)"),
        (["import", "x", "--every", "soon"], "--every: 'soon' is not a number"),
        (["import", "x", "--every", "1e9"], "--every: '1e9' is too large (at most 3600)"),
    ],
)  # fmt: skip
def test_a_number_option_refuses_in_our_words(
    run: Run, clock: object, args: list[str], said: str
) -> None:
    result = run(*args)
    command = args[0]
    assert (result.exit_code, result.stderr) == (
        2, f"carddeck: {said} (see 'carddeck {command} --help')\n")  # fmt: skip


def test_a_number_option_still_takes_what_typer_takes(run: Run, clock: object) -> None:
    ok(run("add", "Ann Lee"))
    assert "Ann Lee" in ok(run("list", "--limit", "5.0")).stdout
    assert "Ann Lee" in ok(run("list", "--limit", " 5")).stdout


@pytest.mark.parametrize("typed", ["+999999b", "+99999999999999999999b", "+9999999w",
                                   "+99999999999h", "in 99999999 years"])  # fmt: skip
def test_a_date_past_any_calendar_is_too_far_ahead(run: Run, clock: object, typed: str) -> None:
    ok(run("add", "Ann Lee"))
    result = run("log", "1", "--rating", "5", "--interest", "5", "--notch", "x", "--next", typed)
    latest = "the latest date is Tue 31 Dec 2999"
    assert (result.exit_code, result.stderr) == (
        1,
        f"carddeck: '{typed}' is too far ahead: {latest}\n",
    )
    assert ok(run("log", "1", "--no-answer", "--next", "+2b")).stdout.startswith("Logged #1")


def test_export_refuses_a_name_whose_format_it_does_not_write(
    run: Run, clock: object, tmp_path: Path
) -> None:
    ok(run("add", "Ann Lee"))
    for args, line in [
        (["x.xlsx"], "not xlsx: name the file x.csv, which a spreadsheet opens (or choose one "
                     "with --format)"),
        (["x.xlsx", "--format", "csv"], "not xlsx: name the file x.csv, which a spreadsheet opens"),
        (["x.tsv"], "not tsv: name the file x.csv, which a spreadsheet opens (or choose one "
                    "with --format)"),
        (["x.ods", "--format", "json"], "not ods: name the file x.json"),
    ]:  # fmt: skip
        result = run("export", str(tmp_path / args[0]), *args[1:])
        said = f"carddeck: export writes csv, json, ics or vcf, {line}\n"
        assert (result.exit_code, result.stderr) == (2, said)
    assert not list(tmp_path.glob("x.*"))  # nothing written
    ok(run("export", str(tmp_path / "x.tsv"), "--format", "csv"))  # asked for: CSV it is
    ok(run("export", str(tmp_path / "leads")))
    assert (tmp_path / "leads").read_text().startswith("id,name,company")


def test_import_of_bytes_says_what_the_file_is(run: Run, clock: object, tmp_path: Path) -> None:
    import random
    import zipfile

    noise = tmp_path / "leads.csv"
    noise.write_bytes(random.Random(6).randbytes(4000))
    book = tmp_path / "book.csv"  # a spreadsheet's own file under a CSV's name
    with zipfile.ZipFile(book, "w") as made:
        made.writestr("xl/workbook.xml", "<workbook/>" * 50)
    said = ("does not look like a CSV, vCard or JSON lead file: it holds bytes no text file has "
            "(a spreadsheet's own file? save it as CSV first)")  # fmt: skip
    for lead in (noise, book):
        for args in ([], ["--dry-run"]):
            result = run("import", str(lead), *args)
            assert (result.exit_code, result.stderr) == (1, f"carddeck: {lead}: {said}\n")
    assert ok(run("imports", "--json")).stdout.strip() == "[]"
    odd = tmp_path / "odd.csv"  # a stray control character or two is still a lead file
    odd.write_text("name,email\nAnn\x07 Lee,ann@lee.example\nBo\x00b,bo@b.example\n")
    assert "2 rows: 2 were added" in ok(run("import", str(odd))).stdout


@pytest.mark.parametrize("columns", [80, 100])
def test_list_keeps_the_phone_at_80_columns(
    run: Run, clock: object, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    ok(run("add", "Fatima Diallo", "--company", "Sunrise Seniors Living", "--phone",
           "(212) 555-0126", "--next", "tomorrow 9am"))  # fmt: skip
    ok(run("log", "1", "--rating", "10", "--interest", "9", "--notch", "a trial"))
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = ok(run("list")).stdout.splitlines()
    assert {"name", "phone", "status", "next"} <= set(lines[0].split())
    assert ("company" in lines[0].split()) == (columns == 100)  # the first to give way
    assert "(212) 555-0126" in lines[2] and "Fatima Diallo" in lines[2]
    assert max(len(line) for line in lines) <= columns


def test_a_utf8_file_with_a_stray_byte_names_its_line_and_stores_nothing(
    run: Run, clock: object, tmp_path: Path
) -> None:
    """One byte that is not UTF-8 in a UTF-8 file: read as Windows-1252, every "Müller"
    would be stored as "MÃ¼ller"; the line to mend is named instead, and nothing stored."""
    lines = ["name,email,notes"] + [
        f"Lead{n} Müller,lead{n}@bücher.example,called {n}" for n in range(1, 50)
    ]
    raw = "\n".join(lines).encode() + b"\n"
    raw = raw.replace(b"called 21", b"called \xff21")
    leads = tmp_path / "leads.csv"
    leads.write_bytes(raw)
    refused = run("import", str(leads))
    assert refused.exit_code != 0
    assert refused.stderr.strip().splitlines() == [
        f"carddeck: {leads}: line 22 is not UTF-8 (byte 0xFF), though the rest of the file "
        "is: mend that line, or give --encoding if the whole file is in another one"
    ]
    assert "Müller" not in ok(run("list")).stdout and "Lead" not in ok(run("list")).stdout
    leads.write_bytes(raw.replace(b"\xff", b""))  # mended: every name as written
    ok(run("import", str(leads)))
    assert ok(run("search", "Lead21")).stdout.count("Lead21 Müller") == 1
    windows = tmp_path / "excel.csv"  # a Windows-1252 file is still read as one
    windows.write_bytes("name\nJosé Núñez\n".encode("cp1252"))
    assert "Windows-1252" in ok(run("import", str(windows))).stdout
    assert "José Núñez" in ok(run("search", "Núñez")).stdout


def test_a_big_decks_list_keeps_the_phone_at_80_columns() -> None:
    """On 100,000 cards an id takes six digits: the place in the deck gives way before the
    phone does (the lines are in the deck's order)."""
    from datetime import datetime, timedelta

    from rich.console import Console

    from carddeck.cli.tables import deck_table
    from carddeck.deck.settings import DEFAULT_SETTINGS
    from carddeck.store import Card
    from carddeck.store.kinds import Status

    late = datetime.now().astimezone() - timedelta(days=7)
    cards = [
        Card(id=100_001 - n * 98_457, name=f"Fay Okafor {1544 + n}", phone="+12125551544",
             status=Status.active, next_follow_up=late, attempts=0, position=n)
        for n in range(2)
    ]  # fmt: skip
    shown = Console(width=80, record=True)
    shown.print(deck_table(list(enumerate(cards, start=99_999)), DEFAULT_SETTINGS, width=80))
    lines = shown.export_text().splitlines()
    assert {"id", "name", "phone", "status", "next"} <= set(lines[0].split())
    assert "#" not in lines[0].split()
    assert "(212) 555-1544" in lines[2] and "100001" in lines[2] and "Fay Okafor 1545" in lines[3]
    assert max(len(line) for line in lines) <= 80


@pytest.mark.parametrize("columns", [80, 100])
def test_the_command_listing_wraps_each_help_to_the_terminal(
    run: Run, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """A command's help in `carddeck --help` fills each line before the next: its
    docstring's own line ends ("...either way" / "the customer...") are not kept."""
    import textwrap

    monkeypatch.setenv("COLUMNS", str(columns))
    listing = ok(run("--help")).stdout.splitlines()
    start = next(i for i, line in enumerate(listing) if line.startswith("│ won "))
    column = listing[start].index("Mark a card won")
    entry = [listing[start][column:-1].rstrip()]
    for line in listing[start + 1 :]:
        if line[2:column].strip():  # the next command's name
            break
        entry.append(line[column:-1].rstrip())
    text = " ".join(entry)
    assert "repeat sale; either way the customer comes due again" in text
    assert entry == textwrap.wrap(text, width=len(listing[start]) - 2 - column)


def _command_paths() -> list[list[str]]:
    """Every command's words, a group's commands (``config show``) too."""
    from typer.main import get_command

    from carddeck.cli import app

    root = get_command(app)
    ctx = root.make_context("carddeck", [], resilient_parsing=True)
    paths: list[list[str]] = []
    for name in root.list_commands(ctx):  # type: ignore[attr-defined]
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        paths += [[name, sub] for sub in subs] if subs else [[name]]
    return paths


def test_no_help_shows_a_range_only_a_programmer_reads(run: Run) -> None:
    """A number's bounds read as a person reads them, or not at all: never Click's
    ``[0<=x<=9223372036854775807]`` (64 bits are what a deck holds, not a limit to know)."""
    paths = _command_paths()
    assert ["today"] in paths and ["config", "show"] in paths
    for words in paths:
        shown = ok(run(*words, "--help")).stdout
        for click_said in ("<=x", "x<=", "x>=", "9223372036854775807"):
            assert click_said not in shown, (words, click_said)
    assert "SECONDS [0.5-3600]" in ok(run("import", "--help")).stdout
