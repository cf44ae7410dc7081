"""Typography of the Word pack that survives review (issue 12, section 3), read back from the
.docx: what keeps with what, widows and orphans, quotes, links, footers, dates and the
document's properties."""

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_UNDERLINE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Length, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph

from briefing_builder import __version__
from briefing_builder.catalogue import Catalogue
from briefing_builder.render import HouseStyle, load_style, read_style
from tests.helpers.packs import (
    AUTHOR,
    DEPARTMENT,
    WHEN,
    WordPack,
    cited_items,
    make_pack,
    write_word_pack,
)

pytest_plugins = ["tests.helpers.packs"]

_APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def _reference_style(folder: Path) -> HouseStyle:
    """A house style whose reference document has a Hyperlink style that is blue but not
    underlined, and a footer in an 8 pt Footer style, as some department templates do."""
    folder.mkdir()
    reference = docx.Document()
    link = reference.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x00, 0x33, 0x99)
    reference.styles["Footer"].font.size = Pt(8)
    reference.sections[0].footer.paragraphs[0].style = reference.styles["Footer"]
    reference.save(str(folder / "reference.docx"))
    (folder / "template.toml").write_text('[word]\nreference = "reference.docx"\n', "utf-8")
    return read_style(folder)


def _size(paragraph: Paragraph, run_size: Length | None) -> Length:
    """A run's font size as Word works it out: the run's own, else its paragraph style's or
    the nearest base style's."""
    if run_size is not None:
        return run_size
    style: BaseStyle | None = paragraph.style
    while style is not None:
        size = style.font.size  # type: ignore[attr-defined]
        if size is not None:
            return size
        style = style.base_style
    return Pt(11)  # python-docx's default template


def _item_paragraphs(document: Document, title: str) -> tuple[Paragraph, Paragraph, Paragraph]:
    """An item's label line, text and the paragraph after it."""
    paragraphs = document.paragraphs
    index = next(
        n for n, p in enumerate(paragraphs) if p.text == title and p.style.name == "Heading 3"
    )
    return paragraphs[index + 1], paragraphs[index + 2], paragraphs[index + 3]


# Headings keep with what follows, and an item's text with its quote


def test_headings_and_an_items_label_and_text_keep_with_what_follows(
    word_pack: WordPack,
) -> None:
    document = word_pack.document
    for name in ("Heading 1", "Heading 2", "Heading 3", "TOC Heading"):
        style = document.styles[name]
        while style.paragraph_format.keep_with_next is None:
            style = style.base_style
        assert style.paragraph_format.keep_with_next, name
    quoted = [c for c in cited_items(word_pack.pack) if c.item.quote]
    unquoted = [c for c in cited_items(word_pack.pack) if not c.item.quote]
    assert quoted
    for cited in quoted:
        label, text, quote = _item_paragraphs(document, cited.item.title)
        assert label.paragraph_format.keep_with_next
        assert text.paragraph_format.keep_with_next
        assert quote.style.name == "Quote"
    for cited in unquoted:
        label, text, _ = _item_paragraphs(document, cited.item.title)
        assert label.paragraph_format.keep_with_next
        assert not text.paragraph_format.keep_with_next


def test_the_body_styles_have_widow_and_orphan_control(word_pack: WordPack) -> None:
    for name in ("Normal", "List Bullet", "List Number", "List Continue", "Quote"):
        properties = word_pack.document.styles[name].element.pPr
        control = None if properties is None else properties.widowControl
        assert control is not None, name
        assert control.val is not False, name


# Quotes


