"""write_docx: the Word pack, built with python-docx from a Pack and a house style.

It uses Word's built-in Title, Heading and List styles (so the navigation pane and screen
readers work), a real table-of-contents field, the marking in every header and footer, and
"Page X of Y" fields. The pack spec is stored in custom document properties so the pack can
become a preset again.
"""

import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph

from briefing_builder.catalogue.boundaries import ATTRIBUTION, load_boundaries
from briefing_builder.files import write_atomically
from briefing_builder.pack import FactTable, Pack, PackItem
from briefing_builder.render.docx_properties import write_properties
from briefing_builder.render.layout import (
    CAVEAT_LABEL,
    NO_PUBLIC_COPY,
    SINCE_LABEL,
    fact_widths,
    scope_line,
)
from briefing_builder.render.locator import alt_text, map_png
from briefing_builder.render.style import HouseStyle
from briefing_builder.render.text import clean

_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


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
    _ensure_styles(document, style)
    _page(document, pack, style)
    write_properties(document, pack)
    writer = _Writer(document, pack, style)
    for section in style.sections:
        if section in pack.sections:
            writer.write(section)
            if section in style.new_page_after:
                document.add_page_break()
    return document


def _clear_body(document: DocumentObject) -> None:
    """Empties a reference document's body, keeping its section settings and styles."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _ensure_styles(document: DocumentObject, style: HouseStyle) -> None:
    """Makes sure every style the pack uses exists; a reference document's own versions win."""
    styles = document.styles
    colour = RGBColor.from_string(style.colours.text[1:])
    heading_colour = RGBColor.from_string(style.colours.heading[1:])
    normal = styles["Normal"]
    if not style.reference_docx:
        _font(normal, style.word_font)
        normal.font.size = Pt(style.body_size)
        normal.font.color.rgb = colour
        normal.paragraph_format.space_after = Pt(style.paragraph_after)
        normal.paragraph_format.line_spacing = style.line_spacing
    sizes = {
        "Title": style.title_size,
        **{f"Heading {n + 1}": s for n, s in enumerate(style.heading_sizes)},
    }
    for name, size in sizes.items():
        existing = _style(document, name, WD_STYLE_TYPE.PARAGRAPH)
        if existing is None or not style.reference_docx:
            paragraph_style = existing or styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            assert isinstance(paragraph_style, ParagraphStyle)
            paragraph_style.base_style = normal
            _font(paragraph_style, style.word_font)
            paragraph_style.font.size = Pt(size)
            paragraph_style.font.bold = True
            paragraph_style.font.color.rgb = heading_colour if name != "Title" else colour
            paragraph_style.paragraph_format.keep_with_next = True
            _plain_paragraph(
                paragraph_style, outline_level=None if name == "Title" else int(name[-1]) - 1
            )
            paragraph_style.paragraph_format.space_before = Pt(size * 0.8)
            paragraph_style.paragraph_format.space_after = Pt(style.paragraph_after)
    for name in ("List Bullet", "Quote"):
        if _style(document, name, WD_STYLE_TYPE.PARAGRAPH) is None:
            added = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            added.base_style = normal
            added.paragraph_format.left_indent = Mm(8)
            if name == "List Bullet":
                _bulleted(document, added)
    if _style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER) is None:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor.from_string(style.colours.accent[1:])
        link.font.underline = True
    _language(document, "en-GB")


def _bulleted(document: DocumentObject, paragraph_style: Any) -> None:
    """Gives a list style a bullet of its own: a new single-level bullet list in numbering.xml."""
    numbering = document.part.numbering_part.element
    abstract_ids = _ids(numbering.findall(qn("w:abstractNum")), "w:abstractNumId")
    num_ids = _ids(numbering.findall(qn("w:num")), "w:numId")
    abstract_id, num_id = max(abstract_ids, default=0) + 1, max(num_ids, default=0) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (
        ("w:start", "1"),
        ("w:numFmt", "bullet"),
        ("w:lvlText", "\u2022"),
        ("w:lvlJc", "left"),
    ):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        level.append(child)
    indent_properties = OxmlElement("w:pPr")
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), "454")
    indent.set(qn("w:hanging"), "284")
    indent_properties.append(indent)
    level.append(indent_properties)
    abstract.append(level)
    # Every abstractNum must come before the first num in numbering.xml.
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    number = OxmlElement("w:num")
    number.set(qn("w:numId"), str(num_id))
    reference = OxmlElement("w:abstractNumId")
    reference.set(qn("w:val"), str(abstract_id))
    number.append(reference)
    numbering.append(number)
    properties = paragraph_style.element.get_or_add_pPr()
    numbered = OxmlElement("w:numPr")
    numbered_id = OxmlElement("w:numId")
    numbered_id.set(qn("w:val"), str(num_id))
    numbered.append(numbered_id)
    properties.insert(0, numbered)


