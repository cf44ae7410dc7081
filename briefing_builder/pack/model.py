"""The pack: the finished, format-free content of one briefing pack.

Both writers render a Pack; whatever appears in the Word pack appears in the PDF pack.
"""

import datetime as dt
from dataclasses import dataclass

from briefing_builder.catalogue import Item, Source
from briefing_builder.pack.spec import PackSpec

FORMATS = ("docx", "pdf")
"""The file formats a pack is written in: an editable Word document, a print-ready PDF."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A numbered entry of the pack's source list, cited as: Creator (year) Title. Publisher."""

    number: int
    source: Source

    @property
    def creator(self) -> str:
        """The authors, or the publisher when no author is named."""
        return ", ".join(self.source.authors) or self.source.publisher

    @property
    def year(self) -> str:
        """The year of publication, or n.d. (no date)."""
        return self.source.year or "n.d."

    @property
    def publisher(self) -> str:
        """The publisher, when it is not already the creator; else empty."""
        return self.source.publisher if self.source.authors else ""


@dataclass(frozen=True, slots=True)
class PackItem:
    """An item as it appears in the pack, with the number of its source in the reference list."""

    item: Item
    reference: int


@dataclass(frozen=True, slots=True)
class KeyFact:
    """One row of the key facts table: a statistic for an area against the UK."""

    area: str
    measure: str
    value: str
    uk_value: str
    period: str
    reference: int


@dataclass(frozen=True, slots=True)
class EvidenceSection:
    """One theme's (or one region's) findings, then its recommendations."""

    heading: str
    findings: tuple[PackItem, ...]
    recommendations: tuple[PackItem, ...]


@dataclass(frozen=True, slots=True)
class Pack:
    """Everything a writer needs to print one briefing pack, in reading order."""

    spec: PackSpec
    title: str
    purpose: str
    author: str
    department: str
    date: dt.date
    marking: str | None
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    map_regions: tuple[str, ...]
    """The ITL1 codes of every region the chosen areas cover, for the locator map."""
    sections: tuple[str, ...]
    key_messages: tuple[PackItem, ...]
    key_facts: tuple[KeyFact, ...]
    evidence: tuple[EvidenceSection, ...]
    references: tuple[Reference, ...]
    about: tuple[tuple[str, str], ...]
    generated_at: dt.datetime

    @property
    def cover_details(self) -> tuple[tuple[str, str], ...]:
        """The labelled lines under the title on the cover; empty ones are left out."""
        details = (
            ("Regions covered", ", ".join(self.regions) or "All regions"),
            ("Themes", ", ".join(self.themes) or "All themes"),
            ("Date", f"{self.date:%d %B %Y}"),
            ("Author", self.author),
            ("Department", self.department),
            ("Security marking", self.marking or "None"),
        )
        return tuple((label, value) for label, value in details if value)

    @property
    def subject(self) -> str:
        """A one-line description for document properties: the regions and themes covered."""
        regions = ", ".join(self.regions) or "All regions"
        themes = ", ".join(self.themes) or "all themes"
        return f"Briefing on {regions}: {themes}"

    @property
    def keywords(self) -> tuple[str, ...]:
        """Keywords for document properties."""
        return ("briefing", *self.regions, *self.themes)
