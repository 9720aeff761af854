"""Export the deck as CSV, streamed in deck order, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, TextIO

from sqlmodel import Session, col, select

from carddeck.deck.serialize import CARD_COLUMNS, card_to_dict
from carddeck.store.models import Card

#: A cell starting with one of these runs as a formula in Excel, LibreOffice or Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def card_rows(session: Session, *, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Every card as a dict, in deck order, read ``batch`` rows at a time."""
    query = (
        select(Card).order_by(col(Card.position), col(Card.id)).execution_options(yield_per=batch)
    )
    for rank, card in enumerate(session.exec(query), start=1):
        yield card_to_dict(card, rank)
        session.expunge(card)


def write_csv(session: Session, out: TextIO, *, raw: bool = False) -> int:
    """Write the deck to ``out`` with a header row; returns the number of cards."""
    writer = csv.DictWriter(out, fieldnames=CARD_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    written = 0
    for row in card_rows(session):
        if not raw:
            row = {key: neutralise(value) for key, value in row.items()}
        writer.writerow(row)
        written += 1
    return written