def test_quotes_are_upright_indented_and_ruled_down_the_left(word_pack: WordPack) -> None:
    document, style = word_pack.document, word_pack.style
    quote = document.styles["Quote"]
    assert quote.font.italic is False
    assert quote.element.rPr.find(qn("w:iCs")) is None
    assert quote.paragraph_format.left_indent > 0
    rule = quote.element.pPr.find(f"{qn('w:pBdr')}/{qn('w:left')}")
    assert rule is not None
    assert rule.get(qn("w:val")) == "single"
    assert rule.get(qn("w:color")) == style.colours.accent[1:]
    quotes = [p for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes
    for paragraph in quotes:
        assert paragraph.text.startswith("\u201c")
        assert not any(run.italic for run in paragraph.runs)
        assert paragraph.paragraph_format.left_indent is None  # the style's, so edits keep it


# Links


@pytest.mark.parametrize("name", ["standard", "plain", "one-pager"])
def test_links_are_underlined_in_the_accent_colour_in_every_bundled_style(
    catalogue: Catalogue, tmp_path: Path, name: str
) -> None:
    style = load_style(name)
    pack = make_pack(catalogue, style, themes=("green-transition",))
    document = write_word_pack(pack, style, tmp_path / "pack.docx").document
    link = document.styles["Hyperlink"]
    assert link.font.underline == WD_UNDERLINE.SINGLE or link.font.underline is True
    assert str(link.font.color.rgb) == style.colours.accent[1:].upper()
    runs = [r for h in document.element.body.iter(qn("w:hyperlink")) for r in h.iter(qn("w:r"))]
    assert runs
    for run in runs:
        assert run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == link.style_id


def test_a_reference_documents_links_are_underlined_in_its_own_colour(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    style = _reference_style(tmp_path / "house")
    pack = make_pack(catalogue, style, themes=("green-transition",))
    document = write_word_pack(pack, style, tmp_path / "pack.docx").document
    link = document.styles["Hyperlink"]
    assert link.font.underline in (True, WD_UNDERLINE.SINGLE)
    assert link.font.color.rgb == RGBColor(0x00, 0x33, 0x99)


# Footers and dates


def test_footers_are_at_least_10_pt_even_in_a_small_footer_style(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    style = _reference_style(tmp_path / "house")
    pack = make_pack(catalogue, style, themes=("skills",), marking="OFFICIAL")
    document = write_word_pack(pack, style, tmp_path / "pack.docx").document
    for section in document.sections:
        paragraphs = section.footer.paragraphs
        assert paragraphs
        for paragraph in paragraphs:
            for run in paragraph.runs:
                assert _size(paragraph, run.font.size) >= Pt(10), run.text


def test_no_text_in_the_body_is_smaller_than_10_pt(word_pack: WordPack) -> None:
    document = word_pack.document
    assert word_pack.pack.key_facts[0].notes  # printed small, but not too small to read
    paragraphs = [*document.paragraphs]
    paragraphs += [
        p for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    ]
    for paragraph in paragraphs:
        for run in paragraph.runs:
            assert _size(paragraph, run.font.size) >= Pt(10), run.text


def test_dates_are_written_as_gov_uk_writes_them(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), date="2026-12-02")
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert "Date: 2 December 2026" in [p.text for p in document.paragraphs]
    for section in document.sections:
        footer = " ".join(p.text for p in section.footer.paragraphs)
        assert "\u00b7  2 December 2026" in footer
        assert "02 December" not in footer


# Document properties


def test_the_document_says_when_and_by_whom_it_was_made(word_pack: WordPack) -> None:
    properties = word_pack.document.core_properties
    assert properties.created == WHEN
    assert properties.modified == WHEN
    assert properties.last_modified_by == AUTHOR
    assert properties.revision == 1


def test_with_no_author_briefing_builder_last_modified_it(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    made = dt.datetime(2026, 12, 2, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    pack = make_pack(catalogue, standard_style, themes=("skills",), author="")
    pack = dataclasses.replace(pack, generated_at=made)
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert document.core_properties.author == DEPARTMENT
    assert document.core_properties.last_modified_by == "Briefing Builder"
    assert document.core_properties.created == dt.datetime(2026, 12, 2, 15, 5, tzinfo=dt.UTC)


def _words(document: Document) -> int:
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return sum(len(text.split()) for text in paragraphs)


def test_the_application_and_word_count_are_briefing_builders(word_pack: WordPack) -> None:
    with zipfile.ZipFile(word_pack.path) as package:
        app = package.read("docProps/app.xml")
    root = ET.fromstring(app)
    assert root.findtext(f"{_APP}Application") == f"Briefing Builder {__version__}"
    assert b"Microsoft" not in app
    words = int(root.findtext(f"{_APP}Words") or 0)
    assert words == _words(word_pack.document)
    assert words > 1000
    assert root.find(f"{_APP}AppVersion") is None  # Word 2010's, from the template
    assert root.find(f"{_APP}Pages") is None  # only Word, laying out the pages, knows


def _app_properties(path: Path) -> ET.Element:
    with zipfile.ZipFile(path) as package:
        return ET.fromstring(package.read("docProps/app.xml"))


def test_the_company_is_the_department_and_no_stale_list_of_parts_is_left(
    word_pack: WordPack,
) -> None:
    root = _app_properties(word_pack.path)
    assert root.findtext(f"{_APP}Company") == DEPARTMENT
    # The template's list of parts names one untitled "Title"; Word itself writes none.
    assert root.find(f"{_APP}HeadingPairs") is None
    assert root.find(f"{_APP}TitlesOfParts") is None


def test_a_reference_documents_company_is_kept_unless_the_pack_names_a_department(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    folder = tmp_path / "agency"
    folder.mkdir()
    docx.Document().save(str(tmp_path / "blank.docx"))
    with (
        zipfile.ZipFile(tmp_path / "blank.docx") as blank,
        zipfile.ZipFile(folder / "reference.docx", "w") as reference,
    ):
        for name in blank.namelist():
            content = blank.read(name)
            if name == "docProps/app.xml":
                content = content.replace(b"<Company/>", b"<Company>Acme Agency</Company>")
            reference.writestr(name, content)
    (folder / "template.toml").write_text('[word]\nreference = "reference.docx"\n', "utf-8")
    style = read_style(folder)
    for department, company in (("", "Acme Agency"), (DEPARTMENT, DEPARTMENT)):
        pack = make_pack(catalogue, style, themes=("skills",), department=department)
        path = write_word_pack(pack, style, tmp_path / f"pack{len(department)}.docx").path
        assert _app_properties(path).findtext(f"{_APP}Company") == company


def test_the_templates_thumbnail_is_gone(word_pack: WordPack) -> None:
    with zipfile.ZipFile(word_pack.path) as package:
        names = package.namelist()
        rels = package.read("_rels/.rels").decode()
        types = package.read("[Content_Types].xml").decode()
    assert not [n for n in names if "thumbnail" in n]
    assert RELATIONSHIP_TYPE.THUMBNAIL not in rels
    assert "thumbnail" not in types
