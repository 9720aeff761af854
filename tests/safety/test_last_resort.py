"""The last resort, and the rest of the way out: an error nobody foresaw is one line and a
private crash report (never a traceback), odd dates already in a deck do not break any
export, the screen asks before adding someone who asked not to be contacted, and an
import is taken back exactly."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carddeck import deck
from carddeck.cli import app
from carddeck.store import Store
from carddeck.tui.screens.ask import ChoiceScreen
from carddeck.tui.screens.form import CardForm
from tests.safety.conftest import Run
from tests.tui.conftest import card, in_deck_view, settle


def test_an_unforeseen_error_is_one_line_and_a_private_report(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("Ann Lee's secret details")

    monkeypatch.setattr("carddeck.deck.agenda.today", broken)
    result = CliRunner().invoke(app, ["--db", str(db_path), "today"])
    assert result.exit_code == 70 and "Traceback" not in result.stderr + result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith("carddeck: an unexpected error (RuntimeError) stopped it")
    assert "secret" not in line
    report = Path(line.split("the details are in ")[1].split(", to send")[0])
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    assert "RuntimeError" in report.read_text() and report.parent.name == "crashes"


def test_a_value_nobody_wrote_is_named(carddeck: Run, db_path: Path) -> None:
    assert carddeck("add", "Ann").returncode == 0
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE card SET status = 'bogus'")
    conn.commit()
    conn.close()
    shown = carddeck("show", "1")
    assert (
        shown.returncode == 6  # the deck holds what carddeck never writes
        and "holds 'bogus'" in shown.stderr
        and "carddeck check" in (shown.stderr)
    )
    checked = carddeck("check")
    assert checked.returncode == 6 and "has the status 'bogus'" in checked.stderr


async def test_the_screen_stops_on_an_unforeseen_error_in_one_line(
    tui_deck: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from carddeck.tui.screens.deck import DeckScreen

    def broken(self: DeckScreen) -> None:
        raise RuntimeError("Ann Lee's secret details")

    monkeypatch.setattr(DeckScreen, "action_flip", broken)
    app_ = in_deck_view(tui_deck)
    shown: list[str] = []
    monkeypatch.setattr(type(app_), "_print_error_renderables",
                        lambda self: shown.extend(map(str, self._exit_renderables)))  # fmt: skip
    with pytest.raises(RuntimeError):  # Pilot hands the error on to the test
        async with app_.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("space")
            await pilot.pause()
    assert app_.return_code == 1
    (said,) = shown  # what is printed once the screen is gone: one line
    assert said.startswith("carddeck: an unexpected error (RuntimeError) stopped it")
    assert "secret" not in said and "crash-" in said


@pytest.mark.parametrize("gone", ["carddeck.deck.quickphone", "carddeck.crash"])
async def test_a_screen_whose_files_were_replaced_says_so_in_one_line(
    tui_deck: Store, monkeypatch: pytest.MonkeyPatch, gone: str
) -> None:
    """carddeck reinstalled while the screen runs: a module it loads when first needed is
    gone (or the crash report's own): one line says so, not Textual's traceback."""
    import sys

    from carddeck.tui.screens.deck import DeckScreen

    def broken(self: DeckScreen) -> None:
        raise ModuleNotFoundError(f"No module named {gone!r}", name=gone)

    monkeypatch.setattr(DeckScreen, "action_flip", broken)
    if gone == "carddeck.crash":
        monkeypatch.setitem(sys.modules, "carddeck.crash", None)  # importing it fails
    app_ = in_deck_view(tui_deck)
    shown: list[str] = []
    monkeypatch.setattr(type(app_), "_print_error_renderables",
                        lambda self: shown.extend(map(str, self._exit_renderables)))  # fmt: skip
    with pytest.raises(ModuleNotFoundError):
        async with app_.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            await pilot.press("space")
            await pilot.pause()
    assert shown == ["carddeck: its own files changed while the screen ran (reinstalled or "
                     "upgraded?); nothing more was saved: start it again"]  # fmt: skip


def test_every_export_survives_what_a_deck_already_holds(carddeck: Run, db_path: Path,
                                                         tmp_path: Path) -> None:  # fmt: skip
    for name in ("Ann", "Bob", "Cy"):
        assert carddeck("add", name).returncode == 0
    conn = sqlite3.connect(db_path)  # dates from before they were kept to 1900-2999
    conn.execute("UPDATE card SET next_follow_up = '9999-12-31 23:59:00.000000' WHERE id = 1")
    conn.execute("UPDATE card SET next_follow_up = '0001-01-01 00:00:00.000000' WHERE id = 2")
    conn.execute("UPDATE card SET notes = ? WHERE id = 3", ("x\x1b[2J\x00y",))
    conn.commit()
    conn.close()
    for kind in ("csv", "json", "ics", "vcf"):
        done = carddeck("export", str(tmp_path / f"out.{kind}"))
        assert done.returncode == 0 and "Traceback" not in done.stderr, (kind, done.stderr)
    for args in (["list"], ["today"], ["show", "1"], ["show", "2"], ["stats"]):
        done = carddeck(*args)
        assert done.returncode == 0 and "Traceback" not in done.stderr, (args, done.stderr)


async def test_the_screen_asks_before_adding_someone_who_asked_not_to_be_contacted(
    tui_deck: Store,
) -> None:
    with tui_deck.write() as s:
        deck.mark_do_not_contact(s, deck.resolve_card(s, "ann"))
    app_ = in_deck_view(tui_deck)
    async with app_.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"Ann Again", "tab", "tab", "tab", "tab", *"ann@acme.example")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app_.screen, ChoiceScreen)
        assert "asked not to be contacted" in str(app_.screen.question)
        await pilot.press("n")  # no: nothing added
        await settle(pilot)
        assert not isinstance(app_.screen, (ChoiceScreen, CardForm))
        await pilot.press("a", *"Ann Again", "tab", "tab", "tab", "tab", *"ann@acme.example")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")  # yes, explicitly
        await settle(pilot)
    assert card(tui_deck, "ann again").email == "ann@acme.example"


def test_undo_import_is_exact_through_the_command(carddeck: Run, tmp_path: Path) -> None:
    assert carddeck("add", "Ann Lee", "--email", "ann@x.example").returncode == 0
    before = json.loads(carddeck("show", "1", "--json").stdout)
    leads = tmp_path / "leads.csv"
    leads.write_text("Name,Email,Company\nAnn Lee,ann@x.example,Acme\nBo,bo@x.example,\n")
    assert carddeck("import", str(leads), "--on-duplicate", "merge").returncode == 0
    assert json.loads(carddeck("show", "1", "--json").stdout)["company"] == "Acme"
    undone = carddeck("undo-import", "1")
    assert undone.returncode == 0 and "1 card removed, 1 merged card restored" in undone.stdout
    assert json.loads(carddeck("show", "1", "--json").stdout) == before
    assert carddeck("add", "Cy").stdout.strip() == "3"  # Bo's id is not given again


def test_check_names_the_deck_it_found_intact_even_with_cold_cards(
    carddeck: Run, db_path: Path
) -> None:
    assert carddeck("add", "Ann").returncode == 0
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE card SET next_follow_up = NULL")
    conn.commit()
    conn.close()
    checked = carddeck("check")
    assert checked.returncode == 0 and "with no next date (cold): #1" in checked.stderr
    assert checked.stdout.startswith(f"{db_path}: intact")
