"""Do not contact means it, and a person can be forgotten.

Someone marked do not contact is not added, imported or reopened again without an
explicit override. Someone erased is gone with their contacts and their lines in the
change journal; only keyed hashes of their email and phone stay behind, so that a later
import or add is stopped as for do not contact, without keeping who they were.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from carddeck.deck import clock
from carddeck.deck.fields import email_key, phone_key
from carddeck.deck.journal import ChangeKind, record_deck
from carddeck.deck.port import DeckPort, port_of
from carddeck.errors import InvalidInput

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.store.models import Card

KEY = "erasure_key"


def _key(session: Session | DeckPort) -> bytes:
    """The deck's own key for erasure hashes (made the first time it is needed)."""
    return port_of(session).erasure_key()


def fingerprint(key: bytes, value: str | None) -> str | None:
    """A keyed hash of a normalised email or phone (None for nothing)."""
    if not value:
        return None
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Block:
    """Why someone may not be added again: a card marked do not contact (its id and name),
    or an erasure (no name kept); and which of email or phone matched."""

    same: str
    card_id: int | None = None
    name: str | None = None

    def __str__(self) -> str:
        if self.card_id is None:
            return f"someone with the same {self.same} asked to be erased"
        if not self.same:  # the card itself
            return f"#{self.card_id} {self.name} asked not to be contacted"
        return f"#{self.card_id} {self.name} has the same {self.same} and asked not to be contacted"


class DoNotContact(InvalidInput):
    """The person asked not to be contacted (or to be forgotten): refused unless the face
    says so explicitly (``--force``, or a yes on screen); ``block`` says who and why."""

    def __init__(self, block: Block, doing: str) -> None:
        super().__init__(f"{block}; not {doing}", field=block.same or None)
        self.block = block


def blocked(
    session: Session | DeckPort, *, email: str | None, phone: str | None,
    key: bytes | None = None, exclude: int | None = None,
) -> Block | None:  # fmt: skip
    """Whether someone with this (normalised) email or phone may not be added again (only
    values that tell a lead apart count: ``fields.email_key``, ``phone_key``)."""
    email, phone = email_key(email), phone_key(phone)
    port = port_of(session)
    for card in port.same_reach(email, phone, exclude=exclude, do_not_contact=True, limit=1):
        same = "email" if email and card.email == email else "phone"
        return Block(same, card.id, card.name)
    if not (email or phone) or not port.any_erased():
        return None
    key = key or port.erasure_key()
    checks = (("email", fingerprint(key, email), "email_hash"),
              ("phone", fingerprint(key, phone), "phone_hash"))  # fmt: skip
    for same, digest, column in checks:
        if digest and port.erased(column, digest):
            return Block(same)
    return None


def erase(session: Session, card: Card, *, now: datetime | None = None) -> int:
    """Remove the person and everything logged with them, keeping only the keyed hashes
    of their email and phone; returns how many contacts went with them."""
    from sqlalchemy import delete
    from sqlmodel import col, select

    from carddeck.store.models import Change, Contact, Erased

    now = now or clock.now()
    key = _key(session)
    contacts = session.exec(select(Contact.id).where(Contact.card_id == card.id)).all()
    if card.email or card.phone:
        session.add(Erased(at=now, email_hash=fingerprint(key, card.email),
                           phone_hash=fingerprint(key, card.phone)))  # fmt: skip
    session.execute(delete(Change).where(col(Change.card_id) == card.id))
    session.delete(card)  # its contacts go with it (ON DELETE CASCADE)
    session.execute(delete(Contact).where(col(Contact.card_id) == card.id))
    session.flush()
    record_deck(session, ChangeKind.erase, now=now, facts={"card": card.id})
    return len(contacts)
