"""The evidence library's tables, as SQLAlchemy Core metadata: the same on SQLite and PostgreSQL.

Each source and item row keeps its record in the dataset format (JSON text), so the loader
checks library evidence by the same rules as the bundled files, and a new field of the format
needs no new column. `presets` holds a team's shared presets, each record in the preset file
format, under its name's key (`pack.presets.file_name`, so names are unique in any case);
"retired" there means deleted, restorable. `history` keeps every version of every row, the
current one included.
"""

from typing import Any

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

SCHEMA_VERSION = 2
"""The newest library schema this app reads and writes: the Alembic revision "1", "2", ..."""

metadata = MetaData()


def _versioned(name: str, *columns: Column[Any]) -> Table:
    """A table of rows kept by id, each a record with its version, whether it is retired, and
    who made that version when."""
    return Table(
        name,
        metadata,
        Column("id", Text, primary_key=True),
        *columns,
        Column("record", Text, nullable=False),
        Column("version", Integer, nullable=False),
        Column("retired", Boolean, nullable=False, default=False),
        Column("changed_at", Text, nullable=False),
        Column("changed_by", Text, nullable=False),
    )


sources = _versioned("sources")
items = _versioned(
    "items", Column("source_id", Text, ForeignKey("sources.id"), nullable=False, index=True)
)
presets = _versioned("presets")

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
