"""Helpers the tests share: the owner's zone, a fixed Friday evening, a deck digest."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime
from pathlib import Path
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
