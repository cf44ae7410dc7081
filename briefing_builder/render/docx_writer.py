"""write_docx: the Word pack, built with python-docx from a Pack and a house style.

It uses Word's built-in Title, Heading, List and TOC Heading styles (so the navigation pane and
screen readers work), a real table-of-contents field, Word numbering for lists and numbered
paragraphs, the marking in every header and footer, and "Page X of Y" fields. The pack spec is
stored in custom document properties so the pack can become a preset again.
"""

import io
import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.document import CT_Body
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from briefing_builder.files import write_atomically
from briefing_builder.pack import FactTable, Pack, PackItem, long_date
from briefing_builder.render.docx_blocks import WEB_SCHEMES, Blocks
from briefing_builder.render.docx_numbering import (
    DECIMAL,
    PARAGRAPH_NUMBER_INDENT,
    Numbering,
    number,
)
from briefing_builder.render.docx_properties import write_properties
from briefing_builder.render.docx_styles import ensure_styles, find_style
from briefing_builder.render.layout import (
    ABOUT_HEADER,
    AUTHORED_SECTIONS,
    AVAILABLE_AT,
    CAVEAT_LABEL,
    MAP_CREDIT,
    NO_PUBLIC_COPY,
    NO_PURPOSE_YET,
    SINCE_LABEL,
    about_rows,
    cover_lines,
    fact_widths,
    scope_line,
    shows_contents,
    shows_map,
    shows_section,
)
from briefing_builder.render.locator import cover_map
from briefing_builder.render.style import HouseStyle
from briefing_builder.render.text import clean

SMALL_PRINT = Pt(10)
"""The smallest text the pack prints: the footer's page number and date, key facts' notes."""
_ABOUT_WIDTHS = (0.3, 0.7)
_WHOLE_ROW_CHARS = 1000
"""A row with no more text than this in a cell (about 15 lines in the annex's wide column)
is kept on one page; a longer one may need more than a page, so Word may split it."""
_RUN_BREAKS = re.compile(r"([\t\r\n])")
"""What a run of table text holds as elements of its own: tabs and line breaks."""


_SECTION_PROPERTIES = qn("w:sectPr")


def _insert_before_section_properties(body: CT_Body, element: BaseOxmlElement) -> BaseOxmlElement:
    """Puts a paragraph or table at the end of the body, before its section properties, which
    the schema places last. python-docx's own insert looks for them by scanning every child
    of the body, so writing a pack took time in the square of its length (10,000 items: 22 s);
    looking at the last child alone makes the same document in linear time."""
    try:
        last = body[-1]  # lxml finds the last child at once; len() would count them all
    except IndexError:
        last = None
    if last is not None and last.tag == _SECTION_PROPERTIES:
        last.addprevious(element)
    else:
        body.append(element)
    return element


CT_Body._insert_p = _insert_before_section_properties  # type: ignore[assignment,method-assign]
CT_Body._insert_tbl = _insert_before_section_properties  # type: ignore[assignment,method-assign]


def write_docx(pack: Pack, style: HouseStyle, dest: Path) -> Path:
    """Writes the Word pack to `dest` atomically and returns the path."""
    return write_atomically(dest, lambda path: _save(_document(pack, style), path))


def _save(document: DocumentObject, path: Path) -> None:
    """Packs the document in memory, then writes it in one go: a zip file that fails on the
    disk (full, over a size limit) would fail again as it is collected, printing a traceback."""
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())


def _document(pack: Pack, style: HouseStyle) -> DocumentObject:
    # The reference document's contents were checked when the style was read; the file itself
    # is not opened again, so it cannot have changed in between.
    reference = style.reference_package
    document = Document(io.BytesIO(reference)) if reference else Document()
    _clear_body(document)
    numbering = Numbering(document)
    ensure_styles(document, style, numbering)
    _page(document, pack, style)
    writer = _Writer(document, pack, style, numbering)
    for section in style.sections:
        if section in pack.sections and _shows(pack, style, section):
            writer.write(section)
            if section in style.new_page_after:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    write_properties(document, pack)
    return document


def _shows(pack: Pack, style: HouseStyle, section: str) -> bool:
    """Whether the pack prints a section of the house style: see shows_section."""
    return shows_contents(pack, style) if section == "contents" else shows_section(pack, section)


