"""build_pack: turns a pack spec and the catalogue into a Pack. Pure: no files, no clock but one."""

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from briefing_builder import __version__
from briefing_builder.catalogue import Area, Catalogue, Hit, Item, Match, Source
from briefing_builder.errors import PackError, UnknownNameError
from briefing_builder.pack.authored import (
    AUTHORED,
    Authored,
    citation_error,
    cited_ids,
    parse_markdown,
)
from briefing_builder.pack.key_facts import fact_tables
from briefing_builder.pack.model import (
    Change,
    EvidenceSection,
    Pack,
    PackItem,
    Reference,
    long_date,
)
from briefing_builder.pack.scope import WIDER_CONTEXT, ScopeRule, in_sentence
from briefing_builder.pack.spec import SECTIONS, PackSpec

REGION_FIELD = "{region}"
"""In a title, replaced by the region's name in each pack of a set made one per region."""
NO_PURPOSE = (
    "the brief has no purpose: say in a sentence or two what it is for and who it is for "
    "(the Purpose box, or --purpose TEXT or --section purpose=FILE)"
)
_SECTION_OF = {
    "summary": "key-messages",
    "points": "points",
    "background": "background",
    "handling": "handling",
    "purpose": "cover",
}
"""The pack section that prints each authored text."""
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Fit:
    """How a house style fits its pages: at most `items` findings and recommendations (0: all),
    with or without their quotes; `style` names it in the annex."""

    style: str
    items: int = 0
    quotes: bool = True


def empty_pack_reason(items: Sequence[Item], sections: Collection[str]) -> str:
    """Why a pack of these included items in these sections would hold no evidence, or "".

    The window asks this on every change, to turn export off with the reason.
    """
    if not sections:
        return "every section is turned off: turn on at least one section of the pack"
    if not items:
        return "nothing is included: include at least one item to make a pack"
    placed = "evidence" in sections or (
        "key-facts" in sections and any(i.kind == "statistic" for i in items)
    )
    if placed:
        return ""
    return (
        f"none of the {len(items)} included item(s) has a place in this pack's sections: key "
        "facts show statistics, and findings and recommendations need the evidence section: "
        "turn it on, or choose a house style that has it"
    )


def chosen_items(spec: PackSpec, catalogue: Catalogue, fit: Fit | None = None) -> list[Item]:
    """The items a pack of this spec holds, in the pack's order: all of them, or those a house
    style that must `fit` its pages keeps, citations aside (what to draft key messages from)."""
    hits = _chosen(spec, _matching(spec, catalogue))
    if fit:
        hits, _ = _limited(
            hits, spec.with_changes(summary="", points="", background="", handling=""), fit
        )
    return [hit.item for hit in hits]


def _matching(spec: PackSpec, catalogue: Catalogue) -> list[Hit]:
    return pack_evidence(
        catalogue.query(spec.regions, spec.themes, spec.kinds, spec.text, wider=spec.include_wider)
    )


def _chosen(spec: PackSpec, hits: Sequence[Hit]) -> list[Hit]:
    excluded = set(spec.excluded)
    return in_manual_order([h for h in hits if h.item.id not in excluded], spec.order)


def citation_problem(spec: PackSpec, catalogue: Catalogue, items: Collection[Item]) -> str:
    """What is wrong with the authored sections' citations of these included items, or ""."""
    ids = {item.id for item in items}

    def check(section: str) -> Callable[[str], int]:
        def cite(item_id: str) -> int:
            if item_id not in ids:
                raise citation_error(section, item_id, _known(catalogue, item_id))
            return 0

        return cite

    try:
        for key in AUTHORED:
            parse_markdown(getattr(spec, key), check(key))
    except PackError as error:
        return str(error)
    return ""


