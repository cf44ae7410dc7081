"""What the baselines of bench_packs.py print, taken from a Pack the way the app's writers take it.

Shared by the bare python-docx script, the bare reportlab script and the Markdown for Pandoc, so
the three write the same words as the app: the cover's details, the contents' entries, the key
facts' cells and the about table.
"""

from briefing_builder.pack import EvidenceSection, Pack, PackItem, long_date


def cover_details(pack: Pack) -> list[tuple[str, str]]:
    """The cover's label and value lines, as the app prints them."""
    details = [
        ("Regions covered", ", ".join(pack.regions) or "All regions"),
        ("Coverage", " ".join(pack.coverage)),
        ("Themes", ", ".join(pack.themes) or "All themes"),
        ("Date", long_date(pack.date)),
        ("Evidence as at", pack.evidence_as_at),
        ("Author", pack.author),
        ("Department", pack.department),
        ("Security marking", pack.marking or "None"),
    ]
    return [(label, value) for label, value in details if value]


def outline(pack: Pack) -> list[str]:
    """The level-1 headings after the contents, in order: the contents' entries."""
    headings = ["Key facts"] if pack.key_facts else []
    return [*headings, *(group.heading for group in pack.evidence), "Sources", "About this pack"]


def parts(group: EvidenceSection) -> list[tuple[str, tuple[PackItem, ...]]]:
    """A section's sub-headings with their items: findings, recommendations, the wider ones."""
    return [
        ("Findings", group.findings),
        ("Recommendations", group.recommendations),
        (group.wider_heading, group.wider),
    ]


def scope_line(cited: PackItem) -> str:
    """The line over an item's text: its kind and where it applies."""
    return f"{cited.item.kind.capitalize()} \u00b7 Applies to: {cited.scope}"


def changes(cited: PackItem) -> list[str]:
    """What has changed since the item's source was published, a line each."""
    return [f"Since publication: {c.text} [{c.reference}]" for c in cited.changes]


def after_text(cited: PackItem) -> list[str]:
    """The lines after an item's quote: its caveat and what has changed since."""
    return ([f"Caveat: {cited.item.caveat}"] if cited.item.caveat else []) + changes(cited)
