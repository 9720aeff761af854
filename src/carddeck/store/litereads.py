"""The read port (``deck/reads.py``) in plain SQL over sqlite3, for ``show``, ``today``,
``list`` and the screen's first card on an SQLite file: the same conditions and orders as
``store/ormreads.py`` (tests/store/test_reads.py and tests/deck/test_firstpage.py hold the
two equal, tests/store/test_query_plans.py their plans to indexes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from carddeck.store.kinds import OPEN_STATUSES, Status
from carddeck.store.reading import Bounds, Filter, Line, Listing, Order, Part, Section
from carddeck.store.rows import (
    CARD_COLUMNS,
    CardRow,
    ContactRow,
    from_values,
    read_time,
    select_list,
    stored_time,
)

_CARD = f"SELECT {select_list(CardRow)} FROM card"
_CONTACT = f"SELECT {select_list(ContactRow)} FROM contact"
_ORDER = " ORDER BY position, id"
_OPEN = ", ".join(f"'{s.name}'" for s in OPEN_STATUSES)
_NEW_LEAD = f"(status = '{Status.new.name}' AND first_contacted_at IS NULL)"
_WORKED = f"status IN ({_OPEN}) AND NOT {_NEW_LEAD}"
#: New cards called already: a range of the new-leads index (``first_contacted_at > NULL``).
_NEW_CALLED = f"status = '{Status.new.name}' AND first_contacted_at IS NOT NULL"
#: Past this many matches a list walks the deck's order index and stops at its page,
#: rather than sorting every match (a daily list of 38,000 cards sorted costs more than
#: the few hundred rows read to fill a page in order).
_SORT_AT_MOST = 4096
#: Near the top of a worked section (this many cards) a page is read a status at a time,
#: each stopped at the page's end; past it, one query sorts the section.
_SPLIT_AT_MOST = 4096


def section_filter(section: Section, bounds: Bounds) -> tuple[str, list[Any]]:
    """One section's conditions, as SQL and its values."""
    if section == Section.customers:
        return f"status = '{Status.won.name}' AND next_follow_up < ?", [bounds.tonight]
    if section == Section.new:
        sql = f"{_NEW_LEAD} AND (next_follow_up IS NULL OR next_follow_up <= ?)"
        return sql, [bounds.horizon]
    if section == Section.cold:
        return f"{_WORKED} AND (next_follow_up IS NULL OR next_follow_up < ?)", [bounds.cold]
    if section == Section.overdue:
        sql = f"{_WORKED} AND next_follow_up >= ? AND next_follow_up < ?"
        return sql, [bounds.cold, bounds.start]
    sql = f"{_WORKED} AND next_follow_up >= ? AND next_follow_up < ?"
    return sql, [bounds.start, bounds.tonight]


#: The worked sections as ranges of dates (the status-and-date index's), SQL and values:
#: the cold section is two, no date at all (first, as SQLite sorts) and a date too old.
_WORKED_RANGES: dict[Section, Callable[[Bounds], list[tuple[str, list[Any]]]]] = {
    Section.overdue: lambda b: [("next_follow_up >= ? AND next_follow_up < ?", [b.cold, b.start])],
    Section.due_today: lambda b: [
        ("next_follow_up >= ? AND next_follow_up < ?", [b.start, b.tonight])
    ],
    Section.cold: lambda b: [("next_follow_up IS NULL", []), ("next_follow_up < ?", [b.cold])],
}
_NEXT, _POSITION, _ID = (CARD_COLUMNS.index(n) for n in ("next_follow_up", "position", "id"))


def _by_date(row: Sequence[Any]) -> tuple[bool, str, int, int]:
    """A worked section's order (``section_order``) on a card's values as stored (times as
    UTC text, which sorts as the times do): no date first, then by date, then deck order."""
    nxt = row[_NEXT]
    return (nxt is not None, nxt or "", row[_POSITION], row[_ID])


def _in(section: Section, nxt: str | None, bounds: Bounds) -> bool:
    """Whether a worked card dated ``nxt`` (as stored) is in ``section`` (as
    ``_WORKED_RANGES`` has it)."""
    if section == Section.cold:
        return nxt is None or nxt < _when(bounds.cold)
    if nxt is None:
        return False
    if section == Section.overdue:
        return _when(bounds.cold) <= nxt < _when(bounds.start)
    return _when(bounds.start) <= nxt < _when(bounds.tonight)


def _when(moment: datetime) -> str:
    stored = stored_time(moment)
    assert stored is not None
    return stored


