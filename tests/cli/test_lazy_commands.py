"""Commands are built only when named: the root's --help lists them from their names and
help, and that listing says what the built commands say."""

from __future__ import annotations

from typer.main import get_command
from typer.testing import CliRunner

from carddeck.cli import app
from carddeck.cli.app import listed as one_line


def test_the_listing_says_what_each_built_command_says() -> None:
    group = get_command(app)
    ctx = group.make_context("carddeck", [], resilient_parsing=True)
    names = group.list_commands(ctx)  # type: ignore[attr-defined]
    assert {"add", "show", "today", "list", "log", "won", "search", "config"} <= set(names)
    assert len(names) == len(set(names))
    group._listing = True  # type: ignore[attr-defined]
    listed = {name: group.get_command(ctx, name) for name in names}  # type: ignore[attr-defined]
    group._listing = False  # type: ignore[attr-defined]
    for name in names:
        built = group.get_command(ctx, name)  # type: ignore[attr-defined]
        seen = listed[name]
        assert built is not None and seen is not None, name
        assert (seen.name, seen.help, seen.hidden, seen.deprecated) == (
            built.name, built.help, built.hidden, built.deprecated
        ), name  # fmt: skip
        # the listing's line: the built one's, else its first paragraph on one line (a group
        # built at start, config, lists itself)
        lazy = seen is not built
        assert seen.short_help == (built.short_help or (one_line(built.help) if lazy else None))
        assert getattr(seen, "rich_help_panel", None) == getattr(built, "rich_help_panel", None)
        assert built.params or name == "config", name  # built for real: its options are there


def test_help_lists_every_command_and_a_slip_is_answered_with_the_nearest() -> None:
    shown = CliRunner().invoke(app, ["--help"], prog_name="carddeck", env={"COLUMNS": "120"})
    assert shown.exit_code == 0
    for name in ("add", "show", "today", "list", "log", "won", "search", "config"):
        assert f" {name} " in shown.stdout, name
    slip = CliRunner().invoke(app, ["sho"], prog_name="carddeck")
    assert slip.exit_code == 2
    assert "No such command 'sho'. Did you mean 'show'?" in slip.stderr
