"""The core imports no UI, and quick commands import only what they need."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = (
    "textual", "alembic", "dateparser", "phonenumbers", "email_validator", "vobject", "icalendar",
    "fpdf", "holidays",
)  # fmt: skip


def PRIVATE() -> dict[str, str]:  # noqa: N802 - read as a constant, made at each call
    """The test's own data and settings folders (tests/conftest.py's ``_isolated``): a
    command's daily backup goes there, not to the user's folder."""
    return {key: os.environ[key] for key in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}


def modules_after(
    code: str,
    env_db: Path | None = None,
    config: Path | None = None,
    extra: dict[str, str] | None = None,
) -> set[str]:
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), **PRIVATE(), **(extra or {})}
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


EVERY_HELP = """
import json, sys
import typer.main
from carddeck.cli import app, main

def run(args):
    sys.argv = ["carddeck", *args]
    try:
        main()
    except SystemExit as done:
        assert done.code in (0, None), (args, done.code)

def every(group, ctx, path):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield [*path, name]
        if hasattr(command, "list_commands"):
            yield from every(command, ctx, [*path, name])

run(["--help"])
before = set(sys.modules)
root = typer.main.get_command(app)
names = list(every(root, root.make_context("carddeck", [], resilient_parsing=True), []))
beyond = {}
for words in names:
    run([*words, "--help"])
    beyond[" ".join(words)] = sorted(set(sys.modules) - before)
print(json.dumps(beyond))
"""


def test_every_command_s_help_loads_nothing_beyond_the_plain_help(tmp_path: Path) -> None:
    """``carddeck CMD --help`` (every command, and every command of a group) loads no
    module that ``carddeck --help`` does not: its command's own module is loaded by both,
    and the settings file and the deck are not read for a help (cli/common.ArgsFirst).
    One process runs ``--help`` and then each ``CMD --help``: a module any of them loaded
    beyond the first would show there."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "XDG_DATA_HOME": str(tmp_path),
           "CARDDECK_CONFIG": str(tmp_path / "none.toml")}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", EVERY_HELP], capture_output=True, text=True, check=True, env=env
    )
    beyond: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(beyond) > 30 and "add" in beyond and "config path" in beyond, sorted(beyond)
    assert {words: loaded for words, loaded in beyond.items() if loaded} == {}


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
        env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home()), "CARDDECK_DB": str(deck), **words,
             **PRIVATE()},
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
    assert ORM.isdisjoint(loaded), ORM & loaded  # the deck itself made light


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


# -- what each command may load: the issue's table ----------------------------------------

#: The heavy modules the table watches. pydantic is Typer's own cost as soon as it checks a
#: value (0.29 checks each through a pydantic TypeAdapter), and SQLModel's.
WATCHED = (
    "sqlalchemy", "sqlmodel", "pydantic", "phonenumbers", "dateparser", "textual", "alembic",
    "vobject", "icalendar", "email_validator", "holidays", "fpdf", "charset_normalizer",
)  # fmt: skip
ORM = frozenset({"sqlalchemy", "sqlmodel", "pydantic"})
PHONES = frozenset({"phonenumbers"})

