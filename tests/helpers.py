"""Helpers the tests share: the owner's zone, a fixed Friday evening, a deck digest."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("America/New_York")
#: Friday 20 November 2026, 18:30 in New York: a lead added now is due Monday.
FRIDAY_EVENING = datetime(2026, 11, 20, 18, 30, tzinfo=ZONE)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware moment in the owner's zone."""
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


def digest(path: Path | str) -> str:
    """The deck's whole content, to prove a failed command changed nothing (an SQLite
    file, or a deck on a PostgreSQL server)."""
    if str(path).startswith("postgresql"):
        return _server_digest(str(path))
    conn = sqlite3.connect(path)
    try:
        dump = "\n".join(conn.iterdump())
    finally:
        conn.close()
    return hashlib.sha256(dump.encode()).hexdigest()


def _server_digest(url: str) -> str:
    import psycopg

    lines = []
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for table in tables:
            lines.append(f"-- {table}")
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            lines.extend(repr(row) for row in rows)
        for seq in conn.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1"):
            lines.append(repr(seq))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def old_deck(path: Path, revision: str, rows_sql: str) -> None:
    """A deck as an older carddeck's schema ``revision`` made it, with the rows
    ``rows_sql`` puts in (plain SQL on the file)."""
    from alembic import command
    from sqlalchemy import create_engine

    from carddeck.store.schema import alembic_config

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.exec_driver_sql(rows_sql)
    engine.dispose()


def a_month_of_leads(store: Any) -> None:
    """Seven leads for the targets, as of Friday 20 November 2026, 18:30 (FRIDAY_EVENING):

    Ann   2 Nov  called in 4 h (in her window), answered, won
    Bob   6 Nov  first call 48 working hours later (late), 2 unanswered attempts, lost
    Cy    9 Nov  called in 2 h, 7 unanswered attempts, put to nurture
    Dee  30 Oct  (last month) called in 2 h, answered, lost on price (not given up)
    Eve  20 Nov  17:00, not called yet: her window is still open
    Fay  16 Nov  never called: missed her window
    Gus  18 Nov  junked (spam)

    Leads this month 5 (Gus is junk, Dee October's); close rate 1 of 3; called within
    the window 3 of 5 (Eve still in hers, Gus junk); given up without an answer: Bob
    after 2 attempts, Cy after 7 (4.5 on average, one short of 7)."""
    from carddeck import deck
    from carddeck.deck.sellers import junk

    with store.write() as s:

        def add(name: str, *when: int) -> Any:
            return deck.add_card(s, deck.CardDraft(name=name), now=at(*when)).card

        def no_answer(card: Any, *when: int) -> None:
            deck.log_contact(s, card, deck.LogEntry(reached=False), now=at(*when))

        def answer(card: Any, *when: int) -> None:
            entry = deck.LogEntry(rating=5, interest=5, notch="x")
            deck.log_contact(s, card, entry, now=at(*when))

        ann = add("Ann", 2026, 11, 2, 10)
        answer(ann, 2026, 11, 2, 14)
        deck.mark_won(s, ann, now=at(2026, 11, 10, 9))
        bob = add("Bob", 2026, 11, 6, 18)
        no_answer(bob, 2026, 11, 10, 18)
        no_answer(bob, 2026, 11, 11, 18)
        deck.mark_lost(s, bob, reason="no reply", now=at(2026, 11, 12, 9))
        cy = add("Cy", 2026, 11, 9, 9)
        for day in (9, 10, 11, 12, 13, 16, 17):
            no_answer(cy, 2026, 11, day, 11)
        deck.nurture(s, cy, until=at(2027, 1, 4, 9), now=at(2026, 11, 18, 9))
        dee = add("Dee", 2026, 10, 30, 9)
        answer(dee, 2026, 10, 30, 11)
        deck.mark_lost(s, dee, reason="price", now=at(2026, 11, 5, 9))
        add("Eve", 2026, 11, 20, 17)
        add("Fay", 2026, 11, 16, 9)
        junk(s, add("Gus", 2026, 11, 18, 9), now=at(2026, 11, 18, 10))
