"""Property tests: whatever is typed, imported or asked for, no traceback; a failure is one
``carddeck:`` line with a non-zero exit, and leaves the deck exactly as it was.

The ``ci`` profile (the default) tries 520 cases a test, 2,080 in all; with
``HYPOTHESIS_PROFILE=thorough``, 6,000 a test."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from carddeck.cli import app
from carddeck.paths import DeckLocation
from carddeck.store import open_store
from tests.helpers import digest

settings.register_profile(
    "ci", max_examples=520, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile(
    "thorough", max_examples=6000, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# a thorough run takes as long as it takes; in CI each test takes well under a minute
pytestmark = pytest.mark.timeout(0 if settings().max_examples > 1000 else 300)

NASTY = ["\x00", "\x1b", "\x1b[2J", "\x07", "\u202e", "\u2066", "\x9b", "\udcff", "\ud800",
         "\t", "\n", "\r", "'", '"', "%", "_", "\\", "=cmd", "+1", "-", "@", "#", " ", "",
         "é", "中文", "🃏", "\ufeff"]  # fmt: skip
text = st.one_of(
    st.text(max_size=24),
    st.text(alphabet=st.sampled_from([c for c in NASTY if len(c) == 1]), max_size=6),
    st.lists(st.sampled_from(NASTY + ["Ann", "Lee", "ann@x.example", "212 555 0134"]),
             max_size=4).map("".join),
)  # fmt: skip
number = st.one_of(
    st.integers(min_value=-3, max_value=12), st.integers(min_value=-(2**70), max_value=2**70)
).map(str)
when = st.one_of(
    st.sampled_from(
        [
            "0001-01-01",
            "9999-12-31T23:59-12:00",
            "9999-12-31 23:59",
            "1899-12-31",
            "2999-12-31",
            "3000-01-01",
            "+9999b",
            "+0d",
            "+99999w",
            "today",
            "now",
            "tomorrow 9am",
            "yesterday",
            "next tue",
            "2026-02-30",
            "24:00",
            "+1h",
            "in 3 days",
            "sat 10am",
            "1e9",
            "",
        ]
    ),  # fmt: skip
    text,
)
card = st.one_of(number, text, st.sampled_from(["ann", "#1", "1", "#", "lee", "ann lee"]))
COMMANDS = st.one_of(
    st.tuples(st.just("add"), text).map(list),
    st.tuples(st.just("add"), text, st.just("--phone"), text, st.just("--email"), text),
    st.tuples(st.just("add"), text, st.just("--next"), when, st.just("--stage"), text),
    st.tuples(
        st.just("log"),
        card,
        st.just("--rating"),
        number,
        st.just("--interest"),
        number,
        st.just("--notch"),
        text,
        st.just("--summary"),
        text,
    ),  # fmt: skip
    st.tuples(
        st.just("log"),
        card,
        st.just("--no-answer"),
        st.just("--next"),
        when,
        st.just("--channel"),
        text,
    ),  # fmt: skip
    st.tuples(st.sampled_from(["show", "won", "dnc", "history", "reopen"]), card),
    st.tuples(st.just("shuffle"), card, st.just("--to"), number),
    st.tuples(st.just("nurture"), card, st.just("--until"), when),
    st.tuples(st.just("lost"), card, st.just("--reason"), text, st.just("--yes")),
    st.tuples(st.just("edit"), card, st.just("--name"), text, st.just("--if-version"), number),
    st.tuples(st.just("edit"), card, st.just("--phone"), text, st.just("--next"), when),
    st.tuples(st.just("list"), st.just("--status"), text),
    st.tuples(st.just("list"), st.just("--batch"), number),
    st.tuples(st.just("undo-import"), number),
    st.tuples(st.just("stats"), st.just("--since"), when),
    st.tuples(st.just("export"), st.just("-"), st.just("--format"), text),
    st.tuples(st.just("erase"), card, st.just("--yes")),
    st.tuples(st.just("undo")),
).map(list)


def fresh_deck(tmp_path: Path) -> Path:
    path = tmp_path / "fuzz.sqlite"
    if not path.exists():
        store = open_store(DeckLocation(path, False))
        store.close()
        runner = CliRunner()
        for args in (
            ["add", "Ann Lee", "--email", "ann@x.example", "--phone", "212 555 0134"],
            ["add", "Bob Stone"],
            ["log", "ann", "--rating", "5", "--interest", "5", "--notch", "x"],
        ):
            assert runner.invoke(app, ["--db", str(path), *args]).exit_code == 0
    return path


def holds(result: Any, before: str, deck: Path) -> None:
    """No traceback; a failure is one line and changes nothing."""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback: the property is broken
    assert "Traceback" not in result.stderr
    if result.exit_code != 0:
        errors = [line for line in result.stderr.splitlines() if line.startswith("carddeck:")]
        assert len(errors) == 1, result.stderr
        assert digest(deck) == before, result.stderr


@given(args=COMMANDS)
def test_any_arguments(tmp_path: Path, args: list[str]) -> None:
    deck = fresh_deck(tmp_path)
    before = digest(deck)
    result = CliRunner().invoke(app, ["--db", str(deck), *args], prog_name="carddeck")
    holds(result, before, deck)


csv_bytes = st.one_of(
    st.binary(max_size=300),
    st.lists(st.lists(st.one_of(text, st.binary(max_size=8).map(lambda b: b.decode("latin-1"))),
                      max_size=5), max_size=6).map(
        lambda rows: "\n".join(",".join(r) for r in [["Name", "Email", "Phone"], *rows])
    ).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]),
              st.binary(max_size=200)).map(b"".join),
)  # fmt: skip
vcard_bytes = st.one_of(
    st.binary(max_size=200).map(lambda b: b"BEGIN:VCARD\nVERSION:3.0\n" + b),
    st.lists(st.sampled_from([b"BEGIN:VCARD", b"END:VCARD", b"VERSION:3.0", b"VERSION:4.0",
                              b"FN:Ann", b"N:", b"N:Lee;Ann", b"TEL:212 555 0134", b"TEL;x",
                              b"EMAIL:a@x.example", b"EMAIL:bad@", b"ORG:", b"\xff\xfe", b":",
                              b"NOTE:\x1b[2J", b" folded"]), max_size=12).map(b"\n".join),
)  # fmt: skip
options = st.lists(
    st.sampled_from([["--encoding", "utf-8"], ["--encoding", "cp1252"], ["--encoding", "utf-16"],
                     ["--encoding", "base64"], ["--encoding", "latin-1"], ["--encoding", "x"],
                     ["--delimiter", ";"], ["--delimiter", "tab"], ["--delimiter", "ab"],
                     ["--delimiter", "\x00"], ["--map", "Name=name"], ["--map", "Nope=email"],
                     ["--map", "bad"], ["--on-duplicate", "merge"], ["--on-duplicate", "x"],
                     ["--skip-bad-rows"], ["--dry-run"], ["--source", "\x1b[2J"], ["--force"]]),
    max_size=3,
).map(lambda chosen: [arg for option in chosen for arg in option])  # fmt: skip


@given(content=csv_bytes, extra=options)
def test_any_lead_file(tmp_path: Path, content: bytes, extra: list[str]) -> None:
    deck = fresh_deck(tmp_path)
    lead = tmp_path / "leads.csv"
    lead.write_bytes(content)
    before = digest(deck)
    result = CliRunner().invoke(app, ["--db", str(deck), "import", str(lead), *extra])
    holds(result, before, deck)


@given(content=vcard_bytes, extra=options)
def test_any_vcard_file(tmp_path: Path, content: bytes, extra: list[str]) -> None:
    deck = fresh_deck(tmp_path)
    lead = tmp_path / "contacts.vcf"
    lead.write_bytes(content)
    before = digest(deck)
    result = CliRunner().invoke(app, ["--db", str(deck), "import", str(lead), *extra])
    holds(result, before, deck)


@given(rows=st.lists(st.fixed_dictionaries({
    "id": st.one_of(st.integers(-5, 2**64), st.none(), st.text(max_size=3)),
    "name": text, "status": st.sampled_from(["new", "won", "nope", "", "do_not_contact"]),
    "stage": st.sampled_from(["rapport", "close", "x"]), "kind": st.sampled_from(["lead", "y"]),
    "attempts": st.one_of(st.integers(-1, 10), st.text(max_size=2)),
    "created_at": st.sampled_from(["2026-11-20T09:00:00-05:00", "2026-11-20", "x", ""]),
    "updated_at": st.sampled_from(["2026-11-20T09:00:00-05:00", "9999-12-31T23:59:59-12:00"]),
    "version": st.one_of(st.integers(0, 3), st.none()), "position": st.integers(-3, 3),
    "next_follow_up": st.sampled_from([None, "2026-12-01T09:00:00-05:00", "0001-01-01T00:00"]),
}), max_size=4))  # fmt: skip
def test_any_carddeck_export_taken_back(tmp_path: Path, rows: list[dict[str, Any]]) -> None:
    import json

    deck = fresh_deck(tmp_path)
    lead = tmp_path / "deck.json"
    lead.write_text(json.dumps(rows))
    before = digest(deck)
    result = CliRunner().invoke(app, ["--db", str(deck), "import", str(lead)])
    holds(result, before, deck)