def section_order(section: Section) -> str:
    if section == Section.new:
        return " ORDER BY created_at, id"
    return " ORDER BY next_follow_up, position, id"


def search_filter(text: str) -> tuple[str, list[Any]]:
    """The search (``ormreads.search_filter``'s, as SQLAlchemy writes ``ilike`` for SQLite)."""
    text = text.strip()
    if not text:
        return "", []
    like = f"%{text}%"
    fields = ("name", "company", "email", "other_emails", "phone", "other_phones")
    terms = [f"lower({field}) LIKE lower(?)" for field in fields]
    values: list[Any] = [like] * len(fields)
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 3:
        terms += ["phone LIKE ?", "other_phones LIKE ?"]
        values += [f"%{digits}%"] * 2
    return f"({' OR '.join(terms)})", values


def list_filter(wanted: Filter, *, in_order: bool = False) -> tuple[str, list[Any]]:
    """A list's conditions; ``in_order`` keeps the status off its index (an expression), so
    SQLite walks the deck's order instead of sorting every match."""
    status = "(status || '')" if in_order else "status"
    terms: list[str] = []
    values: list[Any] = []
    if wanted.statuses:
        terms.append(f"{status} IN ({', '.join('?' for _ in wanted.statuses)})")
        values += [s.name for s in wanted.statuses]
    if wanted.batch is not None:
        terms.append("batch_id = ?")
        values.append(wanted.batch)
    if wanted.owner is not None:
        terms.append("owner = ?")
        values.append(wanted.owner)
    if wanted.nobody:
        terms.append("owner IS NULL")
    if wanted.due_by is not None:
        terms.append(f"{status} IN ({_OPEN}) AND next_follow_up <= ?")
        values.append(wanted.due_by)
    found, more = search_filter(wanted.search)
    if found:
        terms.append(found)
        values += more
    return " AND ".join(terms) or "1", values


def part_filter(part: Part, *, in_order: bool | None = None) -> tuple[str, list[Any]]:
    """The conditions of a view's part (``ormreads.part_filter``'s)."""
    in_order = part.in_order if in_order is None else in_order
    where, values = list_filter(part.wanted, in_order=in_order)
    if part.section is None:
        return where, values
    assert part.bounds is not None
    section, moments = section_filter(part.section, part.bounds)
    return f"{section} AND {where}", [*moments, *values]


def part_order(part: Part) -> str:
    """The order of a view's part (``ormreads.part_order``'s)."""
    if part.section is not None:
        return section_order(part.section)
    if part.order == Order.created:
        return " ORDER BY created_at, id"
    if part.order == Order.check_in:
        return " ORDER BY next_follow_up IS NULL, next_follow_up, position, id"
    return _ORDER


_LINE = "SELECT id, name, company, phone, status, next_follow_up, created_at"
_STATUS = Status.__members__


def _line(values: Sequence[Any]) -> Line:
    cid, name, company, phone, status, nxt, created = values[:7]
    created_at = read_time(created)
    assert created_at is not None
    return Line(cid, name, company, phone, _STATUS[status], read_time(nxt), created_at)


def _stored(values: list[Any]) -> list[Any]:
    return [stored_time(v) if hasattr(v, "utcoffset") else v for v in values]


