"""The schema: new decks, the migration scripts, and decks from a newer carddeck."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

from carddeck.errors import StoreError
from carddeck.paths import DeckLocation
from carddeck.store import open_store
from carddeck.store.schema import HEAD_REVISION, alembic_config


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_new_deck_is_stamped_at_head_and_matches_the_models(db_path: Path) -> None:
    open_store(DeckLocation(db_path, False)).close()
    engine = create_engine(f"sqlite:///{db_path}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0001"
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    engine.dispose()


def test_migration_scripts_build_the_same_schema_as_the_models(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'migrated.sqlite'}")
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    engine.dispose()
    # and carddeck opens the migrated deck as its own
    open_store(DeckLocation(tmp_path / "migrated.sqlite", False)).close()


def test_a_deck_from_a_newer_carddeck_is_refused(db_path: Path) -> None:
    open_store(DeckLocation(db_path, False)).close()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer carddeck"):
        open_store(DeckLocation(db_path, False))
