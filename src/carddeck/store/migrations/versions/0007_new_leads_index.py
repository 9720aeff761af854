"""new leads index: today's new leads read and counted from one index

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

One index on (status, first_contacted_at, created_at, id, next_follow_up): the new leads
never called lie together in the order they are worked (oldest first), with the date
that puts them in their window, so today's first page of them is read in order, with no
sort; the few new cards called already are one range of it, read from the index alone.
Only an index is added (no table copy).
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ["status", "first_contacted_at", "created_at", "id", "next_follow_up"]


def upgrade() -> None:
    op.create_index("ix_card_new_leads", "card", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_card_new_leads", "card")
