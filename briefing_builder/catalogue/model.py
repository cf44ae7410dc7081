"""The evidence as value objects: areas, themes, sources, items, and how an item matches a query."""

from dataclasses import dataclass
from enum import Enum

KINDS = ("finding", "recommendation", "statistic")
AREA_KINDS = ("region", "nation", "group", "uk")
BUNDLED = "Bundled"
"""Where the bundled dataset's items come from, as the window and the command line name it."""


@dataclass(frozen=True, slots=True)
class Area:
    """An area of the region vocabulary: an ITL1 region, a nation, a named group or the UK.

    `footprint` is the set of ITL1 region ids the area covers; containment between areas is
    decided by comparing footprints, so groups, nations and regions nest without special cases.
    """

    id: str
    name: str
    kind: str
    itl1: str | None
    gss: str | None
    within: tuple[str, ...]
    members: tuple[str, ...]
    footprint: frozenset[str]


@dataclass(frozen=True, slots=True)
class Theme:
    """A policy topic of the theme vocabulary."""

    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class Source:
    """A published document the evidence comes from."""

    id: str
    title: str
    publisher: str
    authors: tuple[str, ...]
    published: str | None
    url: str | None
    notes: str
    origin: str = BUNDLED
    """Where the source came from: "Bundled", "My library", or a dataset folder's name."""

    @property
    def year(self) -> str | None:
        """The year of publication, or None when the date is unknown."""
        return self.published[:4] if self.published else None

    @property
    def cited_as(self) -> str:
        """Who the source is cited as, the same in every place a pack names it: the authors'
        surnames ("Zymek", "Bailey and Tomlinson", "Zymek et al."), or the publisher."""
        surnames = [_surname(author) for author in self.authors]
        if not surnames:
            return self.publisher
        if len(surnames) > 2:
            return f"{surnames[0]} et al."
        return " and ".join(surnames)

    @property
    def citation(self) -> str:
        """The short citation with the year: "Bailey and Tomlinson (2021)"."""
        return f"{self.cited_as} ({self.year or 'n.d.'})"


def _surname(author: str) -> str:
    """An author's surname: the last word of "David Bailey", or what comes before the comma of
    "Carpenter Merritt, Ben", the way to write a surname of more than one word."""
    if "," in author:
        return author.split(",", 1)[0].strip()
    return author.rsplit(maxsplit=1)[-1] if author.split() else author


@dataclass(frozen=True, slots=True)
class Since:
    """Something that has changed since an item's source was published, such as a body closed
    or a target date passed, with the later source that records it and the words it rests on."""

    text: str
    source: Source
    locator: str
    quote: str


@dataclass(frozen=True, slots=True)
class Item:
    """One finding, recommendation or statistic taken from a source, with its quote and locator.

    A statistic also has a value, unit, period and, where it has one, the UK comparator.
    `caveat` is what a reader must know to use the item rightly, printed with it; `notes` are for
    editors only. `since` lists what has changed since the source was published.
    """

    id: str
    kind: str
    title: str
    text: str
    quote: str | None
    locator: str
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    notes: str
    source: Source
    value: float | None = None
    unit: str | None = None
    period: str | None = None
    uk_value: float | None = None
    caveat: str = ""
    since: tuple[Since, ...] = ()
    measure: str = ""
    """What a statistic measures, the same words for every area ("Employment rate, aged 16 to
    64"), so key facts line up across areas; empty for findings and recommendations."""
    retired: bool = False
    """Kept so that a preset or pack naming it can still say what it was, but found by no
    query, so it goes in no new pack."""


def format_figure(value: float, unit: str, *, bare: bool = False) -> str:
    """A figure with its unit as a reader expects it: £18,566 per head, 74.8% of people, 87.0 index.

    The number keeps the precision the dataset gives it: 87.0 stays 87.0 and 18566 stays whole.
    `bare` keeps only the unit's symbol (£18,566, 74.8%, 87.0), for a comparator beside a figure.
    """
    number = f"{value:,}"
    if unit.startswith("£"):
        return f"£{number}" + ("" if bare else unit[1:])
    if unit.startswith("%"):
        return f"{number}%" + ("" if bare else unit[1:])
    return number if bare else f"{number} {unit}"


class Match(Enum):
    """How an item's regions relate to a chosen area, best first."""

    EXACT = "exact"
    NARROWER = "narrower"
    WIDER = "wider"

    @property
    def rank(self) -> int:
        """The position in the query order: exact, then narrower, then wider."""
        return _MATCH_RANK[self]


_MATCH_RANK = {Match.EXACT: 0, Match.NARROWER: 1, Match.WIDER: 2}


@dataclass(frozen=True, slots=True)
class Hit:
    """An item that a query found, with how it matched (None when no region was chosen)."""

    item: Item
    match: Match | None
