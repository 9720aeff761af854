"""The deck's port over a SQLModel session (``deck/port.py``): the queries the decisions
make, for every backend (SQLite and PostgreSQL), on the ORM's rows."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import func, or_, text
from sqlmodel import Session, col, select

from carddeck.store.kinds import Channel, Status
from carddeck.store.models import Card, Change, Contact, Erased, Meta, Sale

ERASURE_KEY = "erasure_key"
_ORDERED = (col(Card.position), col(Card.id))


class OrmDeck:
    """The port over one session, inside the caller's transaction."""

    KEY: ClassVar[str] = "carddeck_port"

    def reads(self) -> Any:
        """The reads over the same session (``store.ormreads.OrmReads``)."""
        from carddeck.store.ormreads import OrmReads

        return OrmReads(self.session)

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- cards
    def card(self, card_id: int) -> Card | None:
        return self.session.get(Card, card_id)

    def cards_named(self, name: str, limit: int) -> list[Card]:
        query = select(Card).where(func.lower(Card.name) == name.lower())
        return list(self.session.exec(query.order_by(*_ORDERED).limit(limit)))

    def cards_like(self, pattern: str, limit: int) -> list[Card]:
        query = select(Card).where(col(Card.name).ilike(pattern, escape="\\"))
        return list(self.session.exec(query.order_by(*_ORDERED).limit(limit)))

    def same_reach(self, email: str | None, phone: str | None, *, exclude: int | None,
                   do_not_contact: bool, limit: int) -> list[Card]:  # fmt: skip
        terms = []
        if email:
            terms.append(col(Card.email) == email)
        if phone:
            terms.append(col(Card.phone) == phone)
        if not terms:
            return []
        query = select(Card).where(or_(*terms))
        if exclude is not None:
            query = query.where(col(Card.id) != exclude)
        if not do_not_contact:
            return list(self.session.exec(query.limit(limit)))
        # the status is checked here, not in SQL: a planner would read every card marked
        # do not contact by the status index, where the email and phone find a few
        found = (c for c in self.session.exec(query) if c.status == Status.do_not_contact)
        return list(found)[:limit]

    def in_order(self) -> Iterator[Card]:
        yield from self.session.exec(select(Card).order_by(*_ORDERED))

    def shared(self) -> bool:
        query = select(Card.id).where(col(Card.owner).is_not(None)).limit(1)
        return self.session.exec(query).first() is not None

    # -- the deck's order
    def edge(self, *, top: bool, exclude: int | None) -> int | None:
        query = select(func.min(Card.position) if top else func.max(Card.position))
        if exclude is not None:
            query = query.where(col(Card.id) != exclude)
        value: int | None = self.session.exec(query).one()
        return value

    def count(self) -> int:
        return self.session.exec(select(func.count()).select_from(Card)).one()

    def keys_at(self, exclude: int, offset: int) -> list[int]:
        query = select(Card.position).where(col(Card.id) != exclude)
        return list(self.session.exec(query.order_by(*_ORDERED).offset(offset).limit(2)))

    def ahead(self, position: int, card_id: int) -> int:
        # two ranges counted apart, as lite_port.py does (an OR makes a rowid set first)
        before = select(func.count()).select_from(Card).where(col(Card.position) < position)
        tied = (
            select(func.count())
            .select_from(Card)
            .where(col(Card.position) == position, col(Card.id) < card_id)
        )
        both = select(before.scalar_subquery() + tied.scalar_subquery())
        return int(self.session.exec(both).one())

    def rebalance(self, gap: int) -> None:
        self.session.flush()
        self.session.execute(
            text(
                "WITH ranked AS (SELECT id, ROW_NUMBER() OVER (ORDER BY position, id) AS n "
                "FROM card) "
                "UPDATE card SET position = (SELECT n FROM ranked WHERE ranked.id = card.id) * :gap"
            ),
            {"gap": gap},
        )
        self.session.expire_all()

    # -- contacts, sales, erasures
    def contacts_newest(self, card_id: int) -> Iterator[tuple[datetime, bool, Channel]]:
        query = (
            select(Contact.at, Contact.reached, Contact.channel)
            .where(Contact.card_id == card_id)
            .order_by(col(Contact.at).desc(), col(Contact.id).desc())
        )
        for at, reached, channel in self.session.exec(query):
            yield at, reached, Channel(channel)

    def channels_lately(self, recent: int) -> set[str]:
        # The last ids, by a range on the primary key: a plan that reads those rows only.
        newest = select(func.max(Contact.id)).scalar_subquery()
        query = select(Contact.channel).where(col(Contact.id) > newest - recent).distinct()
        return {str(channel) for channel in self.session.exec(query)}

    def sales_count(self, card_id: int) -> int:
        query = select(func.count()).select_from(Sale).where(Sale.card_id == card_id)
        return int(self.session.exec(query).one())

    def any_erased(self) -> bool:
        return self.session.exec(select(Erased.id).limit(1)).first() is not None

    def erasure_key(self) -> bytes:
        found = self.session.get(Meta, ERASURE_KEY)
        if found is None:
            found = Meta(name=ERASURE_KEY, value=secrets.token_hex(32))
            self.session.add(found)
            self.session.flush()
        return bytes.fromhex(found.value)

    def erased(self, column: str, digest: str) -> bool:
        field = {"email_hash": Erased.email_hash, "phone_hash": Erased.phone_hash}[column]
        return self.session.exec(select(Erased.id).where(field == digest)).first() is not None

    # -- writes
    def new_card(self, **values: Any) -> Card:
        return Card(**values)

    def new_contact(self, **values: Any) -> Contact:
        return Contact(**values)

    def new_sale(self, **values: Any) -> Sale:
        return Sale(**values)

    def new_change(self, **values: Any) -> Change:
        return Change(**values)

    def add(self, row: Any) -> None:
        self.session.add(row)
        self.session.flush()

    def save(self, row: Any) -> None:
        self.session.add(row)
        self.session.flush()
