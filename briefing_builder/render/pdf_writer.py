"""write_pdf: the print-ready PDF pack, built with reportlab platypus from a Pack and a house style.

The bundled Liberation Sans family is embedded (subset), so Welsh letters such as ŵ and ŷ
print, with bundled fallbacks for other scripts (pdf_fonts). Every text passes through PdfText
(pdf_text), so it prints as typed and fits the page. Every heading has a bookmark; the contents
are clickable; every page carries the marking at top and bottom and "Page X of Y". The pack
spec is embedded as a JSON file attachment. The PDF is tagged for screen readers (PDF/UA-1):
its structure tree follows the story, which is the pack in reading order (pdf_tags).
"""

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.tableofcontents import TableOfContents

from briefing_builder import __version__
from briefing_builder.catalogue.boundaries import load_boundaries
from briefing_builder.errors import ExportError
from briefing_builder.files import write_atomically
from briefing_builder.pack import FactTable, Pack, PackItem, long_date
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
from briefing_builder.render.pdf_bidi import BidiParagraph
from briefing_builder.render.pdf_blocks import Blocks
from briefing_builder.render.pdf_fonts import FONT, register_fonts
from briefing_builder.render.pdf_links import link, link_address, url_lines
from briefing_builder.render.pdf_locator import LocatorMap
from briefing_builder.render.pdf_styles import FOOTER_SIZE, QUOTE_INDENT, RULE_COLOUR, PdfStyles
from briefing_builder.render.pdf_tags import (
    Element,
    TaggedCanvas,
    TaggedImage,
    Tagger,
    pagination,
    structure,
)
from briefing_builder.render.pdf_text import CELL, LINE, PdfText
from briefing_builder.render.style import HouseStyle
from briefing_builder.render.text import clean

SPEC_ATTACHMENT = "pack-spec.json"
LANGUAGE = "en-GB"
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
        lang=LANGUAGE,
    )
    if progress:
        document.setProgressCallBack(progress)
    frame = Frame(
        document.leftMargin, document.bottomMargin, document.width, document.height, id="body"
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=_decorate)])
    styles = PdfStyles(style)
    story = _Story(pack, style, styles).flowables()
    tagger = Tagger(structure(story))
    # ASCII JSON: any text, even a lone surrogate from a mis-encoded command line, is escaped.
    spec = json.dumps(pack.spec.to_dict(), ensure_ascii=True, indent=2).encode("ascii")

    def canvas(*args: Any, **kwargs: Any) -> Canvas:
        # The first pass is never saved: _allSatisfied asks for a second.
        measuring = document.passes_done == 0
        return _PackCanvas(*args, spec=spec, tagger=tagger, measuring=measuring, **kwargs)

    try:
        document.multiBuild(story, canvasmaker=canvas)
    except LayoutError as error:
        # Text is shortened to fit the page; only a house style whose type is too large for
        # its page can still leave something that no page holds.
        raise ExportError(
            f"cannot lay out {path.name}: part of the pack does not fit on a page of the "
            f"house style {style.name!r}; try a smaller type size or margins ({error})"
        ) from error


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


class _Quote(BidiParagraph):
    """A quote, set upright and in from the text, with a rule at its left as GOV.UK sets
    inset text; each part of a quote split over pages has its rule."""

    role = "BlockQuote"

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Draws the rule, before the quote's tagged content so that it is an artifact, then
        the quote."""
        rule = x + self.style.leftIndent - QUOTE_INDENT / 2
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(RULE_COLOUR))
        canvas.setLineWidth(2)
        canvas.line(rule, y, rule, y + self.height)
        canvas.restoreState()
        super().drawOn(canvas, x, y, _sW)


class _Contents(TableOfContents):
    """The contents: each level-1 heading, dots and its page number, linking to the heading.

    Each entry is a contents item (TOCI) of the contents' element (`tag`, from
    pdf_tags.structure), titled with its heading, by which its links are described.
    """

    tag: Element

    def __init__(self, titles: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.titles = titles

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Lays out the entries of the pass before (none in the first pass)."""
        style = self.getLevelStyle(0)
        self.tag.kids = []
        rows: list[list[Flowable]] = []
        for _level, text, page, key in self._lastEntries:
            tag = self.tag.add("TOCI", title=self.titles[key])
            rows.append([_ContentsEntry(text, style, page, key, availWidth, tag, self.canv)])
        if not rows:
            rows.append([Spacer(1, style.leading)])
        self._table = Table(rows, colWidths=(availWidth,), style=self.tableStyle)
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height


