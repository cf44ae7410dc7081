"""The locator map in packs: a picture with alt text in Word, vector paths in the PDF."""

from pathlib import Path

from docx import Document
from pypdf import PdfReader

from briefing_builder.catalogue import Catalogue
from briefing_builder.catalogue.boundaries import load_boundaries
from briefing_builder.pack import PackSpec, build_pack
from briefing_builder.render import load_style
from briefing_builder.render.docx_writer import write_docx
from briefing_builder.render.layout import MAP_CREDIT
from briefing_builder.render.locator import map_png
from briefing_builder.render.pdf_writer import write_pdf
from briefing_builder.render.style import read_style
from briefing_builder.resources import cache_dir


def _pack(catalogue: Catalogue, template: str = "standard"):
    style = load_style(template)
    spec = PackSpec(
        regions=("midlands", "wales"), themes=("skills",), template=template, purpose="A visit."
    )
    return build_pack(spec.with_changes(sections=style.sections), catalogue), style


def test_the_word_pack_has_a_map_picture_naming_the_regions(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    pack, style = _pack(catalogue)
    document = Document(str(write_docx(pack, style, tmp_path / "pack.docx")))
    (picture,) = document.inline_shapes
    assert picture._inline.docPr.get("descr") == (
        "Map of the United Kingdom's regions with East Midlands, West Midlands and Wales shaded."
    )
    assert MAP_CREDIT in [p.text for p in document.paragraphs]
    about = document.tables[-1]
    assert any("Martin Chorley" in cell.text for row in about.rows for cell in row.cells)


def _blob(path: Path) -> bytes:
    document = Document(str(path))
    (part,) = [p for p in document.part.related_parts.values() if "image" in p.content_type]
    return part.blob


def test_the_word_packs_map_is_drawn_once_per_choice_then_kept_and_reused(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    pack, style = _pack(catalogue)
    drawn = _blob(write_docx(pack, style, tmp_path / "first.docx"))
    (kept,) = (cache_dir() / "maps").glob("*.png")
    assert kept.read_bytes() == drawn
    assert drawn == map_png(
        load_boundaries(), frozenset(pack.map_regions), 600, style.colours.accent
    )

    black = map_png(load_boundaries(), frozenset(pack.map_regions), 600, "#000000")
    kept.write_bytes(black)  # a kept picture is used as it is, not drawn again
    assert _blob(write_docx(pack, style, tmp_path / "again.docx")) == black

    kept.write_bytes(b"half a pic")  # damaged: drawn again, and kept again
    assert _blob(write_docx(pack, style, tmp_path / "mended.docx")) == drawn
    assert kept.read_bytes() == drawn

    other = build_pack(pack.spec.with_changes(regions=("london",)), catalogue)
    write_docx(other, style, tmp_path / "london.docx")
    assert len(list((cache_dir() / "maps").glob("*.png"))) == 2, "one per choice of regions"


def test_the_pdf_pack_draws_the_map_as_vectors_on_the_cover(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    pack, style = _pack(catalogue)
    cover = PdfReader(write_pdf(pack, style, tmp_path / "pack.pdf")).pages[0]
    content = cover.get_contents().get_data()
    assert content.count(b" l\n") + content.count(b" l ") > 10_000  # thousands of line segments
    assert "/XObject" not in (cover["/Resources"] or {})  # no picture on the cover
    assert " ".join(MAP_CREDIT.split()) in " ".join(cover.extract_text().split())
    last = PdfReader(tmp_path / "pack.pdf").pages[-1].extract_text()
    assert "Martin Chorley" in last


def test_a_house_style_can_turn_the_map_off(catalogue: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "no-map"
    folder.mkdir()
    (folder / "template.toml").write_text("[map]\nlocator = false\n", encoding="utf-8")
    style = read_style(folder)
    pack, _ = _pack(catalogue)
    document = Document(str(write_docx(pack, style, tmp_path / "pack.docx")))
    assert len(document.inline_shapes) == 0
    cover = PdfReader(write_pdf(pack, style, tmp_path / "pack.pdf")).pages[0]
    assert "Martin Chorley" not in cover.extract_text()
