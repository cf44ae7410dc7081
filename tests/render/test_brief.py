"""The brief in both formats: what the official wrote, and the one-pager's pages.

The Word pack's pages are counted as LibreOffice lays them out, the PDF's as written.
"""

from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from briefing_builder.catalogue import Catalogue
from briefing_builder.pack import PackSpec
from briefing_builder.render.export import drafted_points, export_pack
from tests.helpers.packs import example_sections, libreoffice_pdf


def _spec(**choices: object) -> PackSpec:
    return PackSpec(
        **{
            "regions": ("west-midlands",),
            "themes": ("green-transition",),
            "title": "West Midlands: the green transition",
            "date": "2026-12-02",
            "contact": "Priya Shah, 020 7946 0000",
            "cleared_by": "Deputy Director, Regional Growth",
            **example_sections(),
            **choices,
        }
    )


def _export(catalogue: Catalogue, folder: Path, spec: PackSpec) -> tuple[Path, Path]:
    pdf, word = folder / "brief.pdf", folder / "brief.docx"
    export_pack(spec, catalogue, {"pdf": pdf, "docx": word})
    return pdf, word


def _pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def _word_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return " ".join([*(p.text for p in document.paragraphs), *cells])


def _libreoffice_pages(word: Path, folder: Path) -> int:
    return len(PdfReader(libreoffice_pdf(word, folder)).pages)


def test_what_the_official_wrote_prints_as_typed_in_both_formats(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    hostile = (
        "Keep <b>this</b> &amp; [that](javascript:alert(1)) \\[sic\\] R&D\x07\x00 as typed,"
        " never \u202ereversed."
    )
    pdf, word = _export(catalogue, tmp_path, _spec(background=hostile))
    expected = (
        "Keep <b>this</b> &amp; [that](javascript:alert(1)) [sic] R&D as typed, never reversed."
    )
    assert expected in _pdf_text(pdf)
    assert expected in _word_text(word)


def test_a_citation_prints_the_same_number_as_the_sources_list_in_both_formats(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    pdf, word = _export(catalogue, tmp_path, _spec(background="Read [bailey-tomlinson-2021-2]."))
    for text in (_pdf_text(pdf), _word_text(word)):
        sources = text[text.rindex("Sources") :]
        number = sources[sources.index("Bailey and Tomlinson") - 5 :].split("]")[0].split("[")[-1]
        assert f"Read [{number}]." in text


@pytest.mark.parametrize(
    ("region", "theme"),
    [("wales", "skills"), ("north-east", "productivity"), ("east-midlands", "manufacturing")],
)
def test_the_one_pager_fits_two_pages_at_most_in_both_formats(
    catalogue: Catalogue, tmp_path: Path, region: str, theme: str
) -> None:
    """A typical one-region selection, a region and a theme, with three key messages, three
    points, background and handling."""
    three = "\n".join(
        f"{n}. A key message of about a line and a half, as briefs have them, "
        "written by the official."
        for n in (1, 2, 3)
    )
    spec = _spec(
        regions=(region,),
        themes=(theme,),
        template="one-pager",
        summary=three,
        points=three.replace("1.", "-").replace("2.", "-").replace("3.", "-"),
    )
    pdf, word = _export(catalogue, tmp_path, spec)
    assert len(PdfReader(pdf).pages) <= 2
    assert _libreoffice_pages(word, tmp_path) <= 2
    for text in (_pdf_text(pdf), _word_text(word)):
        assert "The contents, the locator map, the items' quotes and " in text


def test_drafted_key_messages_keep_the_one_pager_to_two_pages(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """Drafting cites every item it drafts from, and a pack keeps what it cites: drafted in
    the one-pager, the points are drawn from the items the style keeps."""
    spec = _spec(regions=("north-east",), themes=("productivity",), template="one-pager")
    spec = spec.with_changes(summary=drafted_points(spec, catalogue), points="")
    pdf, word = _export(catalogue, tmp_path, spec)
    assert len(PdfReader(pdf).pages) <= 2
    assert _libreoffice_pages(word, tmp_path) <= 2
