"""The PDF baseline for bench_packs.py: a bare reportlab platypus script writing a pack's content.

It writes what the app's PDF pack holds, in the same order, the way the reportlab user guide
shows: the cover, a TableOfContents filled in by `multiBuild`, the key messages as bullet
paragraphs, a key facts table with a repeated header row, the evidence as headings (kept with
the next paragraph), paragraphs and quotes, the sources, an "about" table, and a canvas that
draws the marking at top and bottom and "Page X of Y" once the page count is known. It uses the
same fonts (Liberation Sans, embedded) and the house style's page, margins, sizes and spacing,
so it lays out about as many pages as the app.

Left out, being the app's extras: bookmarks and the outline, each item kept together on a page,
links, document metadata, the pack spec as an attachment, the progress callback, text hygiene
beyond escaping, and the atomic write.
"""

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from baseline_text import (
    after_text,
    cover_details,
    parts,
    scope_line,
)
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from briefing_builder.pack import Pack, long_date
from briefing_builder.render import HouseStyle
from briefing_builder.resources import fonts_dir

FONT = "BareSans"
_FACES = {
    FONT: "LiberationSans-Regular.ttf",
    f"{FONT}-Bold": "LiberationSans-Bold.ttf",
    f"{FONT}-Italic": "LiberationSans-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSans-BoldItalic.ttf",
}


def write_bare_pdf(pack: Pack, style: HouseStyle, dest: Path) -> Path:
    """Writes the pack's content to `dest` with bare reportlab platypus; returns the path."""
    for name, file in _FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts_dir() / file)))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )
    width, height = style.page_mm
    top, right, bottom, left = style.margins_mm
    document = _Document(
        str(dest),
        pagesize=(width * mm, height * mm),
        topMargin=top * mm,
        rightMargin=right * mm,
        bottomMargin=bottom * mm,
        leftMargin=left * mm,
    )
    frame = Frame(document.leftMargin, document.bottomMargin, document.width, document.height)
    document.addPageTemplates([PageTemplate(frames=[frame])])
    styles = _styles(style)
    marking = pack.marking or ""
    date = long_date(pack.date)

    def canvas(*args: Any, **kwargs: Any) -> Canvas:
        return _NumberedCanvas(*args, marking=marking, date=date, style=style, **kwargs)

    document.multiBuild(_story(pack, styles, document.width), canvasmaker=canvas)
    return dest


def _styles(style: HouseStyle) -> dict[str, ParagraphStyle]:
    size, after = style.body_size, style.paragraph_after
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=size, leading=size * style.line_spacing, spaceAfter=after
    )
    styles = {
        "body": body,
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=style.title_size,
            leading=style.title_size * 1.2,
            spaceAfter=style.title_size * 0.6,
        ),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=6 * mm, bulletIndent=1 * mm),
        "quote": ParagraphStyle("quote", parent=body, leftIndent=8 * mm, fontName=f"{FONT}-Italic"),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "reference": ParagraphStyle(
            "reference", parent=body, leftIndent=10 * mm, firstLineIndent=-10 * mm
        ),
        "toc": ParagraphStyle("toc", parent=body, spaceAfter=2),
    }
    for level, heading_size in enumerate(style.heading_sizes, start=1):
        styles[f"heading{level}"] = ParagraphStyle(
            f"heading{level}",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=heading_size,
            leading=heading_size * 1.25,
            spaceBefore=heading_size * 0.8,
            keepWithNext=True,
        )
    return styles


def _story(pack: Pack, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    def paragraph(text: str, style: str = "body") -> Paragraph:
        return Paragraph(escape(text), styles[style])

    story: list[Flowable] = [paragraph(pack.title, "title")]
    if pack.purpose:
        story.append(paragraph(pack.purpose))
    story += [
        Paragraph(f"<b>{escape(label)}:</b> {escape(value)}", styles["body"])
        for label, value in cover_details(pack)
    ]
    contents = TableOfContents(dotsMinLevel=0)
    contents.levelStyles = [styles["toc"]]
    story += [PageBreak(), Paragraph("Contents", styles["heading1"]), contents, PageBreak()]
    if pack.key_facts:
        story.append(paragraph("Key facts", "heading1"))
        for facts in pack.key_facts:
            rows = [[Paragraph(f"<b>{escape(text)}</b>", styles["cell"]) for text in facts.header]]
            rows += [[paragraph(text, "cell") for text in row] for row in facts.rows]
            share = 1 / len(facts.header)
            table = Table(rows, colWidths=[share * width] * len(facts.header), repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(table)
            story += [paragraph(note) for note in facts.notes]
    for group in pack.evidence:
        story.append(paragraph(group.heading, "heading1"))
        for label, cited_items in parts(group):
            if not cited_items:
                continue
            story.append(paragraph(label, "heading2"))
            for cited in cited_items:
                item = cited.item
                story.append(paragraph(item.title, "heading3"))
                story.append(paragraph(scope_line(cited)))
                story.append(paragraph(f"{item.text} [{cited.reference}]"))
                if item.quote:
                    attribution = f"{item.source.citation}, {item.locator}"
                    story.append(
                        Paragraph(
                            f"\u201c{escape(item.quote)}\u201d <i>\u2014 {escape(attribution)}</i>",
                            styles["quote"],
                        )
                    )
                story += [paragraph(line) for line in after_text(cited)]
    story.append(paragraph("Sources", "heading1"))
    for reference in pack.references:
        text = (
            f"[{reference.number}]\u00a0 {escape(reference.creator)} ({reference.year}) "
            f"<i>{escape(reference.source.title)}</i>."
        )
        if reference.publisher:
            text += f" {escape(reference.publisher)}."
        if reference.source.url:
            text += f" Available at: {escape(reference.source.url)}"
        story.append(Paragraph(text, styles["reference"]))
    about = Table(
        [[paragraph(label, "cell"), paragraph(value, "cell")] for label, value in pack.about],
        colWidths=[0.35 * width, 0.65 * width],
    )
    about.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [paragraph("About this pack", "heading1"), about]
    return story


class _Document(BaseDocTemplate):
    """Sends each level-1 heading after the contents to the TableOfContents, as the guide shows."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        if isinstance(flowable, Paragraph) and flowable.style.name == "heading1":
            text = flowable.getPlainText()
            if text != "Contents":
                self.notify("TOCEntry", (0, text, self.page))


class _NumberedCanvas(Canvas):
    """The reportlab recipe for "Page X of Y": keep each page's state, draw them all at save."""

    def __init__(self, *args: Any, marking: str, date: str, style: HouseStyle, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._marking = marking
        self._date = date
        self._size = style.body_size
        self._top, _, self._bottom, _ = style.margins_mm
        self._saved: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for state in self._saved:
            self.__dict__.update(state)
            self._header_and_footer(len(self._saved))
            super().showPage()
        super().save()

    def _header_and_footer(self, pages: int) -> None:
        width, height = self._pagesize
        size = self._size
        self.setFont(f"{FONT}-Bold", size)
        self.drawCentredString(width / 2, height - self._top * mm / 2 - size / 3, self._marking)
        self.drawCentredString(width / 2, self._bottom * mm / 2 - size, self._marking)
        self.setFont(FONT, size - 2)
        footer = f"Page {self._pageNumber} of {pages}  \u00b7  {self._date}"
        self.drawCentredString(width / 2, self._bottom * mm / 2 + size * 0.4, footer)
