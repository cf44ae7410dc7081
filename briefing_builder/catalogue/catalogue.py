"""The catalogue: the loaded evidence, its vocabularies, and the query over them."""

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import NamedTuple, TypeVar

from briefing_builder.catalogue.model import KINDS, Area, Hit, Item, Match, Source, Theme
from briefing_builder.errors import UnknownNameError

_DIGITS = re.compile(r"(\d+)")
_CLOSE = 0.7
_MATCH_THEN_THEME = itemgetter(0, 1)
_BY_RANK = sorted(Match, key=lambda m: m.rank)
_Named = TypeVar("_Named", Area, Theme)


class _Entry(NamedTuple):
    """An item with what the query needs precomputed: lower-cased searchable text, its kind,
    regions and themes, sort keys."""

    item: Item
    haystack: str
    kind: str
    regions: tuple[str, ...]
    theme_set: frozenset[str]
    first_theme: int


class Catalogue:
    """The evidence base: areas, themes, sources and items, queryable by region, theme and text."""

    def __init__(
        self,
        *,
        version: str,
        areas: Sequence[Area],
        themes: Sequence[Theme],
        sources: Sequence[Source],
        items: Sequence[Item],
    ) -> None:
        self.version = version
        self.areas = tuple(areas)
        self.themes = tuple(themes)
        self.sources = tuple(sources)
        self.items = tuple(item for item in items if not item.retired)
        self.retired = tuple(item for item in items if item.retired)
        """Items kept for the record: `item` finds them, `query` does not."""
        self._area_by_id = {a.id: a for a in self.areas}
        self._theme_by_id = {t.id: t for t in self.themes}
        self._item_by_id = {i.id: i for i in items}
        # Counted once: list sources asks for every source, which rescanned all items each time.
        self._counts = Counter(item.source.id for item in self.items)
        self._statistics: dict[tuple[str, str], Item] = {}
        for item in self.items:
            if item.kind == "statistic" and len(item.regions) == 1:
                self._statistics.setdefault((item.measure, item.regions[0]), item)
        self._theme_order = {t.id: n for n, t in enumerate(self.themes)}
        self._area_names = _names(self.areas, lambda a: (a.id, a.name, a.itl1, a.gss))
        self._theme_names = _names(self.themes, lambda t: (t.id, t.name))
        # Made in the order the query walks them, newest source first, then by id, with their
        # own copy of what it reads: the walk then reads memory in order, however the items were
        # made (a library's 20,000, read in another order, were queried 1.1-1.4x slower).
        in_order = sorted(
            self.items, key=lambda i: (-_date_number(i.source.published), _natural(i.id))
        )
        self._entries = [
            _Entry(
                item=item,
                haystack=" ".join(
                    (item.title, item.text, item.quote or "", item.source.title)
                ).casefold(),
                kind=item.kind,
                regions=(*item.regions,),
                theme_set=frozenset(item.themes),
                first_theme=min(self._theme_order[t] for t in item.themes),
            )
            for item in in_order
        ]

    def area(self, ref: str) -> Area:
        """The area named by an id, ITL1 code, GSS code or name, in any case."""
        return _lookup(ref, self._area_names, "region")

    def theme(self, ref: str) -> Theme:
        """The theme named by an id or name, in any case."""
        return _lookup(ref, self._theme_names, "theme")

    def kind(self, ref: str) -> str:
        """The kind named, singular or plural, in any case: finding, recommendation, statistic."""
        return _kind(ref)

    def item(self, item_id: str) -> Item:
        """The item with this id, retired or not."""
        try:
            return self._item_by_id[item_id]
        except KeyError:
            suggestions = difflib.get_close_matches(item_id, list(self._item_by_id), n=3)
            raise UnknownNameError("item", item_id, suggestions) from None

    def statistic(self, measure: str, area_id: str) -> Item | None:
        """The statistic of this measure for this one area, if the catalogue has one."""
        return self._statistics.get((measure, area_id))

    def count_items(self, source: Source) -> int:
        """How many items come from this source."""
        return self._counts[source.id]

    def query(
        self,
        regions: Iterable[str] = (),
        themes: Iterable[str] = (),
        kinds: Iterable[str] = (),
        text: str = "",
        *,
        wider: bool = True,
    ) -> list[Hit]:
        """The items that match the choices, best matches first.

        An item matches a chosen area when tagged with it (exact), with an area inside it
        (narrower), or with an area that contains it (wider; left out when `wider` is false).
        Themes and kinds match any of those chosen; none chosen means all. Every word of `text`
        must appear in the title, text, quote or source title. Order: exact, narrower, wider;
        then theme order; then newest source; then id.
        """
        chosen_areas = [self.area(ref) for ref in regions]
        chosen_themes = {self.theme(ref).id for ref in themes}
        chosen_kinds = {_kind(ref) for ref in kinds}
        words = text.casefold().split()
        rank_by_tag = {tag: m.rank for tag, m in self.matches(chosen_areas, wider=wider).items()}
        theme_order = self._theme_order
        hits: list[tuple[int, int, Hit]] = []
        for entry in self._entries:
            if chosen_kinds and entry.kind not in chosen_kinds:
                continue
            if chosen_themes and chosen_themes.isdisjoint(entry.theme_set):
                continue
            if words and not all(word in entry.haystack for word in words):
                continue
            rank = 0
            if chosen_areas:
                ranks = [rank_by_tag[tag] for tag in entry.regions if tag in rank_by_tag]
                if not ranks:
                    continue
                rank = min(ranks)
            if chosen_themes:
                first_theme = min(theme_order[t] for t in chosen_themes & entry.theme_set)
            else:
                first_theme = entry.first_theme
            match = _BY_RANK[rank] if chosen_areas else None
            hits.append((rank, first_theme, Hit(entry.item, match)))
        # Entries are kept newest source first, then by id; a stable sort on match and theme keeps
        # that order among equals, and is much cheaper than sorting on the whole key.
        hits.sort(key=_MATCH_THEN_THEME)
        return [hit for _, _, hit in hits]

    def matches(self, chosen: Sequence[Area], *, wider: bool = True) -> dict[str, Match]:
        """For each area an item may be tagged with, its best match against the chosen areas;
        areas that do not match are left out."""
        best: dict[str, Match] = {}
        for area in chosen:
            for tag in self.areas:
                if tag.id == area.id:
                    match = Match.EXACT
                elif tag.footprint < area.footprint:
                    match = Match.NARROWER
                elif wider and area.footprint < tag.footprint:
                    match = Match.WIDER
                else:
                    continue
                if tag.id not in best or match.rank < best[tag.id].rank:
                    best[tag.id] = match
        return best