class _ContentsEntry(BidiParagraph):
    """A contents entry: its heading linking to the heading, dots, and its page number, also
    a link, at the right of its last line, as reportlab's contents draw it.

    The heading is drawn first, then the dots, as an artifact, then the page number as more of
    the entry's content, so that the entry reads "title, page".
    """

    DOTS = " . "

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        page: int,
        key: str,
        width: float,
        tag: Element,
        canvas: Canvas,
    ) -> None:
        callback = f"contents-{key}"
        super().__init__(f'<a href="#{key}">{text}</a><onDraw name="{callback}"/>', style)
        canvas.setNamedCB(callback, self._heading_end)
        self.tag, self.page, self.key, self.line_width = tag, page, key, width
        self.number = _PageNumber(tag)
        self.end: tuple[float, float] = (0, 0)
        """Where the heading's text ends: x and baseline, from the paragraph's origin."""

    def _heading_end(self, canvas: Canvas, _kind: str, _label: str | None) -> None:
        where = canvas._curr_tx_info  # reportlab's position for an onDraw callback
        self.end = (where["cur_x"], where["cur_y"])

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        super().drawOn(canvas, x, y, _sW)
        style, number = self.style, str(self.page)
        end, baseline = self.end
        # Shrunk, as reportlab does, when the heading leaves it too little room.
        size = style.fontSize
        while stringWidth(number, style.fontName, size) > self.line_width - end and size >= 1:
            size *= 0.9
        width = stringWidth(number, style.fontName, size)
        dots = int((self.line_width - end - width) / stringWidth(self.DOTS, style.fontName, size))
        at = self.line_width - width
        canvas.saveState()
        canvas.translate(x, y)
        canvas.setFont(style.fontName, size)
        canvas.setFillColor(style.textColor)
        if dots > 0:
            dotted = self.DOTS * dots
            canvas.drawString(at - stringWidth(dotted, style.fontName, size), baseline, dotted)
        with canvas.tagger.content(canvas, self.number):
            canvas.drawString(at, baseline, number)
            canvas.linkRect(
                "", self.key, (at, baseline, at + width, baseline + style.leading), relative=1
            )
        canvas.restoreState()


class _PageNumber:
    """A contents entry's page number: content of the entry's element, `tag`, drawn apart."""

    def __init__(self, tag: Element) -> None:
        self.tag = tag


