"""Cards: quick-add, edit with version checks, shuffle, find by id or name, list in deck
order."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, overload

from carddeck.deck import clock, order
from carddeck.deck.cadence import Proposal
from carddeck.deck.fields import (
    MULTILINE,
    choice,
    clean,
    email_key,
    normalise_email,
    normalise_phone,
    phone_key,
    require_name,
    seller_name,
)
from carddeck.deck.journal import ChangeKind, record, snapshot
from carddeck.deck.money import parse_value
from carddeck.deck.port import AnyCard, AnyContact, AnySale, DeckPort, port_of
from carddeck.deck.privacy import DoNotContact, blocked
from carddeck.deck.records import TEXT_FIELDS, CardChanges, CardDraft, Place
from carddeck.deck.settings import DEFAULT_SETTINGS, Settings
from carddeck.deck.windows import first_contact_due as first_contact_due  # (its old home)
from carddeck.errors import AmbiguousCard, CardNotFound, Conflict, InvalidInput
from carddeck.store.kinds import OPEN_STATUSES, Kind, Stage, Status

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.store.models import Card, Contact


@dataclass(frozen=True)
class Duplicate:
    """Another card with the same email or phone as the one just added or edited."""

    card_id: int
    name: str
    same: str  # "email" or "phone"
    do_not_contact: bool


@dataclass
class Outcome:
    """A changed card, and what the faces may tell the owner about the change, as data:
    each face words it its own way."""

    card: AnyCard
    warnings: list[str] = field(default_factory=list)  # input kept with a doubt (a phone)
    duplicates: list[Duplicate] = field(default_factory=list)
    contact: AnyContact | None = None
    #: A log: the method's proposal for what comes next, and whether it was taken (no
    #: date of the owner's own given).
    proposal: Proposal | None = None
    took_proposal: bool = False
    #: An add without a date: its first-contact window closes then.
    first_contact_due: datetime | None = None
    #: A win or a repeat sale: the sale it recorded.
    sale: AnySale | None = None


V = TypeVar("V")


def rebased(
    mine: dict[str, V], before: AnyCard, theirs: AnyCard
) -> tuple[dict[str, V], dict[str, V]]:
    """An edit made on ``before`` (``mine``: field name to what was typed) moved onto
    ``theirs``, the card as changed elsewhere meanwhile: (my changes to the fields they left
    alone, kept; my changes to the fields they changed too, which give way to theirs)."""
    kept = {k: v for k, v in mine.items() if getattr(before, k, None) == getattr(theirs, k, None)}
    return kept, {k: v for k, v in mine.items() if k not in kept}


#: How many duplicates an add or edit looks for: found that many, there may be more.
MOST_DUPLICATES = 5


def _duplicates(session: Session | DeckPort, card: AnyCard) -> list[Duplicate]:
    found: list[Duplicate] = []
    port = port_of(session)
    # only an email or phone that tells a lead apart (a phone kept as typed does not)
    email, phone = email_key(card.email), phone_key(card.phone)
    if not (email or phone):
        return found
    others = port.same_reach(email, phone, exclude=card.id, do_not_contact=False,
                             limit=MOST_DUPLICATES)  # fmt: skip
    if len(others) >= MOST_DUPLICATES:  # the look-up stopped: one who asked NOT to be
        # contacted may lie beyond it, and must never go unsaid
        loud = port.same_reach(email, phone, exclude=card.id, do_not_contact=True,
                               limit=MOST_DUPLICATES)  # fmt: skip
        seen = {other.id for other in loud}
        others = [*loud, *(o for o in others if o.id not in seen)][:MOST_DUPLICATES]
    for other in others:
        same = "email" if email and other.email == email else "phone"
        dnc = other.status == Status.do_not_contact
        found.append(Duplicate(other.id or 0, other.name, same, dnc))
    return found


def _set_phone(card: AnyCard, phone: str | None, settings: Settings) -> list[str]:
    card.phone, warning = normalise_phone(phone, settings.phone_region)
    return [warning] if warning else []


def add_card(
    session: Session | DeckPort,
    draft: CardDraft,
    *,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Outcome:
    """Add a new lead; it is due within its first-contact window unless told otherwise."""
    now = now or clock.now()
    port = port_of(session)
    owner = seller_name(draft.owner) if draft.owner is not None else None
    card = port.new_card(name=require_name(draft.name), created_at=now, updated_at=now,
                         owner=owner)  # fmt: skip
    for name in TEXT_FIELDS:
        setattr(card, name, clean(getattr(draft, name), multiline=name in MULTILINE))
    card.email = normalise_email(draft.email)
    card.value = parse_value(draft.value, settings.currency)
    outcome = Outcome(card, _set_phone(card, draft.phone, settings))
    if draft.kind is not None:
        card.kind = choice(Kind, draft.kind, "kind")
    else:
        card.kind = Kind.referral if card.referred_by else Kind.lead
    if draft.stage is not None and str(draft.stage).strip():
        card.stage = choice(Stage, draft.stage, "stage")
    if draft.next_follow_up is not None:
        card.next_follow_up = draft.next_follow_up
    else:
        card.next_follow_up = outcome.first_contact_due = first_contact_due(now, settings)
    outcome.duplicates = _duplicates(port, card)
    block = blocked(port, email=card.email, phone=card.phone)
    if block is not None and not draft.override_dnc:
        raise DoNotContact(block, "added")
    card.position = order.key_for(port, draft.place)
    port.add(card)
    record(port, ChangeKind.add, card, None, now=now)
    return outcome


def changes_faults(changes: CardChanges, settings: Settings = DEFAULT_SETTINGS
                   ) -> list[InvalidInput]:  # fmt: skip
    """What is wrong in an edit's values whatever the card, each cause on its own, before
    any card is read (``edit_card`` refuses the same, one at a time, with these checks)."""
    checks: list[tuple[object, Any]] = [
        (changes.email, normalise_email),
        (changes.name, require_name),
        (changes.value, lambda text: parse_value(text, settings.currency)),
        (changes.kind, lambda text: choice(Kind, text, "kind")),
        (changes.stage, lambda text: choice(Stage, text, "stage")),
    ]
    faults: list[InvalidInput] = []
    for given, check in checks:
        if given is not None:
            try:
                check(given)
            except InvalidInput as err:
                faults.append(err)
    return faults


def edit_card(
    session: Session | DeckPort,
    card: AnyCard,
    changes: CardChanges,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> Outcome:
    """Change a card's fields; refused if it changed since ``expected_version`` was read."""
    if expected_version is not None and card.version != expected_version:
        raise Conflict(
            f"#{card.id} {card.name} was changed elsewhere (version {card.version}, "
            f"you had {expected_version}); reload it and edit again"
        )
    named = changes.named()
    if not named:
        raise InvalidInput("nothing to change: give at least one field")
    now = now or clock.now()
    before = snapshot(card)
    warnings: list[str] = []
    if changes.email is not None:
        card.email = normalise_email(changes.email)
    if changes.phone is not None:
        warnings += _set_phone(card, changes.phone, settings)
    if changes.name is not None:
        card.name = require_name(changes.name)
    for name in TEXT_FIELDS:
        value = getattr(changes, name)
        if value is not None:
            setattr(card, name, clean(value, multiline=name in MULTILINE))
    if changes.value is not None:
        card.value = parse_value(changes.value, settings.currency)
    if changes.kind is not None:
        card.kind = choice(Kind, changes.kind, "kind")
    if changes.stage is not None:
        card.stage = choice(Stage, changes.stage, "stage")
    if changes.next_follow_up is not None:
        if card.status not in (*OPEN_STATUSES, Status.won):  # a customer's next check-in
            raise InvalidInput(f"#{card.id} {card.name} is {card.status}; reopen it to follow up")
        card.next_follow_up = changes.next_follow_up
    outcome = Outcome(card, warnings)
    if changes.email is not None or changes.phone is not None:
        outcome.duplicates = _duplicates(session, card)
    card.updated_at = now
    card.version += 1
    record(session, ChangeKind.edit, card, before, now=now)
    return outcome


