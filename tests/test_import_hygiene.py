"""The core imports no UI, and quick commands import only what they need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "textual", "alembic", "dateparser", "phonenumbers", "email_validator", "vobject", "icalendar",
    "fpdf", "holidays",
)  # fmt: skip


def modules_after(
    code: str,
    env_db: Path | None = None,
    config: Path | None = None,
    extra: dict[str, str] | None = None,
) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), **(extra or {})}
    if env_db is not None:
        env["CARDDECK_DB"] = str(env_db)
    if config is not None:
        env["CARDDECK_CONFIG"] = str(config)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, env=env
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_method_imports_no_ui() -> None:
    loaded = modules_after("import carddeck.deck, carddeck.store")
    assert {"textual", "typer", "rich", "click"}.isdisjoint(loaded)


RUN_CLI = """
import sys
from carddeck.cli import main
sys.argv = ["carddeck", *{args!r}]
try:
    main()
except SystemExit as done:
    assert done.code in (0, None), done.code
"""


def test_help_imports_nothing_heavy() -> None:
    loaded = modules_after(RUN_CLI.format(args=["--help"]))
    assert set(HEAVY).isdisjoint(loaded), set(HEAVY) & loaded
    assert {"sqlalchemy", "sqlmodel"}.isdisjoint(loaded), "--help needs no ORM"


#: What a Tab must not wait for: completion runs the whole program at every key press.
NOT_FOR_A_TAB = ("sqlalchemy", "sqlmodel", "pydantic", "textual", "phonenumbers", "dateparser")


def test_completing_a_card_name_loads_no_orm(tmp_path: Path) -> None:
    deck = tmp_path / "deck.sqlite"
    modules_after(RUN_CLI.format(args=["add", "Ann Lee"]), deck)
    words = {"_CARDDECK_COMPLETE": "complete_bash", "COMP_WORDS": "carddeck show an",
             "COMP_CWORD": "2"}  # fmt: skip
    script = RUN_CLI.format(args=[])
    done = subprocess.run(
        [sys.executable, "-c", f"{script}\nimport json\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "CARDDECK_DB": str(deck), **words},
    )  # fmt: skip
    offered, loaded = done.stdout.splitlines()[0], set(json.loads(done.stdout.splitlines()[-1]))
    assert offered == "Ann\\ Lee"
    assert set(NOT_FOR_A_TAB).isdisjoint(loaded), set(NOT_FOR_A_TAB) & loaded
    status = modules_after(
        RUN_CLI.format(args=[]),
        deck,
        extra={**words, "COMP_WORDS": "carddeck list -s ", "COMP_CWORD": "3"},
    )
    assert set(NOT_FOR_A_TAB).isdisjoint(status), set(NOT_FOR_A_TAB) & status


def test_quick_add_on_an_empty_deck_imports_nothing_heavy(tmp_path: Path) -> None:
    loaded = modules_after(RUN_CLI.format(args=["add", "Ann Lee"]), tmp_path / "deck.sqlite")
    assert (tmp_path / "deck.sqlite").exists()
    assert set(HEAVY).isdisjoint(loaded), set(HEAVY) & loaded


def test_a_country_s_holidays_are_read_only_when_a_date_is_worked_out(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('holiday_country = "US"\n', encoding="utf-8")
    db = tmp_path / "deck.sqlite"
    assert "holidays" not in modules_after("import carddeck.deck.config, carddeck.deck.calendar")
    for args in (["--help"], ["add", "--help"], ["config", "path"], ["list"]):
        assert "holidays" not in modules_after(RUN_CLI.format(args=args), db, config), args
    assert "holidays" in modules_after(RUN_CLI.format(args=["add", "Ann Lee"]), db, config)


def test_print_help_loads_no_pdf_library() -> None:
    loaded = modules_after(RUN_CLI.format(args=["print", "--help"]))
    assert set(HEAVY).isdisjoint(loaded), set(HEAVY) & loaded


def test_printing_loads_the_pdf_library_and_no_screen(tmp_path: Path) -> None:
    deck = tmp_path / "deck.sqlite"
    modules_after(RUN_CLI.format(args=["add", "Ann Lee"]), deck)
    out = tmp_path / "cards.pdf"
    loaded = modules_after(RUN_CLI.format(args=["print", "-o", str(out)]), deck)
    assert out.read_bytes().startswith(b"%PDF-")
    assert "fpdf" in loaded and "textual" not in loaded
