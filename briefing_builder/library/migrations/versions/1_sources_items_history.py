"""Schema 1: sources, items, and the history of every version of each.

Revision ID: 1
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "1"
down_revision = None
branch_labels = None
depends_on = None


def _changed() -> tuple[sa.Column[str], sa.Column[str]]:
    """Who made a row's version and when (ISO 8601, UTC)."""
    return (
        sa.Column("changed_at", sa.Text, nullable=False),
        sa.Column("changed_by", sa.Text, nullable=False),
    )


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False),
        *_changed(),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("source_id", sa.Text, sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False),
        *_changed(),
    )
    op.create_index("ix_items_source_id", "items", ["source_id"])
    op.create_table(
        "history",
        sa.Column("entity", sa.Text, nullable=False),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("retired", sa.Boolean, nullable=False),
        sa.Column("change", sa.Text, nullable=False),
        *_changed(),
        sa.PrimaryKeyConstraint("entity", "id", "version"),
    )


def downgrade() -> None:
    op.drop_table("history")
    op.drop_index("ix_items_source_id", "items")
    op.drop_table("items")
    op.drop_table("sources")