def shuffle(
    session: Session | DeckPort,
    card: AnyCard,
    place: Place | int,
    *,
    now: datetime | None = None,
) -> int:
    """Move ``card`` to the top, the back, or place N of the deck (one row written, and
    one journal row); returns its place now. The only card in the deck has nowhere to go:
    nothing is written (nor journalled, for undo to take back), and its place is 1."""
    port = port_of(session)
    if port.edge(top=True, exclude=card.id) is None:
        return 1
    before = snapshot(card)
    if isinstance(place, int):
        order.move_to(port, card, place)
    else:
        order.move(port, card, place)
    record(port, ChangeKind.shuffle, card, before, now=now or clock.now())
    if place == "top":  # strictly before every other card: no need to count those ahead
        return rank_after(place, 0)
    if place == "back":  # strictly after them all: its place is the count (an index's size)
        return rank_after(place, order.count(port))
    return order.rank_of(port, card)


def rank_after(place: Place, total: int) -> int:
    """A card's place in a deck of ``total`` cards once shuffled to the top or the back
    (the screen says it from a count read beforehand, while the move is being written)."""
    return 1 if place == "top" else total


#: The largest id a deck can hold (SQLite's 64-bit integers).
MAX_ID = (1 << 63) - 1


@overload
def get_card(session: Session, card_id: int) -> Card: ...
@overload
def get_card(session: DeckPort, card_id: int) -> AnyCard: ...
def get_card(session: Session | DeckPort, card_id: int) -> AnyCard:
    """The card with this id; unknown ids are refused."""
    card = port_of(session).card(card_id) if 0 < card_id <= MAX_ID else None
    if card is None:
        raise CardNotFound(f"no card #{card_id}")
    return card


