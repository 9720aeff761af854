"""initial deck: cards and contacts

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "card",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("company", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("email", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("website", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("referred_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("kind", sa.Enum("lead", "referral", name="kind"), nullable=False),
        sa.Column(
            "status",
            sa.Enum("new", "active", "nurture", "won", "lost", "do_not_contact", name="status"),
            nullable=False,
        ),
        sa.Column(
            "stage",
            sa.Enum("rapport", "need", "present", "terms", "close", name="stage"),
            nullable=False,
        ),
        sa.Column("need", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("known", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("interest", sa.Integer(), nullable=True),
        sa.Column("notch", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("next_follow_up", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("first_contacted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("lost_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("attempts >= 0", name="ck_card_attempts"),
        sa.CheckConstraint(
            "interest IS NULL OR (interest BETWEEN 1 AND 10)", name="ck_card_interest"
        ),
        sa.CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 10)", name="ck_card_rating"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.create_index("ix_card_email", ["email"], unique=False)
        batch_op.create_index("ix_card_phone", ["phone"], unique=False)
        batch_op.create_index("ix_card_position", ["position", "id"], unique=False)
        batch_op.create_index("ix_card_status_next", ["status", "next_follow_up"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column(
            "channel",
            sa.Enum("call", "text", "email", "social", "meeting", "other", name="channel"),
            nullable=False,
        ),
        sa.Column("reached", sa.Boolean(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("interest", sa.Integer(), nullable=True),
        sa.Column("notch", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("rating_after", sa.Integer(), nullable=True),
        sa.Column("summary", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("next_follow_up", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "interest IS NULL OR (interest BETWEEN 1 AND 10)", name="ck_contact_interest"
        ),
        sa.CheckConstraint("rating IS NULL OR (rating BETWEEN 1 AND 10)", name="ck_contact_rating"),
        sa.CheckConstraint(
            "rating_after IS NULL OR (rating_after BETWEEN 1 AND 10)",
            name="ck_contact_rating_after",
        ),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index("ix_contact_card_at", ["card_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_card_at")

    op.drop_table("contact")
    with op.batch_alter_table("card", schema=None) as batch_op:
        batch_op.drop_index("ix_card_status_next")
        batch_op.drop_index("ix_card_position")
        batch_op.drop_index("ix_card_phone")
        batch_op.drop_index("ix_card_email")

    op.drop_table("card")
