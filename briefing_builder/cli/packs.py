"""build: write a briefing pack, from flags, a preset or a preset file; or one pack per region."""

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
from briefing_builder.cli.presets import team_presets
from briefing_builder.errors import BriefingError, ExportError
from briefing_builder.files import safe_file_stem
from briefing_builder.pack import FORMATS, PackSpec, spec_for_region
from briefing_builder.pack.presets import PresetStore, read_preset_file
from briefing_builder.resources import presets_dir


def register(commands: Any) -> None:
    """Adds the build command."""
    build = commands.add_parser("build", help="write a briefing pack as Word, PDF or both")
    add_selection_options(build)
    add_pack_options(build)
    source = build.add_mutually_exclusive_group()
    source.add_argument(
        "--preset", metavar="NAME", help="start from a saved preset; flags override it"
    )
    source.add_argument(
        "--team-preset",
        metavar="NAME",
        help="start from a preset of the team library (--library); flags override it",
    )
    source.add_argument(
        "--preset-file", metavar="FILE", help="start from a preset file; flags override it"
    )
    build.add_argument(
        "--each-region",
        action="store_true",
        help="write one pack per chosen region into the folder given by --output",
    )
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
        help="the file to write; with two --format options, a path without extension; "
        "with --each-region, a folder",
    )
    add_dataset_option(build)
    build.add_argument("--force", action="store_true", help="replace files that already exist")
    build.set_defaults(run=run_build, parser=build)


def run_build(args: argparse.Namespace) -> int:
    """Writes the pack (or packs) and prints each path written."""
    catalogue = load_for(args)
    base, preset_name = _base_spec(args)
    spec = spec_from_args(args, catalogue, base)
    if args.each_region:
        return _each_region(args, catalogue, spec, preset_name)
    destinations = destinations_for(args.output, args.format)
    _refuse_existing(destinations.values(), force=args.force)
    for path in write_pack(spec, catalogue, destinations, preset_name):
        print(path)
    return 0


def write_pack(
    spec: PackSpec,
    catalogue: Catalogue,
    destinations: dict[str, Path],
    preset_name: str | None = None,
) -> list[Path]:
    """Builds one pack and writes it in each format; returns the paths written."""
    # The writers (python-docx, reportlab) load only here, so list and query start quickly.
    from briefing_builder.render.export import export_pack  # noqa: PLC0415

    return export_pack(spec, catalogue, destinations, preset_name=preset_name)


def _base_spec(args: argparse.Namespace) -> tuple[PackSpec, str | None]:
    if args.preset:
        preset = PresetStore(presets_dir()).load(args.preset)
        return preset.spec, preset.name
    if args.team_preset:
        preset = team_presets().load(args.team_preset)
        return preset.spec, preset.name
    if args.preset_file:
        preset = read_preset_file(Path(args.preset_file))
        return preset.spec, preset.name
    return PackSpec(), None


def _each_region(
    args: argparse.Namespace, catalogue: Catalogue, spec: PackSpec, preset_name: str | None
) -> int:
    if not spec.regions:
        raise ExportError("--each-region needs regions: give --region, or a preset that has them")
    folder = Path(args.output)
    if folder.suffix.lower() in (".pdf", ".docx") or (folder.exists() and not folder.is_dir()):
        raise ExportError(f"with --each-region, --output is a folder, not a file ({folder})")
    folder.mkdir(parents=True, exist_ok=True)
    formats = list(dict.fromkeys(args.format)) or ["pdf"]
    failed: list[str] = []
    for number, region in enumerate(spec.regions, start=1):
        area = catalogue.area(region)
        one = spec_for_region(spec, area)
        if args.draft_points:
            from briefing_builder.render.export import drafted_points  # noqa: PLC0415

            # Each region's key messages are drafted from that region's own evidence.
            one = one.with_changes(summary=drafted_points(one, catalogue))
        destinations = {kind: folder / f"{safe_file_stem(one.title)}.{kind}" for kind in formats}
        prefix = f"[{number}/{len(spec.regions)}] {area.name}:"
        try:
            _refuse_existing(destinations.values(), force=args.force)
            written = write_pack(one, catalogue, destinations, preset_name)
        except BriefingError as error:
            failed.append(area.name)
            print(f"{prefix} failed: {error}")
            continue
        print(f"{prefix} {', '.join(str(p) for p in written)}")
    done = len(spec.regions) - len(failed)
    summary = f"{done} of {len(spec.regions)} packs written to {folder}"
    print(summary + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 2 if failed else 0


def _refuse_existing(paths: Any, *, force: bool) -> None:
    if force:
        return
    existing = [str(path) for path in paths if path.exists()]
    if existing:
        verb = "exists" if len(existing) == 1 else "exist"
        raise ExportError(f"{' and '.join(existing)} already {verb}: use --force to replace")


def destinations_for(output: str, formats: list[str]) -> dict[str, Path]:
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
