"""Layout both writers share, so the Word and PDF packs look alike."""

from briefing_builder.pack import FactTable, PackItem

CAVEAT_LABEL = "Caveat:"
SINCE_LABEL = "Since publication:"
NO_PUBLIC_COPY = "No public copy found."
"""Said in the sources list of a source that has no web address."""
_KINDS = {"finding": "Finding", "recommendation": "Recommendation", "statistic": "Statistic"}


def fact_widths(table: FactTable) -> list[float]:
    """Shares of the text width for a key facts table's columns.

    Read across (a row per measure), the measure takes a quarter, the period and source columns
    their fixed shares, and the areas share the rest; turned round (a row per area), the area
    column takes a fifth and the measures share the rest.
    """
    count = len(table.header)
    if table.header[0] == "Area":
        return [0.2] + [0.8 / (count - 1)] * (count - 1)
    middle = count - 3
    return [0.27] + [0.48 / middle] * middle + [0.16, 0.09]


def scope_line(cited: PackItem) -> str:
    """The line over an item's text: what kind of item it is and where it applies."""
    return f"{_KINDS.get(cited.item.kind, cited.item.kind)} \u00b7 Applies to: {cited.scope}"


def key_message(cited: PackItem) -> str:
    """A key message: the recommendation's title, where it applies, its reference."""
    return f"{cited.item.title} ({cited.scope}) [{cited.reference}]"