def _ids(elements: list[Any], attribute: str) -> list[int]:
    """The numeric ids of numbering elements; a reference document's odd ones are passed over."""
    values = (element.get(qn(attribute)) or "" for element in elements)
    return [int(value) for value in values if value.isascii() and value.isdigit()]


def _plain_paragraph(paragraph_style: Any, outline_level: int | None) -> None:
    """Drops the default template's border under Title, and sets a heading's outline level,
    which Word's navigation pane and contents use."""
    properties = paragraph_style.element.get_or_add_pPr()
    border = properties.find(qn("w:pBdr"))
    if border is not None:
        properties.remove(border)
    if outline_level is not None:
        level = properties.find(qn("w:outlineLvl"))
        if level is None:
            level = OxmlElement("w:outlineLvl")
            properties.append(level)
        level.set(qn("w:val"), str(outline_level))


def _font(paragraph_style: Any, name: str) -> None:
    """Sets a style's font, dropping theme fonts, which would otherwise win over the name."""
    paragraph_style.font.name = name
    fonts = paragraph_style.element.rPr.find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:cs"), name)


def _style(document: DocumentObject, name: str, kind: WD_STYLE_TYPE) -> object | None:
    for candidate in document.styles:
        if candidate.name == name and candidate.type == kind:
            return candidate
    return None


def _language(document: DocumentObject, language: str) -> None:
    """Sets the language of the document defaults and of every paragraph style."""
    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults"))
    targets = [s.element for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH]
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None:
            targets.append(run_defaults)
    for element in targets:
        properties = (
            element.get_or_add_rPr()
            if hasattr(element, "get_or_add_rPr")
            else _child(element, "w:rPr")
        )
        lang = properties.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            properties.append(lang)
        lang.set(qn("w:val"), language)


def _child(element: Any, tag: str) -> Any:
    found = element.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        element.append(found)
    return found


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
        first.add_run(f"  \u00b7  {pack.date:%d %B %Y}")
        if pack.marking:
            _marking(footer.add_paragraph(), pack.marking, style)


