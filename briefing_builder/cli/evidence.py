"""list and query: the regions, themes, sources and house styles, and the matching evidence."""

import argparse
import sys
from typing import Any

from briefing_builder.catalogue import Catalogue, Hit, Item, Source, format_figure
from briefing_builder.cli.options import add_dataset_option, add_selection_options, load_for
from briefing_builder.cli.output import print_json, print_table
from briefing_builder.pack.scope import ScopeRule


def register(commands: Any) -> None:
    """Adds the list and query commands."""
    listing = commands.add_parser("list", help="list the regions, themes, sources or templates")
    listing.add_argument(
        "what",
        choices=("regions", "themes", "sources", "templates"),
        metavar="regions|themes|sources|templates",
        help="the areas you can choose, the policy themes, the documents the evidence is from, "
        "or the house styles for packs",
    )
    add_dataset_option(listing)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=run_list, parser=listing)

    query = commands.add_parser("query", help="list the evidence that matches a selection")
    add_selection_options(query)
    add_dataset_option(query)
    query.add_argument("--json", action="store_true", help="print JSON instead of a table")
    query.set_defaults(run=run_query, parser=query)


def run_list(args: argparse.Namespace) -> int:
    if args.what == "templates":
        return _list_templates(args)
    catalogue = load_for(args)
    records: list[dict[str, Any]]
    table: list[tuple[str, ...]]
    headers: tuple[str, ...]
    if args.what == "regions":
        records = [
            {"id": a.id, "name": a.name, "kind": a.kind, "itl1": a.itl1, "gss": a.gss}
            for a in catalogue.areas
        ]
        table = [(r["id"], r["name"], r["kind"], r["itl1"] or "", r["gss"] or "") for r in records]
        headers, wrap = ("ID", "NAME", "KIND", "ITL1", "GSS"), 1
    elif args.what == "themes":
        records = [
            {"id": t.id, "name": t.name, "description": t.description} for t in catalogue.themes
        ]
        table = [(r["id"], r["name"], r["description"]) for r in records]
        headers, wrap = ("ID", "NAME", "DESCRIPTION"), -1
    else:
        records = [
            {**_source_json(s), "items": catalogue.count_items(s)} for s in catalogue.sources
        ]
        table = [
            (s.id, s.year or "n.d.", str(r["items"]), f"{s.title}. {s.publisher}")
            for s, r in zip(catalogue.sources, records, strict=True)
        ]
        headers, wrap = ("ID", "YEAR", "ITEMS", "TITLE AND PUBLISHER"), -1
    if args.json:
        print_json(records)
    else:
        print_table(headers, table, wrap)
    return 0


def _list_templates(args: argparse.Namespace) -> int:
    from briefing_builder.render import style_entries  # noqa: PLC0415 - loaded only when needed

    entries = style_entries()
    records: list[dict[str, Any]] = [
        {
            "name": e.style.name,
            "title": e.style.title,
            "description": e.style.description,
            "sections": list(e.style.sections),
            "folder": str(e.folder),
        }
        if e.style
        else {"name": e.name, "folder": str(e.folder), "error": e.error}
        for e in entries
    ]
    if args.json:
        print_json(records)
    else:
        print_table(
            ("NAME", "DESCRIPTION"),
            [
                (e.name, f"{e.style.title}: {e.style.description}")
                if e.style
                else (e.name, f"cannot be used: {e.error}")
                for e in entries
            ],
        )
    return 0


def run_query(args: argparse.Namespace) -> int:
    catalogue = load_for(args)
    text = args.text or ""
    hits = catalogue.query(args.region, args.theme, args.kind, text, wider=args.wider is not False)
    rule = ScopeRule(catalogue, [catalogue.area(r) for r in args.region or ()])
    if args.json:
        print_json([_hit_json(hit, rule) for hit in hits])
        return 0
    if not hits:
        print(_nothing_found(catalogue, args), file=sys.stderr)
        return 0
    rows = [(hit.item.id, hit.item.kind, _summary(hit.item)) for hit in hits]
    if args.region:
        print_table(
            ("ID", "KIND", "APPLIES TO", "TITLE AND SOURCE"),
            [(i, k, _applies_to(hit, rule), t) for (i, k, t), hit in zip(rows, hits, strict=True)],
        )
    else:
        print_table(("ID", "KIND", "TITLE AND SOURCE"), rows)
    print(f"\n{len(hits)} item(s)")
    return 0


def _applies_to(hit: Hit, rule: ScopeRule) -> str:
    """Where the item applies, marked when that is only through a wider area."""
    scope = rule.scope(hit.item)
    return f"{scope.label} (wider)" if scope.wider else scope.label


def _summary(item: Item) -> str:
    """The item's title, its figure against the UK for a statistic, and its source."""
    text = item.title
    if item.value is not None and item.unit:
        text += f": {format_figure(item.value, item.unit)}"
        if item.uk_value is not None:
            text += f" (UK {format_figure(item.uk_value, item.unit, bare=True)})"
    return f"{text}. ({item.source.citation})"


def _nothing_found(catalogue: Catalogue, args: argparse.Namespace) -> str:
    loosen = [
        option
        for option, given in (
            ("fewer --theme", args.theme),
            ("fewer --kind", args.kind),
            ("fewer words in --text", (args.text or "").split()),
            ("no --no-wider", args.wider is False),
            ("a wider --region", args.region),
        )
        if given
    ]
    return (
        f"No items match this selection ({len(catalogue.items)} in the dataset). "
        f"Try {', or '.join(loosen)}."
    )


def _source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published,
        "url": source.url,
        "from": source.origin,
    }


def _hit_json(hit: Hit, rule: ScopeRule) -> dict[str, Any]:
    item = hit.item
    scope = rule.scope(item)
    record: dict[str, Any] = {
        "id": item.id,
        "kind": item.kind,
        "title": item.title,
        "text": item.text,
        "quote": item.quote,
        "locator": item.locator,
        "regions": list(item.regions),
        "themes": list(item.themes),
        "match": hit.match.value if hit.match else None,
        "applies_to": scope.label,
        "wider": scope.wider,
        "caveat": item.caveat,
        "since": [
            {
                "text": s.text,
                "locator": s.locator,
                "quote": s.quote,
                "source": _source_json(s.source),
            }
            for s in item.since
        ],
        "notes": item.notes,
        "source": _source_json(item.source),
    }
    if item.kind == "statistic":
        record.update(
            measure=item.measure,
            value=item.value,
            unit=item.unit,
            period=item.period,
            uk_value=item.uk_value,
        )
    return record
