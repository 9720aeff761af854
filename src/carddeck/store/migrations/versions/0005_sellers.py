"""sellers: who works each card (its owner; none while it waits in the inbox), and who
logged each contact

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # nullable columns are added in place on SQLite and PostgreSQL alike: no table copy
    op.add_column("card", sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_index("ix_card_owner", "card", ["owner"])
    op.add_column("contact", sa.Column("seller", sqlmodel.sql.sqltypes.AutoString(), nullable=True))


def downgrade() -> None:
    op.drop_index("ix_card_owner", "card")
    with op.batch_alter_table("contact") as batch:
        batch.drop_column("seller")
    with op.batch_alter_table("card") as batch:
        batch.drop_column("owner")
