"""write_pdf: the print-ready PDF pack, built with reportlab platypus from a Pack and a house style.

The bundled Liberation Sans family is embedded (subset), so Welsh letters such as ŵ and ŷ
print. Every heading has a bookmark; the contents are clickable; every page carries the marking
at top and bottom and "Page X of Y". The pack spec is embedded as a JSON file attachment.
"""

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
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
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from briefing_builder import __version__
from briefing_builder.catalogue.boundaries import ATTRIBUTION, load_boundaries
from briefing_builder.files import write_atomically
from briefing_builder.pack import FactTable, Pack, PackItem
from briefing_builder.render.layout import (
    CAVEAT_LABEL,
    NO_PUBLIC_COPY,
    SINCE_LABEL,
    fact_widths,
    key_message,
    scope_line,
)
from briefing_builder.render.locator import LocatorMap
from briefing_builder.render.style import HouseStyle
from briefing_builder.render.text import clean, markup
from briefing_builder.resources import fonts_dir

FONT = "BriefingSans"
SPEC_ATTACHMENT = "pack-spec.json"
Progress = Callable[[str, int], None]
"""Called as reportlab works: (what, value), as for BaseDocTemplate.setProgressCallBack."""


def write_pdf(pack: Pack, style: HouseStyle, dest: Path, progress: Progress | None = None) -> Path:
    """Writes the PDF pack to `dest` atomically and returns the path."""
    return write_atomically(dest, lambda path: _build(pack, style, path, progress))


