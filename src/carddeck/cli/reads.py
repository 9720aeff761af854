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


def reads_of(port: DeckPort) -> ReadPort:
    """The read port beside ``port``: over its sqlite3 connection when it is the light one."""
    conn = getattr(port, "conn", None)
    if conn is not None:
        from carddeck.store.litereads import LiteReads

        return LiteReads(conn)
    from carddeck.deck.reads import reads_of as orm_reads

    return orm_reads(port)


@contextmanager
def browsing(ctx: typer.Context) -> Iterator[tuple[DeckPort, ReadPort, DeckContext]]:
    """One read of the deck: its port (cards by id or name, places) and its read port."""
    with looking(ctx) as (port, deck):
        yield port, reads_of(port), deck
