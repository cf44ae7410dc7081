"""write_pdf: the print-ready PDF pack, built with reportlab platypus from a Pack and a house style.

The bundled Liberation Sans family is embedded (subset), so Welsh letters such as ŵ and ŷ
print, with bundled fallbacks for other scripts (pdf_fonts). Every text passes through PdfText
(pdf_text), so it prints as typed and fits the page. Every heading has a bookmark; the contents
are clickable; every page carries the marking at top and bottom and "Page X of Y". The pack
spec is embedded as a JSON file attachment.
"""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tableofcontents import TableOfContents

from briefing_builder import __version__
from briefing_builder.catalogue.boundaries import ATTRIBUTION, load_boundaries
from briefing_builder.errors import ExportError
from briefing_builder.files import write_atomically
from briefing_builder.pack import FactTable, Pack, PackItem
from briefing_builder.render.layout import (
    CAVEAT_LABEL,
    NO_PUBLIC_COPY,
    SINCE_LABEL,
    fact_widths,
    scope_line,
)
from briefing_builder.render.locator import LocatorMap
from briefing_builder.render.pdf_bidi import BidiParagraph
from briefing_builder.render.pdf_fonts import FONT, register_fonts
from briefing_builder.render.pdf_text import CELL, LINE, PdfText
from briefing_builder.render.style import HouseStyle
from briefing_builder.render.text import clean

SPEC_ATTACHMENT = "pack-spec.json"
Progress = Callable[[str, int], None]
"""Called as reportlab works: (what, value), as for BaseDocTemplate.setProgressCallBack."""


def write_pdf(pack: Pack, style: HouseStyle, dest: Path, progress: Progress | None = None) -> Path:
    """Writes the PDF pack to `dest` atomically and returns the path."""
    return write_atomically(dest, lambda path: _build(pack, style, path, progress))


def _build(pack: Pack, style: HouseStyle, path: Path, progress: Progress | None) -> None:
    register_fonts()
    width, height = style.page_mm
    top, right, bottom, left = style.margins_mm
    document = _PackDocument(
        str(path),
        pack=pack,
        style=style,
        pagesize=(width * mm, height * mm),
        topMargin=top * mm,
        rightMargin=right * mm,
        bottomMargin=bottom * mm,
        leftMargin=left * mm,
        title=clean(pack.title),
        author=clean(pack.author or pack.department),
        subject=clean(pack.subject),
        keywords=[clean(k) for k in pack.keywords],
        creator=f"Briefing Builder {__version__}",
        lang="en-GB",
    )
    if progress:
        document.setProgressCallBack(progress)
    frame = Frame(
        document.leftMargin, document.bottomMargin, document.width, document.height, id="body"
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=_decorate)])
    styles = _Styles(style)
    story = _Story(pack, style, styles).flowables()
    # ASCII JSON: any text, even a lone surrogate from a mis-encoded command line, is escaped.
    spec = json.dumps(pack.spec.to_dict(), ensure_ascii=True, indent=2).encode("ascii")

    def canvas(*args: Any, **kwargs: Any) -> Canvas:
        return _PackCanvas(*args, spec=spec, **kwargs)

    try:
        document.multiBuild(story, canvasmaker=canvas)
    except LayoutError as error:
        # Text is shortened to fit the page; only a house style whose type is too large for
        # its page can still leave something that no page holds.
        raise ExportError(
            f"cannot lay out {path.name}: part of the pack does not fit on a page of the "
            f"house style {style.name!r}; try a smaller type size or margins ({error})"
        ) from error


