"""The official's own words in the PDF pack: authored blocks as paragraphs and lists.

Every run of text passes through PdfText, so it prints as typed; bold and italics become
paragraph markup around the escaped text, a link becomes a coloured, underlined link (web and
mail addresses only), a citation prints its reference numbers. With numbered paragraphs, each
body paragraph and each entry of a numbered list is numbered 1, 2, 3 through the pack in
reading order, the number hanging in the left indent, as in the Word pack; bullets stay bullets.
"""

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, ListFlowable, ListItem

from briefing_builder.pack import Block, Bullets, Citation, Inline, Text
from briefing_builder.render.pdf_bidi import BidiParagraph
from briefing_builder.render.pdf_fonts import FONT
from briefing_builder.render.pdf_links import WEB_AND_MAIL, link, link_address
from briefing_builder.render.pdf_styles import LIST_INDENT, PdfStyles
from briefing_builder.render.pdf_text import PdfText

LABEL_GAP = 2.5 * mm
"""The least space between a numbered list's widest number and the text of its entries."""


class Blocks:
    """Writes the blocks of one PDF pack, numbering body paragraphs when the style says so."""

    def __init__(self, text: PdfText, styles: PdfStyles, accent: str, numbered: bool) -> None:
        self.text = text
        self.styles = styles
        self.accent = accent
        self.numbered = numbered
        self.count = 0
        """The number of the last numbered paragraph."""

    def flowables(self, blocks: Sequence[Block]) -> list[Flowable]:
        """The blocks as body paragraphs and lists, in order; with numbered paragraphs, a
        numbered list's entries are numbered paragraphs, continuing the pack's numbers."""
        story: list[Flowable] = []
        for block in blocks:
            if isinstance(block, Text):
                story.append(self.body(self.inlines(block.inlines)))
            elif block.ordered and self.numbered:
                story += self._numbered_entries(block)
            else:
                story.append(self._list(block))
        return story

    def body(self, marked: str) -> Flowable:
        """A body paragraph of paragraph markup: numbered next, when paragraphs are numbered."""
        if not self.numbered:
            return BidiParagraph(marked, self.styles.text)
        self.count += 1
        return BidiParagraph(marked, self.styles.numbered, bulletText=f"{self.count}. ")

    def plain(self, blocks: Sequence[Block]) -> list[Flowable]:
        """The blocks as paragraphs and lists that are never numbered (the cover's purpose)."""
        return [
            BidiParagraph(self.inlines(b.inlines), self.styles.body)
            if isinstance(b, Text)
            else self._list(b, 0)
            for b in blocks
        ]

    def inlines(self, inlines: Sequence[Inline]) -> str:
        """Paragraph markup for a paragraph's runs of text and citations."""
        return "".join(self._inline(i) for i in inlines)

    def _inline(self, inline: Inline) -> str:
        marked = self.text.markup(inline.text)
        if isinstance(inline, Citation):
            return marked
        if inline.bold:
            marked = f"<b>{marked}</b>"
        if inline.italic:
            marked = f"<i>{marked}</i>"
        address = link_address(inline.link, WEB_AND_MAIL)
        return link(address, marked, self.accent) if address else marked

    def _numbered_entries(self, bullets: Bullets) -> list[Flowable]:
        """A numbered list's entries as numbered paragraphs, an entry's later paragraphs in
        line with its text; each paragraph knows its list and entry, so that it is tagged as
        part of a list (pdf_tags.structure)."""
        story: list[Flowable] = []
        for index, entry in enumerate(bullets.entries):
            texts = entry or (Text(()),)
            paragraphs = [self.body(self.inlines(texts[0].inlines))]
            paragraphs += [
                BidiParagraph(self.inlines(t.inlines), self.styles.text) for t in texts[1:]
            ]
            for paragraph in paragraphs:
                paragraph.list_entry = (bullets, index)
            story += paragraphs
        return story

    def _list(self, bullets: Bullets, indent: float | None = None) -> Flowable:
        """A bulleted or numbered list; a numbered one's text is set in far enough for its
        widest number, so every entry's text starts at the same place."""
        start = self.styles.indent if indent is None else indent
        size = self.styles.body.fontSize
        entries = [
            ListItem([BidiParagraph(self.inlines(t.inlines), self.styles.body) for t in entry])
            for entry in bullets.entries
        ]
        dedent = LIST_INDENT
        kind: dict[str, str | int] = {"bulletType": "bullet", "start": "\u2022"}
        if bullets.ordered:
            last = f"{bullets.start + len(entries) - 1}."
            dedent = max(LIST_INDENT, stringWidth(last, FONT, size) + LABEL_GAP)
            kind = {"bulletType": "1", "start": bullets.start, "bulletFormat": "%s."}
        return ListFlowable(
            entries,
            leftIndent=start + dedent,
            bulletDedent=dedent,
            bulletFontName=FONT,
            bulletFontSize=size,
            **kind,
        )
