"""Alembic environment: migrations run on the connection carddeck hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from carddeck.store import models  # noqa: F401

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite alters tables by copy-and-move
)
with context.begin_transaction():
    context.run_migrations()