def _like(prefix: str) -> str:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _one(ref: str, rows: Sequence[AnyCard]) -> AnyCard | None:
    if len(rows) == 1:
        return rows[0]
    if len(rows) > 1:
        raise AmbiguousCard(ref, [(c.id or 0, c.name) for c in rows])
    return None


@overload
def resolve_card(session: Session, ref: str) -> Card: ...
@overload
def resolve_card(session: DeckPort, ref: str) -> AnyCard: ...
def resolve_card(session: Session | DeckPort, ref: str) -> AnyCard:
    """A card by id (``12`` or ``#12``), exact name, or an unambiguous start of a name."""
    ref = ref.strip()
    if not ref:
        raise InvalidInput("which card? give an id or the start of a name")
    if ref.lstrip("#").isdigit():
        return get_card(session, int(ref.lstrip("#")))
    port = port_of(session)
    exact = port.cards_named(ref, 20)
    if len(exact) == 1:
        return exact[0]
    pattern = _like(ref)
    for like in (pattern, "% " + pattern):
        found = _one(ref, port.cards_like(like, 20))
        if found is not None:
            return found
    raise CardNotFound(f"no card matches {ref!r}")


def matching(text: str) -> list[Any]:
    """The search of the screen and of ``carddeck search``: cards whose name, company, email
    or phone (or a further email or phone) holds ``text`` (any case; a phone also by its
    digits alone, from three)."""
    from carddeck.store.ormreads import search_filter

    return search_filter(text)


def list_cards(
    session: Session,
    *,
    statuses: tuple[Status, ...] | None = None,
    due_by: datetime | None = None,
    batch: int | None = None,
    owner: str | None = None,
    search: str = "",
) -> Iterator[tuple[int, Card]]:
    """Cards in deck order with their place in the whole deck, optionally filtered (to
    ``owner``'s cards, on a shared deck; to those ``search`` finds)."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from carddeck.store.models import Card

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
    if search.strip():
        query = query.where(*matching(search))
    if owner is not None:
        query = query.where(col(Card.owner) == owner)
    if due_by is not None:
        query = query.where(
            col(Card.status).in_(OPEN_STATUSES),
            col(Card.next_follow_up) <= due_by,
        )
    for card, rank in session.exec(query):
        yield int(rank), card


def contacts_of(session: Session, card: Card) -> list[Contact]:
    """The card's contact history, newest first."""
    from sqlmodel import col, select

    from carddeck.store.models import Contact

    query = (
        select(Contact)
        .where(Contact.card_id == card.id)
        .order_by(col(Contact.at).desc(), col(Contact.id).desc())
    )
    return list(session.exec(query))
