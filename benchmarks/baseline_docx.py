"""The Word baseline for bench_packs.py: a bare python-docx script writing a pack's content.

It writes what the app's Word pack holds, in the same order, with python-docx's default template
and nothing more: the cover (title, purpose, details), the contents as a plain list of the
level-1 headings, the key messages as bullets, a key facts table, the evidence as headings,
paragraphs and quotes, the sources, an "about" table, the marking in the header and
"Page X of Y" fields in the footer. Only the page size and margins come from the house style.

Left out, being the app's extras: its own paragraph styles, fonts, colours and language, the
contents as a Word field, shaded and repeating table headers, hyperlinks, document properties,
the pack spec in custom properties, text hygiene (`clean`) and the atomic write.
"""

from pathlib import Path

from baseline_text import (
    after_text,
    cover_details,
    outline,
    parts,
    scope_line,
)
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from briefing_builder.pack import Pack, long_date
from briefing_builder.render import HouseStyle


def write_bare_docx(pack: Pack, style: HouseStyle, dest: Path) -> Path:
    """Writes the pack's content to `dest` with bare python-docx calls; returns the path."""
    document = Document()
    set_up_page(document, style, pack.marking or "", long_date(pack.date))

    document.add_heading(pack.title, level=0)
    if pack.purpose:
        document.add_paragraph(pack.purpose)
    for label, value in cover_details(pack):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    _page_break(document)

    document.add_heading("Contents", level=1)
    for heading in outline(pack):
        document.add_paragraph(heading)
    _page_break(document)

    if pack.key_facts:
        document.add_heading("Key facts", level=1)
        for facts in pack.key_facts:
            table = document.add_table(rows=1, cols=len(facts.header), style="Table Grid")
            for cell, text in zip(table.rows[0].cells, facts.header, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
            for row in facts.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
            for note in facts.notes:
                document.add_paragraph(note)

    for group in pack.evidence:
        document.add_heading(group.heading, level=1)
        for label, cited_items in parts(group):
            if not cited_items:
                continue
            document.add_heading(label, level=2)
            for cited in cited_items:
                item = cited.item
                document.add_heading(item.title, level=3)
                document.add_paragraph(scope_line(cited))
                document.add_paragraph(f"{item.text} [{cited.reference}]")
                if item.quote:
                    quote = document.add_paragraph(style="Quote")
                    quote.add_run(f"\u201c{item.quote}\u201d").italic = True
                    quote.add_run(f" \u2014 {item.source.citation}, {item.locator}")
                for line in after_text(cited):
                    document.add_paragraph(line)

    document.add_heading("Sources", level=1)
    for reference in pack.references:
        paragraph = document.add_paragraph(
            f"[{reference.number}] {reference.creator} ({reference.year}) "
        )
        paragraph.add_run(reference.source.title).italic = True
        paragraph.add_run(".")
        if reference.publisher:
            paragraph.add_run(f" {reference.publisher}.")
        if reference.source.url:
            paragraph.add_run(f" Available at: {reference.source.url}")

    document.add_heading("About this pack", level=1)
    table = document.add_table(rows=0, cols=2, style="Table Grid")
    for label, value in pack.about:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value

    document.save(str(dest))
    return dest


def set_up_page(document: DocumentObject, style: HouseStyle, marking: str, date: str) -> None:
    """The house style's page size and margins, the marking in the header, "Page X of Y" below."""
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(size) for size in style.page_mm)
    top, right, bottom, left = (Mm(margin) for margin in style.margins_mm)
    section.top_margin, section.right_margin = top, right
    section.bottom_margin, section.left_margin = bottom, left
    header = section.header.paragraphs[0]
    header.text = marking
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    footer.add_run(f"  \u00b7  {date}  \u00b7  {marking}")


def _page_break(document: DocumentObject) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A simple Word field (PAGE, NUMPAGES) showing 1 until Word updates it."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
