"""The ORM's today (every backend, PostgreSQL's included) reads each worked section in
two parts (the statuses past new, and the new cards called already, from the new-leads
index) and merges them: the same cards, in the same order, with the same counts as the
one query over the whole section that the screen's views page through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, func, select

from carddeck.deck.agenda import SECTIONS, bounds
from carddeck.deck.settings import DEFAULT_SETTINGS
from carddeck.store import Status, Store
from carddeck.store.models import Card
from carddeck.store.ormreads import OrmReads, section_filter, section_order, whose

NOW = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)
STATUSES = ["new", "new", "new", "active", "active", "nurture", "won", "lost"]
SELLERS = [None, "ann"]


@pytest.fixture
def filled(store: Store) -> Store:
    """240 cards: every status, dates a month back to a month ahead and none, a third of
    the new ones called already, positions shared by threes."""
    with store.write() as session:
        for i in range(1, 241):
            status = STATUSES[i % len(STATUSES)]
            due = None if i % 9 == 0 else NOW + timedelta(hours=(i * 37) % 1_500 - 750)
            called = status != "new" or i % 3 == 0
            made = NOW - timedelta(hours=i % 50)
            session.add(Card(name=f"Lead {i}", status=Status(status), next_follow_up=due,
                             first_contacted_at=NOW - timedelta(days=3) if called else None,
                             created_at=made, updated_at=made, position=(i // 3) * 1024,
                             owner=SELLERS[i % 2]))  # fmt: skip
    return store


@pytest.mark.parametrize("owner", [None, "ann"])
@pytest.mark.parametrize("limit", [None, 1, 4, 30])
def test_each_section_is_the_one_querys(filled: Store, owner: str | None,
                                        limit: int | None) -> None:  # fmt: skip
    lines = bounds(NOW, DEFAULT_SETTINGS)
    with filled.read() as session:
        reads = OrmReads(session)
        for section in SECTIONS:
            where = section_filter(section, lines) + whose(owner)
            whole = select(Card).where(*where).order_by(*section_order(section))
            expected = [c.id for c in session.exec(whole.limit(limit))]
            count = session.exec(select(func.count()).select_from(Card).where(*where)).one()
            total, cards = reads.section(section, lines, owner=owner, limit=limit)
            assert (total, [c.id for c in cards]) == (count, expected), section
    # the deck holds what the parts are there for: called new cards and undated ones
    with filled.read() as session:
        called_new = [col(Card.status) == "new", col(Card.first_contacted_at).is_not(None)]
        assert session.exec(select(func.count()).select_from(Card).where(*called_new)).one()
        assert session.exec(select(func.count()).select_from(Card)
                            .where(col(Card.next_follow_up).is_(None))).one()  # fmt: skip