def build_pack(
    spec: PackSpec,
    catalogue: Catalogue,
    *,
    generated_at: dt.datetime | None = None,
    preset_name: str | None = None,
    fit: Fit | None = None,
    preview: bool = False,
) -> Pack:
    """The pack for these choices. Raises PackError if no evidence is left to put in it, if the
    brief has no purpose (unless it is a `preview`) or if a citation names an item it lacks.

    To `fit` a house style's pages, findings and recommendations past its limit are left out
    (the cited ones kept), quotes too if it says so, the annex is shorter and says what was left.
    """
    if not spec.purpose.strip() and not preview:
        raise PackError(NO_PURPOSE)
    areas = [catalogue.area(ref) for ref in spec.regions]
    themes = [catalogue.theme(ref) for ref in spec.themes]
    hits = _matching(spec, catalogue)
    if not hits:
        raise PackError(_nothing_matches(spec, areas, [t.name for t in themes]))
    if spec.sections is not None and not spec.sections:
        raise PackError("every section is turned off: turn on at least one section of the pack")
    chosen = _chosen(spec, hits)
    if not chosen:
        raise PackError(
            f"all {len(hits)} matching items are excluded: include at least one item to make a pack"
        )
    sections = spec.sections if spec.sections is not None else SECTIONS
    items = [hit.item for hit in chosen]
    empty = empty_pack_reason(items, sections)
    if empty:
        raise PackError(empty)
    problem = citation_problem(spec, catalogue, items)
    if problem:
        raise PackError(problem)
    excluded = len(hits) - len(chosen)
    chosen, left_out = _limited(chosen, spec, fit)
    if fit and not fit.quotes:
        chosen = [Hit(replace(h.item, quote=None), h.match) for h in chosen]
        left_out = ("the items' quotes", *left_out)
    items = [hit.item for hit in chosen]
    statistics = [i for i in items if i.kind == "statistic"] if "key-facts" in sections else []
    rule = ScopeRule(catalogue, areas)
    groups = _group(chosen, spec, catalogue, areas) if "evidence" in sections else []
    by_id = {item.id: item for item in items}

    # Sources are numbered in reading order: key messages, key facts, then the evidence; each
    # item's own source comes before the later sources that say what has changed since.
    numbers: dict[str, int] = {}
    sources: dict[str, Source] = {}

    def number(source: Source) -> int:
        sources.setdefault(source.id, source)
        return numbers.setdefault(source.id, len(numbers) + 1)

    def cited(item: Item) -> PackItem:
        reference = number(item.source)
        scope = rule.scope(item)
        changes = tuple(Change(s.text, number(s.source)) for s in item.since)
        return PackItem(item, reference, scope.label, scope.wider, changes)

    def cite(item_id: str) -> int:
        return number(by_id[item_id].source)

    written = _authored(spec, sections, cite, "purpose", "summary", "points")
    key_facts = fact_tables(statistics, catalogue, lambda item: number(item.source))
    written += _authored(spec, sections, cite, "background")
    evidence = tuple(_section(heading, grouped, rule, cited) for heading, grouped in groups)
    written += _authored(spec, sections, cite, "handling")
    if spec.group_by == "region":
        evidence = _with_empty_regions(evidence, areas, rule, items)

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
        authored=tuple(written),
        key_facts=key_facts,
        evidence=evidence,
        references=tuple(Reference(n, sources[sid]) for sid, n in numbers.items()),
        about=_about(
            spec,
            catalogue,
            region_names,
            theme_names,
            len(items),
            excluded,
            generated_at,
            preset_name,
            compact=fit is not None,
        ),
        generated_at=generated_at,
        evidence_as_at=_as_at(sources.values()),
        coverage=rule.coverage(items),
        contact=spec.contact,
        cleared_by=spec.cleared_by,
        left_out=left_out,
    )


def _authored(
    spec: PackSpec, sections: Collection[str], cite: Callable[[str], int], *keys: str
) -> list[Authored]:
    """The official's sections that have text and a place in the pack, parsed, citations
    numbered in reading order."""
    parsed = []
    for key in keys:
        text = getattr(spec, key)
        if text.strip() and (key == "purpose" or _SECTION_OF[key] in sections):
            blocks = parse_markdown(text, cite)
            if blocks:
                parsed.append(Authored(key, blocks))
    return parsed


