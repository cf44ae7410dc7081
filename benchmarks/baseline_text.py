"""What the baselines of bench_packs.py print, taken from a Pack the way the app's writers take it.

Shared by the bare python-docx script, the bare reportlab script and the Markdown for Pandoc, so
the three write the same words as the app: the cover's details, the contents' entries, the key
facts' cells and the about table.
"""

from briefing_builder.pack import KeyFact, Pack

FACT_HEADERS = ("Area", "Measure", "Value", "UK", "Period", "Ref.")


def cover_details(pack: Pack) -> list[tuple[str, str]]:
    """The cover's label and value lines, as the app prints them."""
    details = [
        ("Regions covered", ", ".join(pack.regions) or "All regions"),
        ("Themes", ", ".join(pack.themes) or "All themes"),
        ("Date", f"{pack.date:%d %B %Y}"),
        ("Author", pack.author),
        ("Department", pack.department),
        ("Security marking", pack.marking or "None"),
    ]
    return [(label, value) for label, value in details if value]


def outline(pack: Pack) -> list[str]:
    """The level-1 headings after the contents, in order: the contents' entries."""
    headings = ["Key messages"] if pack.key_messages else []
    headings += ["Key facts"] if pack.key_facts else []
    return [*headings, *(group.heading for group in pack.evidence), "Sources", "About this pack"]


def fact_cells(fact: KeyFact) -> tuple[str, ...]:
    """One row of the key facts table."""
    return (fact.area, fact.measure, fact.value, fact.uk_value, fact.period, f"[{fact.reference}]")
