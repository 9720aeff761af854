"""The change journal: every change to a card kept as a row, in the change's own
transaction, and taking back the last one (``carddeck undo`` and the screen's ``u``).

A change records the fields it moved, before and after, so undo puts back exactly
those, and only if nobody has changed the card since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any

from carddeck.deck import clock
from carddeck.deck.port import AnyCard, AnyChange, AnyContact, AnySale, DeckPort, port_of
from carddeck.errors import Conflict, InvalidInput
from carddeck.store.kinds import Kind, Stage, Status
from carddeck.store.rows import CARD_COLUMNS

if TYPE_CHECKING:
    from sqlmodel import Session

    from carddeck.store.models import Card, Change


class ChangeKind(StrEnum):
    """What a change did; undo says it back in these words."""

    add = "add"
    edit = "edit"
    log = "log"
    shuffle = "shuffle"
    won = "won"
    lost = "lost"
    nurture = "nurture"
    dnc = "dnc"
    reopen = "reopen"
    deal = "deal"
    import_ = "import"
    merge = "merge"
    undo_import = "undo-import"
    erase = "erase"
    undo = "undo"
    take = "take"
    assign = "assign"
    junk = "junk"


#: Changes undo passes over: an undo itself, and taking back an import. An import stops
#: it (undo-import takes that back), and so does an erasure: the person is gone for good,
#: and undo never reaches past them to take back something older instead.
PASSED_OVER = (ChangeKind.undo, ChangeKind.undo_import)
NOT_UNDONE = (ChangeKind.import_, ChangeKind.erase)
#: Every field but the id. The version is kept too: undo puts it back, so that whoever
#: read the card before the change may still edit it, and whoever read it after may not.
_KEPT = tuple(name for name in CARD_COLUMNS if name not in ("id", "batch_id"))
_TIMES = {"next_follow_up", "created_at", "updated_at", "first_contacted_at", "closed_at"}
_ENUMS: dict[str, type[Enum]] = {"status": Status, "stage": Stage, "kind": Kind}

Snapshot = dict[str, Any]


def snapshot(card: AnyCard) -> Snapshot:
    """The card's fields as they are now (before a change)."""
    return {name: getattr(card, name) for name in _KEPT}


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _typed(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _TIMES:
        return datetime.fromisoformat(value)
    if name in _ENUMS:
        return _ENUMS[name](value)
    return value


def _dump(values: Snapshot) -> str:
    return json.dumps({k: _plain(v) for k, v in values.items()}, ensure_ascii=False)


def _load(text: str | None) -> Snapshot:
    return {k: _typed(k, v) for k, v in json.loads(text).items()} if text else {}


def record(
    session: Session | DeckPort,
    kind: ChangeKind,
    card: AnyCard,
    before: Snapshot | None,
    *,
    now: datetime,
    contact: AnyContact | None = None,
    sale: AnySale | None = None,
    op: int | None = None,
) -> AnyChange:
    """Write the row for one change to ``card`` (``before`` None: the change added it);
    the contact or sale it made goes with it when it is undone.

    Rows with the same ``op`` are one command's and are undone together; the first row
    of a command leaves ``op`` None and becomes the op."""
    port = port_of(session)
    port.save(card)  # the card (and contact) have their ids and final values
    after = snapshot(card)
    if before is None:  # an added card: the card itself says what it was
        moved_before = moved_after = None
    else:
        moved = [name for name in _KEPT if before[name] != after[name]]
        moved_before = _dump({name: before[name] for name in moved})
        moved_after = _dump({name: after[name] for name in moved})
    row = port.new_change(
        op=op or 0,
        at=now,
        kind=kind.value,
        card_id=card.id,
        before=moved_before,
        after=moved_after,
        contact_id=contact.id if contact is not None else None,
        sale_id=sale.id if sale is not None else None,
        version_after=card.version,
    )
    port.add(row)
    if op is None:
        row.op = row.id or 0
        port.save(row)
    return row


def record_deck(
    session: Session | DeckPort, kind: ChangeKind, *, now: datetime, facts: dict[str, Any]
) -> AnyChange:
    """A change to the deck as a whole (an import, an erasure): one row, no card, with
    ``facts`` (ids, never people's details); later rows of the same command join its op."""
    port = port_of(session)
    row = port.new_change(op=0, at=now, kind=kind.value, after=json.dumps(facts))
    port.add(row)
    row.op = row.id or 0
    port.save(row)
    return row


@dataclass(frozen=True)
class Undone:
    """What an undo took back: the change's kind and when, and the cards it touched (the
    first is the one to show; None when the undo removed an added card)."""

    kind: ChangeKind
    at: datetime
    card_ids: tuple[int, ...]
    names: tuple[str, ...]
    shown: int | None
    #: A win of a card already won: a repeat sale.
    repeat_sale: bool = False


def last_change(session: Session) -> list[Change]:
    """The rows of the newest command that undo can take back (empty: nothing to undo)."""
    from sqlmodel import col, select

    from carddeck.store.models import Change

    passed = [kind.value for kind in PASSED_OVER]
    newest = session.exec(
        select(Change.op)
        .where(col(Change.undone_by).is_(None), col(Change.kind).not_in(passed))
        .order_by(col(Change.op).desc())
        .limit(1)
    ).first()
    if newest is None:
        return []
    return list(
        session.exec(select(Change).where(Change.op == newest).order_by(col(Change.id).desc()))
    )


class UndoesDoNotContact(InvalidInput):
    """Undoing would take away someone's request not to be contacted (the change marked
    them, or added them marked): done only when asked again explicitly (``--force``, or a
    yes on screen). ``said`` is the reason without the command line's way round it."""

    def __init__(self, said: str) -> None:
        super().__init__(f"{said}; carddeck undo --force if marking them was a mistake")
        self.said = said


def undo_last(session: Session, *, force: bool = False, now: datetime | None = None) -> Undone:
    """Take back the newest change to the deck, whoever made it and from where; refused
    if a card it touched has changed since (the journal says by what), and, unless
    ``force``, if it would undo someone's request not to be contacted."""
    from carddeck.store.models import Card, Change, Contact, Sale

    now = now or clock.now()
    rows = last_change(session)
    if not rows:
        raise InvalidInput("nothing to undo")
    kind = ChangeKind(rows[0].kind)
    if kind == ChangeKind.erase:
        raise InvalidInput(
            "the last change erased someone at their request, which cannot be undone; "
            "nothing was undone"
        )
    if kind in NOT_UNDONE:
        batch = json.loads(rows[-1].after or "{}").get("batch", "N")
        raise InvalidInput(
            f"the last change was import #{batch}; take it back with carddeck undo-import {batch}"
        )
    cards: list[tuple[Change, Card]] = []
    for row in rows:
        card = session.get(Card, row.card_id) if row.card_id is not None else None
        if card is None:
            raise Conflict(f"card #{row.card_id} is gone since the {kind.value}; not undone")
        if card.version != row.version_after or _moved_since(card, row):
            raise Conflict(
                f"#{card.id} {card.name} was changed again since the {kind.value}; not undone"
            )
        cards.append((row, card))
    for row, card in cards:
        # (a row keeps only what moved; no before at all: the change added the card)
        was = _load(row.before).get("status", card.status) if row.before is not None else None
        if not force and card.status == Status.do_not_contact and was != card.status:
            raise UndoesDoNotContact(
                f"#{card.id} {card.name} asked not to be contacted: undoing the {kind.value} "
                "would take that back"
            )
    undo_op: int | None = None
    shown: int | None = None
    names = []
    for row, card in cards:
        names.append(card.name)
        if row.contact_id is not None:
            contact = session.get(Contact, row.contact_id)
            if contact is not None:
                session.delete(contact)
        if row.sale_id is not None:  # a win or a repeat sale: the sale goes with it
            sale = session.get(Sale, row.sale_id)
            if sale is not None:
                session.delete(sale)
        if row.before is None:  # the change added the card: take it away again
            gone = _dump(snapshot(card))
            undo_row = Change(op=undo_op or 0, at=now, kind=ChangeKind.undo.value,
                              card_id=card.id, before=gone, after=None)  # fmt: skip
            session.delete(card)
        else:
            before = snapshot(card)
            for name, value in _load(row.before).items():
                setattr(card, name, value)
            session.add(card)
            session.flush()
            after = snapshot(card)
            moved = [name for name in _KEPT if before[name] != after[name]]
            undo_row = Change(
                op=undo_op or 0, at=now, kind=ChangeKind.undo.value, card_id=card.id,
                before=_dump({n: before[n] for n in moved}),
                after=_dump({n: after[n] for n in moved}), version_after=card.version,
            )  # fmt: skip
            shown = shown if shown is not None else card.id
        session.add(undo_row)
        session.flush()
        if undo_op is None:
            undo_op = undo_row.op = undo_row.id or 0
            session.add(undo_row)
        row.undone_by = undo_op
        session.add(row)
    session.flush()
    ids = tuple(row.card_id or 0 for row, _ in cards)
    return Undone(kind, rows[0].at, ids, tuple(names), shown, is_repeat_sale(rows[0]))


def is_repeat_sale(row: Change) -> bool:
    """Whether a journal row recorded a repeat sale (a win that left the status alone)."""
    return (row.kind == ChangeKind.won.value and row.sale_id is not None
            and "status" not in _load(row.before))  # fmt: skip


def _moved_since(card: Card, row: Change) -> bool:
    """Whether a field the change set holds something else now (a move, say, which does
    not count as a new version)."""
    if row.after is None:
        return False
    current = snapshot(card)
    return any(current.get(name) != value for name, value in _load(row.after).items())


def load(text: str | None) -> Snapshot:
    """A journal row's before or after, with times and enums typed again."""
    return _load(text)


def sale_values(session: Session, rows: list[Change]) -> dict[int, int | None]:
    """The value of each sale the rows recorded that is still kept, by the sale's id."""
    from sqlmodel import col, select

    from carddeck.store.models import Sale

    ids = [row.sale_id for row in rows if row.sale_id is not None]
    if not ids:
        return {}
    found = session.exec(select(Sale).where(col(Sale.id).in_(ids)))
    return {sale.id or 0: sale.value for sale in found}


def history(session: Session, card: Card) -> list[Change]:
    """The card's changes, newest first."""
    from sqlmodel import col, select

    from carddeck.store.models import Change

    return list(
        session.exec(
            select(Change).where(Change.card_id == card.id).order_by(col(Change.id).desc())
        )
    )
