"""Cards: quick-add, edit with version checks, find by id or name, list in deck order."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from carddeck.deck import clock, order
from carddeck.deck.calendar import add_work_hours
from carddeck.deck.fields import choice, clean, normalise_email, normalise_phone, require_name
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.errors import AmbiguousCard, CardNotFound, Conflict, InvalidInput
from carddeck.store.models import OPEN_STATUSES, Card, Contact, Kind, Stage, Status

TEXT_FIELDS = ("company", "title", "website", "source", "referred_by", "need", "known", "notes")
EDITABLE = ("name", "phone", "email", "kind", "stage", "next_follow_up", *TEXT_FIELDS)


@dataclass
class Outcome:
    """A changed card and what the owner should be told about the change."""

    card: Card
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contact: Contact | None = None


def first_contact_due(created: datetime, settings: Settings) -> datetime:
    """When a new lead's first-contact window closes (24 hours of working days)."""
    due = add_work_hours(clock.wall(created), settings.first_contact_hours, settings)
    return clock.aware(due)


def _duplicates(session: Session, card: Card) -> list[str]:
    terms = []
    if card.email:
        terms.append(col(Card.email) == card.email)
    if card.phone:
        terms.append(col(Card.phone) == card.phone)
    if not terms:
        return []
    query = select(Card).where(or_(*terms))
    if card.id is not None:
        query = query.where(col(Card.id) != card.id)
    found = []
    for other in session.exec(query.limit(5)):
        same = "email" if card.email and other.email == card.email else "phone"
        if other.status == Status.do_not_contact:
            found.append(
                f"#{other.id} {other.name} has the same {same} and asked NOT to be contacted"
            )
        else:
            found.append(f"#{other.id} {other.name} has the same {same}: a duplicate?")
    return found


def _set_contact_fields(card: Card, values: Mapping[str, Any], settings: Settings) -> list[str]:
    warnings = []
    if "email" in values:
        card.email = normalise_email(values["email"])
    if "phone" in values:
        card.phone, warning = normalise_phone(values["phone"], settings.phone_region)
        if warning:
            warnings.append(warning)
    return warnings


def add_card(
    session: Session,
    *,
    name: str,
    company: str | None = None,
    title: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    website: str | None = None,
    source: str | None = None,
    referred_by: str | None = None,
    kind: Kind | str | None = None,
    need: str | None = None,
    known: str | None = None,
    notes: str | None = None,
    next_follow_up: datetime | None = None,
    place: order.Place = "top",
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Outcome:
    """Add a new lead; it is due within its first-contact window unless told otherwise."""
    now = now or clock.now()
    card = Card(name=require_name(name), created_at=now, updated_at=now)
    for name_, value in zip(
        TEXT_FIELDS,
        (company, title, website, source, referred_by, need, known, notes),
        strict=True,
    ):
        setattr(card, name_, clean(value))
    warnings = _set_contact_fields(card, {"email": email, "phone": phone}, settings)
    if kind is not None:
        card.kind = choice(Kind, kind, "kind")
    else:
        card.kind = Kind.referral if card.referred_by else Kind.lead
    outcome = Outcome(card, warnings)
    if next_follow_up is not None:
        card.next_follow_up = next_follow_up
    else:
        card.next_follow_up = first_contact_due(now, settings)
        when = clock.wall(card.next_follow_up).strftime("%a %d %b %H:%M")
        outcome.notes.append(f"first contact due by {when} (24 hours of working days)")
    outcome.warnings.extend(_duplicates(session, card))
    card.position = order.key_for(session, place)
    session.add(card)
    session.flush()
    return outcome


def edit_card(
    session: Session,
    card: Card,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Outcome:
    """Change a card's fields; refused if it changed since ``expected_version`` was read."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))}")
    if expected_version is not None and card.version != expected_version:
        raise Conflict(
            f"#{card.id} {card.name} was changed elsewhere (version {card.version}, "
            f"you had {expected_version}); reload it and edit again"
        )
    if not changes:
        raise InvalidInput("nothing to change: give at least one field")
    warnings = _set_contact_fields(card, changes, settings)
    if "name" in changes:
        card.name = require_name(changes["name"])
    for name_ in TEXT_FIELDS:
        if name_ in changes:
            setattr(card, name_, clean(changes[name_]))
    if "kind" in changes:
        card.kind = choice(Kind, changes["kind"], "kind")
    if "stage" in changes:
        card.stage = choice(Stage, changes["stage"], "stage")
    if "next_follow_up" in changes:
        nxt = changes["next_follow_up"]
        if card.status not in OPEN_STATUSES:
            raise InvalidInput(f"#{card.id} {card.name} is {card.status}; reopen it to follow up")
        if nxt is None:
            raise InvalidInput("an open card keeps a next follow-up date: no lead goes cold")
        card.next_follow_up = nxt
    if "email" in changes or "phone" in changes:
        warnings.extend(_duplicates(session, card))
    card.updated_at = now or clock.now()
    card.version += 1
    session.add(card)
    session.flush()
    return Outcome(card, warnings)


def get_card(session: Session, card_id: int) -> Card:
    card = session.get(Card, card_id)
    if card is None:
        raise CardNotFound(f"no card #{card_id}")
    return card


def _like(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _one(ref: str, rows: list[Card]) -> Card | None:
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        raise AmbiguousCard(ref, [(c.id or 0, c.name) for c in rows])
    return None


def resolve_card(session: Session, ref: str) -> Card:
    """A card by id (``12`` or ``#12``), exact name, or an unambiguous start of a name."""
    ref = ref.strip()
    if not ref:
        raise InvalidInput("which card? give an id or the start of a name")
    if ref.lstrip("#").isdigit():
        return get_card(session, int(ref.lstrip("#")))
    ordered = (col(Card.position), col(Card.id))
    exact = session.exec(
        select(Card).where(func.lower(Card.name) == ref.lower()).order_by(*ordered).limit(20)
    ).all()
    if len(exact) == 1:
        return exact[0]
    pattern = _like(ref)
    for where in (
        col(Card.name).like(pattern, escape="\\"),
        col(Card.name).like("% " + pattern, escape="\\"),
    ):
        found = _one(
            ref, list(session.exec(select(Card).where(where).order_by(*ordered).limit(20)))
        )
        if found is not None:
            return found
    raise CardNotFound(f"no card matches {ref!r}")


def list_cards(
    session: Session,
    *,
    statuses: tuple[Status, ...] | None = None,
    due_by: datetime | None = None,
    batch: int | None = None,
) -> Iterator[tuple[int, Card]]:
    """Cards in deck order with their place in the whole deck, optionally filtered."""
    ranked = select(
        col(Card.id).label("cid"),
        func.row_number().over(order_by=(col(Card.position), col(Card.id))).label("rank"),
    ).subquery()
    query = (
        select(Card, ranked.c.rank)
        .join(ranked, ranked.c.cid == Card.id)
        .order_by(col(Card.position), col(Card.id))
    )
    if statuses:
        query = query.where(col(Card.status).in_(statuses))
    if batch is not None:
        query = query.where(Card.batch_id == batch)
    if due_by is not None:
        query = query.where(
            col(Card.status).in_(OPEN_STATUSES),
            col(Card.next_follow_up) <= due_by,
        )
    for card, rank in session.exec(query):
        yield int(rank), card


def contacts_of(session: Session, card: Card) -> list[Contact]:
    """The card's contact history, newest first."""
    query = (
        select(Contact)
        .where(Contact.card_id == card.id)
        .order_by(col(Contact.at).desc(), col(Contact.id).desc())
    )
    return list(session.exec(query))
