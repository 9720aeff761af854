"""Cards and contacts as plain data: the stable shape of ``--json`` and of exports."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from carddeck.store.rows import CARD_COLUMNS as _CARD
from carddeck.store.rows import CONTACT_COLUMNS as _CONTACT

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.deck.cadence import Proposal
    from carddeck.deck.importer import ImportReport
    from carddeck.deck.port import AnyCard, AnyContact
    from carddeck.store.models import ImportBatch

#: Export and JSON columns: every card field, with ``position`` as the 1-based place in
#: the deck (the internal sort key is not shown).
CARD_COLUMNS: tuple[str, ...] = tuple(name for name in _CARD if name != "batch_id")
CONTACT_COLUMNS: tuple[str, ...] = _CONTACT
#: A sale as the whole-deck JSON export carries it (inside its card, oldest first).
SALE_COLUMNS: tuple[str, ...] = ("id", "at", "value", "seller")


def plain(value: Any) -> Any:
    """A JSON/CSV-friendly value: enums by value, times as local ISO 8601 with offset."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone().isoformat()
    return value


def card_to_dict(card: AnyCard, rank: int | None = None) -> dict[str, Any]:
    data = {name: plain(getattr(card, name)) for name in CARD_COLUMNS}
    data["position"] = rank
    return data


def contact_to_dict(contact: AnyContact) -> dict[str, Any]:
    return {name: plain(getattr(contact, name)) for name in CONTACT_COLUMNS}


def batch_to_dict(batch: ImportBatch) -> dict[str, Any]:
    """An import as ``imports --json`` shows it, its fields always in the same order."""
    from carddeck.store.models import ImportBatch

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


def import_to_dict(
    session: Session, report: ImportReport
) -> tuple[list[int], list[dict[str, Any]] | None, dict[str, Any]]:
    """An import's ``--json``, taken in its transaction (a dry run's cards are gone after):
    the ids of the cards it added and merged into (a dry run's cards themselves, the new
    ones with no id, as nothing is kept), and its own fields: the batch record first."""
    from carddeck.deck.importer import batch_cards
    from carddeck.deck.order import ranked
    from carddeck.store.models import ImportBatch

    batch = session.get(ImportBatch, report.batch_id) if report.batch_id is not None else None
    added, merged = batch_cards(session, batch.id) if batch and batch.id else ([], [])
    record = batch_to_dict(batch) if batch is not None else None
    cards = None
    if report.dry_run:
        cards = [card_to_dict(card, rank) for rank, card in ranked(session, added + merged)]
        for card in cards[: len(added)]:
            card["id"] = None
        if record is not None:
            record["id"] = None
        added = []
    more = {
        "batch": record, "dry_run": report.dry_run, "added": added, "merged": merged,
        "file": {"path": report.path, "format": report.file_format, "encoding": report.encoding,
                 "delimiter": report.delimiter},
        "mapping": [{"column": column, "field": field} for column, field in report.mapping],
        "rows": report.rows, "contacts": report.contacts,
        "duplicates": report.duplicates, "do_not_contact": report.do_not_contact,
        "problems": [problem.where(report.path) for problem in report.problems],
    }  # fmt: skip
    return added + merged, cards, more
