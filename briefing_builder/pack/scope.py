"""Where each item applies, said relative to the areas a pack is about.

An item about the chosen areas (tagged with one of them, or with an area inside one) is local and
is labelled with its own areas ("West Midlands"). An item that only matches through an area that
contains them is wider, and is labelled with that area ("The Midlands", "England", "UK-wide"), so
no national finding reads as if it were about one region.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefing_builder.catalogue import Area, Catalogue, Item, Match

UK_WIDE = "UK-wide"
_COMPASS = {"North", "South", "East", "West"}
WIDER_CONTEXT = "Wider context"


@dataclass(frozen=True, slots=True)
class Scope:
    """An item's scope label, and whether it applies only through a wider area."""

    label: str
    wider: bool


class ScopeRule:
    """Labels items relative to one set of chosen areas (none chosen: every item is local)."""

    def __init__(self, catalogue: Catalogue, chosen: Sequence[Area]) -> None:
        self._catalogue = catalogue
        self._chosen = tuple(chosen)
        self._matches = catalogue.matches(chosen) if chosen else {}

    def scope(self, item: Item) -> Scope:
        """The item's label: its local areas when it has any, else the wider areas it matches."""
        areas = [self._catalogue.area(tag) for tag in item.regions]
        if not self._chosen:
            return Scope(_joined(label_name(a) for a in _narrowest_first(areas)), wider=False)
        local = [a for a in areas if self._matches.get(a.id) in (Match.EXACT, Match.NARROWER)]
        if local:
            return Scope(_joined(label_name(a) for a in local), wider=False)
        wider = [a for a in areas if self._matches.get(a.id) is Match.WIDER]
        return Scope(_joined(label_name(a) for a in _narrowest_first(wider or areas)), wider=True)

    def wider_heading(self, items: Iterable[Item]) -> str:
        """The sub-heading over a section's wider items: "Wider context: England and the UK"."""
        areas = {
            a.id: a
            for item in items
            for a in map(self._catalogue.area, item.regions)
            if self._matches.get(a.id) is Match.WIDER
        }
        names = [in_sentence(a) for a in _narrowest_first(areas.values())]
        return f"{WIDER_CONTEXT}: {_joined(names)}" if names else WIDER_CONTEXT

    def coverage(self, items: Sequence[Item]) -> tuple[str, ...]:
        """A sentence for each chosen area that none of the items is about, so a missing area is
        named in the pack rather than silently left out."""
        notes = []
        for area in self._chosen:
            own = self._catalogue.matches([area], wider=False)
            tagged = [t for item in items for t in item.regions if t in own]
            if not tagged:
                notes.append(f"No evidence in this dataset is about {in_sentence(area)} alone.")
            elif area.kind == "group" and area.id not in tagged:
                notes.append(
                    f"No evidence in this dataset is about {in_sentence(area)} as a whole: "
                    "the items shown for it are about areas within it."
                )
        return tuple(notes)


def label_name(area: Area) -> str:
    """An area's name as a scope label: "West Midlands", "The Midlands", "UK-wide"."""
    return UK_WIDE if area.kind == "uk" else area.name


def in_sentence(area: Area) -> str:
    """An area's name inside a sentence, as GOV.UK writes it: "the UK", "the Midlands", "the
    North West" (regions named by a compass point take "the"), "London", "Wales"."""
    if area.kind == "uk":
        return "the UK"
    if area.name.startswith("The "):
        return "the " + area.name[4:]
    if area.kind == "region" and area.name.split()[0] in _COMPASS:
        return "the " + area.name
    return area.name


def _narrowest_first(areas: Iterable[Area]) -> list[Area]:
    return sorted(areas, key=lambda a: (len(a.footprint), a.name))


def _joined(names: Iterable[str]) -> str:
    """Names as a reader says them: "A", "A and B", "A, B and C"."""
    listed = list(dict.fromkeys(names))
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} and {listed[-1]}"
