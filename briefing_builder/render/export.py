"""export_pack: builds one pack and writes it in each format asked for, for the CLI and the GUI."""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from briefing_builder.catalogue import Catalogue
from briefing_builder.files import write_together
from briefing_builder.pack import FORMATS, Pack, PackSpec, build_pack, chosen_items, draft_points
from briefing_builder.pack.build import Fit
from briefing_builder.render.style import HouseStyle, load_style

if TYPE_CHECKING:
    from briefing_builder.render.pdf_writer import Progress

__all__ = ["FORMATS", "build_in_style", "drafted_points", "export_pack", "pack_sections"]


def export_pack(
    spec: PackSpec,
    catalogue: Catalogue,
    destinations: dict[str, Path],
    *,
    preset_name: str | None = None,
    progress: "Progress | None" = None,
    preview: bool = False,
) -> list[Path]:
    """Builds the pack in its house style and writes each format; returns the paths written.

    A `preview` may have no purpose yet (its cover says so); a pack to keep must have one.
    Only the writers of the formats asked for are imported (reportlab, python-docx)."""
    style = load_style(spec.template)
    pack = build_in_style(spec, catalogue, style, preset_name=preset_name, preview=preview)

    def as_pdf(path: Path) -> Path:
        from briefing_builder.render.pdf_writer import write_pdf  # noqa: PLC0415 - reportlab

        return write_pdf(pack, style, path, progress)

    def as_docx(path: Path) -> Path:
        from briefing_builder.render.docx_writer import write_docx  # noqa: PLC0415 - docx

        return write_docx(pack, style, path)

    writers = {"pdf": as_pdf, "docx": as_docx}
    # With two formats, neither file is changed unless both could be written.
    return write_together([(path, writers[kind]) for kind, path in destinations.items()])


def drafted_points(spec: PackSpec, catalogue: Catalogue) -> str:
    """Key messages drafted from the items a pack of this spec holds in its house style: one
    numbered point per item, so a style that fits a page is not pushed past it."""
    style = load_style(spec.template)
    return draft_points(chosen_items(spec, catalogue, _fit(style)))


def _fit(style: HouseStyle) -> Fit | None:
    return Fit(style.title, style.max_items, style.quotes) if style.max_items else None


def build_in_style(
    spec: PackSpec,
    catalogue: Catalogue,
    style: HouseStyle,
    *,
    preset_name: str | None = None,
    preview: bool = False,
    generated_at: dt.datetime | None = None,
) -> Pack:
    """The pack of a spec as its house style has it: the style's sections less those turned
    off, and no more items than the style fits."""
    return build_pack(
        spec.with_changes(sections=_sections(spec, style.sections)),
        catalogue,
        preset_name=preset_name,
        fit=_fit(style),
        preview=preview,
        generated_at=generated_at,
    )


def pack_sections(spec: PackSpec) -> tuple[str, ...]:
    """The sections a pack of this spec has: its house style's, less any the user turned off."""
    return _sections(spec, load_style(spec.template).sections)


def _sections(spec: PackSpec, available: tuple[str, ...]) -> tuple[str, ...]:
    """The house style's sections, less any the user turned off."""
    if spec.sections is None:
        return available
    return tuple(s for s in available if s in spec.sections)
