"""Cards and contacts as plain data: the stable shape of ``--json`` and of exports."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from carddeck.store.models import CARD_FIELDS, CONTACT_FIELDS, Card, Contact, ImportBatch

if TYPE_CHECKING:
    from carddeck.deck.cadence import Proposal

#: Export and JSON columns: every card field, with ``position`` as the 1-based place in
#: the deck (the internal sort key is not shown).
CARD_COLUMNS: tuple[str, ...] = CARD_FIELDS
CONTACT_COLUMNS: tuple[str, ...] = CONTACT_FIELDS
#: A sale as the whole-deck JSON export carries it (inside its card, oldest first).
SALE_COLUMNS: tuple[str, ...] = ("id", "at", "value", "seller")


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


def proposal_to_dict(proposal: Proposal) -> dict[str, Any]:
    """What the method proposes next after a contact (``log --json``)."""
    return {f.name: plain(getattr(proposal, f.name)) for f in fields(proposal)}


def change_to_dict(
    command: str,
    cards: list[dict[str, Any]],
    *,
    removed: list[int],
    warnings: list[str],
    notes: list[str],
    **more: Any,
) -> dict[str, Any]:
    """The one shape of a changing command's ``--json``: the command, the cards it changed
    as they are now (each as ``list --json`` shows it), the ids of those it took out of
    the deck, what it warned and noted, then the command's own fields (README, "JSON
    output")."""
    return {"command": command, "cards": cards, "removed": removed, "warnings": warnings,
            "notes": notes, **more}  # fmt: skip
