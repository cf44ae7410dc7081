"""The brief in the Word pack, reopened: the official's sections, the cover, Word numbering for
lists and paragraphs, and the annex, as a reader of the .docx (or LibreOffice) sees them."""

import dataclasses
from pathlib import Path

import pytest
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.table import _Row
from docx.text.paragraph import Paragraph
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from briefing_builder.catalogue import Catalogue
from briefing_builder.catalogue.boundaries import ATTRIBUTION
from briefing_builder.pack import Authored, Pack, PackSpec, Span, Text, build_pack
from briefing_builder.render import HouseStyle, load_style
from briefing_builder.render.layout import (
    ABOUT_HEADER,
    MAP_CREDIT,
    NO_PURPOSE_YET,
    about_rows,
    cover_lines,
)
from briefing_builder.resources import fonts_dir
from tests.helpers.packs import (
    WHEN,
    WordPack,
    cited_items,
    example_sections,
    libreoffice_pdf,
    make_pack,
    squeeze,
    write_word_pack,
)

pytest_plugins = ["tests.helpers.packs"]

WRITTEN = example_sections()
CONTACT = "Priya Shah, 020 7946 0000"
CLEARED_BY = "Deputy Director, Regional Growth"
BACKGROUND = (
    "First, *in italics*.\n\n- a bullet\n- another\n\n"
    "Second, **in bold** [bailey-tomlinson-2021-2]."
)
HANDLING = "Handled with [care](https://www.gov.uk/guidance).\n\n3. third\n4. fourth"


@pytest.fixture(scope="module")
def brief(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path_factory: pytest.TempPathFactory
) -> WordPack:
    """The West Midlands green-transition brief in the standard style, as the example has it,
    with a background and handling that mix paragraphs and lists."""
    pack = make_pack(
        catalogue,
        standard_style,
        themes=("green-transition",),
        date="2026-12-02",
        contact=CONTACT,
        cleared_by=CLEARED_BY,
        **{**WRITTEN, "background": BACKGROUND, "handling": HANDLING},
    )
    folder = tmp_path_factory.mktemp("brief")
    return write_word_pack(pack, standard_style, folder / "brief.docx")


def _index(document: Document, text: str, style: str = "Heading 1") -> int:
    return next(
        n
        for n, p in enumerate(document.paragraphs)
        if p.text == text and p.style is not None and p.style.name == style
    )


def _section(document: Document, heading: str) -> list[Paragraph]:
    """The paragraphs under a level-1 heading, up to the next one."""
    paragraphs = document.paragraphs
    start = _index(document, heading) + 1
    end = next(
        (
            n
            for n in range(start, len(paragraphs))
            if paragraphs[n].style is not None and paragraphs[n].style.name == "Heading 1"
        ),
        len(paragraphs),
    )
    return paragraphs[start:end]


def _num_id(paragraph: Paragraph) -> int | None:
    properties = paragraph._p.pPr
    numbered = None if properties is None else properties.numPr
    if numbered is None or numbered.numId is None:
        return None
    return int(numbered.numId.val)


def _num(document: Document, num_id: int) -> tuple[str, int | None]:
    """A list's definition's number format and level text, and its start override, if any."""
    numbering = document.part.numbering_part.element
    (num,) = numbering.xpath(f'./w:num[@w:numId="{num_id}"]')
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    (abstract,) = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{abstract_id}"]')
    level = abstract.find(qn("w:lvl"))
    fmt = level.find(qn("w:numFmt")).get(qn("w:val"))
    text = level.find(qn("w:lvlText")).get(qn("w:val"))
    override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    return f"{fmt} {text}", None if override is None else int(override.get(qn("w:val")))


# The cover