class _Styles:
    """The paragraph styles of one house style."""

    def __init__(self, style: HouseStyle) -> None:
        text = colors.HexColor(style.colours.text)
        heading = colors.HexColor(style.colours.heading)
        size = style.body_size
        leading = size * style.line_spacing
        after = style.paragraph_after
        self.body = ParagraphStyle(
            "body", fontName=FONT, fontSize=size, leading=leading, textColor=text, spaceAfter=after
        )
        self.title = ParagraphStyle(
            "title",
            parent=self.body,
            fontName=f"{FONT}-Bold",
            fontSize=style.title_size,
            leading=style.title_size * 1.2,
            spaceAfter=style.title_size * 0.6,
        )
        self.headings = [
            ParagraphStyle(
                f"heading{n + 1}",
                parent=self.body,
                fontName=f"{FONT}-Bold",
                fontSize=s,
                leading=s * 1.25,
                textColor=heading,
                spaceBefore=s * 0.8,
                spaceAfter=after,
                keepWithNext=True,
            )
            for n, s in enumerate(style.heading_sizes)
        ]
        self.caption = ParagraphStyle(
            "caption",
            parent=self.body,
            fontSize=8,
            leading=10,
            textColor=colors.HexColor("#555555"),
        )
        self.label = ParagraphStyle(
            "label",
            parent=self.body,
            fontSize=max(size - 1.5, 7),
            leading=max(size - 1.5, 7) * 1.25,
            textColor=colors.HexColor("#505050"),
            spaceAfter=2,
        )
        self.quote = ParagraphStyle(
            "quote", parent=self.body, leftIndent=8 * mm, fontName=f"{FONT}-Italic"
        )
        self.cell = ParagraphStyle("cell", parent=self.body, spaceAfter=0)
        self.header_cell = ParagraphStyle(
            "header_cell",
            parent=self.cell,
            fontName=f"{FONT}-Bold",
            textColor=colors.HexColor(style.colours.table_header_text),
        )
        self.reference = ParagraphStyle(
            "reference", parent=self.body, leftIndent=10 * mm, firstLineIndent=-10 * mm
        )
        self.toc = [
            ParagraphStyle("toc1", parent=self.body, leftIndent=0, spaceAfter=2),
            ParagraphStyle("toc2", parent=self.body, leftIndent=6 * mm, spaceAfter=2),
        ]


class _Heading(BidiParagraph):
    """A heading that the document turns into a bookmark and, at level 1, a contents entry.

    `outline` is (level, bookmark text, destination key, contents entry markup). A heading too
    long for one page splits like any paragraph; only its first part carries the outline.
    """

    outline: tuple[int, str, str, str] | None = None

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """Splits as a paragraph does, the bookmark staying with the first part."""
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for n, part in enumerate(parts):
            part.outline = self.outline if n == 0 else None
        return parts

    def draw(self) -> None:
        """Draws the heading with its destination at its top, so links land on it."""
        if self.outline:
            self.canv.bookmarkHorizontal(self.outline[2], 0, self.height)
        super().draw()