#: command -> (its arguments, the watched modules it MAY load). Card 1 (Ann Lee) has a phone
#: and is due; card 2 (Bob Roe) has neither. Formatting a phone for the eye loads
#: phonenumbers; ``--json`` keeps the stored E.164 and loads none.
ALLOWED: dict[str, tuple[list[str], frozenset[str]]] = {
    "--help": (["--help"], frozenset()),
    "--version": (["--version"], frozenset()),
    "add --help": (["add", "--help"], frozenset()),
    "show --help": (["show", "--help"], frozenset()),
    "list --help": (["list", "--help"], frozenset()),
    # the hot commands on an SQLite deck go the light way: no ORM at all
    "add": (["add", "Cy Lee"], frozenset()),
    "add --json": (["add", "Cy Lee", "--json"], frozenset()),
    "add --phone": (["add", "Di Lee", "--phone", "+12125550123"], PHONES),
    "add --email": (["add", "Di Lee", "--email", "di@lee.example"], frozenset({"email_validator"})),
    "add --next": (["add", "Ed Lee", "--next", "tomorrow 9am"], frozenset({"dateparser"})),
    "show": (["show", "1"], PHONES),
    "show --json": (["show", "1", "--json"], frozenset()),
    "show, no phone": (["show", "2"], frozenset()),
    "today --json": (["today", "--json"], frozenset()),
    "today": (["today"], PHONES),
    "list --due": (["list", "--due"], PHONES),
    "list --due --json": (["list", "--due", "--json"], frozenset()),
    "log --no-answer": (["log", "1", "--no-answer"], frozenset()),
    "log --no-answer --json": (["log", "Ann", "--no-answer", "--json"], frozenset()),
    "log, answered": (
        ["log", "1", "--rating", "6", "--interest", "5", "--notch", "a visit", "--top"],
        frozenset(),
    ),  # fmt: skip
    "shuffle --back": (["shuffle", "2", "--back"], frozenset()),
    "shuffle --to --json": (["shuffle", "2", "--to", "1", "--json"], frozenset()),
    "won": (["won", "2"], frozenset()),
    "won --json": (["won", "2", "--value", "100", "--json"], frozenset()),
    "stats": (["stats"], ORM),
    "export": (["export", "--format", "csv", "{tmp}/out.csv"], frozenset()),
    "export --contacts": (["export", "--contacts", "{tmp}/out.csv"], frozenset()),
    "export json": (["export", "{tmp}/out.json", "--contacts"], frozenset()),
    "export vcf": (["export", "{tmp}/out.vcf"], ORM | {"vobject"}),
    # a CSV file into an SQLite deck goes light too; a merge takes the full store
    "import": (["import", "{tmp}/in.csv"], PHONES | {"email_validator"}),
    "import --on-duplicate merge": (
        ["import", "{tmp}/in.csv", "--on-duplicate", "merge"],
        ORM | PHONES | {"email_validator"},
    ),  # fmt: skip
    "search": (["search", "Ann"], ORM | PHONES),
    "complete a card name": ([], frozenset()),
}
COMPLETING = {"_CARDDECK_COMPLETE": "complete_bash", "COMP_WORDS": "carddeck show an",
              "COMP_CWORD": "2"}  # fmt: skip


@pytest.fixture(scope="module")
def small_deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two cards, made once (in this process) and copied for each command."""
    from typer.testing import CliRunner

    from carddeck.cli import app

    folder = tmp_path_factory.mktemp("hygiene")
    deck = folder / "deck.sqlite"
    env = {"CARDDECK_CONFIG": str(folder / "none.toml"), "XDG_DATA_HOME": str(folder)}
    for args in (["add", "Ann Lee", "--phone", "+12125550100"], ["add", "Bob Roe"]):
        done = CliRunner().invoke(app, ["--db", str(deck), *args], env=env)
        assert done.exit_code == 0, done.output
    return deck


@pytest.mark.parametrize("what", list(ALLOWED))
def test_each_command_loads_only_its_allowance(what: str, small_deck: Path, tmp_path: Path) -> None:
    args, allowed = ALLOWED[what]
    deck = tmp_path / "deck.sqlite"
    shutil.copy(small_deck, deck)
    (tmp_path / "in.csv").write_text("name,phone,email\nCy Doe,+12125550111,cy@example.com\n")
    argv = [arg.format(tmp=tmp_path) for arg in args]
    extra = {"XDG_DATA_HOME": str(tmp_path), **(COMPLETING if what.startswith("complete") else {})}
    loaded = modules_after(RUN_CLI.format(args=argv), deck, tmp_path / "none.toml", extra)
    assert "carddeck.cli" in loaded
    assert {m for m in WATCHED if m in loaded} <= allowed, (what, sorted(set(WATCHED) & loaded))


def test_the_screens_frame_needs_no_orm(tmp_path: Path) -> None:
    """The deck screen is drawn before the deck is opened: building it loads Textual and
    carddeck's light modules only (the ORM is loaded by its reading thread)."""
    code = (
        "from carddeck.tui.app import CarddeckApp\n"
        "from carddeck.tui.screens.deck import DeckScreen\n"
        f"app = CarddeckApp(db={str(tmp_path / 'deck.sqlite')!r})\n"
        "screen = DeckScreen(app.settings)"
    )
    loaded = modules_after(code)
    assert "textual" in loaded
    heavy = {"sqlalchemy", "sqlmodel", "pydantic", "alembic", "phonenumbers", "statistics"}
    assert heavy.isdisjoint(loaded), loaded
    # nor the dialogs (loaded at the first one, or once the deck is read), nor the first
    # read's modules (loaded by the reading thread while the frame is built)
    later = {"carddeck.tui.screens.ask", "carddeck.deck.views", "carddeck.store.lite"}
    assert later.isdisjoint(loaded), sorted(later & loaded)
