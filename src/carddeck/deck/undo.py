"""Undo: a snapshot of a card taken before a change, and putting it back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from carddeck.errors import Conflict, InvalidInput
from carddeck.store.models import CARD_FIELDS, Card, Contact

_KEPT = tuple(name for name in CARD_FIELDS if name not in ("id", "version"))


@dataclass
class UndoStep:
    """How to take back one change to one card."""

    label: str
    card_id: int
    before: dict[str, Any] | None  # None: the change added the card
    version_before: int | None = None
    version_after: int | None = None
    contact_id: int | None = None


def before_change(label: str, card: Card) -> UndoStep:
    """Remember the card as it is, before ``label`` changes it."""
    snapshot = {name: getattr(card, name) for name in _KEPT}
    return UndoStep(label, card.id or 0, snapshot, version_before=card.version)


def after_change(step: UndoStep, card: Card, contact: Contact | None = None) -> UndoStep:
    step.version_after = card.version
    step.contact_id = contact.id if contact is not None else None
    return step


def added(card: Card) -> UndoStep:
    return UndoStep("add", card.id or 0, None, card.version)


def undo(session: Session, step: UndoStep, older: list[UndoStep] | None = None) -> Card | None:
    """Put the card back as it was; refused if it has changed again since.

    Putting it back is itself a change (its version moves on), so the next older step
    for the same card in ``older`` is told the card's new version.
    """
    card = session.get(Card, step.card_id)
    if card is None:
        raise InvalidInput(f"card #{step.card_id} is gone; nothing to undo")
    if step.version_after is not None and card.version != step.version_after:
        raise Conflict(
            f"#{card.id} {card.name} was changed again since the {step.label}; not undone"
        )
    if step.before is None:
        session.delete(card)
        session.flush()
        return None
    if step.contact_id is not None:
        contact = session.get(Contact, step.contact_id)
        if contact is not None:
            session.delete(contact)
    for name, value in step.before.items():
        setattr(card, name, value)
    card.version += 1
    session.add(card)
    session.flush()
    for previous in reversed(older or []):
        if previous.card_id == step.card_id:
            if previous.version_after == step.version_before:
                previous.version_after = card.version
            break
    return card
