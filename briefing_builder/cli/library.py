"""library: the user's own or the team's evidence: list, show, add, import, export, retire,
history, restore; init makes a team library's tables; password keeps its password in the
system keyring."""

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefing_builder.cli.options import load_for
from briefing_builder.cli.output import print_json, print_table
from briefing_builder.errors import LibraryError, PresetError
from briefing_builder.library.columns import COLUMNS

if TYPE_CHECKING:
    from briefing_builder.library.store import Library, Row
    from briefing_builder.library.transfer import ImportPlan

_SHOWN_ROWS = 50


def register(commands: Any) -> None:
    """Adds the library command and its sub-commands."""
    library = commands.add_parser(
        "library", help="your own evidence: add, import, export, retire, history"
    )
    actions = library.add_subparsers(dest="action", metavar="ACTION", required=True)
    _register_reading(actions)
    _register_adding(actions)
    _register_transfer(actions)
    _register_changes(actions)


def _register_reading(actions: Any) -> None:
    listing = actions.add_parser("list", help="list the sources and items in your library")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=_list, parser=listing)

    show = actions.add_parser("show", help="show an item or source of your library")
    show.add_argument("id", metavar="ID")
    show.add_argument("--json", action="store_true", help="print JSON instead of a table")
    show.set_defaults(run=_show, parser=show)


def _register_adding(actions: Any) -> None:
    source = actions.add_parser("add-source", help="add a source (a report, a dataset) to cite")
    source.add_argument("--id", required=True, help="a short id, such as ons-jobs-2026")
    source.add_argument("--title", required=True)
    source.add_argument("--publisher", required=True)
    source.add_argument(
        "--author", action="append", default=[], metavar="NAME", help="an author (repeatable)"
    )
    source.add_argument("--published", metavar="DATE", help="2026, 2026-11 or 2026-11-30")
    source.add_argument("--url", help="the web address it can be read at")
    source.add_argument(
        "--notes", default="", help="for editors; say why when there is no date or address"
    )
    source.set_defaults(run=_add_source, parser=source)

    item = actions.add_parser("add-item", help="add a finding, recommendation or statistic")
    item.add_argument("--source", required=True, metavar="ID", help="the library source it is from")
    item.add_argument("--id", required=True)
    item.add_argument("--kind", required=True, help="finding, recommendation or statistic")
    item.add_argument("--title", required=True)
    item.add_argument("--text", required=True, help="the item in your own words")
    item.add_argument("--quote", help="the source's own words, at most 40 (not for a statistic)")
    item.add_argument("--locator", required=True, help="where in the source: a page, a table")
    item.add_argument(
        "--region", action="append", default=[], metavar="R", help="an area (repeatable)"
    )
    item.add_argument(
        "--theme", action="append", default=[], metavar="T", help="a theme (repeatable)"
    )
    item.add_argument("--caveat", help="what a reader must know to use it rightly")
    item.add_argument("--notes", default="", help="for editors only")
    item.add_argument("--value", help="a statistic's figure, such as 41,230 or 74.8")
    item.add_argument("--unit", help="a statistic's unit, such as '%% of people aged 16 to 64'")
    item.add_argument("--period", help="the period a statistic is for")
    item.add_argument("--uk-value", help="the UK figure to compare it with")
    item.add_argument("--measure", help="what a statistic measures, the same for every area")
    item.set_defaults(run=_add_item, parser=item)


def _register_transfer(actions: Any) -> None:
    template = actions.add_parser(
        "template", help="write an example import file (.csv or .xlsx, by its name)"
    )
    template.add_argument("file", metavar="FILE")
    template.add_argument("--force", action="store_true", help="replace FILE if it exists")
    template.set_defaults(run=_template, parser=template)

    importing = actions.add_parser(
        "import",
        help="import a .csv or .xlsx spreadsheet, or a dataset folder, in one go",
        description="Imports every row, or, if any row has a problem, none. The layout's "
        f"columns: {', '.join(COLUMNS)}. Write an example with 'library template FILE'.",
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--dry-run", action="store_true", help="show what would be added and updated, and stop"
    )
    importing.add_argument("--json", action="store_true", help="print the plan as JSON")
    importing.set_defaults(run=_import, parser=importing)

    export = actions.add_parser("export", help="write your library as a dataset folder")
    export.add_argument("folder", metavar="FOLDER")
    export.add_argument("--source", metavar="ID", help="export this source only")
    export.add_argument("--force", action="store_true", help="replace files already there")
    export.set_defaults(run=_export, parser=export)