def _clear_body(document: DocumentObject) -> None:
    """Empties a reference document's body, keeping its section settings and styles."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _page(document: DocumentObject, pack: Pack, style: HouseStyle) -> None:
    """Page size and margins, and the marking, page number and date in every header and footer."""
    width, height = style.page_mm
    top, right, bottom, left = style.margins_mm
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.top_margin, section.right_margin = Mm(top), Mm(right)
        section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
        section.different_first_page_header_footer = False
        header = section.header
        header.is_linked_to_previous = False
        top_line = _first_paragraph(header)
        _reset(top_line)
        if pack.marking:
            _marking(top_line, pack.marking, style)
        footer = section.footer
        footer.is_linked_to_previous = False
        first = _first_paragraph(footer)
        _reset(first)
        first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.add_run("Page ")
        _field(first, "PAGE", "1")
        first.add_run(" of ")
        _field(first, "NUMPAGES", "1")
        first.add_run(f"  \u00b7  {long_date(pack.date)}")
        for run in first.runs:
            run.font.size = SMALL_PRINT
        if pack.marking:
            _marking(footer.add_paragraph(), pack.marking, style)


def _first_paragraph(story: BlockItemContainer) -> Paragraph:
    """A header's or footer's first paragraph; a reference document's may hold only a table."""
    return story.paragraphs[0] if story.paragraphs else story.add_paragraph()


def _reset(paragraph: Paragraph) -> None:
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)


def _marking(paragraph: Paragraph, marking: str, style: HouseStyle) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(marking.upper())
    run.bold = True
    run.font.size = Pt(style.body_size)
    run.font.color.rgb = RGBColor.from_string(style.colours.marking[1:])