class _Story:
    """Turns a pack into platypus flowables in the house style's section order."""

    def __init__(self, pack: Pack, style: HouseStyle, styles: _Styles) -> None:
        self.pack = pack
        self.style = style
        self.styles = styles
        self.text = PdfText()
        self._keys = 0
        self._notices_at = 0

    def flowables(self) -> list[Flowable]:
        """The story, with a notice on the cover (or at the start) of anything this PDF shows
        differently from the Word pack."""
        story: list[Flowable] = []
        for section in self.style.sections:
            if section in self.pack.sections:
                story += getattr(self, "_" + section.replace("-", "_"))()
                if section in self.style.new_page_after:
                    story.append(PageBreak())
        notices = [self._paragraph(n, self.styles.label) for n in self.text.notices()]
        story[self._notices_at : self._notices_at] = notices
        return story

    def _markup(self, text: str, limit: int | None = None) -> str:
        return self.text.markup(text) if limit is None else self.text.markup(text, limit)

    def _paragraph(self, text: str, style: ParagraphStyle, limit: int | None = None) -> Flowable:
        """A paragraph of untrusted text, printed as typed."""
        return BidiParagraph(self._markup(text, limit), style)

    def _heading(self, text: str, level: int) -> _Heading:
        self._keys += 1
        heading = _Heading(self.text.markup(text, LINE), self.styles.headings[level - 1])
        entry = self.text.markup(text, LINE, one_line=True)
        heading.outline = (level, self.text.plain(text), f"h{self._keys}", entry)
        return heading

    def _cover(self) -> list[Flowable]:
        pack = self.pack
        story: list[Flowable] = []
        if self.style.logo_picture:
            picture = self.style.logo_picture
            width, height = picture.fitted(60, 18)
            logo = Image(io.BytesIO(picture.png), width=width * mm, height=height * mm)
            logo.hAlign = "LEFT"
            story += [logo, Spacer(1, 6 * mm)]
        story.append(self._paragraph(pack.title, self.styles.title, LINE))
        if pack.purpose:
            story.append(self._paragraph(pack.purpose, self.styles.body))
        story += [
            BidiParagraph(
                f"<b>{self._markup(label, LINE)}:</b> {self._markup(value)}", self.styles.body
            )
            for label, value in pack.cover_details
        ]
        self._notices_at = len(story)
        if self.style.locator_map and pack.map_regions:
            shaded = set(pack.map_regions)
            story += [
                Spacer(1, 4 * mm),
                LocatorMap(load_boundaries(), shaded, 55 * mm, self.style.colours.accent),
                self._paragraph(ATTRIBUTION, self.styles.caption),
            ]
        return story

    def _contents(self) -> list[Flowable]:
        contents = TableOfContents(
            dotsMinLevel=0, tableStyle=TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)])
        )
        contents.levelStyles = self.styles.toc
        return [
            self._paragraph(self.style.heading("contents"), self.styles.headings[0], LINE),
            contents,
        ]

    def _key_messages(self) -> list[Flowable]:
        return []

    def _key_facts(self) -> list[Flowable]:
        if not self.pack.key_facts:
            return []
        story: list[Flowable] = [self._heading(self.style.heading("key-facts"), 1)]
        for table in self.pack.key_facts:
            story += [self._fact_table(table), Spacer(1, 2 * mm)]
            story += [self._paragraph(note, self.styles.caption) for note in table.notes]
        return story

    def _fact_table(self, facts: FactTable) -> Table:
        cell, header = self.styles.cell, self.styles.header_cell
        rows = [[self._paragraph(text, header, CELL) for text in facts.header]]
        rows += [[self._paragraph(text, cell, CELL) for text in row] for row in facts.rows]
        usable = (self.style.page_mm[0] - self.style.margins_mm[1] - self.style.margins_mm[3]) * mm
        widths = [w * usable for w in fact_widths(facts)]
        # A row taller than a page (long cells in narrow columns) splits rather than failing.
        table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=1)
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(self.style.colours.accent)),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#b3b3b3")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                ]
            )
        )
        return table

    def _evidence(self) -> list[Flowable]:
        story: list[Flowable] = []
        for group in self.pack.evidence:
            story.append(self._heading(group.heading, 1))
            if group.note:
                story.append(self._paragraph(group.note, self.styles.body))
            for heading, cited_items in (
                (self.style.heading("findings"), group.findings),
                (self.style.heading("recommendations"), group.recommendations),
                (group.wider_heading, group.wider),
            ):
                if cited_items:
                    story.append(self._heading(heading, 2))
                    story += [self._item(cited) for cited in cited_items]
        return story

    def _item(self, cited: PackItem) -> Flowable:
        item, text = cited.item, self._markup
        parts: list[Flowable] = [
            self._heading(item.title, 3),
            self._paragraph(scope_line(cited), self.styles.label),
            BidiParagraph(f"{text(item.text)} [{cited.reference}]", self.styles.body),
        ]
        if item.quote:
            parts.append(
                BidiParagraph(
                    f"\u201c{text(item.quote)}\u201d <i>\u2014 {text(cited.citation)}</i>",
                    self.styles.quote,
                )
            )
        if item.caveat:
            parts.append(
                BidiParagraph(f"<b>{CAVEAT_LABEL}</b> {text(item.caveat)}", self.styles.body)
            )
        return KeepTogether([*parts, *self._changes(cited)])

    def _changes(self, cited: PackItem) -> list[Flowable]:
        """What has changed since the item's source was published, each with its reference."""
        return [
            BidiParagraph(
                f"<b>{SINCE_LABEL}</b> {self._markup(change.text)} [{change.reference}]",
                self.styles.body,
            )
            for change in cited.changes
        ]

    def _sources(self) -> list[Flowable]:
        story: list[Flowable] = [self._heading(self.style.heading("sources"), 1)]
        link = self.style.colours.accent
        for reference in self.pack.references:
            source, marked = reference.source, self._markup
            address = _web_address(source.url)
            title = f"<i>{marked(source.title)}</i>"
            if address:
                title = f'<a href="{address}" color="{link}">{title}</a>'
            year = marked(reference.year)
            text = f"[{reference.number}]\u00a0 {marked(reference.creator)} ({year}) {title}."
            if reference.publisher:
                text += f" {marked(reference.publisher)}."
            if address:
                shown = marked(source.url or "")
                text += f' Available at: <a href="{address}" color="{link}">{shown}</a>'
            elif source.url:
                # Not a web address (javascript:, file:, a typo): shown as text, never a link.
                text += f" Available at: {marked(source.url)}"
            else:
                text += f" {NO_PUBLIC_COPY}"
            story.append(BidiParagraph(text, self.styles.reference))
        return story

    def _about(self) -> list[Flowable]:
        rows = [
            [
                BidiParagraph(f"<b>{self._markup(label, LINE)}</b>", self.styles.cell),
                self._paragraph(value, self.styles.cell),
            ]
            for label, value in self.pack.about
        ]
        usable = (self.style.page_mm[0] - self.style.margins_mm[1] - self.style.margins_mm[3]) * mm
        table = Table(rows, colWidths=[0.35 * usable, 0.65 * usable], splitInRow=1)
        table.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
        )
        return [
            KeepTogether([self._heading(self.style.heading("about"), 1), Spacer(1, 2 * mm), table])
        ]