class _Story:
    """Turns a pack into platypus flowables in the house style's section order."""

    def __init__(self, pack: Pack, style: HouseStyle, styles: PdfStyles) -> None:
        self.pack = pack
        self.style = style
        self.styles = styles
        self.text = PdfText()
        self.blocks = Blocks(self.text, styles, style.colours.accent, style.numbered_paragraphs)
        # The frame sets its content 6 points in from each margin.
        self.width = (style.page_mm[0] - style.margins_mm[1] - style.margins_mm[3]) * mm - 12
        """The width of the text, in points."""
        self._keys = 0
        self._notices_at = 0
        self._titles: dict[str, str] = {}
        """Each heading's text, by its destination key."""

    def flowables(self) -> list[Flowable]:
        """The story, with a notice on the cover (or at the start) of anything this PDF shows
        differently from the Word pack. A section with nothing to show is left out, with the
        page break after it."""
        story: list[Flowable] = []
        for section in self.style.sections:
            if section not in self.pack.sections or not self._shows(section):
                continue
            if section in AUTHORED_SECTIONS:
                story += self._authored(section)
            else:
                story += getattr(self, "_" + section.replace("-", "_"))()
            if section in self.style.new_page_after:
                story.append(PageBreak())
        notices = [self._paragraph(n, self.styles.label) for n in self.text.notices()]
        story[self._notices_at : self._notices_at] = notices
        return _kept_with_next(story)

    def _shows(self, section: str) -> bool:
        if section == "contents":
            return shows_contents(self.pack, self.style)
        return shows_section(self.pack, section)

    def _markup(self, text: str, limit: int | None = None) -> str:
        return self.text.markup(text) if limit is None else self.text.markup(text, limit)

    def _paragraph(self, text: str, style: ParagraphStyle, limit: int | None = None) -> Flowable:
        """A paragraph of untrusted text, printed as typed."""
        return BidiParagraph(self._markup(text, limit), style)

    def _note(self, text: str) -> Flowable:
        """A table's note (its source, what its figures leave out), tagged as a note."""
        note = self._paragraph(text, self.styles.caption)
        note.role = "Note"
        return note

    def _heading(self, text: str, level: int) -> _Heading:
        self._keys += 1
        heading = _Heading(self.text.markup(text, LINE), self.styles.headings[level - 1])
        entry = self.text.markup(text, LINE, one_line=True)
        key, plain = f"h{self._keys}", self.text.plain(text)
        heading.outline = (level, plain, key, entry)
        heading.role = f"H{level}"
        self._titles[key] = plain
        return heading

    def _cover(self) -> list[Flowable]:
        pack, styles = self.pack, self.styles
        story: list[Flowable] = []
        if self.style.logo_picture:
            picture = self.style.logo_picture
            width, height = picture.fitted(60, 18)
            logo = TaggedImage(
                io.BytesIO(picture.png),
                width=width * mm,
                height=height * mm,
                alt=clean(self.style.logo_alt),
            )
            logo.hAlign = "LEFT"
            story += [logo, Spacer(1, 6 * mm)]
        story.append(self._paragraph(pack.title, styles.title, LINE))
        label = self._markup(self.style.heading("purpose"), LINE)
        story.append(BidiParagraph(f"<b>{label}</b>", styles.body))
        purpose = pack.blocks("purpose")
        story += (
            self.blocks.plain(purpose)
            if purpose
            else [self._paragraph(NO_PURPOSE_YET, styles.body)]
        )
        story += [
            BidiParagraph(f"<b>{self._markup(label, LINE)}:</b> {self._markup(value)}", styles.body)
            for label, value in cover_lines(pack, self.style)
        ]
        self._notices_at = len(story)
        if shows_map(pack, self.style):
            shaded = set(pack.map_regions)
            story += [
                Spacer(1, 4 * mm),
                LocatorMap(load_boundaries(), shaded, 55 * mm, self.style.colours.accent),
                self._paragraph(MAP_CREDIT, styles.credit),
            ]
        return story

    def _contents(self) -> list[Flowable]:
        contents = _Contents(
            self._titles, tableStyle=TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)])
        )
        contents.levelStyles = self.styles.toc
        heading = self._paragraph(self.style.heading("contents"), self.styles.headings[0], LINE)
        heading.role = "H1"
        return [heading, contents]

    def _authored(self, section: str) -> list[Flowable]:
        """A section the official wrote: its heading, then its paragraphs and lists."""
        blocks = self.pack.blocks(AUTHORED_SECTIONS[section])
        return [self._heading(self.style.heading(section), 1), *self.blocks.flowables(blocks)]

    def _key_facts(self) -> list[Flowable]:
        story: list[Flowable] = [self._heading(self.style.heading("key-facts"), 1)]
        for table in self.pack.key_facts:
            story += [self._fact_table(table), Spacer(1, 2 * mm)]
            story += [self._note(note) for note in table.notes]
        return story

    def _fact_table(self, facts: FactTable) -> Table:
        cell, header = self.styles.cell, self.styles.header_cell
        rows = [[self._paragraph(text, header, CELL) for text in facts.header]]
        rows += [[self._paragraph(text, cell, CELL) for text in row] for row in facts.rows]
        return self._table(rows, [w * self.width for w in fact_widths(facts)])

    def _table(self, rows: list[list[Flowable]], widths: list[float]) -> Table:
        """A table whose first row is its header: shaded in the accent, repeated on each page."""
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
                story.append(self._paragraph(group.note, self.styles.text))
            for heading, cited_items in (
                (self.style.heading("findings"), group.findings),
                (self.style.heading("recommendations"), group.recommendations),
                (group.wider_heading, group.wider),
            ):
                if cited_items:
                    story.append(self._heading(heading, 2))
                    story += [f for cited in cited_items for f in self._item(cited)]
        return story

    def _item(self, cited: PackItem) -> list[Flowable]:
        """An item: its title, what it is, its text (a numbered paragraph when the style numbers
        them) and its quote kept on one page, then its caveat and what has changed since."""
        item, text, styles = cited.item, self._markup, self.styles
        parts: list[Flowable] = [
            self._heading(item.title, 3),
            self._paragraph(scope_line(cited), styles.label),
            self.blocks.body(f"{text(item.text)} [{cited.reference}]"),
        ]
        if item.quote:
            quote = f"\u201c{text(item.quote)}\u201d <i>\u2014 {text(cited.citation)}</i>"
            parts.append(_Quote(quote, styles.quote))
        notes: list[Flowable] = []
        if item.caveat:
            caveat = BidiParagraph(f"<b>{CAVEAT_LABEL}</b> {text(item.caveat)}", styles.text)
            caveat.role = "Note"
            notes.append(caveat)
        notes += [
            BidiParagraph(
                f"<b>{SINCE_LABEL}</b> {text(change.text)} [{change.reference}]", styles.text
            )
            for change in cited.changes
        ]
        return [KeepTogether(parts), *notes]

    def _sources(self) -> list[Flowable]:
        story: list[Flowable] = [self._heading(self.style.heading("sources"), 1)]
        colour, marked, style = self.style.colours.accent, self._markup, self.styles.reference
        for reference in self.pack.references:
            source = reference.source
            address = link_address(source.url)
            title = f"<i>{marked(source.title)}</i>"
            if address:
                title = link(address, title, colour)
            year = marked(reference.year)
            text = f"[{reference.number}]\u00a0 {marked(reference.creator)} ({year}) {title}."
            if reference.publisher:
                text += f" {marked(reference.publisher)}."
            if source.url:
                # Not a web address (javascript:, file:, a typo): shown as text, never a link.
                shown = self._url(source.url, style)
                text += f"<br/>{AVAILABLE_AT} {link(address, shown, colour) if address else shown}"
            else:
                text += f" {NO_PUBLIC_COPY}"
            story.append(BidiParagraph(text, style))
        return story

    def _url(self, url: str, style: ParagraphStyle) -> str:
        """The URL as markup on a line of its own in the reference, broken only after "/",
        "-" or "." where it does not fit."""

        def measure(text: str) -> float:
            return float(stringWidth(text, FONT, style.fontSize))

        width = self.width - style.leftIndent
        lines = url_lines(clean(url), width - measure(f"{AVAILABLE_AT} "), width, measure)
        return "<br/>".join(self._markup(line) for line in lines)

    def _about(self) -> list[Flowable]:
        cell = self.styles.cell
        rows = [[self._paragraph(text, self.styles.header_cell, CELL) for text in ABOUT_HEADER]]
        rows += [
            [
                BidiParagraph(f"<b>{self._markup(label, LINE)}</b>", cell),
                self._paragraph(value, cell),
            ]
            for label, value in about_rows(self.pack, self.style)
        ]
        table = self._table(rows, [0.35 * self.width, 0.65 * self.width])
        table.header_columns = 1
        """Each row's label heads the row (pdf_tags)."""
        table.spaceBefore = 2 * mm
        return [self._heading(self.style.heading("about"), 1), table]