def _register_changes(actions: Any) -> None:
    init = actions.add_parser(
        "init", help="create a team library's tables in an empty database, or migrate them"
    )
    init.add_argument(
        "location",
        metavar="URL",
        help="postgresql://USER@HOST/DATABASE (a role that may create tables), or a file",
    )
    init.set_defaults(run=_init, parser=init)

    password = actions.add_parser(
        "password",
        help="keep a team library's password in the system keyring (asked for, never shown)",
    )
    password.add_argument("location", metavar="URL", help="postgresql://USER@HOST/DATABASE")
    password.add_argument(
        "--forget", action="store_true", help="remove the password kept for this library"
    )
    password.set_defaults(run=_password, parser=password)

    retire = actions.add_parser(
        "retire", help="keep an item or source, but leave it out of new packs"
    )
    retire.add_argument("id", metavar="ID")
    retire.add_argument("--undo", action="store_true", help="bring a retired one back into use")
    retire.set_defaults(run=_retire, parser=retire)

    history = actions.add_parser(
        "history", help="every version of an item or source, or of a team preset by its name"
    )
    history.add_argument("id", metavar="ID")
    history.add_argument("--json", action="store_true", help="print JSON instead of a table")
    history.set_defaults(run=_history, parser=history)

    restore = actions.add_parser(
        "restore", help="make an old version of an item or source the current one"
    )
    restore.add_argument("id", metavar="ID")
    # Not "version": the top-level --version flag has that name.
    restore.add_argument("number", metavar="VERSION", type=int, help="a version from 'history'")
    restore.set_defaults(run=_restore, parser=restore)


def _library() -> "Library":
    """The library chosen (--library, the environment, the window), else the user's own; the
    database layer is loaded only by the commands that use it."""
    from briefing_builder.library.store import Library  # noqa: PLC0415

    return Library.chosen()


def _list(args: argparse.Namespace) -> int:
    contents = _library().contents()
    if args.json:
        print_json(
            {
                "sources": [_row_json(row) for row in contents.sources.values()],
                "items": [_row_json(row) for row in contents.items.values()],
            }
        )
        return 0
    if not contents.sources:
        print(f"Your library is empty ({_library().where}).")
        return 0
    counts = Counter(row.source_id for row in contents.items.values())
    print_table(
        ("SOURCE", "ITEMS", "TITLE"),
        [
            (
                row.id + (" (retired)" if row.retired else ""),
                str(counts[row.id]),
                str(row.record.get("title", "")),
            )
            for row in contents.sources.values()
        ],
    )
    if contents.items:
        print()
        print_table(
            ("ITEM", "KIND", "SOURCE", "VERSION", "TITLE"),
            [
                (
                    row.id + (" (retired)" if row.retired else ""),
                    str(row.record.get("kind", "")),
                    str(row.source_id),
                    str(row.version),
                    str(row.record.get("title", "")),
                )
                for row in contents.items.values()
            ],
        )
    return 0


def _row_json(row: "Row") -> dict[str, Any]:
    record: dict[str, Any] = {"id": row.id}
    if row.source_id is not None:
        record["source"] = row.source_id
    return {
        **record,
        "version": row.version,
        "retired": row.retired,
        "changed_at": row.changed_at,
        "changed_by": row.changed_by,
        "record": row.record,
    }