def _web_address(url: str | None) -> str | None:
    """The source's address escaped for a link, if it is a web (http or https) address."""
    if not url:
        return None
    address = clean(url)
    parts = urlsplit(address)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c.isspace() or c in '<>"' for c in address):
        return None
    return address.replace("&", "&amp;")


class _PackDocument(BaseDocTemplate):
    """Registers each heading as a bookmark and a contents entry as it is laid out.

    "Page X of Y" needs Y before the last page is laid out: each pass uses the page count of the
    pass before, and the build goes on until the count is stable and the contents complete, or
    for at most MAX_PASSES passes, so a pack whose count see-saws still finishes.
    """

    MAX_PASSES = 6

    def __init__(self, filename: str, *, pack: Pack, style: HouseStyle, **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self.pack = pack
        self.style = style
        self.total_pages = 0
        self._passes = 0

    def _allSatisfied(self) -> bool:  # noqa: N802 - reportlab's check between multiBuild passes
        stable = self.total_pages == self.page
        self.total_pages = self.page
        self._passes += 1
        return (bool(super()._allSatisfied()) and stable) or self._passes >= self.MAX_PASSES

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        if isinstance(flowable, KeepTogether):
            for inner in flowable._content:
                self.afterFlowable(inner)
            return
        if not isinstance(flowable, _Heading) or not flowable.outline:
            return
        level, text, key, entry = flowable.outline
        self.canv.addOutlineEntry(text, key, level=level - 1, closed=False)
        if level == 1:
            # The contents parse their entries as paragraph markup: the entry is escaped.
            self.notify("TOCEntry", (0, entry, self.page, key))


class _PackCanvas(Canvas):
    """The canvas of a pack: starts in the bundled font, shows the title and the bookmarks in
    the viewer, and embeds the pack spec when saved."""

    def __init__(self, *args: Any, spec: bytes, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "initialFontName": FONT})
        self._spec = spec
        self.setViewerPreference("DisplayDocTitle", "true")
        self.showOutline()

    def save(self) -> None:
        _attach(self, SPEC_ATTACHMENT, self._spec)
        super().save()


def _decorate(canvas: Canvas, document: "_PackDocument") -> None:
    """Draws the marking at the top and bottom centre of a page, and "Page X of Y" and the date."""
    pack, style = document.pack, document.style
    width, height = canvas._pagesize
    size = style.body_size
    top, _, bottom, _ = style.margins_mm
    canvas.saveState()
    if pack.marking:
        canvas.setFont(f"{FONT}-Bold", size)
        canvas.setFillColor(colors.HexColor(style.colours.marking))
        canvas.drawCentredString(width / 2, height - top * mm / 2 - size / 3, pack.marking.upper())
        canvas.drawCentredString(width / 2, bottom * mm / 2 - size, pack.marking.upper())
    canvas.setFont(FONT, size - 2)
    canvas.setFillColor(colors.HexColor(style.colours.text))
    total = document.total_pages or document.page
    footer = f"Page {document.page} of {total}  \u00b7  {pack.date:%d %B %Y}"
    canvas.drawCentredString(width / 2, bottom * mm / 2 + size * 0.4, footer)
    canvas.restoreState()


def _attach(canvas: Canvas, name: str, content: bytes) -> None:
    """Embeds a file in the PDF (the document's EmbeddedFiles name tree), for reading back later.

    reportlab has no public API for attachments, so this builds the PDF objects directly.
    """
    document = canvas._doc
    stream = pdfdoc.PDFStream(
        dictionary=pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("EmbeddedFile"),
                "Subtype": pdfdoc.PDFName("application#2Fjson"),
            }
        ),
        content=content,
    )
    filespec = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("Filespec"),
            "F": pdfdoc.PDFString(name),
            "UF": pdfdoc.PDFString(name),
            "Desc": pdfdoc.PDFString("The pack spec this pack was made from (Briefing Builder)"),
            "EF": pdfdoc.PDFDictionary({"F": document.Reference(stream)}),
        }
    )
    names = pdfdoc.PDFDictionary(
        {"Names": pdfdoc.PDFArray([pdfdoc.PDFString(name), document.Reference(filespec)])}
    )
    document.Catalog.Names = pdfdoc.PDFDictionary({"EmbeddedFiles": names})
