"""Bring a deck's schema to the current revision.

A new deck is made with ``create_all`` and stamped with the head revision (what
Alembic's docs advise), so the common path never imports Alembic; an older deck is
upgraded through the migration scripts in ``migrations/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from carddeck.errors import NotADeck, StoreError
from carddeck.store import models  # noqa: F401  (registers the tables)
from carddeck.store.lite import HEAD_REVISION as HEAD_REVISION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def _tables(conn: Connection) -> set[str]:
    if conn.dialect.name == "sqlite":  # quicker than the inspector, on the common path
        rows = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return {r[0] for r in rows}
    from sqlalchemy import inspect

    return set(inspect(conn).get_table_names())


def _revision(conn: Connection) -> str | None:
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def ensure_schema(
    engine: Engine,
    writer: Engine,
    path: Path | str,
    *,
    read_only: bool = False,
    before_upgrade: Callable[[str | None, str], None] | None = None,
) -> None:
    """Create, accept or upgrade the schema; refuse files that are some other database,
    and decks from a newer carddeck.

    ``writer`` is the engine whose transactions take the write lock up front;
    ``before_upgrade(old, new)`` is called under that lock just before an older deck is
    upgraded (once, whoever else opens the deck at the same time), so a copy can be taken
    first. A ``read_only`` deck can be read at the head revision only."""
    with engine.connect() as conn:
        tables = _tables(conn)
        ours = {"card", "alembic_version"} <= tables
        revision = _revision(conn) if ours else None
    if ours and revision == HEAD_REVISION:
        return
    if ours:
        known(revision, path)
    if read_only:
        if ours:
            raise StoreError(
                f"the deck {path} was written by an older carddeck (schema {revision}) and "
                f"needs an upgrade to schema {HEAD_REVISION}, which needs write access; it "
                "is read-only here"
            )
        if tables:
            raise NotADeck(f"{path} is not a carddeck database (it holds other tables)")
        raise StoreError(f"{path} is empty and read-only here: there is no deck in it to read")
    if engine.dialect.name != "sqlite":
        with writer.connect() as conn, conn.begin():
            # one opener creates or upgrades; any other waits here, then finds it done
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(1667330660)")
            _create_or_upgrade(conn, path, before_upgrade)
        return
    with writer.connect() as conn:
        # Rebuilding a table (as SQLite's ALTER TABLE needs) must not set off its foreign
        # keys' ON DELETE actions; the switch works only outside a transaction, and the
        # keys are checked before the upgrade commits.
        driver = conn.connection.driver_connection
        assert driver is not None
        driver.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                _create_or_upgrade(conn, path, before_upgrade)
        finally:
            driver.execute("PRAGMA foreign_keys = ON")


def _create_or_upgrade(
    conn: Connection, path: Path | str, before_upgrade: Callable[[str | None, str], None] | None
) -> None:
    tables = _tables(conn)  # again, now under the write lock: another process may have won
    if not tables:
        SQLModel.metadata.create_all(conn)
        conn.exec_driver_sql(
            "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
        )
        conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": HEAD_REVISION})
        return
    if not {"card", "alembic_version"} <= tables:
        raise NotADeck(f"{path} is not a carddeck database (it holds other tables)")
    revision = _revision(conn)
    if revision == HEAD_REVISION:
        return
    known(revision, path)
    if before_upgrade is not None:
        before_upgrade(revision, HEAD_REVISION)
    upgrade(conn, revision, path)
    if conn.dialect.name != "sqlite":
        return  # a server checks every foreign key as it goes
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise StoreError(
            f"upgrading {path} would break {len(broken)} links between its tables; left as it was"
        )


def known(revision: str | None, path: Path | str) -> None:
    """Refuse a deck whose schema this carddeck does not know (a newer carddeck's)."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    if revision not in {rev.revision for rev in scripts.walk_revisions()}:
        raise StoreError(
            f"the deck {path} was written by a newer carddeck (schema {revision}); "
            "upgrade carddeck to open it"
        )


def upgrade(conn: Connection, revision: str | None, path: Path | str) -> None:
    """Run the migration scripts from ``revision`` to head on ``conn`` (in its transaction)."""
    from alembic import command

    known(revision, path)
    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


def alembic_config() -> Config:
    """An Alembic config pointing at our migration scripts (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config
