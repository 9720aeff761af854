"""The columns the exports write, in order, with no ORM loaded (a CSV export of an SQLite
deck loads none): the same as ``serialize``'s, which a test holds equal to the tables."""

from __future__ import annotations

from carddeck.store.rows import CARD_COLUMNS as _CARD_ROW
from carddeck.store.rows import CONTACT_COLUMNS as _CONTACT_ROW

#: Export and JSON columns: every card field (the import batch aside), with ``position``
#: as the 1-based place in the deck (the internal sort key is not shown).
CARD_COLUMNS: tuple[str, ...] = tuple(name for name in _CARD_ROW if name != "batch_id")
CONTACT_COLUMNS: tuple[str, ...] = _CONTACT_ROW
#: A sale as the whole-deck JSON export carries it (inside its card, oldest first).
SALE_COLUMNS: tuple[str, ...] = ("id", "at", "value", "seller")