@cache
def _register_fonts() -> None:
    folder = fonts_dir()
    faces = {
        FONT: "LiberationSans-Regular.ttf",
        f"{FONT}-Bold": "LiberationSans-Bold.ttf",
        f"{FONT}-Italic": "LiberationSans-Italic.ttf",
        f"{FONT}-BoldItalic": "LiberationSans-BoldItalic.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )


def _build(pack: Pack, style: HouseStyle, path: Path, progress: Progress | None) -> None:
    _register_fonts()
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

    document.multiBuild(story, canvasmaker=canvas)


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


class _Heading(Paragraph):
    """A heading that the document turns into a bookmark and, at level 1, a contents entry."""

    def __init__(self, text: str, level: int, styles: _Styles, key: str) -> None:
        super().__init__(markup(text), styles.headings[level - 1])
        self.outline = (level, clean(text), key)

    def draw(self) -> None:
        """Draws the heading with its destination at its top, so links land on it."""
        self.canv.bookmarkHorizontal(self.outline[2], 0, self.height)
        super().draw()


class _Story:
    """Turns a pack into platypus flowables in the house style's section order."""

    def __init__(self, pack: Pack, style: HouseStyle, styles: _Styles) -> None:
        self.pack = pack
        self.style = style
        self.styles = styles
        self._keys = 0

    def flowables(self) -> list[Flowable]:
        story: list[Flowable] = []
        for section in self.style.sections:
            if section in self.pack.sections:
                story += getattr(self, "_" + section.replace("-", "_"))()
                if section in self.style.new_page_after:
                    story.append(PageBreak())
        return story

    def _heading(self, text: str, level: int) -> _Heading:
        self._keys += 1
        return _Heading(text, level, self.styles, f"h{self._keys}")

    def _cover(self) -> list[Flowable]:
        pack = self.pack
        story: list[Flowable] = []
        if self.style.logo:
            logo = Image(str(self.style.logo), width=60 * mm, height=18 * mm, kind="proportional")
            logo.hAlign = "LEFT"
            story += [logo, Spacer(1, 6 * mm)]
        story.append(Paragraph(markup(pack.title), self.styles.title))
        if pack.purpose:
            story.append(Paragraph(markup(pack.purpose), self.styles.body))
        story += [
            Paragraph(f"<b>{markup(label)}:</b> {markup(value)}", self.styles.body)
            for label, value in pack.cover_details
        ]
        if self.style.locator_map and pack.map_regions:
            shaded = set(pack.map_regions)
            story += [
                Spacer(1, 4 * mm),
                LocatorMap(load_boundaries(), shaded, 55 * mm, self.style.colours.accent),
                Paragraph(markup(ATTRIBUTION), self.styles.caption),
            ]
        return story

    def _contents(self) -> list[Flowable]:
        contents = TableOfContents(
            dotsMinLevel=0, tableStyle=TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT)])
        )
        contents.levelStyles = self.styles.toc
        return [
            Paragraph(markup(self.style.heading("contents")), self.styles.headings[0]),
            contents,
        ]

    def _key_messages(self) -> list[Flowable]:
        if not self.pack.key_messages:
            return []
        points = [
            ListItem(
                [Paragraph(markup(key_message(c)), self.styles.body), *self._changes(c)],
                leftIndent=6 * mm,
            )
            for c in self.pack.key_messages
        ]
        return [
            self._heading(self.style.heading("key-messages"), 1),
            ListFlowable(
                points, bulletType="bullet", start="\u2022", leftIndent=6 * mm, bulletFontName=FONT
            ),
        ]

    def _key_facts(self) -> list[Flowable]:
        if not self.pack.key_facts:
            return []
        story: list[Flowable] = [self._heading(self.style.heading("key-facts"), 1)]
        for table in self.pack.key_facts:
            story += [self._fact_table(table), Spacer(1, 2 * mm)]
            story += [Paragraph(markup(note), self.styles.caption) for note in table.notes]
        return story

    def _fact_table(self, facts: FactTable) -> Table:
        cell, header = self.styles.cell, self.styles.header_cell
        rows = [[Paragraph(markup(text), header) for text in facts.header]]
        rows += [[Paragraph(markup(text), cell) for text in row] for row in facts.rows]
        usable = (self.style.page_mm[0] - self.style.margins_mm[1] - self.style.margins_mm[3]) * mm
        table = Table(rows, colWidths=[w * usable for w in fact_widths(facts)], repeatRows=1)
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
                story.append(Paragraph(markup(group.note), self.styles.body))
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
        item = cited.item
        parts: list[Flowable] = [
            self._heading(item.title, 3),
            Paragraph(markup(scope_line(cited)), self.styles.label),
            Paragraph(f"{markup(item.text)} [{cited.reference}]", self.styles.body),
        ]
        if item.quote:
            parts.append(
                Paragraph(
                    f"\u201c{markup(item.quote)}\u201d <i>\u2014 {markup(cited.citation)}</i>",
                    self.styles.quote,
                )
            )
        if item.caveat:
            parts.append(
                Paragraph(f"<b>{CAVEAT_LABEL}</b> {markup(item.caveat)}", self.styles.body)
            )
        return KeepTogether([*parts, *self._changes(cited)])

    def _changes(self, cited: PackItem) -> list[Flowable]:
        """What has changed since the item's source was published, each with its reference."""
        return [
            Paragraph(
                f"<b>{SINCE_LABEL}</b> {markup(change.text)} [{change.reference}]",
                self.styles.body,
            )
            for change in cited.changes
        ]

    def _sources(self) -> list[Flowable]:
        story: list[Flowable] = [self._heading(self.style.heading("sources"), 1)]
        link = self.style.colours.accent
        for reference in self.pack.references:
            source = reference.source
            title = f"<i>{markup(source.title)}</i>"
            if source.url:
                title = f'<a href="{markup(source.url)}" color="{link}">{title}</a>'
            creator = markup(reference.creator)
            text = f"[{reference.number}]\u00a0 {creator} ({reference.year}) {title}."
            if reference.publisher:
                text += f" {markup(reference.publisher)}."
            if source.url:
                url = markup(source.url)
                text += f' Available at: <a href="{url}" color="{link}">{url}</a>'
            else:
                text += f" {NO_PUBLIC_COPY}"
            story.append(Paragraph(text, self.styles.reference))
        return story

    def _about(self) -> list[Flowable]:
        rows = [
            [
                Paragraph(f"<b>{markup(label)}</b>", self.styles.cell),
                Paragraph(markup(value), self.styles.cell),
            ]
            for label, value in self.pack.about
        ]
        usable = (self.style.page_mm[0] - self.style.margins_mm[1] - self.style.margins_mm[3]) * mm
        table = Table(rows, colWidths=[0.35 * usable, 0.65 * usable])
        table.setStyle(
            TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
        )
        return [
            KeepTogether([self._heading(self.style.heading("about"), 1), Spacer(1, 2 * mm), table])
        ]


class _PackDocument(BaseDocTemplate):
    """Registers each heading as a bookmark and a contents entry as it is laid out.

    "Page X of Y" needs Y before the last page is laid out: each pass uses the page count of the
    pass before, and the build goes on until the count is stable and the contents complete.
    """

    def __init__(self, filename: str, *, pack: Pack, style: HouseStyle, **kwargs: Any) -> None:
        super().__init__(filename, **kwargs)
        self.pack = pack
        self.style = style
        self.total_pages = 0

    def _allSatisfied(self) -> bool:  # noqa: N802 - reportlab's check between multiBuild passes
        stable = self.total_pages == self.page
        self.total_pages = self.page
        return bool(super()._allSatisfied()) and stable

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        if isinstance(flowable, KeepTogether):
            for inner in flowable._content:
                self.afterFlowable(inner)
            return
        if not isinstance(flowable, _Heading):
            return
        level, text, key = flowable.outline
        self.canv.addOutlineEntry(text, key, level=level - 1, closed=False)
        if level == 1:
            self.notify("TOCEntry", (0, text, self.page, key))


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
