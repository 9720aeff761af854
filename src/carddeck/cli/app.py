"""The root command: the global --db option, one-line usage errors, and a bare ``carddeck``."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from difflib import get_close_matches
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperCommand
from typer.main import get_command_from_info, get_command_name
from typer.models import CommandInfo

from carddeck import __version__
from carddeck.cli import common
from carddeck.cli.common import ArgsFirst, DeckContext, fail
from carddeck.cli.complete import use_our_shells
from carddeck.words import printable

if TYPE_CHECKING:
    from carddeck.deck.settings import Settings

#: The families whose commands join the top level (``join``): each command is built when it
#: is named, not all ~80 of them at every start (Typer would read every signature first).
FAMILIES: list[typer.Typer] = []


def join(*families: typer.Typer) -> None:
    """Add families' commands to ``carddeck``'s top level, built only once named."""
    FAMILIES.extend(families)


def _joined() -> dict[str, CommandInfo]:
    found: dict[str, CommandInfo] = {}
    for family in FAMILIES:
        for info in family.registered_commands:
            assert info.callback is not None
            found[info.name or get_command_name(info.callback.__name__)] = info
    return found


def listed(doc: str | None) -> str:
    """A command's help as the listing shows it: its first paragraph, on one line."""
    return " ".join((doc or "").split("\n\n")[0].split())


class OneLineErrors(ArgsFirst):
    """Usage mistakes come out as one line on stderr (no boxes, no traceback); flags show
    as flags in ``--help``; a command is built only when named (``join``)."""

    _listing = False  # while the root's --help lists the commands: names and help only

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # Typer makes it a silent exit 130: said in main below
            raise typer.Abort() from None

    def list_commands(self, ctx: Any) -> list[str]:
        joined = list(_joined())
        return [*joined, *(name for name in self.commands if name not in joined)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        info = _joined().get(cmd_name)
        if info is None:
            return None
        if self._listing:  # the listing reads a name, a line of help and a panel: no params
            doc = info.help if info.help is not None else inspect.getdoc(info.callback)
            return TyperCommand(
                cmd_name,
                help=doc,
                # the first paragraph as one line: the listing wraps it to the terminal (the
                # docstring's own line ends would break it mid-sentence)
                short_help=info.short_help or listed(doc),
                hidden=info.hidden,
                deprecated=info.deprecated,
                rich_markup_mode=self.rich_markup_mode,
                rich_help_panel=info.rich_help_panel,
            )
        command = get_command_from_info(
            info,
            pretty_exceptions_short=app.pretty_exceptions_short,
            rich_markup_mode=self.rich_markup_mode,
        )
        self.commands[cmd_name] = command
        return command

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return self._click_resolve_command(ctx, args)
        except UsageError as err:  # "No such command": suggest from every command's name
            if self.suggest_commands and args:
                matches = get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    suggestions = ", ".join(f"{m!r}" for m in matches)
                    err.message = f"{err.message.rstrip('.')}. Did you mean {suggestions}?"
            raise

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        def run() -> Any:
            return super(OneLineErrors, self).main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )

        use_our_shells()  # after Typer registered its own, as the app was built
        if not standalone_mode:
            return run()
        for number, arg in enumerate(sys.argv[1:] if args is None else args, start=1):
            if any("\ud800" <= ch <= "\udfff" for ch in arg):  # bytes that were not UTF-8
                import os

                what = "text; type it again in UTF-8"
                if os.path.lexists(arg):  # a file named in another encoding: read it as stdin
                    what = "(a file's name): give the file on standard input instead, as in "
                    what += "carddeck import - < FILE"
                typer.echo(f"carddeck: argument {number} ('{printable(arg)}') is not UTF-8 "
                           f"{what}", err=True)  # fmt: skip
                sys.exit(2)
        try:
            result = run()
        except typer.TyperException as err:  # usage errors: bad option, missing argument, ...
            ctx = getattr(err, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            typer.echo(printable(f"carddeck: {err.format_message()}{hint}"), err=True)
            sys.exit(err.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            typer.echo("carddeck: stopped; nothing half done was saved", err=True)
            sys.exit(130)
        except (SystemExit, BrokenPipeError):
            raise
        except Exception as err:  # the last resort: a line, and a report for the bug
            from carddeck import crash

            typer.echo(crash.one_line(err, crash.report(err)), err=True)
            sys.exit(crash.EXIT_CODE)
        sys.exit(result if isinstance(result, int) else 0)


app = typer.Typer(
    cls=OneLineErrors,
    name="carddeck",
    help="Work sales leads like a deck of 3x5 index cards.",
    no_args_is_help=False,
    add_completion=True,  # --install-completion, --show-completion: see README
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _settings(*, say: bool) -> tuple[Settings, list[str]]:
    """The owner's settings, and what is wrong with the file: said once on stderr by a
    command (the screen says it on screen, where it is seen)."""
    from carddeck.deck.config import load_settings
    from carddeck.paths import config_file

    settings, problems = load_settings(config_file())
    if say:
        for problem in problems:
            typer.echo(printable(f"warning: {problem}"), err=True)
    return settings, problems


def _said_after(settings: Settings) -> None:
    """A holiday_country the holidays package does not know shows only once a date is
    worked out (the package is slow to load): said after the command, as other bad keys."""
    from carddeck.deck.daysoff import problem

    found = problem(settings)
    if found:
        from carddeck.paths import config_file

        typer.echo(printable(f"warning: {config_file()}: {found}"), err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"carddeck {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="Deck file, or a shared deck's postgresql:// URL (default: $CARDDECK_DB, "
            "else deck.sqlite in your data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Work sales leads like a deck of 3x5 index cards.

    With no command, opens the deck on screen.
    """
    common.hear()
    settings, problems = _settings(say=ctx.invoked_subcommand is not None)
    deck = DeckContext(db=db, settings=settings)
    ctx.obj = deck
    ctx.call_on_close(deck.close)
    if settings.holiday_country and ctx.invoked_subcommand is not None:
        ctx.call_on_close(lambda: _said_after(settings))
    if ctx.invoked_subcommand is None:
        if not common.has_screen():
            raise fail(
                "the deck screen needs a terminal; without one, use the commands: "
                "carddeck today, carddeck list, carddeck show CARD, carddeck log CARD "
                "(carddeck --help lists them all)",
                2,
            )
        from carddeck.cli.screen import open_screen

        open_screen(deck, problems)
