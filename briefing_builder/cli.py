"""The command line: the same operations as the window, without one.

With no command it starts the app. Every other command leaves Qt unloaded, so it starts fast
and runs on machines without a display.
"""

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from briefing_builder import __version__
from briefing_builder.catalogue import (
    Catalogue,
    Hit,
    Item,
    Source,
    dataset_version,
    format_figure,
    load_catalogue,
)
from briefing_builder.errors import BriefingError, ExportError
from briefing_builder.pack import GROUPINGS, MARKINGS, PackSpec

FORMATS = ("docx", "pdf")

WIDTH = 100
_GAP = "  "


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line and returns the exit status: 0 done, 2 a user's mistake."""
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        # Reported by the command's own parser, so the usage shown is the command's.
        getattr(args, "parser", parser).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        if args.version:
            print(f"briefing-builder {__version__}, dataset {dataset_version()}")
            return 0
        if args.command is None:
            from briefing_builder.gui.app import run_app  # noqa: PLC0415 - Qt only for the app

            return run_app()
        status: int = args.run(args)
    except BriefingError as error:
        print(f"briefing-builder: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    return status


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-builder",
        description="Cited briefing packs on UK regions. With no command, starts the app.",
    )
    parser.add_argument("--version", action="store_true", help="show the app and dataset versions")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="list the regions, themes, sources or templates")
    listing.add_argument(
        "what",
        choices=("regions", "themes", "sources", "templates"),
        metavar="regions|themes|sources|templates",
        help="the areas you can choose, the policy themes, the documents the evidence is from, "
        "or the house styles for packs",
    )
    _add_output_options(listing)
    listing.set_defaults(run=_run_list, parser=listing)

    query = commands.add_parser("query", help="list the evidence that matches a selection")
    _add_selection_options(query)
    _add_output_options(query)
    query.set_defaults(run=_run_query, parser=query)

    build = commands.add_parser("build", help="write a briefing pack as Word, PDF or both")
    _add_selection_options(build)
    _add_pack_options(build)
    build.add_argument(
        "--format",
        action="append",
        default=[],
        choices=FORMATS,
        help="docx or pdf (repeatable); by default taken from the extension of --output",
    )
    build.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        help="the file to write; with two --format options, a path without extension",
    )
    build.add_argument(
        "--dataset",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of extra source files to load with the bundled dataset (repeatable)",
    )
    build.add_argument("--force", action="store_true", help="replace files that already exist")
    build.set_defaults(run=_run_build, parser=build)
    return parser


def _add_selection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="R",
        help="an area: id, ITL1 code, GSS code or name (repeatable)",
    )
    parser.add_argument(
        "--theme",
        action="append",
        default=[],
        metavar="T",
        help="a theme: id or name (repeatable; none means all)",
    )
    parser.add_argument(
        "--kind",
        action="append",
        default=[],
        metavar="K",
        help="finding, recommendation or statistic (repeatable; none means all)",
    )
    parser.add_argument(
        "--text",
        default="",
        metavar="WORDS",
        help="every word must appear in the title, text, quote or source title",
    )
    parser.add_argument(
        "--no-wider",
        dest="wider",
        action="store_false",
        help="leave out items tagged only with a wider area (a group, England, the UK)",
    )