def _names(
    things: Iterable[_Named], keys: Callable[[_Named], Iterable[str | None]]
) -> dict[str, _Named]:
    """Every way of naming each thing, case-folded; 'The Midlands' may also be called 'Midlands'."""
    names: dict[str, _Named] = {}
    for thing in things:
        for key in keys(thing):
            if key:
                folded = key.casefold()
                names.setdefault(folded, thing)
                if folded.startswith("the "):
                    names.setdefault(folded[4:], thing)
    return names


def _lookup(ref: str, names: dict[str, _Named], what: str) -> _Named:
    folded = ref.strip().casefold()
    try:
        return names[folded]
    except KeyError:
        raise UnknownNameError(what, ref, _suggestions(folded, names)) from None


def _suggestions(folded: str, names: Mapping[str, Area | Theme]) -> list[str]:
    """The names closest to a mistyped one: compared whole and word by word, best first."""
    scores: dict[str, float] = {}
    for spelling, thing in names.items():
        candidates = [spelling, *spelling.split()]
        score = max(difflib.SequenceMatcher(None, folded, c).ratio() for c in candidates)
        if folded and folded in spelling:
            score = max(score, 0.9)
        if score >= _CLOSE:
            scores[thing.name] = max(scores.get(thing.name, 0.0), score)
    best = max(scores.values(), default=0.0)
    ranked = sorted(scores, key=lambda name: -scores[name])
    return [name for name in ranked if scores[name] >= best - 0.1][:3]


def _kind(ref: str) -> str:
    folded = ref.strip().casefold()
    for kind in KINDS:
        if folded in (kind, kind + "s"):
            return kind
    close = difflib.get_close_matches(folded, KINDS, n=1, cutoff=0.5)
    raise UnknownNameError("kind", ref, close or list(KINDS))


def _date_number(published: str | None) -> int:
    """A published date as a sortable number: 2021-09-14 -> 20210914, 2021 -> 20210000."""
    if not published:
        return 0
    parts = [*published.split("-"), "00", "00"][:3]
    return int("".join(parts))


def _natural(item_id: str) -> tuple[tuple[int, str], ...]:
    """A sort key that puts 'mission-2' before 'mission-10'."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in _DIGITS.split(item_id) if part
    )
