"""Copy a whole deck to another: an SQLite file to a PostgreSQL server and back. Every
card, contact, import batch, merge, undo step, erasure tombstone and the key they are
hashed with goes across with its id, in one transaction on the target; the ids handed
out stay handed out; and the copy is checked afterwards, table by table and field by
field, before anything is said to be done."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, func, insert, select
from sqlmodel import Session, SQLModel

from carddeck.errors import InvalidInput, StoreError
from carddeck.store import sql
from carddeck.store.engine import Store
from carddeck.words import plural

#: The tables in the order their rows can be written (a row's links before it).
TABLES = ("meta", "import_batch", "card", "import_merge", "contact", "sale", "change", "erased")
BATCH = 1000
WORDS = {"import_batch": "import", "card": "card", "import_merge": "merge", "contact": "contact",
         "sale": "sale", "change": "change", "erased": "erasure"}  # fmt: skip


@dataclass
class Copied:
    """What went across, table by table."""

    rows: dict[str, int] = field(default_factory=dict)


def _table(name: str) -> Table:
    table = SQLModel.metadata.tables[name]
    assert isinstance(table, Table)
    return table


def _rows(session: Session, table: Table) -> Iterator[tuple[Any, ...]]:
    key = list(table.primary_key.columns)
    result = session.execute(select(table).order_by(*key).execution_options(yield_per=BATCH))
    for row in result:
        yield tuple(row)


def _count(session: Session, name: str) -> int:
    return int(session.execute(select(func.count()).select_from(_table(name))).scalar_one())


def _same(value: Any) -> Any:
    """A value as both databases must agree on it (times as UTC)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


def copy_deck(source: Store, target: Store, *, force: bool = False) -> Copied:
    """Copy ``source`` into ``target`` whole. A target holding anything is refused unless
    ``force``, which replaces what it holds. Raises StoreError if the check afterwards
    finds any difference (the target's transaction is then rolled back)."""
    if source.where == target.where:
        raise InvalidInput(f"{source.where} is the deck itself: copy it somewhere else")
    done = Copied()
    with source.read() as src, target.write() as dst:
        if not _count(src, "card"):
            raise InvalidInput(f"{source.where} holds no cards: nothing to copy")
        held = {name: _count(dst, name) for name in TABLES if name != "meta"}
        if any(held.values()) and not force:
            what = ", ".join(plural(n, WORDS[name]) for name, n in held.items() if n)
            raise InvalidInput(f"{target.where} already holds a deck ({what}); --force replaces it")
        for name in reversed(TABLES):  # what --force replaces (or an empty target's meta)
            dst.execute(delete(_table(name)))
        for name in TABLES:
            table = _table(name)
            columns = [c.name for c in table.columns]
            written = 0
            batch: list[dict[str, Any]] = []
            for row in _rows(src, table):
                batch.append(dict(zip(columns, row, strict=True)))
                if len(batch) >= BATCH:
                    dst.execute(insert(table), batch)
                    written += len(batch)
                    batch = []
            if batch:
                dst.execute(insert(table), batch)
                written += len(batch)
            done.rows[name] = written
            if "id" in columns:
                sql.set_highest_id(dst, name, sql.highest_id(src, name))
        dst.flush()
        _check(src, dst, target.where)
    return done


def _check(src: Session, dst: Session, where: str) -> None:
    """Every table the same on both sides: counts, then every field of every row."""
    for name in TABLES:
        if _count(src, name) != _count(dst, name):
            raise StoreError(f"the copy to {where} does not match ({name} counts differ); "
                             "nothing was written")  # fmt: skip
        table = _table(name)
        for mine, theirs in zip(_rows(src, table), _rows(dst, table), strict=True):
            if tuple(map(_same, mine)) != tuple(map(_same, theirs)):
                raise StoreError(f"the copy to {where} does not match ({name} row {mine[0]}); "
                                 "nothing was written")  # fmt: skip