def _first_paragraph(story: Any) -> Paragraph:
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

    def __init__(self, document: DocumentObject, pack: Pack, style: HouseStyle) -> None:
        self.document = document
        self.pack = pack
        self.style = style
        self._style_ids: dict[str, str] = {}

    def _styled(self, text: str, style: str) -> Paragraph:
        """A paragraph in a named style. The style's id is looked up once per document:
        python-docx otherwise scans every style for each paragraph, which was two thirds of
        the time of writing a large pack."""
        if style not in self._style_ids:
            self._style_ids[style] = self.document.styles[style].style_id
        paragraph = self.document.add_paragraph(text)
        paragraph._p.style = self._style_ids[style]
        return paragraph

    def write(self, section: str) -> None:
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
        if pack.purpose:
            self.document.add_paragraph(clean(pack.purpose))
        for label, value in pack.cover_details:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(clean(value))
        if self.style.locator_map and pack.map_regions:
            self._locator_map()

    def _locator_map(self) -> None:
        boundaries = load_boundaries()
        shaded = frozenset(self.pack.map_regions)
        picture = map_png(boundaries, shaded, 600, self.style.colours.accent)
        self.document.add_picture(io.BytesIO(picture), width=Mm(50))
        names = [shape.name for shape in boundaries.shapes if shape.itl1 in shaded]
        _alt_text(self.document, alt_text(names))
        caption = self.document.add_paragraph()
        run = caption.add_run(ATTRIBUTION)
        run.font.size = Pt(8)

    def _contents(self) -> None:
        self._heading(self.style.heading("contents"), 1)
        # The field's result is pre-filled with the headings, so the contents read correctly
        # before Word updates them (and add page numbers) on opening.
        outline = self._outline()
        for number, text in enumerate(outline):
            entry = self.document.add_paragraph()
            if number == 0:
                _field(entry, 'TOC \\o "1-1" \\h \\z \\u', "", close=False)
            entry.add_run(clean(text))
            entry.paragraph_format.space_after = Pt(2)
            if number == len(outline) - 1:
                _field_char(entry, "end")
        _update_fields_on_open(self.document)

    def _outline(self) -> list[str]:
        """The level-1 headings the pack will have, in order."""
        entries: list[str] = []
        for section in self.style.sections:
            if section not in self.pack.sections or section in ("cover", "contents"):
                continue
            if section == "evidence":
                entries += [group.heading for group in self.pack.evidence]
            elif self._is_empty(section):
                continue
            else:
                entries.append(self.style.heading(section))
        return entries

    def _is_empty(self, section: str) -> bool:
        """Key messages and key facts are left out, heading and all, when the pack has none."""
        return (section == "key-messages" and not ()) or (
            section == "key-facts" and not self.pack.key_facts
        )

    def _key_messages(self) -> None:
        return

    def _key_facts(self) -> None:
        if not self.pack.key_facts:
            return
        self._heading(self.style.heading("key-facts"), 1)
        for facts in self.pack.key_facts:
            self._fact_table(facts)
            for note in facts.notes:
                paragraph = self.document.add_paragraph()
                paragraph.add_run(clean(note)).font.size = Pt(8)

    def _fact_table(self, facts: FactTable) -> None:
        table = self.document.add_table(rows=1, cols=len(facts.header))
        table.style = (
            self.document.styles["Table Grid"]
            if _style(self.document, "Table Grid", WD_STYLE_TYPE.TABLE)
            else None
        )
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, facts.header, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(clean(text))
            run.bold = True
            run.font.color.rgb = RGBColor.from_string(self.style.colours.table_header_text[1:])
            _shade(cell, self.style.colours.accent)
        _repeat_header(table.rows[0])
        table.autofit = False
        usable = self.style.page_mm[0] - self.style.margins_mm[1] - self.style.margins_mm[3]
        for values in facts.rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = clean(text)
        # Word reads the cell widths, LibreOffice the grid's column widths: set both.
        widths = fact_widths(facts)
        for column, share in zip(table.columns, widths, strict=True):
            column.width = Mm(usable * share)
        for row in table.rows:
            for cell, share in zip(row.cells, widths, strict=True):
                cell.width = Mm(usable * share)

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
        item = cited.item
        self._heading(item.title, 3)
        label = self.document.add_paragraph()
        label.paragraph_format.space_after = Pt(2)
        run = label.add_run(clean(scope_line(cited)))
        run.font.size = Pt(max(self.style.body_size - 1.5, 7))
        run.font.color.rgb = RGBColor(0x50, 0x50, 0x50)
        paragraph = self.document.add_paragraph(clean(item.text))
        paragraph.add_run(f" [{cited.reference}]")
        if item.quote:
            quote = self._styled("", "Quote")
            quote.paragraph_format.left_indent = Mm(8)
            quote.add_run(f"\u201c{clean(item.quote)}\u201d").italic = True
            quote.add_run(f" \u2014 {clean(cited.citation)}")
        if item.caveat:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{CAVEAT_LABEL} ").bold = True
            paragraph.add_run(clean(item.caveat))
        self._changes(cited)

    def _changes(self, cited: PackItem) -> list[Paragraph]:
        """What has changed since the item's source was published, each with its reference."""
        paragraphs = []
        for change in cited.changes:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(f"{SINCE_LABEL} ").bold = True
            paragraph.add_run(f"{clean(change.text)} [{change.reference}]")
            paragraphs.append(paragraph)
        return paragraphs

    def _sources(self) -> None:
        self._heading(self.style.heading("sources"), 1)
        for reference in self.pack.references:
            paragraph = self.document.add_paragraph()
            paragraph.paragraph_format.left_indent = Mm(10)
            paragraph.paragraph_format.first_line_indent = Mm(-10)
            paragraph.add_run(
                f"[{reference.number}]\t{clean(reference.creator)} ({reference.year}) "
            )
            if reference.source.url:
                _hyperlink(paragraph, reference.source.url, reference.source.title)
            else:
                paragraph.add_run(clean(reference.source.title)).italic = True
            paragraph.add_run(".")
            if reference.publisher:
                paragraph.add_run(f" {clean(reference.publisher)}.")
            if reference.source.url:
                paragraph.add_run(f" Available at: {clean(reference.source.url)}")
            else:
                paragraph.add_run(f" {NO_PUBLIC_COPY}")

    def _about(self) -> None:
        self._heading(self.style.heading("about"), 1)
        table = self.document.add_table(rows=0, cols=2)
        for label, value in self.pack.about:
            cells = table.add_row().cells
            cells[0].text = ""
            cells[0].paragraphs[0].add_run(label).bold = True
            cells[1].text = clean(value)


def _update_fields_on_open(document: DocumentObject) -> None:
    """Asks Word to update the fields (the contents' page numbers) when the file opens."""
    settings = document.settings.element
    update = settings.find(qn("w:updateFields"))
    if update is None:
        update = OxmlElement("w:updateFields")
        settings.append(update)
    update.set(qn("w:val"), "true")


def _hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """A working link with descriptive text (the source's title), styled as a Word hyperlink."""
    relationship = paragraph.part.relate_to(clean(url), _HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    run_style = OxmlElement("w:rStyle")
    run_style.set(qn("w:val"), "Hyperlink")
    properties.append(run_style)
    italic = OxmlElement("w:i")
    properties.append(italic)
    run.append(properties)
    shown = OxmlElement("w:t")
    shown.text = clean(text)
    run.append(shown)
    link.append(run)
    paragraph._element.append(link)


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour[1:])
    cell._element.get_or_add_tcPr().append(shading)


def _repeat_header(row: _Row) -> None:
    """Marks a table row as a header row that Word repeats on every page the table spans."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _alt_text(document: DocumentObject, description: str) -> None:
    """Sets the alt text of the picture just added."""
    inline = document.inline_shapes[-1]._inline
    inline.docPr.set("descr", clean(description))
