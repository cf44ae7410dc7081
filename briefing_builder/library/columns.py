"""The import layout: the columns of a spreadsheet of evidence, one row per item.

Kept apart from the importer so the command line can name them in its help without loading
the database layer.
"""

SOURCE_COLUMNS = (
    "source_id",
    "source_title",
    "source_publisher",
    "source_authors",
    "source_published",
    "source_url",
    "source_notes",
)
ITEM_COLUMNS = (
    "id",
    "kind",
    "title",
    "text",
    "quote",
    "locator",
    "regions",
    "themes",
    "caveat",
    "notes",
    "value",
    "unit",
    "period",
    "uk_value",
    "measure",
)
COLUMNS = SOURCE_COLUMNS + ITEM_COLUMNS
"""The import layout's columns, in the order the template writes them."""
REQUIRED_COLUMNS = ("source_id", "id", "kind", "title", "text", "locator", "regions", "themes")
LIST_SEPARATOR = ";"
"""Between the names in a `regions`, `themes` or `source_authors` cell."""
