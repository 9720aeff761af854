"""The reading commands' way into the deck: the read port over the deck's port (plain SQL
on the light path, the ORM's otherwise), in one read transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

from carddeck.cli.common import DeckContext, looking

if TYPE_CHECKING:
    from carddeck.deck.port import DeckPort
    from carddeck.deck.reads import ReadPort


@contextmanager
def browsing(ctx: typer.Context) -> Iterator[tuple[DeckPort, ReadPort, DeckContext]]:
    """One read of the deck: its port (cards by id or name, places) and its read port."""
    with looking(ctx) as (port, deck):
        yield port, port.reads(), deck