def _add_pack_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="ITEM_ID",
        help="leave an item out (repeatable)",
    )
    parser.add_argument("--title", default="Briefing pack", metavar="TEXT", help="the pack's title")
    parser.add_argument("--purpose", default="", metavar="TEXT", help="what the pack is for")
    parser.add_argument("--author", default="", metavar="TEXT", help="who prepared it")
    parser.add_argument(
        "--department", default="", metavar="TEXT", help="the author's organisation"
    )
    parser.add_argument(
        "--marking",
        default="OFFICIAL",
        choices=MARKINGS,
        help="the security marking printed at the top and bottom of every page (default OFFICIAL)",
    )
    parser.add_argument(
        "--template",
        default="standard",
        metavar="NAME",
        help="the house style (see: list templates)",
    )
    parser.add_argument(
        "--group-by",
        default="theme",
        choices=GROUPINGS,
        help="one evidence section per theme (default) or per region",
    )


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    """--dataset and --json, for the commands that print."""
    parser.add_argument(
        "--dataset",
        action="append",
        default=[],
        metavar="DIR",
        help="a folder of extra source files to load with the bundled dataset (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _run_list(args: argparse.Namespace) -> int:
    if args.what == "templates":
        return _list_templates(args)
    catalogue = load_catalogue(args.dataset)
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
        _print_json(records)
    else:
        _print_table(headers, table, wrap)
    return 0


def _list_templates(args: argparse.Namespace) -> int:
    from briefing_builder.render import available_styles, read_style  # noqa: PLC0415 - see _run_build

    styles = [read_style(folder) for folder in available_styles().values()]
    records = [
        {
            "name": s.name,
            "title": s.title,
            "description": s.description,
            "sections": list(s.sections),
            "folder": str(s.folder),
        }
        for s in styles
    ]
    if args.json:
        _print_json(records)
    else:
        _print_table(
            ("NAME", "DESCRIPTION"), [(s.name, f"{s.title}: {s.description}") for s in styles]
        )
    return 0


def _run_build(args: argparse.Namespace) -> int:
    # The writers (python-docx, reportlab) load only here, so query and list stay quick to start.
    from briefing_builder.pack import build_pack  # noqa: PLC0415
    from briefing_builder.render import load_style, write_docx, write_pdf  # noqa: PLC0415

    destinations = _destinations(args.output, args.format)
    if not args.force:
        existing = [str(path) for path in destinations.values() if path.exists()]
        if existing:
            verb = "exists" if len(existing) == 1 else "exist"
            raise ExportError(f"{' and '.join(existing)} already {verb}: use --force to replace")
    catalogue = load_catalogue(args.dataset)
    style = load_style(args.template)
    for item_id in args.exclude:
        catalogue.item(item_id)
    spec = PackSpec(
        regions=tuple(catalogue.area(ref).id for ref in args.region),
        themes=tuple(catalogue.theme(ref).id for ref in args.theme),
        kinds=tuple(args.kind),
        text=args.text,
        include_wider=args.wider,
        excluded=tuple(args.exclude),
        title=args.title,
        purpose=args.purpose,
        author=args.author,
        department=args.department,
        marking=args.marking,
        template=args.template,
        group_by=args.group_by,
    )
    pack = build_pack(spec.with_changes(sections=style.sections), catalogue)
    writers = {"docx": write_docx, "pdf": write_pdf}
    for kind, path in destinations.items():
        print(writers[kind](pack, style, path))
    return 0


def _destinations(output: str, formats: Sequence[str]) -> dict[str, Path]:
    """Where each format goes: --output as given for one format, with an extension for two."""
    path = Path(output)
    extension = path.suffix.lower().lstrip(".")
    chosen = list(dict.fromkeys(formats))
    if len(chosen) > 1:
        if extension in FORMATS:
            raise ExportError(
                f"with two --format options, give --output without an extension (not {output})"
            )
        return {kind: path.with_name(f"{path.name}.{kind}") for kind in chosen}
    if chosen:
        kind = chosen[0]
        if extension and extension != kind:
            raise ExportError(f"--output {output} does not end in .{kind}, the --format asked for")
        return {kind: path if extension else path.with_name(f"{path.name}.{kind}")}
    if extension not in FORMATS:
        raise ExportError(f"--output {output} should end in .docx or .pdf, or give --format")
    return {extension: path}


def _run_query(args: argparse.Namespace) -> int:
    catalogue = load_catalogue(args.dataset)
    hits = catalogue.query(args.region, args.theme, args.kind, args.text, wider=args.wider)
    if args.json:
        _print_json([_hit_json(hit) for hit in hits])
        return 0
    if not hits:
        print(_nothing_found(catalogue, args), file=sys.stderr)
        return 0
    rows = [(hit.item.id, hit.item.kind, _summary(hit.item)) for hit in hits]
    if args.region:
        _print_table(
            ("ID", "KIND", "MATCH", "TITLE AND SOURCE"),
            [
                (i, k, hit.match.value if hit.match else "", t)
                for (i, k, t), hit in zip(rows, hits, strict=True)
            ],
        )
    else:
        _print_table(("ID", "KIND", "TITLE AND SOURCE"), rows)
    print(f"\n{len(hits)} item(s)")
    return 0


def _summary(item: Item) -> str:
    """The item's title, its figure against the UK for a statistic, and its source."""
    text = item.title
    if item.value is not None and item.unit:
        text += f": {format_figure(item.value, item.unit)}"
        if item.uk_value is not None:
            text += f" (UK {format_figure(item.uk_value, item.unit, bare=True)})"
    return f"{text}. ({_citation(item.source)})"


def _nothing_found(catalogue: Catalogue, args: argparse.Namespace) -> str:
    loosen = [
        option
        for option, given in (
            ("fewer --theme", args.theme),
            ("fewer --kind", args.kind),
            ("fewer words in --text", args.text.split()),
            ("no --no-wider", not args.wider),
            ("a wider --region", args.region),
        )
        if given
    ]
    return (
        f"No items match this selection ({len(catalogue.items)} in the dataset). "
        f"Try {', or '.join(loosen)}."
    )


def _citation(source: Source) -> str:
    return f"{source.publisher}, {source.year or 'n.d.'}"


def _source_json(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": source.published,
        "url": source.url,
    }


def _hit_json(hit: Hit) -> dict[str, Any]:
    item = hit.item
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
        "notes": item.notes,
        "source": _source_json(item.source),
    }
    if item.kind == "statistic":
        record.update(value=item.value, unit=item.unit, period=item.period, uk_value=item.uk_value)
    return record


def _print_json(records: list[dict[str, Any]]) -> None:
    print(json.dumps(records, indent=2, ensure_ascii=False))


def _print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: int = -1) -> None:
    """Prints rows within WIDTH columns; column `wrap` takes the room the others leave and wraps."""
    widths = [max(len(headers[n]), *(len(r[n]) for r in rows)) for n in range(len(headers))]
    wrap %= len(headers)
    others = sum(widths) - widths[wrap] + len(_GAP) * (len(widths) - 1)
    widths[wrap] = max(16, min(widths[wrap], WIDTH - others))
    for row in [headers, *rows]:
        cells = [
            textwrap.wrap(cell, widths[n]) if n == wrap else [cell] for n, cell in enumerate(row)
        ]
        for line in range(max(len(c) for c in cells)):
            parts = [
                (c[line] if line < len(c) else "").ljust(widths[n]) for n, c in enumerate(cells)
            ]
            print(_GAP.join(parts).rstrip())


if __name__ == "__main__":
    sys.exit(main())
