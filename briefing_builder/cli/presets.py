"""presets: save, list, show, rename, delete, restore, export, import, and recover from a pack."""

import argparse
from pathlib import Path
from typing import Any

from briefing_builder.catalogue import Catalogue
from briefing_builder.cli.options import (
    add_dataset_option,
    add_pack_options,
    add_selection_options,
    load_for,
    spec_from_args,
)
from briefing_builder.cli.output import print_json, print_table
from briefing_builder.errors import BriefingError, PresetError
from briefing_builder.pack import PackSpec, missing_items, retired_items
from briefing_builder.pack.presets import Preset, Presets, PresetStore, read_preset_file
from briefing_builder.resources import presets_dir


def register(commands: Any) -> None:
    """Adds the presets command and its sub-commands."""
    presets = commands.add_parser("presets", help="save and reuse a pack's choices")
    presets.add_argument(
        "--team",
        action="store_true",
        help="the team library's presets, not your own (needs a team library: --library URL or "
        "BRIEFING_BUILDER_LIBRARY)",
    )
    actions = presets.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list the saved presets")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=_list, parser=listing)

    show = actions.add_parser("show", help="show a preset's choices")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true", help="print the preset file's JSON")
    show.set_defaults(run=_show, parser=show)

    save = actions.add_parser("save", help="save choices as a named preset")
    save.add_argument("name", metavar="NAME")
    save.add_argument("--description", default="", metavar="TEXT", help="what the preset is for")
    add_selection_options(save)
    add_pack_options(save)
    add_dataset_option(save)
    save.add_argument("--force", action="store_true", help="replace a preset of the same name")
    save.set_defaults(run=_save, parser=save)

    rename = actions.add_parser("rename", help="rename a preset")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("new_name", metavar="NEW_NAME")
    rename.set_defaults(run=_rename, parser=rename)

    delete = actions.add_parser("delete", help="move a preset to the trash (restorable)")
    delete.add_argument("name", metavar="NAME")
    delete.set_defaults(run=_delete, parser=delete)

    restore = actions.add_parser("restore", help="bring a deleted preset back")
    restore.add_argument("name", metavar="NAME")
    restore.set_defaults(run=_restore, parser=restore)

    export = actions.add_parser("export", help="write a preset to a file to share")
    export.add_argument("name", metavar="NAME")
    export.add_argument("file", metavar="FILE")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(run=_export, parser=export)

    importing = actions.add_parser("import", help="add a preset from a file")
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--name", metavar="NEW_NAME", help="save it under another name")
    importing.set_defaults(run=_import, parser=importing)

    from_pack = actions.add_parser(
        "from-pack", help="recover the preset a .docx or .pdf pack was made from"
    )
    from_pack.add_argument("pack_file", metavar="PACK_FILE")
    from_pack.add_argument(
        "--name", metavar="NEW_NAME", help="the preset's name (default: the pack's title)"
    )
    from_pack.set_defaults(run=_from_pack, parser=from_pack)


def _store(args: argparse.Namespace) -> Presets:
    """Your own presets, or with --team the team library's."""
    if not args.team:
        return PresetStore(presets_dir())
    return team_presets()


def team_presets() -> Presets:
    """The presets of the team library chosen; PresetError when the library is not a team's."""
    from briefing_builder.library.presets import TeamPresetStore  # noqa: PLC0415 - SQLAlchemy
    from briefing_builder.library.store import Library  # noqa: PLC0415

    library = Library.chosen()
    if not library.team:
        raise PresetError(
            "team presets are kept in a team library: give --library postgresql://USER@HOST/DB "
            "or set BRIEFING_BUILDER_LIBRARY"
        )
    return TeamPresetStore(library)


def _list(args: argparse.Namespace) -> int:
    entries = _store(args).entries()
    records = []
    for entry in entries:
        record: dict[str, Any] = {"name": entry.name, "file": entry.path.name}
        if entry.preset:
            spec = entry.preset.spec
            record.update(
                description=entry.preset.description,
                modified=entry.preset.modified,
                regions=list(spec.regions),
                themes=list(spec.themes),
                readable=True,
            )
        else:
            record.update(
                description="",
                modified=None,
                regions=[],
                themes=[],
                readable=False,
                error=entry.error,
            )
        records.append(record)
    if args.json:
        print_json(records)
    elif not records:
        print("No presets yet. Save one with: briefing-builder presets save NAME --region R ...")
    else:
        print_table(
            ("NAME", "MODIFIED", "REGIONS AND THEMES"),
            [
                (
                    r["name"],
                    (r["modified"] or "")[:10],
                    ", ".join(r["regions"] + r["themes"])
                    if r["readable"]
                    else f"UNREADABLE: {r['error']}",
                )
                for r in records
            ],
        )
    return 0


