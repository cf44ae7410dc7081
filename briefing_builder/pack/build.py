"""build_pack: turns a pack spec and the catalogue into a Pack. Pure: no files, no clock but one."""

import datetime as dt
from collections.abc import Sequence

from briefing_builder import __version__
from briefing_builder.catalogue import Area, Catalogue, Hit, Item, Match, format_figure
from briefing_builder.errors import PackError
from briefing_builder.pack.model import EvidenceSection, KeyFact, Pack, PackItem, Reference
from briefing_builder.pack.spec import SECTIONS, PackSpec

_NO_VALUE = "\u2014"
WIDER_HEADING = "Wider context"
"""The region grouping's heading for items about an area that contains the chosen ones."""


def build_pack(
    spec: PackSpec,
    catalogue: Catalogue,
    *,
    generated_at: dt.datetime | None = None,
    preset_name: str | None = None,
) -> Pack:
    """The pack for these choices. Raises PackError if no evidence is left to put in it."""
    areas = [catalogue.area(ref) for ref in spec.regions]
    themes = [catalogue.theme(ref) for ref in spec.themes]
    hits = pack_evidence(
        catalogue.query(spec.regions, spec.themes, spec.kinds, spec.text, wider=spec.include_wider)
    )
    if not hits:
        raise PackError(_nothing_matches(spec, areas, [t.name for t in themes]))
    if spec.sections is not None and not spec.sections:
        raise PackError("every section is turned off: turn on at least one section of the pack")
    excluded = set(spec.excluded)
    chosen = in_manual_order([h for h in hits if h.item.id not in excluded], spec.order)
    if not chosen:
        raise PackError(
            f"all {len(hits)} matching items are excluded: include at least one item to make a pack"
        )
    sections = spec.sections if spec.sections is not None else SECTIONS
    items = [hit.item for hit in chosen]
    recommendations = (
        [i for i in items if i.kind == "recommendation"] if "key-messages" in sections else []
    )
    statistics = [i for i in items if i.kind == "statistic"] if "key-facts" in sections else []
    groups = _group(chosen, spec, catalogue, areas) if "evidence" in sections else []
    if not (recommendations or statistics or groups):
        raise PackError(
            f"none of the {len(items)} included item(s) has a place in this pack's sections: key "
            "messages show recommendations, key facts show statistics, and findings need the "
            "evidence section (the one-pager house style has none)"
        )

    numbers: dict[str, int] = {}
    for item in [*recommendations, *statistics, *(i for _, grouped in groups for i in grouped)]:
        numbers.setdefault(item.source.id, len(numbers) + 1)
    sources = {item.source.id: item.source for item in items}

    def cited(item: Item) -> PackItem:
        return PackItem(item, numbers[item.source.id])

    region_names = tuple(a.name for a in areas)
    theme_names = tuple(t.name for t in themes)
    generated_at = generated_at or dt.datetime.now().astimezone()
    return Pack(
        spec=spec,
        title=spec.title,
        purpose=spec.purpose,
        author=spec.author,
        department=spec.department,
        date=spec.pack_date,
        marking=None if spec.marking == "none" else spec.marking,
        regions=region_names,
        themes=theme_names,
        map_regions=tuple(
            sorted({code for a in areas for r in a.footprint if (code := catalogue.area(r).itl1)})
        ),
        sections=tuple(sections),
        key_messages=tuple(cited(i) for i in recommendations),
        key_facts=tuple(_key_fact(i, catalogue, numbers[i.source.id]) for i in statistics),
        evidence=tuple(
            EvidenceSection(
                heading=heading,
                findings=tuple(cited(i) for i in grouped if i.kind == "finding"),
                recommendations=tuple(cited(i) for i in grouped if i.kind == "recommendation"),
            )
            for heading, grouped in groups
        ),
        references=tuple(Reference(n, sources[sid]) for sid, n in numbers.items()),
        about=_about(
            spec,
            catalogue,
            region_names,
            theme_names,
            len(items),
            len(hits) - len(items),
            generated_at,
            preset_name,
        ),
        generated_at=generated_at,
    )


def missing_items(spec: PackSpec, catalogue: Catalogue) -> list[str]:
    """The ids of items the spec excludes or places that the catalogue no longer has."""
    known = {item.id for item in catalogue.items}
    return [i for i in dict.fromkeys((*spec.excluded, *spec.order)) if i not in known]


def pack_evidence(hits: Sequence[Hit]) -> list[Hit]:
    """The query's results that can go in a pack.

    Key facts are the chosen regions' own statistics, set against the UK comparator: a UK or
    England figure that only contains the chosen region repeats what the comparator says, so
    statistics that match only as wider are left out. The window shows the same list.
    """
    return [h for h in hits if not (h.item.kind == "statistic" and h.match is Match.WIDER)]


