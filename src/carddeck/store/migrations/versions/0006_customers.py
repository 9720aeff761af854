"""customers: every sale (the first when won, each repeat sale after), a deal's value,
the card's address and further emails and phones, and each imported file's hash

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30

Every column is nullable and added in place (no table copy). A card already won gets
its one sale, dated when it was closed, so the scoreboard counts it as before.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

BIG = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.add_column("card", sa.Column("value", BIG, nullable=True))
    op.add_column("card", sa.Column("address", TEXT(), nullable=True))
    op.add_column("card", sa.Column("other_emails", TEXT(), nullable=True))
    op.add_column("card", sa.Column("other_phones", TEXT(), nullable=True))
    op.add_column("change", sa.Column("sale_id", BIG, nullable=True))
    op.add_column("import_batch", sa.Column("content_hash", TEXT(), nullable=True))
    op.create_index("ix_import_batch_content_hash", "import_batch", ["content_hash"])
    op.create_table(
        "sale",
        sa.Column("id", BIG, primary_key=True, nullable=False),
        sa.Column("card_id", BIG, sa.ForeignKey("card.id", ondelete="CASCADE"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("value", BIG, nullable=True),
        sa.Column("seller", TEXT(), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sale_card_at", "sale", ["card_id", "at"])
    op.create_index("ix_sale_at", "sale", ["at"])
    op.execute(
        "INSERT INTO sale (card_id, at, value, seller) "
        "SELECT id, COALESCE(closed_at, updated_at), NULL, owner FROM card "
        "WHERE status = 'won' ORDER BY id"
    )


def downgrade() -> None:
    op.drop_index("ix_sale_at", "sale")
    op.drop_index("ix_sale_card_at", "sale")
    op.drop_table("sale")
    op.drop_index("ix_import_batch_content_hash", "import_batch")
    with op.batch_alter_table("import_batch") as batch:
        batch.drop_column("content_hash")
    with op.batch_alter_table("change") as batch:
        batch.drop_column("sale_id")
    with op.batch_alter_table("card") as batch:
        for name in ("other_phones", "other_emails", "address", "value"):
            batch.drop_column(name)
