"""ids never reused (card and contact AUTOINCREMENT), erasure tombstones, deck facts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

SQLite takes AUTOINCREMENT only when a table is created, so card and contact are rebuilt
(the runner holds foreign keys off meanwhile and checks them after) and their sequences
start past every id the deck, its contacts and its change journal ever used.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CARD = """
CREATE TABLE card_new (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name VARCHAR NOT NULL,
    company VARCHAR,
    title VARCHAR,
    phone VARCHAR,
    email VARCHAR,
    website VARCHAR,
    source VARCHAR,
    referred_by VARCHAR,
    kind VARCHAR(8) NOT NULL,
    status VARCHAR(14) NOT NULL,
    stage VARCHAR(7) NOT NULL,
    need VARCHAR,
    known VARCHAR,
    notes VARCHAR,
    rating INTEGER,
    interest INTEGER,
    notch VARCHAR,
    next_follow_up DATETIME,
    attempts INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    first_contacted_at DATETIME,
    closed_at DATETIME,
    lost_reason VARCHAR,
    position INTEGER NOT NULL,
    version INTEGER NOT NULL,
    batch_id INTEGER,
    CONSTRAINT ck_card_rating CHECK (rating IS NULL OR (rating BETWEEN 1 AND 10)),
    CONSTRAINT ck_card_interest CHECK (interest IS NULL OR (interest BETWEEN 1 AND 10)),
    CONSTRAINT ck_card_attempts CHECK (attempts >= 0),
    FOREIGN KEY(batch_id) REFERENCES import_batch (id) ON DELETE SET NULL
)"""

CONTACT = """
CREATE TABLE contact_new (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    card_id INTEGER NOT NULL,
    at DATETIME NOT NULL,
    channel VARCHAR(7) NOT NULL,
    reached BOOLEAN NOT NULL,
    rating INTEGER,
    interest INTEGER,
    notch VARCHAR,
    rating_after INTEGER,
    summary VARCHAR,
    next_follow_up DATETIME,
    CONSTRAINT ck_contact_rating CHECK (rating IS NULL OR (rating BETWEEN 1 AND 10)),
    CONSTRAINT ck_contact_interest CHECK (interest IS NULL OR (interest BETWEEN 1 AND 10)),
    CONSTRAINT ck_contact_rating_after
        CHECK (rating_after IS NULL OR (rating_after BETWEEN 1 AND 10)),
    FOREIGN KEY(card_id) REFERENCES card (id) ON DELETE CASCADE
)"""

CARD_INDEXES = (
    "CREATE INDEX ix_card_phone ON card (phone)",
    "CREATE INDEX ix_card_status_next ON card (status, next_follow_up)",
    "CREATE INDEX ix_card_name_company ON card (lower(name), lower(company))",
    "CREATE INDEX ix_card_batch_id ON card (batch_id)",
    "CREATE INDEX ix_card_email ON card (email)",
    "CREATE INDEX ix_card_position ON card (position, id)",
)


def _rebuild(table: str, ddl: str, indexes: tuple[str, ...], highest: str) -> None:
    op.execute(ddl)
    op.execute(f"INSERT INTO {table}_new SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
    for index in indexes:
        op.execute(index)
    # The next id is past every one used, not only those still in the table.
    op.execute(f"DELETE FROM sqlite_sequence WHERE name = '{table}'")
    op.execute(f"INSERT INTO sqlite_sequence (name, seq) SELECT '{table}', ({highest})")


def _past_the_journal(table: str, column: str) -> None:
    """PostgreSQL's sequences never hand an id out twice already; they only need to start
    past every id the change journal names."""
    op.execute(
        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), greatest("
        f"(SELECT coalesce(max(id), 0) FROM {table}), (SELECT coalesce(max({column}), 0)"
        f" FROM change), 1))"
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        _past_the_journal("card", "card_id")
        _past_the_journal("contact", "contact_id")
    else:
        _rebuild_both()
    _tombstones_and_facts()


def _rebuild_both() -> None:
    _rebuild("card", CARD, CARD_INDEXES,
             "SELECT max(coalesce((SELECT max(id) FROM card), 0),"
             " coalesce((SELECT max(card_id) FROM change), 0))")  # fmt: skip
    _rebuild("contact", CONTACT, ("CREATE INDEX ix_contact_card_at ON contact (card_id, at)",),
             "SELECT max(coalesce((SELECT max(id) FROM contact), 0),"
             " coalesce((SELECT max(contact_id) FROM change), 0))")  # fmt: skip


def _tombstones_and_facts() -> None:
    op.create_table(
        "erased",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("email_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("phone_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_erased_email", "erased", ["email_hash"])
    op.create_index("ix_erased_phone", "erased", ["phone_hash"])
    op.create_table(
        "meta",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("meta")
    op.drop_index("ix_erased_phone", "erased")
    op.drop_index("ix_erased_email", "erased")
    op.drop_table("erased")