def _known(catalogue: Catalogue, item_id: str) -> Item | None:
    try:
        return catalogue.item(item_id)
    except UnknownNameError:
        return None


def _limited(hits: list[Hit], spec: PackSpec, fit: Fit | None) -> tuple[list[Hit], tuple[str, ...]]:
    """The hits a house style with an item limit keeps, and what it says of the rest.

    Statistics (one line each in the key facts) are all kept. Of the findings and
    recommendations, the cited ones come first, then those about the chosen areas themselves,
    then the wider ones, each in the pack's order; past the limit, the rest are left out.
    """
    ranked = [h for h in hits if h.item.kind != "statistic"]
    limit = fit.items if fit else 0
    if not fit or not limit or len(ranked) <= limit:
        return hits, ()
    cited = {i for key in AUTHORED for i in cited_ids(getattr(spec, key))}
    ranked.sort(key=lambda h: (h.item.id not in cited, h.match is Match.WIDER))
    # What the official cites stays, even past the limit.
    dropped = {h.item.id for h in ranked[limit:] if h.item.id not in cited}
    if not dropped:
        return hits, ()
    kept = [h for h in hits if h.item.id not in dropped]
    note = (
        f"{len(dropped)} finding(s) and recommendation(s): not cited, about a wider area or "
        "later in your order"
    )
    return kept, (note,)


def title_for_region(title: str, region: str) -> str:
    """The title of one pack of a set made one per region: `{region}` in the title is replaced
    by the region's name; a title without it gets ": <region>" after it."""
    if REGION_FIELD in title:
        return title.replace(REGION_FIELD, region)
    return f"{title}: {region}"


def spec_for_region(spec: PackSpec, area: Area) -> PackSpec:
    """The spec of one pack of a set made one per region: that region alone, titled for it."""
    return spec.with_changes(regions=(area.id,), title=title_for_region(spec.title, area.name))


def missing_items(spec: PackSpec, catalogue: Catalogue) -> list[str]:
    """The ids of items the spec excludes or places that the catalogue no longer has."""
    known = {item.id for item in (*catalogue.items, *catalogue.retired)}
    return [i for i in dict.fromkeys((*spec.excluded, *spec.order)) if i not in known]


def retired_items(spec: PackSpec, catalogue: Catalogue) -> list[Item]:
    """The retired items the spec excludes or places: kept, so they can be named, but in no
    new pack."""
    retired = {item.id: item for item in catalogue.retired}
    return [retired[i] for i in dict.fromkeys((*spec.excluded, *spec.order)) if i in retired]


def pack_evidence(hits: Sequence[Hit]) -> list[Hit]:
    """The query's results that can go in a pack.

    Key facts are the chosen regions' own statistics, set against the UK comparator: a UK or
    England figure that only contains the chosen region repeats what the comparator says, so
    statistics that match only as wider are left out. The window shows the same list.
    """
    return [h for h in hits if not (h.item.kind == "statistic" and h.match is Match.WIDER)]


def in_manual_order(hits: Sequence[Hit], order: Sequence[str]) -> list[Hit]:
    """Items the user placed come first, in their order; the rest keep the catalogue's order.
    With no order set, the hits as they are: sorting 20,000 of them by nothing was a sixth of
    the window's refresh."""
    if not order:
        return list(hits)
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
                heading = WIDER_CONTEXT if wider else areas[position].name
                groups.setdefault(heading, []).append(hit.item)
        order = [area.name for area in areas] + [WIDER_CONTEXT]
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


