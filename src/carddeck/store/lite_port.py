"""The deck's port over plain sqlite3 (``deck/port.py``): the same queries as
``orm_port.py`` in SQL, on plain rows, for the hot commands on an SQLite file. Each is
checked against its ORM twin by tests/store/test_ports.py, and its plan by
tests/store/test_query_plans.py."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from carddeck.store.kinds import Channel, Status
from carddeck.store.rows import (
    COLUMNS,
    CardRow,
    ChangeRow,
    ContactRow,
    Row,
    SaleRow,
    from_values,
    insert,
    read_time,
    select_list,
    update,
    values,
)

_CARD = f"SELECT {select_list(CardRow)} FROM card"
_ORDER = " ORDER BY position, id"
ERASURE_KEY = "erasure_key"


class LiteDeck:
    """The port over one sqlite3 connection, inside the caller's transaction."""

    def reads(self) -> Any:
        """The reads over the same connection (``store.litereads.LiteReads``)."""
        from carddeck.store.litereads import LiteReads

        return LiteReads(self.conn)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        #: Each row's values as last read or written here, by kind and id: a save writes
        #: only the columns that changed since (as the ORM does), so a row just added is not
        #: written twice, nor an index touched for a column that kept its value.
        self._known: dict[tuple[type[Any], int], list[Any]] = {}

    def _cards(self, sql: str, params: tuple[Any, ...]) -> list[CardRow]:
        found = [from_values(CardRow, r) for r in self.conn.execute(sql, params)]
        for card in found:
            self._remember(card)
        return found

    def _remember(self, row: Row) -> None:
        if row.id is not None:
            self._known[(type(row), row.id)] = values(row, _columns(row))

    # -- cards
    def card(self, card_id: int) -> CardRow | None:
        found = self._cards(f"{_CARD} WHERE id = ?", (card_id,))
        return found[0] if found else None

    def cards_named(self, name: str, limit: int) -> list[CardRow]:
        return self._cards(f"{_CARD} WHERE lower(name) = lower(?){_ORDER} LIMIT ?", (name, limit))

    def cards_like(self, pattern: str, limit: int) -> list[CardRow]:
        # SQLAlchemy's ilike on SQLite: lower() on both sides
        return self._cards(
            f"{_CARD} WHERE lower(name) LIKE lower(?) ESCAPE '\\'{_ORDER} LIMIT ?", (pattern, limit)
        )

    def same_reach(self, email: str | None, phone: str | None, *, exclude: int | None,
                   do_not_contact: bool, limit: int) -> list[CardRow]:  # fmt: skip
        terms: list[str] = []
        params: list[Any] = []
        if email:
            terms.append("email = ?")
            params.append(email)
        if phone:
            terms.append("phone = ?")
            params.append(phone)
        if not terms:
            return []
        sql = f"{_CARD} WHERE ({' OR '.join(terms)})"
        if exclude is not None:
            sql += " AND id != ?"
            params.append(exclude)
        if not do_not_contact:
            return self._cards(sql + " LIMIT ?", (*params, limit))
        # the status is checked here, not in SQL: a planner would read every card marked
        # do not contact by the status index, where the email and phone find a few
        found = (from_values(CardRow, r) for r in self.conn.execute(sql, params))
        return [c for c in found if c.status == Status.do_not_contact][:limit]

    def in_order(self) -> Iterator[CardRow]:
        for found in self.conn.execute(_CARD + _ORDER):
            yield from_values(CardRow, found)

    def shared(self) -> bool:
        return self.conn.execute("SELECT id FROM card WHERE owner IS NOT NULL LIMIT 1").fetchone() \
            is not None  # fmt: skip

    # -- the deck's order
    def edge(self, *, top: bool, exclude: int | None) -> int | None:
        sql = f"SELECT {'min' if top else 'max'}(position) FROM card"
        if exclude is not None:
            row = self.conn.execute(sql + " WHERE id != ?", (exclude,)).fetchone()
        else:
            row = self.conn.execute(sql).fetchone()
        return None if row[0] is None else int(row[0])

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM card").fetchone()[0])

    def keys_at(self, exclude: int, offset: int) -> list[int]:
        rows = self.conn.execute(
            f"SELECT position FROM card WHERE id != ?{_ORDER} LIMIT 2 OFFSET ?", (exclude, offset)
        )
        return [int(r[0]) for r in rows]

    def ahead(self, position: int, card_id: int) -> int:
        # two ranges of the (position, id) index counted apart: one WHERE with an OR makes
        # SQLite gather the rowids of both into a set first, three times the work
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM card WHERE position < ?)"
            " + (SELECT count(*) FROM card WHERE position = ? AND id < ?)",
            (position, position, card_id),
        ).fetchone()
        return int(row[0])

    def rebalance(self, gap: int) -> None:
        self._known.clear()  # every card's position changes here, behind the rows read
        self.conn.execute(
            "WITH ranked AS (SELECT id, ROW_NUMBER() OVER (ORDER BY position, id) AS n FROM card) "
            "UPDATE card SET position = (SELECT n FROM ranked WHERE ranked.id = card.id) * ?",
            (gap,),
        )

    # -- contacts, sales, erasures
    def contacts_newest(self, card_id: int) -> Iterator[tuple[datetime, bool, Channel]]:
        rows = self.conn.execute(
            "SELECT at, reached, channel FROM contact WHERE card_id = ? ORDER BY at DESC, id DESC",
            (card_id,),
        )
        for at, reached, channel in rows:
            moment = read_time(at)
            assert moment is not None
            yield moment, bool(reached), Channel[channel]

    def channels_lately(self, recent: int) -> set[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT channel FROM contact WHERE id > (SELECT max(id) FROM contact) - ?",
            (recent,),
        )
        return {Channel[r[0]].value for r in rows}

    def sales_count(self, card_id: int) -> int:
        row = self.conn.execute("SELECT count(*) FROM sale WHERE card_id = ?", (card_id,))
        return int(row.fetchone()[0])

    def any_erased(self) -> bool:
        return self.conn.execute("SELECT id FROM erased LIMIT 1").fetchone() is not None

    def erasure_key(self) -> bytes:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (ERASURE_KEY,)).fetchone()
        if row is None:
            import secrets  # once per deck: not for every light read (the screen's first card)

            row = (secrets.token_hex(32),)
            self.conn.execute("INSERT INTO meta (name, value) VALUES (?, ?)", (ERASURE_KEY, row[0]))
        return bytes.fromhex(row[0])

    def erased(self, column: str, digest: str) -> bool:
        if column not in ("email_hash", "phone_hash"):
            raise ValueError(column)
        sql = f"SELECT id FROM erased WHERE {column} = ? LIMIT 1"
        return self.conn.execute(sql, (digest,)).fetchone() is not None

    # -- writes
    def new_card(self, **values: Any) -> CardRow:
        return CardRow(**values)

    def new_contact(self, **values: Any) -> ContactRow:
        return ContactRow(**values)

    def new_sale(self, **values: Any) -> SaleRow:
        return SaleRow(**values)

    def new_change(self, **values: Any) -> ChangeRow:
        return ChangeRow(**values)

    def add(self, row: Any) -> None:
        plain = _plain(row)
        insert(self.conn, plain)
        self._remember(plain)

    def save(self, row: Any) -> None:
        plain = _plain(row)
        names = _columns(plain)
        now = values(plain, names)
        known = self._known.get((type(plain), plain.id)) if plain.id is not None else None
        if known is None:
            changed = [n for n in names if n != "id"]
        else:
            changed = [n for n, new, old in zip(names, now, known, strict=True) if new != old]
        update(self.conn, plain, changed)
        self._remember(plain)


def _plain(row: Any) -> Row:
    if not isinstance(row, CardRow | ContactRow | SaleRow | ChangeRow):
        raise TypeError(f"not a plain row: {type(row).__name__}")
    return row


def _columns(row: Row) -> tuple[str, ...]:
    return COLUMNS[type(row)]
