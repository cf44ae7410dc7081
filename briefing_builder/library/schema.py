"""The evidence library's tables, as SQLAlchemy Core metadata: the same on SQLite and PostgreSQL.

Each source and item row keeps its record in the dataset format (JSON text), so the loader
checks library evidence by the same rules as the bundled files, and a new field of the format
needs no new column. `history` keeps every version of every row, the current one included.
"""

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

SCHEMA_VERSION = 1
"""The newest library schema this app reads and writes: the Alembic revision "1", "2", ..."""

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("id", Text, primary_key=True),
    Column("record", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("retired", Boolean, nullable=False, default=False),
    Column("changed_at", Text, nullable=False),
    Column("changed_by", Text, nullable=False),
)

items = Table(
    "items",
    metadata,
    Column("id", Text, primary_key=True),
    Column("source_id", Text, ForeignKey("sources.id"), nullable=False, index=True),
    Column("record", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("retired", Boolean, nullable=False, default=False),
    Column("changed_at", Text, nullable=False),
    Column("changed_by", Text, nullable=False),
)

history = Table(
    "history",
    metadata,
    Column("entity", Text, nullable=False),
    Column("id", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("record", Text, nullable=False),
    Column("retired", Boolean, nullable=False),
    Column("change", Text, nullable=False),
    Column("changed_at", Text, nullable=False),
    Column("changed_by", Text, nullable=False),
    PrimaryKeyConstraint("entity", "id", "version"),
)
