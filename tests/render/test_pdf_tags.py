"""The PDF pack's tags, read back with pikepdf and checked by a PDF/UA-1 checker (page-validation,
104 of veraPDF's rules): the structure tree follows the pack, and every painted thing is either
an element's content or an artifact."""

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import page
import pikepdf
import pytest
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, SimpleDocTemplate, Table

from briefing_builder.catalogue import Catalogue
from briefing_builder.render import HouseStyle, load_style
from briefing_builder.render.pdf_bidi import BidiParagraph
from briefing_builder.render.pdf_tags import Element, TaggedCanvas, Tagger, structure
from briefing_builder.render.pdf_writer import write_pdf
from tests.helpers.packs import PdfPack, example_sections, make_pack, outline_entries

pytest_plugins = ["tests.helpers.packs"]

_SHOWING = {"Tj", "TJ", "'", '"'}


def _elements(node: Any) -> list[Any]:
    """Structure elements under `node` in tree order."""
    found: list[Any] = []
    kids = node.get("/K")
    kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            found += [kid, *_elements(kid)]
    return found


def _tree(path: Path) -> tuple[pikepdf.Pdf, list[Any]]:
    pdf = pikepdf.open(path)
    return pdf, _elements(pdf.Root.StructTreeRoot)


@pytest.fixture(scope="session")
def tagged(pdf_pack: PdfPack) -> tuple[pikepdf.Pdf, list[Any]]:
    return _tree(pdf_pack.path)


def test_the_headings_in_the_tree_are_the_outline_after_the_contents_heading(
    pdf_pack: PdfPack, tagged: tuple[pikepdf.Pdf, list[Any]]
) -> None:
    _, elements = tagged
    roles = [(str(e.S), e) for e in elements]
    headings = [(int(role[2]), e) for role, e in roles if role in ("/H1", "/H2", "/H3")]
    outline = [(level, title) for level, title, _ in outline_entries(pdf_pack.reader)]
    assert [level for level, _ in headings[1:]] == [level for level, _ in outline]
    assert len(headings) == len(outline) + 1


def test_the_key_facts_table_has_a_scoped_header_cell_per_column_and_a_row_per_row(
    pdf_pack: PdfPack, tagged: tuple[pikepdf.Pdf, list[Any]]
) -> None:
    _, elements = tagged
    table = next(e for e in elements if e.S == "/Table")
    rows = [kid for kid in table.K if kid.S == "/TR"]
    facts = pdf_pack.pack.key_facts[0]
    assert len(rows) == 1 + len(facts.rows)
    header = list(rows[0].K)
    assert [cell.S for cell in header] == ["/TH"] * len(facts.header)
    assert all(cell.A.Scope == "/Column" for cell in header)
    assert all(cell.S == "/TD" for row in rows[1:] for cell in row.K)


def test_the_map_is_a_figure_with_the_word_packs_alt_text(
    word_pack: Any, tagged: tuple[pikepdf.Pdf, list[Any]]
) -> None:
    _, elements = tagged
    figure = next(e for e in elements if e.S == "/Figure")
    descriptions = [
        d.get("descr") for d in word_pack.document.element.body.iter() if d.tag.endswith("docPr")
    ]
    assert str(figure.Alt) in descriptions


def test_every_link_annotation_is_in_a_link_element_and_described(
    tagged: tuple[pikepdf.Pdf, list[Any]],
) -> None:
    pdf, elements = tagged
    links = [e for e in elements if e.S == "/Link"]
    annotations = [a for p in pdf.pages for a in p.get("/Annots", []) if a.Subtype == "/Link"]
    assert len(links) == len(annotations) > 10
    for link in links:
        (objr,) = link.K
        assert objr.Type == "/OBJR"
        assert str(objr.Obj.Contents)
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[n]): nums[n + 1] for n in range(0, len(nums), 2)}
    for annotation in annotations:
        assert parents[int(annotation.StructParent)].S == "/Link"


def _marked(page_: pikepdf.Page) -> tuple[set[int], bool]:
    """The MCIDs in the page's content, and whether any text is shown outside a sequence."""
    depth, mcids, outside = 0, set(), False
    for operands, operator in pikepdf.parse_content_stream(page_):
        name = str(operator)
        if name in ("BMC", "BDC"):
            depth += 1
            properties = operands[1] if name == "BDC" else None
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                mcids.add(int(properties.MCID))
        elif name == "EMC":
            depth -= 1
        elif name in _SHOWING and depth == 0:
            outside = True
    return mcids, outside


def test_every_mcid_is_in_the_parent_tree_and_no_text_is_unmarked(
    tagged: tuple[pikepdf.Pdf, list[Any]],
) -> None:
    pdf, elements = tagged
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[n]): nums[n + 1] for n in range(0, len(nums), 2)}
    claimed: dict[int, set[int]] = {}
    for element in elements:
        for kid in element.K:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                number = next(n for n, p in enumerate(pdf.pages) if p.obj == kid.Pg)
                claimed.setdefault(number, set()).add(int(kid.MCID))
    for number, page_ in enumerate(pdf.pages):
        mcids, outside = _marked(page_)
        assert not outside, number
        assert mcids == claimed.get(number, set()), number
        assert len(parents[int(page_.StructParents)]) == len(mcids)
        assert page_.Tabs == "/S"


