"""The pack: the finished, format-free content of one briefing pack.

Both writers render a Pack; whatever appears in the Word pack appears in the PDF pack.
"""

import datetime as dt
from dataclasses import dataclass

from briefing_builder.catalogue import Item, Source
from briefing_builder.pack.authored import Authored, Block
from briefing_builder.pack.spec import PackSpec

FORMATS = ("docx", "pdf")
"""The file formats a pack is written in: an editable Word document, a print-ready PDF."""


def long_date(date: dt.date | dt.datetime) -> str:
    """A date as GOV.UK writes it: "2 December 2026"."""
    return f"{date.day} {date:%B %Y}"


@dataclass(frozen=True, slots=True)
class Reference:
    """A numbered entry of the pack's source list, cited as: Creator (year) Title. Publisher."""

    number: int
    source: Source

    @property
    def creator(self) -> str:
        """Who the source is cited as, as on every quote from it: "Bailey and Tomlinson"."""
        return self.source.cited_as

    @property
    def year(self) -> str:
        """The year of publication, or n.d. (no date)."""
        return self.source.year or "n.d."

    @property
    def publisher(self) -> str:
        """The publisher, when it is not already the creator; else empty."""
        return self.source.publisher if self.source.authors else ""


@dataclass(frozen=True, slots=True)
class Change:
    """What has changed since an item's source was published, citing the later source."""

    text: str
    reference: int


@dataclass(frozen=True, slots=True)
class PackItem:
    """An item as it appears in the pack: the number of its source in the reference list, where
    it applies relative to the pack's areas ("West Midlands", "UK-wide"), whether that is only
    through a wider area, and what has changed since its source was published."""

    item: Item
    reference: int
    scope: str = ""
    wider: bool = False
    changes: tuple[Change, ...] = ()

    @property
    def citation(self) -> str:
        """Who said it, when and where: "Bailey and Tomlinson (2021), Key findings, para 4"."""
        return f"{self.item.source.citation}, {self.item.locator}"


@dataclass(frozen=True, slots=True)
class FactTable:
    """Key facts to read across: a header row, then rows whose first cell names the row (a
    measure, or an area when the table is turned round), then numbered notes for the caveats."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EvidenceSection:
    """One theme's (or one region's) findings and recommendations about the chosen areas, then
    the wider ones under a sub-heading of their own. `note` says why a section has no items."""

    heading: str
    findings: tuple[PackItem, ...]
    recommendations: tuple[PackItem, ...]
    wider_heading: str = ""
    wider: tuple[PackItem, ...] = ()
    note: str = ""

    @property
    def items(self) -> tuple[PackItem, ...]:
        """Every item of the section in reading order."""
        return (*self.findings, *self.recommendations, *self.wider)


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
    authored: tuple[Authored, ...]
    """What the official wrote, parsed, for each authored section that has text."""
    key_facts: tuple[FactTable, ...]
    evidence: tuple[EvidenceSection, ...]
    references: tuple[Reference, ...]
    about: tuple[tuple[str, str], ...]
    generated_at: dt.datetime
    evidence_as_at: str = ""
    """The date of the newest source the pack cites, as precise as that source's date."""
    coverage: tuple[str, ...] = ()
    """A sentence for each chosen area that no item is about, so none is silently left out."""
    contact: str = ""
    cleared_by: str = ""
    left_out: tuple[str, ...] = ()
    """What the house style left out to fit its pages, a phrase each ("the items' quotes"),
    which the annex lists."""

    def blocks(self, key: str) -> tuple[Block, ...]:
        """What the official wrote for an authored section (see AUTHORED), or () for nothing."""
        return next((a.blocks for a in self.authored if a.key == key), ())

    @property
    def cover_details(self) -> tuple[tuple[str, str], ...]:
        """The labelled lines under the title and purpose on the cover; empty ones are left out."""
        details = (
            ("Date", long_date(self.date)),
            ("Security marking", self.marking or "None"),
            ("Regions covered", ", ".join(self.regions) or "All regions"),
            ("Coverage", " ".join(self.coverage)),
            ("Themes", ", ".join(self.themes) or "All themes"),
            ("Evidence as at", self.evidence_as_at),
            ("Author", self.author),
            ("Department", self.department),
            ("Contact", self.contact),
            ("Cleared by", self.cleared_by),
        )
        return tuple((label, value) for label, value in details if value)

    @property
    def item_count(self) -> int:
        """How many findings and recommendations the evidence holds."""
        return sum(len(section.items) for section in self.evidence)

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
