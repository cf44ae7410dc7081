"""Layout both writers share, so the Word and PDF packs look alike."""

from briefing_builder.catalogue.boundaries import ATTRIBUTION
from briefing_builder.pack import FactTable, Pack, PackItem
from briefing_builder.render.style import HouseStyle

MAP_CREDIT = "Map © Crown copyright and database right 2016; CC BY 4.0. Full credit in the annex."
"""The one-line credit under the map on the cover; the annex has the licences' full wording."""
AUTHORED_SECTIONS = {
    "key-messages": "summary",
    "points": "points",
    "background": "background",
    "handling": "handling",
}
"""The pack sections that print what the official wrote, and the spec field each prints."""
NO_PURPOSE_YET = "Not written yet: a brief must say what it is for before it is exported."
"""The purpose a preview shows before the official has written one."""
ABOUT_HEADER = ("Detail", "This pack")

CAVEAT_LABEL = "Caveat:"
SINCE_LABEL = "Since publication:"
AVAILABLE_AT = "Available at:"
"""Before a source's web address in the sources list."""
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


def shows_map(pack: Pack, style: HouseStyle) -> bool:
    """Whether the cover has the locator map."""
    return style.locator_map and bool(pack.map_regions) and "cover" in pack.sections


def shows_contents(pack: Pack, style: HouseStyle) -> bool:
    """Whether the pack has a contents page: the house style has one, and the pack is long
    enough for it (as many items as the style's `contents.min_items`)."""
    return "contents" in pack.sections and pack.item_count >= style.contents_min_items


def shows_section(pack: Pack, section: str) -> bool:
    """Whether a section of the pack prints anything: key facts and the official's sections
    are left out, heading and all, when they are empty. The contents: see shows_contents."""
    if section in AUTHORED_SECTIONS:
        return bool(pack.blocks(AUTHORED_SECTIONS[section]))
    if section == "key-facts":
        return bool(pack.key_facts)
    return section in pack.sections and section != "contents"


def cover_lines(pack: Pack, style: HouseStyle) -> tuple[tuple[str, str], ...]:
    """The labelled lines under the purpose on the cover, with the house style's labels."""
    renamed = {"Contact": style.heading("contact"), "Cleared by": style.heading("cleared-by")}
    return tuple((renamed.get(label, label), value) for label, value in pack.cover_details)


def about_rows(pack: Pack, style: HouseStyle) -> tuple[tuple[str, str], ...]:
    """The annex's table after its header row: the pack's details, what the house style left
    out to fit its pages, and the map's full licence credit."""
    rows = list(pack.about)
    if style.max_items:
        parts = [
            part
            for part, shown in (
                ("the contents", "contents" in style.sections),
                ("the locator map", style.locator_map),
            )
            if not shown
        ]
        parts += pack.left_out
        if parts:
            listed = ", ".join(parts[:-1]) + (" and " if parts[:-1] else "") + parts[-1]
            rows.append(("Left out to fit", f"{listed[0].upper()}{listed[1:]}."))
    if shows_map(pack, style):
        rows.append(("Map", ATTRIBUTION))
    return tuple(rows)