_TABLE_START = 45 * mm
"""The room a table's headings need at the foot of a page: themselves, the header row and a
few rows of the table."""


def _kept_with_next(story: list[Flowable]) -> list[Flowable]:
    """The story with each run of headings kept on one page with what follows them.

    reportlab keeps a heading with the next flowable only if that is no container, so a
    heading before an item (kept together) or a list would be left at the foot of a page. A
    table is not kept whole with its headings, which would move all of it to the next page:
    the headings start a new page only if the page has no room for them and a few rows.
    """
    kept: list[Flowable] = []
    headings: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, _Heading):
            headings.append(flowable)
            continue
        if headings and isinstance(flowable, Table):
            for heading in headings:
                heading.keepWithNext = False
            kept += [CondPageBreak(_TABLE_START), *headings, flowable]
            headings = []
        elif headings:
            following = flowable._content if isinstance(flowable, KeepTogether) else [flowable]
            kept.append(KeepTogether([*headings, *following]))
            headings = []
        else:
            kept.append(flowable)
    return kept + headings


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
        self.passes_done = 0

    def _allSatisfied(self) -> bool:  # noqa: N802 - reportlab's check between multiBuild passes
        stable = self.total_pages == self.page  # never after the first pass: it starts at 0
        self.total_pages = self.page
        self.passes_done += 1
        return (bool(super()._allSatisfied()) and stable) or self.passes_done >= self.MAX_PASSES

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


class _PackCanvas(TaggedCanvas):
    """The canvas of a pack: starts in the bundled font, shows the title and the bookmarks in
    the viewer, tags what it draws (pdf_tags), and embeds the pack spec when saved."""

    def __init__(self, *args: Any, spec: bytes, **kwargs: Any) -> None:
        super().__init__(*args, **{**kwargs, "initialFontName": FONT})
        self._spec = spec
        self.setViewerPreference("DisplayDocTitle", "true")
        self.showOutline()

    def save(self) -> None:
        _attach(self, SPEC_ATTACHMENT, self._spec)
        super().save()


def _decorate(canvas: "_PackCanvas", document: "_PackDocument") -> None:
    """Draws the marking at the top and bottom centre of a page, and "Page X of Y" and the date."""
    if canvas.measuring:
        return
    pack, style = document.pack, document.style
    width, height = canvas._pagesize
    size = max(style.body_size, FOOTER_SIZE)
    top, _, bottom, _ = style.margins_mm
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(style.colours.marking))
    if pack.marking:
        canvas.setFont(f"{FONT}-Bold", size)
        with pagination(canvas, "Header"):
            canvas.drawCentredString(
                width / 2, height - top * mm / 2 - size / 3, pack.marking.upper()
            )
    with pagination(canvas, "Footer"):
        if pack.marking:
            canvas.drawCentredString(width / 2, bottom * mm / 2 - size, pack.marking.upper())
        canvas.setFont(FONT, max(size - 2, FOOTER_SIZE))
        canvas.setFillColor(colors.HexColor(style.colours.text))
        total = document.total_pages or document.page
        footer = f"Page {document.page} of {total}  \u00b7  {long_date(pack.date)}"
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
