"""import batches: each import can be listed, filtered on and undone

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("file_format", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("encoding", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("merged", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("undone_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "import_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("before", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("version_after", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["import_batch.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_import_merge_batch_id", "import_merge", ["batch_id"])
    # SQLite adds a nullable referencing column in place: no copy of the card table.
    op.execute(
        "ALTER TABLE card ADD COLUMN batch_id INTEGER "
        "REFERENCES import_batch (id) ON DELETE SET NULL"
    )
    op.create_index("ix_card_batch_id", "card", ["batch_id"])
    op.execute("CREATE INDEX ix_card_name_company ON card (lower(name), lower(company))")


def downgrade() -> None:
    op.drop_index("ix_card_name_company", "card")
    op.drop_index("ix_card_batch_id", "card")
    with op.batch_alter_table("card") as batch:
        batch.drop_column("batch_id")
    op.drop_index("ix_import_merge_batch_id", "import_merge")
    op.drop_table("import_merge")
    op.drop_table("import_batch")