def test_the_catalogue_says_tagged_in_english_with_its_title_shown(
    pdf_pack: PdfPack, tagged: tuple[pikepdf.Pdf, list[Any]]
) -> None:
    pdf, _ = tagged
    assert pdf.pdf_version == "1.7"  # PDF/UA-1 is built on PDF 1.7
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.Lang == "en-GB"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    metadata = pdf.open_metadata()
    assert metadata["dc:title"] == pdf_pack.pack.title
    assert metadata["pdfuaid:part"] == "1"


@pytest.mark.parametrize("name", ["standard", "one-pager", "plain"])
def test_the_pdf_ua_checker_finds_no_failure_in_any_house_style(
    catalogue: Catalogue, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_BUILDER_HOME", str(tmp_path / "home"))
    style: HouseStyle = load_style(name)
    pack = make_pack(catalogue, style, **example_sections(), contact="Priya Shah")
    report = page.validate_pdf(str(write_pdf(pack, style, tmp_path / "pack.pdf")), profile="ua1")
    assert report.failures == []
    assert report.is_compliant


def _struct_text(path: Path) -> list[tuple[str, str]]:
    """Poppler's reading of the structure tree: (role, text) for each element with text, in
    tree order."""
    lines = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    found, role = [], ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith('"'):
            found.append((role, stripped[1:-1]))
        elif stripped and not stripped.startswith(("Object ", "Link ", "/")):
            role = stripped.split()[0].rstrip(":")
    return found


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs Poppler's pdfinfo")
def test_poppler_reads_the_headings_and_paragraphs_in_the_packs_order(
    catalogue: Catalogue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFING_BUILDER_HOME", str(tmp_path / "home"))
    style = load_style("standard")
    sections = example_sections()
    pack = make_pack(catalogue, style, **sections)
    path = write_pdf(pack, style, tmp_path / "pack.pdf")
    read = _struct_text(path)
    headings = [text for role, text in read if role in ("H1", "H2", "H3")]
    outline = [title for _, title, _ in outline_entries(PdfReader(path))]
    assert headings == ["Contents", *outline]
    paragraphs = [text for role, text in read if role == "P"]
    # The purpose runs over two lines: its words are read as typed, not run together.
    assert pack.purpose.replace("**", "").strip() in paragraphs  # its Markdown bold
    # The contents read each heading, then its page.
    contents = [text for role, text in read if role == "TOCI"]
    assert contents[:2] == [outline[0], "3"]
    # The authored key messages, in the order they were written, each a paragraph of a list.
    messages = [p for p in paragraphs if p[:1].isdigit()]
    assert [m.split(" ", 1)[0] for m in messages[:3]] == ["1.", "2.", "3."]


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs Poppler's pdfinfo")
def test_a_table_header_repeated_on_each_page_is_read_once(tmp_path: Path) -> None:
    cell = ParagraphStyle("cell")
    rows = [[BidiParagraph("Measure", cell), BidiParagraph("Value", cell)]]
    rows += [[BidiParagraph(f"Row {n}", cell), BidiParagraph(str(n), cell)] for n in range(120)]
    story: list[Flowable] = [Table(rows, repeatRows=1)]
    tagger = Tagger(structure(story))
    path = tmp_path / "table.pdf"

    def canvas(*args: Any, **kwargs: Any) -> TaggedCanvas:
        return TaggedCanvas(*args, tagger=tagger, **kwargs)

    SimpleDocTemplate(str(path)).build(story, canvasmaker=canvas)
    pages = PdfReader(path).pages
    assert len(pages) >= 3
    assert all("Measure" in page.extract_text() for page in pages)
    read = _struct_text(path)
    assert read[:2] == [("TH", "Measure"), ("TH", "Value")]
    assert [text for _, text in read].count("Measure") == 1
    assert len(read) == 2 + 2 * 120


def _tagged_canvas(path: Path) -> tuple[TaggedCanvas, Any, Any]:
    """A canvas on its own, and two paragraphs' worth of elements to draw."""
    root = Element("Document")
    first, second = (SimpleNamespace(tag=root.add("P")) for _ in range(2))
    return TaggedCanvas(str(path), tagger=Tagger(root)), first, second


def test_a_page_drawn_but_not_shown_is_in_the_tree_when_saved(tmp_path: Path) -> None:
    canvas, first, _ = _tagged_canvas(tmp_path / "one.pdf")
    with canvas.tagger.content(canvas, first):
        canvas.drawString(72, 720, "Only page")
    canvas.save()
    assert _struct_text(tmp_path / "one.pdf") == [("P", "Only page")]


def test_content_drawn_inside_another_elements_content_is_refused(tmp_path: Path) -> None:
    canvas, first, second = _tagged_canvas(tmp_path / "nested.pdf")
    with (
        pytest.raises(ValueError, match="marked content does not nest"),
        canvas.tagger.content(canvas, first),
    ):
        canvas.tagger.content(canvas, second)
