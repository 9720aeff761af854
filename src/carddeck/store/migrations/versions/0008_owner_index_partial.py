"""owner index partial: only the cards a seller holds

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30

ix_card_owner holds only the cards with an owner (WHERE owner IS NOT NULL): every read of
it asks for one seller's cards (owner = ?) or whether any card has one, and neither needs
the inbox's cards, which are nearly all of an imported deck's; an import (its cards have
no owner) then writes nothing to it. The index is made again (no table copy).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OWNED = "owner IS NOT NULL"


def upgrade() -> None:
    op.drop_index("ix_card_owner", "card")
    op.create_index("ix_card_owner", "card", ["owner"], sqlite_where=sa.text(OWNED),
                    postgresql_where=sa.text(OWNED))  # fmt: skip


def downgrade() -> None:
    op.drop_index("ix_card_owner", "card")
    op.create_index("ix_card_owner", "card", ["owner"])
