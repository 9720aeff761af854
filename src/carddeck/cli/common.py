"""What every command shares: the open deck, one-line errors, flags shown as flags, and
option aliases."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from carddeck.cli.complete import prepare
from carddeck.errors import CarddeckError
from carddeck.words import printable

# Records, settings, paths and json are read when a command runs, not at every start:
# ``carddeck --help`` and ``carddeck CMD --help`` need none of them.
if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.deck.cards import Outcome
    from carddeck.deck.port import DeckPort
    from carddeck.deck.records import Place
    from carddeck.deck.settings import Settings
    from carddeck.store.engine import Store
    from carddeck.store.lite import Lite


def flags_as_flags(params: list[Any]) -> list[Any]:
    """``--help`` in words: a flag shows no ``<bool>`` (it takes no value), an argument its
    name (``CARD``), an option what it takes (``TEXT``, ``N``) instead of a Python type."""
    for param in params:
        prepare(param)  # for the shell's completion: CARD completes card names
        setattr(param, "_get_number_range_help_str", lambda p=param: readable_range(p))  # noqa: B010
        if param.metavar is not None:
            continue
        if isinstance(param, TyperArgument):
            param.metavar = param.name.upper()
            # the name says what it takes; no "<str>" beside it ({CARD}: required)
            setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010
        elif isinstance(param, TyperOption):
            kind = param.type_descriptor.annotation
            if param.is_flag:
                param.metavar = ""
            elif kind is int:
                param.metavar = "N"
            else:
                param.metavar = "TEXT"
    return params


def readable_range(param: Any) -> str | None:
    """A number's bounds in ``--help`` as a person reads them (``0.5-3600``, not Click's
    ``0.5<=x<=3600``), or nothing: a bound that is only what a deck can hold (64 bits), or
    a lower bound alone (an id from 1, a limit from 0), tells nothing the help does not."""
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is None or high is None or high >= MAX_ID:
        return None
    return f"{low}-{high}"


class Command(TyperCommand):
    """A command whose help shows flags as flags."""

    def get_params(self, ctx: Any) -> list[Any]:
        return flags_as_flags(super().get_params(ctx))


#: ``Context.meta`` key (the dict every context of one run shares): the callbacks of the
#: groups on the way to the command, waiting until its own arguments are read.
_WAITING = "carddeck.waiting"


class ArgsFirst(TyperGroup):
    """A group that reads its command's own arguments before running its callback (Click
    runs it first): ``carddeck CMD --help``, or a usage mistake, stops there, before
    ``carddeck``'s callback reads the settings file and readies the deck, so that asking
    for a command's help costs no more than ``carddeck --help``. The callbacks then run in
    Click's order (outer group first), just before the command."""

    def get_params(self, ctx: Any) -> list[Any]:
        return flags_as_flags(super().get_params(ctx))

    def invoke(self, ctx: Any) -> Any:
        waiting: list[Callable[[], Any]] = ctx.meta.setdefault(_WAITING, [])
        if not ctx._protected_args:  # no command named: this group's own callback only
            _run_all(waiting)
            return super().invoke(ctx)
        args = [*ctx._protected_args, *ctx.args]
        ctx.args, ctx._protected_args = [], []
        with ctx:
            name, command, args = self.resolve_command(ctx, args)
            assert command is not None
            ctx.invoked_subcommand = name
            sub = command.make_context(name, args, parent=ctx)  # --help exits here
            waiting.append(lambda: super(TyperGroup, self).invoke(ctx))
            if not isinstance(command, ArgsFirst):  # a command: every callback now
                _run_all(waiting)
                _objects_down(sub)
            with sub:
                return sub.command.invoke(sub)


def _run_all(waiting: list[Callable[[], Any]]) -> None:
    while waiting:
        waiting.pop(0)()


def _objects_down(ctx: Any) -> None:
    """Click hands a context its parent's ``obj`` when it is made; made before the groups'
    callbacks ran, the command's context (and a group's between) gets the one they set."""
    chain = []
    while ctx is not None:
        chain.append(ctx)
        ctx = ctx.parent
    for each in reversed(chain):
        if each.obj is None and each.parent is not None:
            each.obj = each.parent.obj


