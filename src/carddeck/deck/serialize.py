"""Cards and contacts as plain data: the stable shape of ``--json`` and of exports."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from carddeck.store.models import CARD_FIELDS, CONTACT_FIELDS, Card, Contact, ImportBatch

#: Export and JSON columns: every card field, with ``position`` as the 1-based place in
#: the deck (the internal sort key is not shown).
CARD_COLUMNS: tuple[str, ...] = CARD_FIELDS
CONTACT_COLUMNS: tuple[str, ...] = CONTACT_FIELDS


def plain(value: Any) -> Any:
    """A JSON/CSV-friendly value: enums by value, times as local ISO 8601 with offset."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone().isoformat()
    return value


def card_to_dict(card: Card, rank: int | None = None) -> dict[str, Any]:
    data = {name: plain(getattr(card, name)) for name in CARD_COLUMNS}
    data["position"] = rank
    return data


def contact_to_dict(contact: Contact) -> dict[str, Any]:
    return {name: plain(getattr(contact, name)) for name in CONTACT_COLUMNS}


def batch_to_dict(batch: ImportBatch) -> dict[str, Any]:
    """An import as ``imports --json`` shows it, its fields always in the same order."""
    return {name: plain(getattr(batch, name)) for name in ImportBatch.model_fields}
