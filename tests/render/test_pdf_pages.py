"""Every page of a PDF pack, pinned: a change to how the PDF is laid out (or made faster) must
leave each page's text as it was, page for page, unless the change means to move it.

The expected text is in fixtures/pdf-pages.txt, pages apart by a form feed. After a change
that moves text on purpose, write it again with BRIEFING_BUILDER_WRITE_PAGES=1 and read the
difference before committing it.
"""

import os
from pathlib import Path

from pypdf import PdfReader

from briefing_builder.catalogue import Catalogue
from briefing_builder.render import load_style
from briefing_builder.render.pdf_writer import write_pdf
from tests.helpers.packs import make_pack, page_texts

PAGES = Path(__file__).parent / "fixtures" / "pdf-pages.txt"


def test_every_page_of_a_pack_of_all_the_evidence_reads_as_pinned(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    style = load_style("standard")
    pack = make_pack(catalogue, style, regions=())
    pages = page_texts(PdfReader(write_pdf(pack, style, tmp_path / "pack.pdf")))
    if os.environ.get("BRIEFING_BUILDER_WRITE_PAGES"):
        PAGES.write_text("\f".join(pages), encoding="utf-8")
    expected = PAGES.read_text(encoding="utf-8").split("\f")
    assert len(pages) == len(expected), "the pack has as many pages as before"
    for number, (page, before) in enumerate(zip(pages, expected, strict=True), start=1):
        assert page == before, f"page {number} reads differently"
