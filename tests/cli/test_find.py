"""carddeck search and carddeck open: the screen's search, and reaching a card's person
through the desktop's opener (a script on PATH that records what it is handed stands in
for the OS) or, with none, the number printed to copy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Run, data, ok

CARDDECK = Path(sys.executable).with_name("carddeck")


@pytest.fixture
def people(run: Run, clock: object) -> None:
    ok(run("add", "Ann Lee", "--company", "Acme Dental", "--phone", "212 555 0134",
           "--email", "ann@acme.example"))  # fmt: skip
    ok(run("add", "Bob Stone", "--company", "Stone Roofing", "--phone", "+44 20 7946 0958"))
    ok(run("add", "Cy Young", "--email", "cy@young.example", "--company", "Acme Tools"))
    ok(run("add", "Dee Park"))
    ok(run("won", "cy"))


@pytest.mark.usefixtures("people")
def test_search_finds_by_name_company_email_or_phone(run: Run) -> None:
    by_company = ok(run("search", "acme")).stdout
    assert "Ann Lee" in by_company and "Cy Young" in by_company  # a won card too
    assert "Bob Stone" not in by_company
    assert "Bob Stone" in ok(run("search", "7946")).stdout  # digits of the phone
    assert "Cy Young" in ok(run("search", "YOUNG.EXAMPLE")).stdout
    assert "Dee Park" in ok(run("search", "park")).stdout


@pytest.mark.usefixtures("people")
def test_search_json_is_lists_shape(run: Run) -> None:
    found = data(run("search", "acme", "--json"))
    listed = {c["id"]: c for c in data(run("list", "--all", "--json"))}
    assert [c["name"] for c in found] == ["Cy Young", "Ann Lee"]  # deck order: adds go on top
    assert all(c == listed[c["id"]] for c in found)
    assert data(run("search", "nobody", "--json")) == []


@pytest.mark.usefixtures("people")
def test_search_with_no_match_says_so_and_exits_0(run: Run) -> None:
    result = run("search", "nobody")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.strip() == "No card matches 'nobody'."
    empty = run("search", "  ")
    assert empty.exit_code == 2 and "search for something" in empty.stderr


def opener_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    handed = tmp_path / "handed.txt"
    script = folder / "xdg-open"
    script.write_text(f'#!/bin/sh\necho "$1" >> "{handed}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    return handed


@pytest.mark.usefixtures("people")
def test_open_hands_the_uri_to_the_desktop(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed = opener_on_path(tmp_path, monkeypatch)
    called = ok(run("open", "ann", "--call"))
    # said as the card shows the number (a US deck's); the E.164 form is what is dialled
    assert called.stdout.strip() == ("Calling #1 Ann Lee at (212) 555-0134 (handed to xdg-open)")
    ok(run("open", "bob", "--text"))
    ok(run("open", "1", "--email"))
    ok(run("open", "cy", "--email"))  # won: a customer may be emailed
    assert handed.read_text().split() == [
        "tel:+12125550134", "sms:+442079460958", "mailto:ann@acme.example",
        "mailto:cy@young.example",
    ]  # fmt: skip


@pytest.mark.usefixtures("people")
def test_open_with_nothing_to_hand_to_prints_the_number(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no xdg-open anywhere
    result = ok(run("open", "ann", "--call"))
    assert result.stdout == "+12125550134\n"  # the E.164 form alone: what is copied
    assert "no xdg-open on PATH: call #1 Ann Lee yourself at (212) 555-0134" in result.stderr
    handed = opener_on_path(tmp_path, monkeypatch)
    monkeypatch.delenv("DISPLAY")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    headless = ok(run("open", "ann", "--email"))
    assert headless.stdout == "ann@acme.example\n" and "no display" in headless.stderr
    assert not handed.exists()


@pytest.mark.usefixtures("people")
def test_open_when_the_opener_fails_prints_the_address(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed = opener_on_path(tmp_path, monkeypatch)
    (tmp_path / "bin" / "xdg-open").write_text("#!/bin/sh\nexit 3\n")
    result = ok(run("open", "ann", "--text"))
    assert result.stdout == "+12125550134\n"
    assert "xdg-open could not open it (exit 3)" in result.stderr
    assert not handed.exists()


@pytest.mark.usefixtures("people")
def test_open_refuses_in_one_line(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    handed = opener_on_path(tmp_path, monkeypatch)
    for args, code, said in (
        (["open", "dee", "--call"], 1, "#4 Dee Park has no phone number to call"),
        (["open", "bob", "--email"], 1, "#2 Bob Stone has no email address"),
        (["open", "ann"], 2, "choose one of --call, --text or --email"),
        (["open", "ann", "--call", "--text"], 2, "choose one of"),
        (["open", "zed", "--call"], 3, "no card matches 'zed'"),
    ):
        result = run(*args)
        assert result.exit_code == code, (args, result.stderr)
        assert result.stderr.startswith("carddeck: ") and said in result.stderr, result.stderr
        assert result.stderr.count("\n") == 1
    ok(run("dnc", "ann"))
    never = run("open", "ann", "--call")
    assert never.exit_code == 1
    assert "asked not to be contacted: they are never called, texted or emailed again" in (
        never.stderr
    )
    assert not handed.exists()


def test_the_installed_open_with_an_empty_path(run: Run, deck_at: str, clock: object) -> None:
    ok(run("add", "Ann Lee", "--phone", "212 555 0134"))
    env = {"CARDDECK_DB": deck_at, "PATH": "", "HOME": os.environ.get("HOME", "/"),
           **{k: v for k, v in os.environ.items() if k.startswith("XDG_")}}  # fmt: skip
    done = subprocess.run([str(CARDDECK), "open", "ann", "--call"], capture_output=True,
                          text=True, env=env, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "+12125550134\n" and "no xdg-open on PATH" in done.stderr
    found = subprocess.run([str(CARDDECK), "search", "212555", "--json"], capture_output=True,
                           text=True, env=env, timeout=60)  # fmt: skip
    assert [c["name"] for c in json.loads(found.stdout)] == ["Ann Lee"]


def test_search_finds_the_further_emails_and_phones(
    run: Run, tmp_path: Path, clock: object
) -> None:
    leads = tmp_path / "leads.csv"
    leads.write_text("Name,Email,Work Email,Phone,Mobile Phone\n"
                     "Eli Moss,eli@moss.example,eli@works.example,+12125550100,+16465550199\n"
                     "Fay Roe,fay@roe.example,,+12125550111,\n")  # fmt: skip
    ok(run("import", str(leads)))
    assert data(run("show", "eli", "--json"))["other_phones"] == "+16465550199"
    for text in ("WORKS.example", "(646) 555-0199", "6465550199", "+1 646"):
        found = [c["name"] for c in data(run("search", text, "--json"))]
        assert found == ["Eli Moss"], text
    assert {c["name"] for c in data(run("search", "212555", "--json"))} == {"Fay Roe", "Eli Moss"}