def _default_settings() -> Settings:
    from carddeck.deck.settings import DEFAULT_SETTINGS

    return DEFAULT_SETTINGS


class Family(typer.Typer):
    """One family of commands (one module), merged into ``carddeck`` with ``add_typer``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", ArgsFirst)  # a family named as a group (``config``)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


@dataclass
class DeckContext:
    """The global options, and the deck once a command opens it."""

    db: str | None = None
    settings: Settings = field(default_factory=lambda: _default_settings())
    _store: Store | None = None
    _shared: bool | None = None
    _lite: Lite | None = None
    _lite_tried: bool = False

    def again(self, words: str) -> str:
        """A command line to run on this same deck (``--db`` as given, so that a hint
        printed for a deck named on the command line reaches that deck, not the default;
        a server's password is never printed: the URL is left for the owner to give)."""
        db = ""
        if self.db is not None:
            import shlex  # only here: not loaded for every command

            secret = "://" in self.db and "@" in self.db.split("://", 1)[1]
            db = " --db URL" if secret else f" --db {shlex.quote(self.db)}"
        return f"carddeck{db} {words}"

    def lite(self, *, make: bool = False) -> Lite | None:
        """The deck opened light (plain sqlite3, no ORM), when it can be: an SQLite file at
        the current schema; None sends the command through the full store. ``make``: an
        SQLite deck not there yet is made light first (``store.lite.make_lite``)."""
        if not self._lite_tried:
            from carddeck.store.lite import make_lite, open_lite

            self._lite_tried = True
            from carddeck.paths import deck_location

            location = deck_location(self.db)
            if make:
                make_lite(location)
            self._lite = open_lite(location, keep_backups=self.settings.backups_kept, say=note)
        return self._lite

    def port_read(self) -> AbstractContextManager[DeckPort]:
        """The deck's port for reading: light where it can be, else over the full store."""
        return self._port(write=False)

    def port_write(self) -> AbstractContextManager[DeckPort]:
        """The deck's port for one write transaction: light where it can be (a first add
        makes the deck light too)."""
        return self._port(write=True)

    @contextmanager
    def _port(self, *, write: bool) -> Iterator[DeckPort]:
        lite = self.lite(make=write)
        if lite is not None:
            from carddeck.store.lite_port import LiteDeck

            with lite.write() if write else lite.read() as conn:
                yield LiteDeck(conn)
            return
        from carddeck.deck.port import port_of

        store = self.store()
        with store.write() if write else store.read() as session:
            yield port_of(session)

    def store(self) -> Store:
        if self._store is None:
            from carddeck.paths import deck_location
            from carddeck.store.engine import open_store

            self._store = open_store(
                deck_location(self.db), keep_backups=self.settings.backups_kept, say=note
            )
        return self._store

    @property
    def me(self) -> str | None:
        """Who you are, on a deck shared by several sellers (None on a deck nobody has
        taken a lead in yet: nothing is filtered by owner there)."""
        from carddeck.deck.sellers import is_shared, who_am_i

        if self._shared is None:
            with handled(), self.port_read() as port:
                self._shared = is_shared(port)
        return who_am_i(self.settings)[0] if self._shared else None

    def owner(self, everyone: bool) -> str | None:
        """Whose cards a view shows: yours on a shared deck, unless ``everyone``."""
        return None if everyone else self.me

    def close(self) -> None:
        if self._lite is not None:
            self._lite.close()
            self._lite = None
            self._lite_tried = False
        if self._store is not None:
            self._store.close()
            self._store = None


def stdin_is_terminal() -> bool:
    """Whether someone is there to answer a question (commands never wait on a pipe)."""
    return sys.stdin.isatty()


def has_screen() -> bool:
    """Whether the deck screen can run: a terminal to read keys from and to draw on."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Say what went wrong on one line of stderr; raise the returned Exit."""
    typer.echo(printable(f"carddeck: {message}"), err=True)
    return typer.Exit(code)


@dataclass
class Said:
    """The warnings and notes a command has said on stderr, kept for its ``--json``."""

    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: This run's (a fresh one for each command: the root command starts it).
said = Said()


def hear() -> None:
    """Start a command's run: nothing said yet."""
    global said
    said = Said()


def warn(message: str) -> None:
    said.warnings.append(message)
    typer.echo(printable(f"warning: {message}"), err=True)


def note(message: str) -> None:
    said.notes.append(message)
    typer.echo(printable(f"note: {message}"), err=True)


def say(message: str) -> None:
    """A line of output: nothing in it acts on the terminal."""
    typer.echo(printable(message))


@contextmanager
def at_prompt() -> Iterator[None]:
    """A question at the terminal: stopped there (Ctrl-C, or Ctrl-D), the line that says so
    starts on a line of its own, not after the question and its ``^C``."""
    try:
        yield
    except (KeyboardInterrupt, typer.Abort):
        typer.echo("", err=True)
        raise


@contextmanager
def handled() -> Iterator[None]:
    """Turn carddeck's errors into a one-line message and the exit code of their kind
    (errors.py gives each its code)."""
    try:
        yield
    except CarddeckError as err:
        raise fail(str(err), err.exit_code) from None


def refuse(ctx: typer.Context, card: str, causes: Sequence[CarddeckError | str], code: int = 1
           ) -> typer.Exit:  # fmt: skip
    """Refuse a command about ``card`` on one line naming every cause (a bad value, a missing
    one, given as an error or as words with ``code``), led by the card itself when the deck
    has no such card: it is looked up only now, as the command fails anyway."""
    from carddeck.deck.cards import resolve_card

    try:
        with deck_of(ctx).port_read() as port:
            resolve_card(port, card)
    except CarddeckError as err:  # not found, several match, or the deck cannot be read
        causes = [err, *causes]
    first = causes[0]
    said = "; ".join(str(cause).rstrip(".") for cause in causes)
    return fail(said, first.exit_code if isinstance(first, CarddeckError)
                else code)  # fmt: skip


def deck_of(ctx: typer.Context) -> DeckContext:
    obj = ctx.find_root().obj
    if not isinstance(obj, DeckContext):  # a command run without the root callback
        obj = DeckContext()
        ctx.find_root().obj = obj
    return obj


@contextmanager
def writing(ctx: typer.Context) -> Iterator[tuple[Session, DeckContext]]:
    """A write transaction on the deck: all of the command's changes, or none."""
    deck = deck_of(ctx)
    with handled(), deck.store().write() as session:
        yield session, deck


@contextmanager
def changing(ctx: typer.Context) -> Iterator[tuple[DeckPort, DeckContext]]:
    """A write transaction through the deck's port (light on an SQLite file at the current
    schema, else the full store): all of the command's changes, or none."""
    deck = deck_of(ctx)
    with handled(), deck.port_write() as port:
        yield port, deck


@contextmanager
def looking(ctx: typer.Context) -> Iterator[tuple[DeckPort, DeckContext]]:
    """A read through the deck's port (light where it can be)."""
    deck = deck_of(ctx)
    with handled(), deck.port_read() as port:
        yield port, deck


@contextmanager
def reading(ctx: typer.Context) -> Iterator[tuple[Session, DeckContext]]:
    deck = deck_of(ctx)
    with handled(), deck.store().read() as session:
        yield session, deck


def when(text: str | None, deck: DeckContext, *, follow_up: bool = True) -> datetime | None:
    """A typed date ("tomorrow 9am", "+2b", ...) read now, the way the screen reads it
    too; None passes through. A follow-up must lie ahead."""
    with handled():
        moment = read_date(text, deck, follow_up=follow_up)
    if follow_up:
        note_off_day(moment, deck)
    return moment


def read_date(text: str | None, deck: DeckContext, *, follow_up: bool = True
              ) -> datetime | None:  # fmt: skip
    """``when`` without its note: a bad date raises (for ``readings`` to gather)."""
    if text is None:
        return None
    from carddeck.deck import clock
    from carddeck.deck.dates import given_date

    return given_date(text, now=clock.now(), settings=deck.settings, follow_up=follow_up)


def note_off_day(moment: datetime | None, deck: DeckContext) -> None:
    """A note when a follow-up falls on a day off (kept: the owner may mean it)."""
    if moment is None:
        return
    from carddeck.deck.dates import off_day
    from carddeck.render.words import off_day as said_off_day

    if off_day(moment, deck.settings):
        note(said_off_day(moment))


def readings(*reads: Callable[[], Any]) -> tuple[list[Any], list[CarddeckError]]:
    """The values typed on the line, each read by its reader in deck/ before any card is
    read, and every refusal kept (None stands for a refused value), so that ``refuse`` can
    name them all on one line: a user fixing one cause does not meet the next."""
    values: list[Any] = []
    faults: list[CarddeckError] = []
    for read in reads:
        try:
            values.append(read())
        except CarddeckError as err:
            values.append(None)
            faults.append(err)
    return values, faults


def print_json(data: Any) -> None:
    import json

    # one write: json.dump writes each token apart, a system call each when unbuffered
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def print_change(
    ctx: typer.Context,
    ids: Iterable[int | None],
    *,
    cards: list[dict[str, Any]] | None = None,
    **more: Any,
) -> None:
    """A changing command's ``--json``, the one shape for all (deck/serialize.py
    ``change_to_dict``): the cards of ``ids`` as they are now, read after the change
    (``cards`` gives them ready instead, for a dry run's), the ids that are no longer in
    the deck, the warnings and notes said, and the command's own fields in ``more``."""
    from carddeck.deck.serialize import card_to_dict, change_to_dict

    wanted = list(dict.fromkeys(i for i in ids if i is not None))
    removed: list[int] = []
    if cards is None and not wanted:  # (a backup, say: the deck need not be opened)
        cards = []
    if cards is None:
        from carddeck.deck.order import ranked

        with looking(ctx) as (port, _):
            found = ranked(port, wanted)
        cards = [card_to_dict(card, rank) for rank, card in found]
        present = {card.id for _, card in found}
        removed = [i for i in wanted if i not in present]
    command = ctx.command_path.partition(" ")[2] or ctx.command_path
    print_json(change_to_dict(command, cards, removed=removed, warnings=said.warnings,
                              notes=said.notes, **more))  # fmt: skip


def report(outcome: Outcome, settings: Settings) -> None:
    """The warnings about what was typed, the duplicates found (in the screen's words: one
    line for them all, one who asked not to be contacted on a line of its own), and a new
    lead's window."""
    from carddeck.render.words import duplicates, first_contact

    for warning in outcome.warnings:
        warn(warning)
    for line, _loud in duplicates(outcome.duplicates):
        warn(line)
    if outcome.first_contact_due is not None:
        note(first_contact(outcome.first_contact_due, settings))


def place_of(top: bool, back: bool) -> Place | None:
    if top and back:
        raise fail("choose --top or --back, not both", 2)
    return "top" if top else "back" if back else None


#: The largest number a deck can hold (SQLite's 64-bit integers): ids, versions, places.
MAX_ID = (1 << 63) - 1

CardArg = Annotated[
    str, typer.Argument(help="Card id, or the start of a name.", show_default=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (see README).")]
TopOpt = Annotated[bool, typer.Option("--top", help="Shuffle the card to the top.")]
BackOpt = Annotated[bool, typer.Option("--back", help="Shuffle the card to the back.")]


def value_option(help: str) -> Any:
    """``--value AMOUNT``: a deal's or a sale's worth, in the currency setting's money."""
    return typer.Option("--value", metavar="AMOUNT", show_default=False, help=help)


NextOpt = Annotated[
    str | None,
    typer.Option(
        "--next",
        metavar="WHEN",
        help="Next follow-up: 'tomorrow 9am', 'next tue', '+3d', '+2b', 2026-12-01.",
    ),
]
