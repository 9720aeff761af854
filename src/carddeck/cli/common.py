"""What every command shares: the open deck, one-line errors, and option aliases."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

import typer
from sqlmodel import Session

from carddeck.deck.order import Place
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import CarddeckError
from carddeck.paths import deck_location
from carddeck.store.engine import Store


@dataclass
class DeckContext:
    """The global options, and the deck once a command opens it."""

    db: str | None = None
    settings: Settings = field(default_factory=lambda: DEFAULT_SETTINGS)
    _store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            from carddeck.store.engine import open_store

            self._store = open_store(deck_location(self.db))
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def stdin_is_terminal() -> bool:
    """Whether someone is there to answer a question (commands never wait on a pipe)."""
    return sys.stdin.isatty()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Say what went wrong on one line of stderr; raise the returned Exit."""
    typer.echo(f"carddeck: {message}", err=True)
    return typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def say(message: str) -> None:
    typer.echo(message)


@contextmanager
def handled() -> Iterator[None]:
    """Turn carddeck's errors into a one-line message and exit code 1."""
    try:
        yield
    except CarddeckError as err:
        raise fail(str(err)) from None


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
def reading(ctx: typer.Context) -> Iterator[tuple[Session, DeckContext]]:
    deck = deck_of(ctx)
    with handled(), deck.store().read() as session:
        yield session, deck


def when(text: str | None, deck: DeckContext, *, follow_up: bool = True) -> datetime | None:
    """A typed date ("tomorrow 9am", "+2b", ...) read now; None passes through."""
    if text is None:
        return None
    from carddeck.deck import clock
    from carddeck.deck.dates import parse_follow_up, parse_when

    parse = parse_follow_up if follow_up else parse_when
    return parse(text, now=clock.now(), settings=deck.settings)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def report(outcome: Any) -> None:
    for warning in outcome.warnings:
        warn(warning)
    for note in outcome.notes:
        typer.echo(f"note: {note}", err=True)


def place_of(top: bool, back: bool) -> Place | None:
    if top and back:
        raise fail("choose --top or --back, not both", 2)
    return "top" if top else "back" if back else None


CardArg = Annotated[
    str, typer.Argument(help="Card id, or the start of a name.", show_default=False)
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (see README).")]
TopOpt = Annotated[bool, typer.Option("--top", help="Shuffle the card to the top.")]
BackOpt = Annotated[bool, typer.Option("--back", help="Shuffle the card to the back.")]
NextOpt = Annotated[
    str | None,
    typer.Option(
        "--next",
        metavar="WHEN",
        help="Next follow-up: 'tomorrow 9am', 'next tue', '+3d', '+2b', 2026-12-01.",
    ),
]