def test_the_cover_has_the_title_the_labelled_purpose_then_the_details(brief: WordPack) -> None:
    paragraphs = brief.document.paragraphs
    index = _index(brief.document, brief.pack.title, "Title")
    label = paragraphs[index + 1]
    assert label.text == "Purpose"
    assert all(run.bold for run in label.runs)
    assert label.paragraph_format.keep_with_next
    purpose = paragraphs[index + 2]
    assert purpose.text == (
        "Background for the minister's visit to a green-technology site in the West Midlands, "
        "and lines to take on the region's part in the green transition."
    )
    assert [r.text for r in purpose.runs if r.bold] == ["lines to take"]
    lines = cover_lines(brief.pack, brief.style)
    shown = [p.text for p in paragraphs[index + 3 : index + 3 + len(lines)]]
    assert shown == [f"{label}: {value}" for label, value in lines]
    assert "Date: 2 December 2026" in shown
    assert f"Contact: {CONTACT}" in shown
    assert f"Cleared by: {CLEARED_BY}" in shown


def test_a_preview_without_a_purpose_says_so_where_the_purpose_goes(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    spec = PackSpec(regions=("west-midlands",), themes=("transport",), title="Draft")
    pack = build_pack(spec, catalogue, generated_at=WHEN, preview=True)
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    paragraphs = [p.text for p in document.paragraphs]
    index = paragraphs.index("Draft")
    assert paragraphs[index + 1 : index + 3] == ["Purpose", NO_PURPOSE_YET]


def test_the_map_has_a_one_line_credit_at_body_size_and_the_full_credit_is_in_the_annex(
    brief: WordPack,
) -> None:
    document, style = brief.document, brief.style
    (credit,) = [p for p in document.paragraphs if "Crown copyright" in p.text]
    assert credit.text == MAP_CREDIT
    assert all(run.font.size is None for run in credit.runs)  # Normal's size: the body size
    # One line: as wide as the text at the body size in Liberation Sans (Arial's metrics).
    registerFont(TTFont("CreditCheck", str(fonts_dir() / "LiberationSans-Regular.ttf")))
    width_mm = stringWidth(MAP_CREDIT, "CreditCheck", style.body_size) * 25.4 / 72
    for name in ("standard", "plain"):
        other = load_style(name)
        assert width_mm < other.page_mm[0] - other.margins_mm[1] - other.margins_mm[3]
    assert ATTRIBUTION not in "\n".join(p.text for p in document.paragraphs)
    annex = document.tables[-1]
    assert ("Map", ATTRIBUTION) in [tuple(c.text for c in row.cells) for row in annex.rows]


# The official's sections


def test_the_officials_sections_print_under_their_headings_in_the_house_styles_order(
    brief: WordPack,
) -> None:
    document, style = brief.document, brief.style
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    evidence = [group.heading for group in brief.pack.evidence]
    assert not brief.pack.key_facts  # none for this selection: no heading either
    assert headings == [
        style.heading("key-messages"),
        style.heading("points"),
        style.heading("background"),
        *evidence,
        style.heading("handling"),
        style.heading("sources"),
        style.heading("about"),
    ]
    messages = _section(document, "Key messages")
    # With numbered paragraphs, the numbered key messages are body paragraphs 1 to 3.
    assert [p.style.name for p in messages] == ["Normal"] * 3
    assert messages[0].text == (
        "The Midlands has scope to contribute to the green transition, Industry 4.0 and skills [1]."
    )
    points = _section(document, "Points to make")
    assert [p.style.name for p in points] == ["List Bullet"] * 3
    assert [r.text for r in points[2].runs if r.italic] == ["If asked about past projects:"]


def test_paragraphs_lists_emphasis_and_citations_of_the_background(brief: WordPack) -> None:
    background = _section(brief.document, "Background")
    citation = next(
        c.reference for c in cited_items(brief.pack) if c.item.id == "bailey-tomlinson-2021-2"
    )
    assert [(p.style.name, p.text) for p in background] == [
        ("Normal", "First, in italics."),
        ("List Bullet", "a bullet"),
        ("List Bullet", "another"),
        ("Normal", f"Second, in bold [{citation}]."),
    ]
    assert [r.text for r in background[0].runs if r.italic] == ["in italics"]
    assert [r.text for r in background[3].runs if r.bold] == ["in bold"]
    assert not any(r.italic for r in background[3].runs)


def test_a_link_in_the_officials_text_is_a_word_hyperlink(brief: WordPack) -> None:
    handling = _section(brief.document, "Handling")[0]
    (link,) = handling._p.findall(qn("w:hyperlink"))
    relationship = brief.document.part.rels[link.get(qn("r:id"))]
    assert relationship.reltype == RELATIONSHIP_TYPE.HYPERLINK
    assert relationship.is_external
    assert relationship.target_ref == "https://www.gov.uk/guidance"
    assert "".join(t.text for t in link.iter(qn("w:t"))) == "care"
    style_id = brief.document.styles["Hyperlink"].style_id
    assert [r.get(qn("w:val")) for r in link.iter(qn("w:rStyle"))] == [style_id]
    assert handling.text == "Handled with care."


def test_a_link_to_anything_but_a_web_or_mail_address_prints_as_text(
    brief: WordPack, tmp_path: Path
) -> None:
    hostile = Text((Span("Run this", link="javascript:alert(1)"), Span(" now.")))
    authored = tuple(
        Authored(a.key, (hostile,)) if a.key == "handling" else a for a in brief.pack.authored
    )
    pack = dataclasses.replace(brief.pack, authored=authored)
    document = write_word_pack(pack, brief.style, tmp_path / "pack.docx").document
    (handling,) = _section(document, "Handling")
    assert handling.text == "Run this now."
    assert handling._p.findall(qn("w:hyperlink")) == []
    assert "javascript" not in {r.target_ref for r in document.part.rels.values()}


def test_without_numbered_paragraphs_each_numbered_list_is_a_word_list_from_its_own_start(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    style = load_style("plain")
    assert not style.numbered_paragraphs
    pack = make_pack(
        catalogue, style, themes=("green-transition",), **{**WRITTEN, "handling": HANDLING}
    )
    document = write_word_pack(pack, style, tmp_path / "pack.docx").document
    messages = _section(document, "Key messages")
    handling = [p for p in _section(document, "Handling") if p.style.name == "List Number"]
    assert [p.style.name for p in messages] == ["List Number"] * 3
    assert [p.text for p in handling] == ["third", "fourth"]
    lists = {_num_id(p) for p in messages}, {_num_id(p) for p in handling}
    assert all(len(ids) == 1 and None not in ids for ids in lists)
    (first,), (second,) = lists
    assert first != second
    assert _num(document, first) == ("decimal %1.", 1)
    assert _num(document, second) == ("decimal %1.", 3)


# Numbered paragraphs


def _numbered_texts(pack: Pack) -> list[str]:
    """The paragraphs numbered 1, 2, 3 in the brief, in reading order: the official's
    paragraphs and numbered lists' entries (not bullets), and each item's text."""

    def written(key: str) -> list[str]:
        texts: list[Text] = []
        for block in pack.blocks(key):
            if isinstance(block, Text):
                texts.append(block)
            elif block.ordered:
                texts += [entry[0] for entry in block.entries]
        return ["".join(inline.text for inline in text.inlines) for text in texts]

    items = [f"{c.item.text} [{c.reference}]" for c in cited_items(pack)]
    before = [*written("summary"), *written("points"), *written("background")]
    return [*before, *items, *written("handling")]


def test_body_paragraphs_and_numbered_entries_are_numbered_through_the_pack_with_one_list(
    brief: WordPack,
) -> None:
    document = brief.document
    lists = {_num_id(p) for p in document.paragraphs if p.style.name != "List Bullet"} - {None}
    (paragraph_numbers,) = lists  # one list for all, so the numbering continues
    numbered = [p.text for p in document.paragraphs if _num_id(p) == paragraph_numbers]
    expected = _numbered_texts(brief.pack)
    # Key messages 1 to 3, the background's paragraphs 4 and 5, the items, then the
    # handling's paragraph and its numbered list, which continue the count.
    assert expected[:3] == [p.text for p in _section(document, "Key messages")]
    assert expected[3] == "First, in italics."
    assert expected[-3:] == ["Handled with care.", "third", "fourth"]
    assert numbered == expected
    assert _num(document, paragraph_numbers) == ("decimal %1.", None)
    assert not [p for p in document.paragraphs if p.style.name == "List Number"]
    # The style's bullets come from the List Bullet style, not from a number of their own.
    assert all(_num_id(p) is None for p in document.paragraphs if p.style.name == "List Bullet")


def test_a_house_style_without_numbered_paragraphs_numbers_none(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    style = load_style("plain")
    assert not style.numbered_paragraphs
    pack = make_pack(catalogue, style, themes=("green-transition",), **WRITTEN)
    document = write_word_pack(pack, style, tmp_path / "pack.docx").document
    assert [p.text for p in document.paragraphs if _num_id(p) is not None] == [
        p.text for p in document.paragraphs if p.style.name == "List Number"
    ]


@pytest.mark.slow
def test_libreoffice_prints_the_paragraph_numbers(brief: WordPack, tmp_path: Path) -> None:
    pdf = libreoffice_pdf(brief.path, tmp_path)
    text = squeeze(" ".join(page.extract_text() for page in PdfReader(pdf).pages))
    for number, paragraph in enumerate(_numbered_texts(brief.pack), start=1):
        assert f"{number}.{squeeze(paragraph)[:30]}" in text


# Contents


def test_the_contents_lists_the_officials_sections_too(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, summary="1. One.", handling="Timing.")
    assert pack.item_count >= standard_style.contents_min_items
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    paragraphs = document.paragraphs
    start = _index(document, "Contents", "TOC Heading") + 1
    entries = [p.text for p in paragraphs[start:] if p.style.name == "Normal"]
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert entries[: len(headings)] == headings
    assert "Key messages" in headings
    assert "Handling" in headings
    assert "Points to make" not in headings  # nothing written: no heading, no entry


def test_a_short_pack_has_no_contents_and_no_page_left_for_it(brief: WordPack) -> None:
    document = brief.document
    assert brief.pack.item_count < brief.style.contents_min_items
    assert not [p for p in document.paragraphs if p.style.name == "TOC Heading"]
    assert not list(document.element.body.iter(qn("w:instrText")))
    breaks = document.element.body.xpath('.//w:br[@w:type="page"]')
    assert len(breaks) == 1  # after the cover only


# The annex


def test_the_about_table_has_a_header_row_then_the_packs_details(brief: WordPack) -> None:
    table = brief.document.tables[-1]
    header = table.rows[0]
    assert tuple(c.text for c in header.cells) == ABOUT_HEADER
    assert all(run.bold for c in header.cells for run in c.paragraphs[0].runs)
    properties = header._tr.trPr
    flag = None if properties is None else properties.find(qn("w:tblHeader"))
    assert flag is not None
    assert flag.get(qn("w:val"), "true") in ("true", "1", "on")
    rows = [tuple(c.text for c in row.cells) for row in table.rows[1:]]
    assert rows == list(about_rows(brief.pack, brief.style))


def _whole(row: _Row) -> bool:
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:cantSplit")) is not None


def test_a_row_that_fits_a_page_is_never_split_across_two(brief: WordPack, tmp_path: Path) -> None:
    """A split row leaves a line or two of it alone at the top of the next page; a row longer
    than a page must be split, or Word and LibreOffice cut it off at the foot of the page."""
    long_note = "A long detail of the pack, longer than a page holds in its column. " * 40
    pack = dataclasses.replace(brief.pack, about=(*brief.pack.about, ("Long", long_note)))
    document = write_word_pack(pack, brief.style, tmp_path / "pack.docx").document
    rows = document.tables[-1].rows[1:]
    long_rows = [row for row in rows if row.cells[1].text == long_note]
    assert len(long_rows) == 1
    assert not _whole(long_rows[0])
    assert all(_whole(row) for row in rows if row not in long_rows)