def _field(paragraph: Paragraph, instruction: str, shown: str, *, close: bool = True) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) showing `shown` until Word updates it.

    With `close` false the field stays open, so the paragraphs that follow are its result.
    """
    _field_char(paragraph, "begin")
    run = paragraph.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    run._element.append(code)
    _field_char(paragraph, "separate")
    if shown:
        paragraph.add_run(shown)
    if close:
        _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._element.append(element)


class _Writer:
    """Writes the pack's sections into the document body, in the house style's order."""

    def __init__(
        self, document: DocumentObject, pack: Pack, style: HouseStyle, numbering: Numbering
    ) -> None:
        self.document = document
        self.pack = pack
        self.style = style
        self._style_ids: dict[str, str] = {}
        self._paragraph_numbers = (
            numbering.instance(
                numbering.define(DECIMAL, PARAGRAPH_NUMBER_INDENT, PARAGRAPH_NUMBER_INDENT)
            )
            if style.numbered_paragraphs
            else None
        )
        self.blocks = Blocks(
            document, numbering, lambda name: self._styled("", name), self._paragraph_numbers
        )

    def _styled(self, text: str, style: str) -> Paragraph:
        """A paragraph in a named style. The style's id is looked up once per document:
        python-docx otherwise scans every style for each paragraph, which was two thirds of
        the time of writing a large pack."""
        if style not in self._style_ids:
            self._style_ids[style] = self.document.styles[style].style_id
        paragraph = self.document.add_paragraph(text)
        paragraph._p.style = self._style_ids[style]
        return paragraph

    def _numbered(self, paragraph: Paragraph) -> None:
        """Numbers a body paragraph 1, 2, 3 ... through the pack, when the house style does:
        one Word list for them all, so the numbering continues from section to section."""
        if self._paragraph_numbers is not None:
            number(paragraph._p, self._paragraph_numbers)

    def write(self, section: str) -> None:
        if section in AUTHORED_SECTIONS:
            self._authored(section)
        else:
            getattr(self, "_" + section.replace("-", "_"))()

    def _heading(self, text: str, level: int) -> None:
        self._styled(clean(text), f"Heading {level}")

    def _cover(self) -> None:
        pack = self.pack
        logo = self.style.logo_picture
        if logo:
            # The same 60 x 18 mm box as the PDF pack's cover, so a wide logo fits the page.
            width, height = logo.fitted(60, 18)
            self.document.add_picture(io.BytesIO(logo.png), width=Mm(width), height=Mm(height))
            _alt_text(self.document, self.style.logo_alt)
        self._styled(clean(pack.title), "Title")
        label = self.document.add_paragraph()
        label.add_run(clean(self.style.heading("purpose"))).bold = True
        label.paragraph_format.keep_with_next = True
        purpose = pack.blocks("purpose")
        if purpose:
            self.blocks.write(purpose)
        else:
            self.document.add_paragraph(NO_PURPOSE_YET)
        for name, value in cover_lines(pack, self.style):
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{clean(name)}: ").bold = True
            paragraph.add_run(clean(value))
        if shows_map(pack, self.style):
            self._locator_map()

    def _locator_map(self) -> None:
        shaded = frozenset(self.pack.map_regions)
        picture, alt = cover_map(shaded, 600, self.style.colours.accent)
        self.document.add_picture(io.BytesIO(picture), width=Mm(50))
        _alt_text(self.document, alt)
        # One line at the body size; the licences' full wording is in the annex.
        self.document.add_paragraph(MAP_CREDIT)

    def _contents(self) -> None:
        self._styled(clean(self.style.heading("contents")), "TOC Heading")
        # The field's result is pre-filled with the headings, so the contents read correctly
        # before Word updates them (and add page numbers) on opening.
        outline = self._outline()
        for n, text in enumerate(outline):
            entry = self.document.add_paragraph()
            if n == 0:
                _field(entry, 'TOC \\o "1-1" \\h \\z \\u', "", close=False)
            entry.add_run(clean(text))
            entry.paragraph_format.space_after = Pt(2)
            if n == len(outline) - 1:
                _field_char(entry, "end")
        _update_fields_on_open(self.document)

    def _outline(self) -> list[str]:
        """The level-1 headings the pack will have, in order."""
        entries: list[str] = []
        for section in self.style.sections:
            if section in ("cover", "contents") or section not in self.pack.sections:
                continue
            if section == "evidence":
                entries += [group.heading for group in self.pack.evidence]
            elif shows_section(self.pack, section):
                entries.append(self.style.heading(section))
        return entries

    def _authored(self, section: str) -> None:
        """A section the official wrote: its heading, then the blocks, numbered as body text."""
        self._heading(self.style.heading(section), 1)
        self.blocks.write(self.pack.blocks(AUTHORED_SECTIONS[section]), numbered=True)

    def _key_facts(self) -> None:
        self._heading(self.style.heading("key-facts"), 1)
        for facts in self.pack.key_facts:
            self._fact_table(facts)
            for note in facts.notes:
                paragraph = self.document.add_paragraph()
                paragraph.add_run(clean(note)).font.size = SMALL_PRINT

    def _fact_table(self, facts: FactTable) -> None:
        table = self._table(facts.header, facts.rows, fact_widths(facts))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER

    def _table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        bold_labels: bool = False,
    ) -> Table:
        """A table of the rows under a header row, which Word repeats on every page and its
        accessibility checker looks for; `widths` are the columns' shares of the text width,
        and with `bold_labels` each row's first cell is bold. A row short enough to fit a page
        is never split across two."""
        table: Table = self.document.add_table(rows=0, cols=len(header))
        table.style = (
            self.document.styles["Table Grid"]
            if find_style(self.document, "Table Grid", WD_STYLE_TYPE.TABLE)
            else None
        )
        table.autofit = False
        # Word reads the cell widths, LibreOffice the grid's column widths: set both.
        usable = self.style.page_mm[0] - self.style.margins_mm[1] - self.style.margins_mm[3]
        twips = [Mm(usable * share).twips for share in widths]
        for column, width in zip(table.columns, twips, strict=True):
            column.width = Twips(width)
        # The rows are built as XML: python-docx's cells took over half the time of writing
        # a large pack's key facts.
        colour = self.style.colours.table_header_text[1:].upper()
        fill = self.style.colours.accent[1:]
        row = _table_row(table._tbl, "w:tblHeader")
        for text, width in zip(header, twips, strict=True):
            _table_cell(row, width, text, bold=True, colour=colour, fill=fill)
        for values in rows:
            whole = max(map(len, values)) <= _WHOLE_ROW_CHARS
            row = _table_row(table._tbl, "w:cantSplit" if whole else None)
            for n, (text, width) in enumerate(zip(values, twips, strict=True)):
                _table_cell(row, width, text, bold=bold_labels and n == 0)
        return table

    def _evidence(self) -> None:
        for group in self.pack.evidence:
            self._heading(group.heading, 1)
            if group.note:
                self.document.add_paragraph(clean(group.note))
            for heading, cited_items in (
                (self.style.heading("findings"), group.findings),
                (self.style.heading("recommendations"), group.recommendations),
                (group.wider_heading, group.wider),
            ):
                if cited_items:
                    self._heading(heading, 2)
                    for cited in cited_items:
                        self._item(cited)

    def _item(self, cited: PackItem) -> None:
        """An item: its title, what it is and where it applies, its text (a numbered paragraph)
        kept on the page with its quote, then its caveat and what has changed since."""
        item = cited.item
        self._heading(item.title, 3)
        label = self.document.add_paragraph()
        label.paragraph_format.space_after = Pt(2)
        label.paragraph_format.keep_with_next = True
        run = label.add_run(clean(scope_line(cited)))
        run.font.size = Pt(max(self.style.body_size - 1.5, 7))
        run.font.color.rgb = RGBColor(0x50, 0x50, 0x50)
        paragraph = self.document.add_paragraph(clean(item.text))
        paragraph.add_run(f" [{cited.reference}]")
        self._numbered(paragraph)
        if item.quote:
            paragraph.paragraph_format.keep_with_next = True
            quote = self._styled(f"\u201c{clean(item.quote)}\u201d", "Quote")
            quote.add_run(f" \u2014 {clean(cited.citation)}")
        if item.caveat:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{CAVEAT_LABEL} ").bold = True
            paragraph.add_run(clean(item.caveat))
        for change in cited.changes:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{SINCE_LABEL} ").bold = True
            paragraph.add_run(f"{clean(change.text)} [{change.reference}]")

    def _sources(self) -> None:
        self._heading(self.style.heading("sources"), 1)
        for reference in self.pack.references:
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Mm(10)
            paragraph.paragraph_format.first_line_indent = Mm(-10)
            paragraph.add_run(
                f"[{reference.number}]\t{clean(reference.creator)} ({reference.year}) "
            )
            url = reference.source.url
            if url:
                self.blocks.link(
                    paragraph, url, reference.source.title, italic=True, schemes=WEB_SCHEMES
                )
            else:
                paragraph.add_run(clean(reference.source.title)).italic = True
            paragraph.add_run(".")
            if reference.publisher:
                paragraph.add_run(f" {clean(reference.publisher)}.")
            if url:
                paragraph.add_run(f" {AVAILABLE_AT} ")
                self.blocks.link(paragraph, url, url, schemes=WEB_SCHEMES)
            else:
                paragraph.add_run(f" {NO_PUBLIC_COPY}")

    def _about(self) -> None:
        self._heading(self.style.heading("about"), 1)
        self._table(
            ABOUT_HEADER, about_rows(self.pack, self.style), _ABOUT_WIDTHS, bold_labels=True
        )


def _update_fields_on_open(document: DocumentObject) -> None:
    """Asks Word to update the fields (the contents' page numbers) when the file opens."""
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.append(update)
    update.set(qn("w:val"), "true")


def _table_row(table: BaseOxmlElement, tag: str | None) -> BaseOxmlElement:
    """Adds a row to a table; `tag` turns on a row property: w:tblHeader (a header row,
    repeated on every page the table spans) or w:cantSplit (never split across two pages)."""
    row = SubElement(table, qn("w:tr"))
    if tag is not None:
        SubElement(SubElement(row, qn("w:trPr")), qn(tag)).set(qn("w:val"), "true")
    return row


def _table_cell(
    row: BaseOxmlElement,
    width: int,
    text: str,
    bold: bool = False,
    colour: str | None = None,
    fill: str | None = None,
) -> None:
    """Adds a cell of one paragraph, `width` twips wide, holding `text` in one run (a tab or
    line break in it as Word's own), bold or coloured if asked, shaded in `fill` if given."""
    cell = SubElement(row, qn("w:tc"))
    properties = SubElement(cell, qn("w:tcPr"))
    SubElement(properties, qn("w:tcW"), {qn("w:type"): "dxa", qn("w:w"): str(width)})
    if fill is not None:
        SubElement(
            properties,
            qn("w:shd"),
            {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill},
        )
    run = SubElement(SubElement(cell, qn("w:p")), qn("w:r"))
    if bold or colour is not None:
        run_properties = SubElement(run, qn("w:rPr"))
        if bold:
            SubElement(run_properties, qn("w:b"))
        if colour is not None:
            SubElement(run_properties, qn("w:color"), {qn("w:val"): colour})
    for part in _RUN_BREAKS.split(clean(text)):
        if part == "\t":
            SubElement(run, qn("w:tab"))
        elif part in ("\r", "\n"):
            SubElement(run, qn("w:br"))
        elif part:
            SubElement(run, qn("w:t"), {qn("xml:space"): "preserve"}).text = part


def _alt_text(document: DocumentObject, description: str) -> None:
    """Sets the alt text of the picture just added."""
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", clean(description))