def in_manual_order(hits: Sequence[Hit], order: Sequence[str]) -> list[Hit]:
    """Items the user placed come first, in their order; the rest keep the catalogue's order."""
    position = {item_id: n for n, item_id in enumerate(order)}
    return sorted(hits, key=lambda hit: position.get(hit.item.id, len(position)))


def _group(
    hits: list[Hit], spec: PackSpec, catalogue: Catalogue, areas: list[Area]
) -> list[tuple[str, list[Item]]]:
    """Findings and recommendations under one heading each: their first chosen theme, or the
    chosen region they match best."""
    groups: dict[str, list[Item]] = {}
    if spec.group_by == "region" and areas:
        # Each item goes under the chosen area it matches best; items that only match through
        # a wider area (a group, England, the UK) go under their own heading, so no national
        # finding reads as if it were about one region.
        best: dict[str, tuple[int, int]] = {}
        for position, area in enumerate(areas):
            for hit in catalogue.query(
                [area.id], spec.themes, spec.kinds, spec.text, wider=spec.include_wider
            ):
                if hit.match is not None:
                    candidate = (hit.match.rank, position)
                    best[hit.item.id] = min(best.get(hit.item.id, candidate), candidate)
        for hit in hits:
            if hit.item.kind != "statistic":
                match_rank, position = best[hit.item.id]
                wider = match_rank == Match.WIDER.rank
                heading = WIDER_HEADING if wider else areas[position].name
                groups.setdefault(heading, []).append(hit.item)
        order = [area.name for area in areas] + [WIDER_HEADING]
        return [(name, groups[name]) for name in order if name in groups]
    if spec.group_by == "region":
        for hit in hits:
            if hit.item.kind != "statistic":
                groups.setdefault(catalogue.area(hit.item.regions[0]).name, []).append(hit.item)
        return list(groups.items())
    chosen = {catalogue.theme(ref).id for ref in spec.themes}
    for hit in hits:
        if hit.item.kind != "statistic":
            theme = next(
                t
                for t in catalogue.themes
                if t.id in hit.item.themes and (not chosen or t.id in chosen)
            )
            groups.setdefault(theme.id, []).append(hit.item)
    return [(t.name, groups[t.id]) for t in catalogue.themes if t.id in groups]


def _key_fact(item: Item, catalogue: Catalogue, reference: int) -> KeyFact:
    area = ", ".join(catalogue.area(r).name for r in item.regions)
    measure = item.title.removeprefix(f"{area}: ")
    measure = measure[:1].upper() + measure[1:]
    unit = item.unit or ""
    return KeyFact(
        area=area,
        measure=measure,
        value=format_figure(item.value, unit) if item.value is not None else _NO_VALUE,
        uk_value=format_figure(item.uk_value, unit, bare=True)
        if item.uk_value is not None
        else _NO_VALUE,
        period=item.period or "",
        reference=reference,
    )


def _about(
    spec: PackSpec,
    catalogue: Catalogue,
    regions: tuple[str, ...],
    themes: tuple[str, ...],
    included: int,
    excluded: int,
    generated_at: dt.datetime,
    preset_name: str | None,
) -> tuple[tuple[str, str], ...]:
    about = [
        ("Evidence dataset", f"version {catalogue.version}"),
        ("Regions", ", ".join(regions) or "All regions"),
        ("Themes", ", ".join(themes) or "All themes"),
        ("Kinds of evidence", ", ".join(spec.kinds) or "Findings, recommendations and statistics"),
        ("Text filter", spec.text or "None"),
        ("Wider matches", "Included" if spec.include_wider else "Left out"),
        ("Items included", str(included)),
        ("Items excluded", str(excluded)),
        ("Generated", f"{generated_at:%d %B %Y at %H:%M}"),
        ("App version", f"Briefing Builder {__version__}"),
        ("House style", spec.template),
    ]
    if preset_name:
        about.append(("Preset", preset_name))
    return tuple(about)


def _nothing_matches(spec: PackSpec, areas: list[Area], themes: list[str]) -> str:
    chosen = ", ".join(a.name for a in areas) or "all regions"
    message = f"no evidence matches this selection ({chosen}; {', '.join(themes) or 'all themes'}"
    if spec.text:
        message += f"; text {spec.text!r}"
    message += "): choose more themes or a wider region"
    if not spec.include_wider:
        message += ", or include wider matches"
    if spec.text:
        message += ", or use fewer words in the text filter"
    return message