def _words(markdown: str) -> str:
    """An authored section as the table shows it: its first line and its length."""
    if not markdown.strip():
        return "None"
    first = markdown.strip().splitlines()[0]
    shown = first if len(first) <= 60 else first[:59] + "\u2026"
    return f"{shown} ({len(markdown.split())} words)"


def _show(args: argparse.Namespace) -> int:
    preset = _store(args).load(args.name)
    if args.json:
        from briefing_builder.pack.presets import preset_to_json  # noqa: PLC0415

        print_json(preset_to_json(preset))
        return 0
    catalogue = load_for(args)
    spec = preset.spec
    rows = [
        ("Name", preset.name),
        ("Description", preset.description),
        ("Regions", ", ".join(_area_name(catalogue, r) for r in spec.regions) or "All regions"),
        ("Themes", ", ".join(_theme_name(catalogue, t) for t in spec.themes) or "All themes"),
        ("Kinds", ", ".join(spec.kinds) or "All kinds"),
        ("Text filter", spec.text or "None"),
        ("Wider matches", "Included" if spec.include_wider else "Left out"),
        ("Excluded items", ", ".join(spec.excluded) or "None"),
        ("Title", spec.title),
        ("Purpose", _words(spec.purpose)),
        ("Key messages", _words(spec.summary)),
        ("Points to make", _words(spec.points)),
        ("Background", _words(spec.background)),
        ("Handling", _words(spec.handling)),
        ("Contact", spec.contact),
        ("Cleared by", spec.cleared_by),
        ("Author", spec.author),
        ("Department", spec.department),
        ("Marking", spec.marking),
        ("House style", spec.template),
        ("Grouping", f"by {spec.group_by}"),
        ("Saved", f"{preset.modified or 'unknown'} (Briefing Builder {preset.app_version})"),
    ]
    print_table(("CHOICE", "VALUE"), rows)
    _report_missing(preset, catalogue)
    return 0


def _save(args: argparse.Namespace) -> int:
    catalogue = load_for(args)
    spec = spec_from_args(args, catalogue, PackSpec())
    try:
        preset = _store(args).save(args.name, spec, args.description, replace=args.force)
    except PresetError as error:
        if "already exists" in str(error):
            raise PresetError(f"{error}: use --force to replace it") from None
        raise
    print(f"Saved preset {preset.name!r}")
    return 0


def _rename(args: argparse.Namespace) -> int:
    preset = _store(args).rename(args.name, args.new_name)
    print(f"Renamed {args.name!r} to {preset.name!r}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    _store(args).delete(args.name)
    print(
        f"Deleted {args.name!r}; bring it back with: briefing-builder presets restore {args.name!r}"
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    preset = _store(args).restore(args.name)
    print(f"Restored {preset.name!r}")
    return 0


def _export(args: argparse.Namespace) -> int:
    print(_store(args).export_file(args.name, Path(args.file), replace=args.force))
    return 0


def _import(args: argparse.Namespace) -> int:
    store = _store(args)
    incoming = read_preset_file(Path(args.file))
    name = args.name or incoming.name
    if store.exists(name):
        hint = "choose another --name" if args.name else "give the import another name with --name"
        raise PresetError(f"a preset called {name!r} already exists: {hint}")
    preset = store.import_file(Path(args.file), name)
    print(f"Imported preset {preset.name!r}")
    _report_missing(preset, load_for(args))
    return 0


def _from_pack(args: argparse.Namespace) -> int:
    from briefing_builder.render.embedded import read_pack_spec  # noqa: PLC0415 - loads pypdf

    spec = read_pack_spec(Path(args.pack_file))
    store = _store(args)
    if store.exists(args.name or spec.title):
        hint = "choose another --name" if args.name else "choose a name with --name"
        raise PresetError(f"a preset called {args.name or spec.title!r} already exists: {hint}")
    preset = store.save(
        args.name or spec.title, spec, f"Recovered from {Path(args.pack_file).name}"
    )
    print(f"Saved preset {preset.name!r} from {args.pack_file}")
    _report_missing(preset, load_for(args))
    return 0


def _report_missing(preset: Preset, catalogue: Catalogue) -> None:
    """Says which items the preset names that the dataset no longer has; not an error."""
    missing = missing_items(preset.spec, catalogue)
    if missing:
        print(
            f"Note: {len(missing)} item(s) this preset names are no longer in the dataset and are "
            f"ignored: {', '.join(missing)}"
        )
    retired = retired_items(preset.spec, catalogue)
    if retired:
        print(
            f"Note: {len(retired)} item(s) this preset names are retired from your library and "
            f"go in no new pack: {'; '.join(f'{i.id} ({i.title})' for i in retired)}"
        )


def _area_name(catalogue: Catalogue, area_id: str) -> str:
    try:
        return catalogue.area(area_id).name
    except BriefingError:
        return area_id


def _theme_name(catalogue: Catalogue, theme_id: str) -> str:
    try:
        return catalogue.theme(theme_id).name
    except BriefingError:
        return theme_id