def _section(
    heading: str, items: list[Item], rule: ScopeRule, cited: Callable[[Item], PackItem]
) -> EvidenceSection:
    """A section's items about the chosen areas, then the wider ones under their sub-heading,
    findings before recommendations in each. Items are cited in that order, the order they are
    read in, so the sources are numbered as a reader meets them."""
    if heading == WIDER_CONTEXT:
        # Grouped by region, the wider items have a section of their own, named for what it holds.
        heading = rule.wider_heading(items)
        local, wider = items, []
    else:
        local = [i for i in items if not rule.scope(i).wider]
        wider = [i for i in items if rule.scope(i).wider]
    wider.sort(key=lambda i: i.kind != "finding")
    findings = tuple(cited(i) for i in local if i.kind == "finding")
    recommendations = tuple(cited(i) for i in local if i.kind == "recommendation")
    return EvidenceSection(
        heading=heading,
        findings=findings,
        recommendations=recommendations,
        wider_heading=rule.wider_heading(wider) if wider else "",
        wider=tuple(cited(i) for i in wider),
    )


def _with_empty_regions(
    evidence: tuple[EvidenceSection, ...], areas: list[Area], rule: ScopeRule, items: list[Item]
) -> tuple[EvidenceSection, ...]:
    """Grouped by region, a chosen region with no items of its own still gets its section,
    saying so, in its place among the chosen regions."""
    by_heading = {section.heading: section for section in evidence}
    ordered = []
    for area in areas:
        if area.name in by_heading:
            ordered.append(by_heading.pop(area.name))
        else:
            ordered.append(
                EvidenceSection(
                    heading=area.name,
                    findings=(),
                    recommendations=(),
                    note=f"No evidence in this dataset is about {in_sentence(area)} alone"
                    + (
                        f"; see {WIDER_CONTEXT} for evidence about larger areas."
                        if any(rule.scope(i).wider for i in items if i.kind != "statistic")
                        else "."
                    ),
                )
            )
    return (*ordered, *by_heading.values())


def _as_at(sources: Iterable[Source]) -> str:
    """The date of the newest source, as precise as it is given: 2024, March 2024, 21 March 2024."""
    dates = [s.published for s in sources if s.published]
    if not dates:
        return ""
    newest = max(dates, key=lambda d: [*map(int, d.split("-")), 0, 0][:3])
    parts = newest.split("-")
    if len(parts) == 1:
        return parts[0]
    month = _MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _about(
    spec: PackSpec,
    catalogue: Catalogue,
    regions: tuple[str, ...],
    themes: tuple[str, ...],
    included: int,
    excluded: int,
    generated_at: dt.datetime,
    preset_name: str | None,
    *,
    compact: bool,
) -> tuple[tuple[str, str], ...]:
    if compact:
        kinds = ", ".join(spec.kinds) or "findings, recommendations and statistics"
        choices = [
            ", ".join(regions) or "All regions",
            ", ".join(themes) or "all themes",
            kinds,
            f"text filter {spec.text!r}" if spec.text else "no text filter",
            "wider matches included" if spec.include_wider else "wider matches left out",
            f"{included} items included, {excluded} left out by you",
        ]
        made = (
            f"made {long_date(generated_at)} at {generated_at:%H:%M} by Briefing Builder "
            f"{__version__} in the {spec.template} style"
            + (f" from the preset {preset_name}" if preset_name else "")
        )
        return (
            ("Made from", f"Dataset version {catalogue.version}; {'; '.join(choices)}; {made}"),
        )
    about = [
        ("Evidence dataset", f"version {catalogue.version}"),
        ("Regions", ", ".join(regions) or "All regions"),
        ("Themes", ", ".join(themes) or "All themes"),
        ("Kinds of evidence", ", ".join(spec.kinds) or "Findings, recommendations and statistics"),
        ("Text filter", spec.text or "None"),
        ("Wider matches", "Included" if spec.include_wider else "Left out"),
        ("Items included", str(included)),
        ("Items excluded", str(excluded)),
        ("Generated", f"{long_date(generated_at)} at {generated_at:%H:%M}"),
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