class LiteReads:
    """The read port over one sqlite3 connection, inside the caller's transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._called: dict[tuple[Bounds, str | None], list[tuple[int, str | None]]] = {}

    def _count(self, where: str, values: list[Any]) -> int:
        row = self.conn.execute(f"SELECT count(*) FROM card WHERE {where}", _stored(values))
        return int(row.fetchone()[0])

    def _cards(self, sql: str, values: list[Any]) -> list[CardRow]:
        return [from_values(CardRow, r) for r in self._rows(sql, values)]

    def _rows(self, sql: str, values: list[Any]) -> list[Any]:
        return list(self.conn.execute(sql, _stored(values)))

    def section(self, section: Section, bounds: Bounds, *, owner: str | None,
                limit: int | None) -> tuple[int, list[CardRow]]:  # fmt: skip
        if section in _WORKED_RANGES:
            return self._worked(section, bounds, owner=owner, limit=limit)
        # new leads: the new-leads index holds them in their order (the first page read
        # from it in order); customers: the status-and-date index
        where, values = section_filter(section, bounds)
        if owner is not None:
            where, values = f"{where} AND owner = ?", [*values, owner]
        sql = f"{_CARD} WHERE {where}{section_order(section)}"
        if limit is None:
            cards = self._cards(sql, values)
            return len(cards), cards
        cards = self._cards(f"{sql} LIMIT ?", [*values, limit])
        if len(cards) < limit:
            return len(cards), cards
        if section == Section.new and owner is None:
            return self._waiting(bounds), cards
        return self._count(where, values), cards

    def _waiting(self, bounds: Bounds) -> int:
        """How many new leads are in their window (``section_filter``'s): the new cards
        dated by its horizon or not at all, counted on the status-and-date index alone
        (narrower than the new-leads index, and only the window's part of it), less the
        new ones called already (``_new_called``)."""
        horizon = _when(bounds.horizon)
        new = f"SELECT count(*) FROM card WHERE status = '{Status.new.name}'"
        found = self.conn.execute(
            f"SELECT ({new} AND next_follow_up IS NULL) + ({new} AND next_follow_up <= ?)",
            [horizon],
        )
        called = self._new_called(bounds, None)
        return int(found.fetchone()[0]) - sum(n is None or n <= horizon for _, n in called)

    def _worked(self, section: Section, bounds: Bounds, *, owner: str | None,
                limit: int | None) -> tuple[int, list[CardRow]]:  # fmt: skip
        """A section of worked cards (the same as ``section_filter``'s), read one status and
        one range of dates at a time: each walks the status-and-date index in date order
        and stops at the limit, and counts on the index alone, where one query over all
        open statuses would sort every card of the section to give its first few. Cards
        still new but called already (few) come from one range of the new-leads index."""
        total, found = 0, []
        mine = " AND owner = ?" if owner is not None else ""
        for status in (s for s in OPEN_STATUSES if s != Status.new):
            for dates, moments in _WORKED_RANGES[section](bounds):
                where = f"status = '{status.name}' AND {dates}{mine}"
                values = [*moments, *([owner] if owner is not None else [])]
                sql = f"{_CARD} WHERE {where}{section_order(section)}"
                rows = self._rows(sql if limit is None else f"{sql} LIMIT {int(limit)}", values)
                full = limit is not None and len(rows) >= limit
                total += self._count(where, values) if full else len(rows)
                found += rows
        ids = [i for i, nxt in self._new_called(bounds, owner) if _in(section, nxt, bounds)]
        total += len(ids)
        if ids:
            marks = ", ".join("?" for _ in ids)
            found += self._rows(f"{_CARD} WHERE id IN ({marks})", ids)
        # merged as stored, and only the page made into cards (each status gave a page)
        found.sort(key=_by_date)
        return total, [from_values(CardRow, r) for r in found[:limit]]

    def _new_called(self, bounds: Bounds, owner: str | None) -> list[tuple[int, str | None]]:
        """The cards still new but called already (few), dated before tonight or the new
        leads' horizon (the later) or not at all, as (id, date as stored): one range of
        the new-leads index, read from the index alone (the never-called leads, most of
        the new, are not walked), shared by the worked sections and the new leads' count."""
        key = (bounds, owner)
        if key not in self._called:
            mine, who = (" AND owner = ?", [owner]) if owner is not None else ("", [])
            edge = max(bounds.tonight, bounds.horizon)
            rows = self.conn.execute(
                f"SELECT id, next_follow_up FROM card WHERE {_NEW_CALLED}"
                f" AND (next_follow_up IS NULL OR next_follow_up <= ?){mine}",
                [stored_time(edge), *who],
            )
            self._called[key] = [(int(i), n) for i, n in rows]
        return self._called[key]

    def listing(self, wanted: Filter, limit: int | None) -> Listing:
        where, values = list_filter(wanted)
        total = self._count(where, values)
        if total > _SORT_AT_MOST and limit is not None:
            where, values = list_filter(wanted, in_order=True)
        sql = f"{_CARD} WHERE {where}{_ORDER}"
        if limit is not None:
            sql, values = f"{sql} LIMIT ?", [*values, limit]
        cards = self._cards(sql, values)
        return Listing(list(zip(self._places(cards), cards, strict=True)), total)

    def _places(self, cards: list[CardRow]) -> list[int]:
        """The cards' places (they are in deck order): one count of the cards ahead of the
        first, then one walk of the order's index from the first to the last."""
        if not cards:
            return []
        first, last = cards[0], cards[-1]
        ahead = self._count("(position, id) < (?, ?)", [first.position, first.id])
        between = self.conn.execute(
            f"SELECT id FROM card WHERE (position, id) >= (?, ?) AND (position, id) <= (?, ?)"
            f"{_ORDER}",
            (first.position, first.id, last.position, last.id),
        )
        place = {cid: ahead + n for n, (cid,) in enumerate(between, 1)}
        return [place[card.id] for card in cards if card.id is not None]

    def lines(self, part: Part, offset: int, limit: int) -> list[Line]:
        if part.section in _WORKED_RANGES and offset + limit <= _SPLIT_AT_MOST:
            return self._near_lines(part, offset, limit)
        where, values = part_filter(part)
        sql = f"{_LINE} FROM card WHERE {where}{part_order(part)} LIMIT ? OFFSET ?"
        return [_line(r) for r in self._rows(sql, [*values, limit, offset])]

    def _near_lines(self, part: Part, offset: int, limit: int) -> list[Line]:
        """A page near the top of a worked section (as ``_worked`` reads it, without the
        counts): a status and a range of dates at a time, each from the status-and-date
        index in date order, stopped at the page's end, merged as stored (a sort of the
        whole section costs more than these few rows)."""
        assert part.section is not None and part.bounds is not None
        end = offset + limit
        wanted, more = list_filter(part.wanted)
        found = []
        for status in (s for s in OPEN_STATUSES if s != Status.new):
            for dates, moments in _WORKED_RANGES[part.section](part.bounds):
                sql = (
                    f"{_LINE}, position FROM card WHERE status = '{status.name}' AND {dates}"
                    f" AND {wanted}{section_order(part.section)} LIMIT {int(end)}"
                )
                found += self._rows(sql, [*moments, *more])
        ids = [
            i for i, n in self._new_called(part.bounds, None) if _in(part.section, n, part.bounds)
        ]
        if ids:
            marks = ", ".join("?" for _ in ids)
            sql = f"{_LINE}, position FROM card WHERE id IN ({marks}) AND {wanted}"
            found += self._rows(sql, [*ids, *more])
        found.sort(key=lambda r: (r[5] is not None, r[5] or "", r[7], r[0]))
        return [_line(r) for r in found[offset:end]]

    def size(self, part: Part) -> int:
        if part.section in _WORKED_RANGES:
            assert part.section is not None and part.bounds is not None
            wanted = part.wanted
            if not wanted.search and not wanted.nobody and wanted == Filter(owner=wanted.owner):
                return self._worked(part.section, part.bounds, owner=wanted.owner, limit=0)[0]
        where, values = part_filter(part, in_order=False)
        return self._count(where, values)

    def place(self, part: Part, card_id: int) -> int | None:
        if part.section is None and part.order == Order.deck:
            return self._in_order(part, card_id)
        where, values = part_filter(part)
        order = part_order(part).removeprefix(" ORDER BY ")
        sql = (f"SELECT n FROM (SELECT id AS cid, row_number() OVER (ORDER BY {order}) AS n"
               f" FROM card WHERE {where}) WHERE cid = ?")  # fmt: skip
        found = self.conn.execute(sql, [*_stored(values), card_id]).fetchone()
        return None if found is None else int(found[0]) - 1

    def _in_order(self, part: Part, card_id: int) -> int | None:
        """A card's place in a part in deck order: the cards of the part ahead of it, or
        those behind it taken from the part's size (whichever is the shorter walk of the
        order's index, as the card's place in the whole deck says)."""
        where, values = part_filter(part, in_order=False)
        found = self._rows(f"SELECT position FROM card WHERE id = ? AND {where}",
                           [card_id, *values])  # fmt: skip
        if not found:
            return None
        key = [found[0][0], card_id]
        deck = self._rows("SELECT (SELECT count(*) FROM card WHERE (position, id) < (?, ?)),"
                          " (SELECT count(*) FROM card)", key)[0]  # fmt: skip
        walked, marks = list_filter(part.wanted, in_order=True)
        if deck[0] <= deck[1] // 2:
            return self._count(f"{walked} AND (position, id) < (?, ?)", [*marks, *key])
        behind = self._count(f"{walked} AND (position, id) > (?, ?)", [*marks, *key])
        return self._count(where, values) - 1 - behind

    def card(self, card_id: int) -> CardRow | None:
        found = self._cards(f"{_CARD} WHERE id = ?", [card_id])
        return found[0] if found else None

    def contacts(self, card_id: int) -> list[ContactRow]:
        rows = self.conn.execute(f"{_CONTACT} WHERE card_id = ? ORDER BY at DESC, id DESC",
                                 (card_id,))  # fmt: skip
        return [from_values(ContactRow, r) for r in rows]
