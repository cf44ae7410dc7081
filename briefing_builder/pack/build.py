"""build_pack: turns a pack spec and the catalogue into a Pack. Pure: no files, no clock but one."""

import datetime as dt
from collections.abc import Sequence

from briefing_builder import __version__
from briefing_builder.catalogue import Area, Catalogue, Hit, Item, Match, format_figure
from briefing_builder.errors import PackError
from briefing_builder.pack.model import EvidenceSection, KeyFact, Pack, PackItem, Reference
from briefing_builder.pack.spec import SECTIONS, PackSpec

_NO_VALUE = "\u2014"


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
    hits = catalogue.query(
        spec.regions, spec.themes, spec.kinds, spec.text, wider=spec.include_wider
    )
    if not hits:
        raise PackError(_nothing_matches(spec, areas, [t.name for t in themes]))
    # Key facts are the chosen regions' own statistics, set against the UK comparator; a UK or
    # England figure that merely contains the region would repeat what the comparator says.
    hits = [h for h in hits if not (h.item.kind == "statistic" and h.match is Match.WIDER)]
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


def in_manual_order(hits: Sequence[Hit], order: Sequence[str]) -> list[Hit]:
    """Items the user placed come first, in their order; the rest keep the catalogue's order."""
    position = {item_id: n for n, item_id in enumerate(order)}
    return sorted(hits, key=lambda hit: position.get(hit.item.id, len(position)))


def _group(
    hits: list[Hit], spec: PackSpec, catalogue: Catalogue, areas: list[Area]
) -> list[tuple[str, list[Item]]]:
    """Findings and recommendations under one heading each: their first theme, or first region."""
    groups: dict[str, list[Item]] = {}
    if spec.group_by == "region" and areas:
        matching = [
            (
                area.name,
                {
                    h.item.id
                    for h in catalogue.query(
                        [area.id], spec.themes, spec.kinds, spec.text, wider=spec.include_wider
                    )
                },
            )
            for area in areas
        ]
        for hit in hits:
            if hit.item.kind != "statistic":
                heading = next(name for name, ids in matching if hit.item.id in ids)
                groups.setdefault(heading, []).append(hit.item)
        return [(name, groups[name]) for name, _ in matching if name in groups]
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