def _show(args: argparse.Namespace) -> int:
    library = _library()
    kind, row = library.entity(args.id)
    source_retired = row.source_id is not None and library.row("source", row.source_id).retired
    if args.json:
        print_json({"kind": kind, **_row_json(row)})
        return 0
    rows = [
        ("Kind", kind if kind == "source" else str(row.record.get("kind", ""))),
        (
            "Status",
            "retired (in no new pack)"
            if row.retired
            else "retired with its source (in no new pack)"
            if source_retired
            else "in use",
        ),
        ("Version", f"{row.version}, {row.changed_at} by {row.changed_by}"),
    ]
    if row.source_id is not None:
        rows.append(("Source", row.source_id))
    for name, value in row.record.items():
        if name in ("id", "kind"):
            continue
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        rows.append((name.replace("_", " ").capitalize(), "" if shown is None else str(shown)))
    print_table(("FIELD", "VALUE"), rows)
    return 0


def _add_source(args: argparse.Namespace) -> int:
    from briefing_builder.library.store import Change  # noqa: PLC0415

    record = {
        "id": args.id,
        "title": args.title,
        "publisher": args.publisher,
        "authors": args.author,
        "published": args.published,
        "url": args.url,
        "notes": args.notes,
    }
    _library().write([Change("source", record, base=0)])
    print(f"Added source {args.id!r} to your library")
    return 0


def _add_item(args: argparse.Namespace) -> int:
    from briefing_builder.library.store import Change  # noqa: PLC0415
    from briefing_builder.library.transfer import parse_number, vocabulary_id  # noqa: PLC0415

    catalogue = load_for(args)
    record: dict[str, Any] = {
        "id": args.id,
        "kind": catalogue.kind(args.kind),
        "title": args.title,
        "text": args.text,
        "quote": args.quote,
        "locator": args.locator,
        "regions": [vocabulary_id(catalogue.area, r) for r in args.region],
        "themes": [vocabulary_id(catalogue.theme, t) for t in args.theme],
        "notes": args.notes,
    }
    for name in ("caveat", "value", "unit", "period", "uk_value", "measure"):
        if getattr(args, name) is not None:
            given = getattr(args, name)
            record[name] = parse_number(given) if name in ("value", "uk_value") else given
    _library().write([Change("item", record, args.source, base=0)])
    print(f"Added {record['kind']} {args.id!r} to your library")
    return 0


def _template(args: argparse.Namespace) -> int:
    from briefing_builder.library.transfer import write_template  # noqa: PLC0415

    dest = Path(args.file)
    if dest.exists() and not args.force:
        raise LibraryError(f"{dest} already exists: use --force to replace it")
    write_template(dest)
    print(f"Wrote {dest}: replace the example rows with your evidence, then 'library import'")
    return 0


def _import(args: argparse.Namespace) -> int:
    from briefing_builder.library.transfer import plan_import, run_import  # noqa: PLC0415

    library = _library()
    plan = plan_import(Path(args.file), library, load_for(args))
    if args.json:
        print_json(
            {
                "file": str(plan.file),
                "add": plan.added,
                "update": plan.updated,
                "unchanged": plan.unchanged,
                "add_sources": plan.sources_added,
                "update_sources": plan.sources_updated,
                "problems": [
                    {"where": p.where, "field": p.field, "message": p.message}
                    for p in plan.problems
                ],
            }
        )
    elif not plan.problems:
        _print_plan(plan)
    if plan.problems:
        run_import(plan, library)  # raises, listing every problem by row and column
    if args.dry_run:
        if not args.json:
            print("Nothing was written (--dry-run).")
        return 0
    run_import(plan, library)
    if not args.json:
        print(
            f"Imported {args.file}: {len(plan.added)} item(s) added, {len(plan.updated)} updated, "
            f"{len(plan.unchanged)} unchanged; {len(plan.sources_added)} source(s) added, "
            f"{len(plan.sources_updated)} updated."
        )
    return 0


