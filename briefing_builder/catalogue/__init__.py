"""The evidence: schema, loading and validation, and the query. No Qt, no docx, no pdf."""

from briefing_builder.catalogue.catalogue import Catalogue
from briefing_builder.catalogue.loading import MAX_QUOTE_WORDS, dataset_version, load_catalogue
from briefing_builder.catalogue.model import (
    KINDS,
    Area,
    Hit,
    Item,
    Match,
    Since,
    Source,
    Theme,
    format_figure,
)

__all__ = [
    "KINDS",
    "MAX_QUOTE_WORDS",
    "Area",
    "Catalogue",
    "Hit",
    "Item",
    "Match",
    "Since",
    "Source",
    "Theme",
    "dataset_version",
    "format_figure",
    "load_catalogue",
]