def _print_plan(plan: "ImportPlan") -> None:
    print(
        f"{len(plan.added)} item(s) to add, {len(plan.updated)} to update, "
        f"{len(plan.unchanged)} unchanged; {len(plan.sources_added)} source(s) to add, "
        f"{len(plan.sources_updated)} to update"
    )
    rows = [("add", i) for i in plan.added] + [("update", i) for i in plan.updated]
    rows += [("add", f"source {i}") for i in plan.sources_added]
    rows += [("update", f"source {i}") for i in plan.sources_updated]
    for action, item_id in rows[:_SHOWN_ROWS]:
        entity_id = item_id.removeprefix("source ")
        print(f"  {action:<7}{item_id}: {plan.titles.get(entity_id, '')}")
    if len(rows) > _SHOWN_ROWS:
        print(f"  ... and {len(rows) - _SHOWN_ROWS} more")


def _export(args: argparse.Namespace) -> int:
    from briefing_builder.library.transfer import export_folder  # noqa: PLC0415

    written = export_folder(_library(), Path(args.folder), args.source, force=args.force)
    print(f"Wrote {len(written)} source file(s) to {args.folder}")
    return 0


def _init(args: argparse.Namespace) -> int:
    from briefing_builder.library.schema import SCHEMA_VERSION  # noqa: PLC0415
    from briefing_builder.library.store import Library  # noqa: PLC0415

    library = Library(args.location)
    before = library.init()
    if before is None:
        print(f"Created the library's tables (schema {SCHEMA_VERSION}) in {library.where}")
    elif before == SCHEMA_VERSION:
        print(f"{library.where} is a library of schema {SCHEMA_VERSION} already: nothing to do")
    else:
        print(f"Migrated {library.where} from schema {before} to {SCHEMA_VERSION}")
    return 0


def _password(args: argparse.Namespace) -> int:
    """Asks for the password without showing it (or reads a line piped in) and keeps it."""
    import getpass  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from briefing_builder.library import passwords  # noqa: PLC0415
    from briefing_builder.library.location import checked, is_team  # noqa: PLC0415

    if not is_team(args.location):
        raise LibraryError(f"{args.location}: not a team library's URL (postgresql://...)")
    url = checked(args.location)
    if args.forget:
        if passwords.forget(url):
            print(f"Removed the password kept for {passwords.account(url)}")
        else:
            print(f"No password was kept for {passwords.account(url)}")
        return 0
    if sys.stdin.isatty():
        typed = getpass.getpass(f"Password for {passwords.account(url)}: ")
    else:
        typed = sys.stdin.readline().removesuffix("\n")
    if not typed:
        raise LibraryError("no password was given; nothing was kept")
    print(f"Kept the password for {passwords.store(url, typed)} in the system keyring")
    return 0


def _retire(args: argparse.Namespace) -> int:
    kind = _library().retire(args.id, retired=not args.undo)
    if args.undo:
        print(f"The {kind} {args.id!r} is in use again")
    else:
        print(f"Retired the {kind} {args.id!r}: it is kept, and goes in no new pack")
    return 0


def _history(args: argparse.Namespace) -> int:
    library = _library()
    try:
        versions = library.history(args.id)
    except LibraryError:
        if not library.team:
            raise
        from briefing_builder.library.presets import TeamPresetStore  # noqa: PLC0415

        try:  # a team preset, by its name
            versions = TeamPresetStore(library).history(args.id)
        except PresetError:
            raise LibraryError(
                f"the team library holds no item, source or preset {args.id!r}"
            ) from None
    if args.json:
        print_json(
            [
                {
                    "version": v.version,
                    "change": v.change,
                    "changed_at": v.changed_at,
                    "changed_by": v.changed_by,
                    "retired": v.retired,
                    "record": v.record,
                }
                for v in versions
            ]
        )
        return 0
    print_table(
        ("VERSION", "CHANGE", "WHEN", "WHO", "TITLE"),
        [
            (
                str(v.version),
                v.change,
                v.changed_at,
                v.changed_by,
                str(v.record.get("title") or v.record.get("name") or ""),
            )
            for v in versions
        ],
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    version = _library().restore(args.id, args.number)
    print(f"Restored version {args.number} of {args.id!r} as version {version}")
    return 0
