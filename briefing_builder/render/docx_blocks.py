"""The official's own words in the Word pack: authored blocks as Word paragraphs, lists with
Word numbering, bold and italic runs, working links and citations."""

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from briefing_builder.pack import Block, Bullets, Inline, Span, Text
from briefing_builder.render.docx_numbering import DECIMAL, Numbering, number
from briefing_builder.render.docx_styles import LIST_INDENT, find_style
from briefing_builder.render.text import clean

LINK_SCHEMES = ("http", "https", "mailto")
"""The addresses a link may go to; any other is printed as text, not followed."""
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

Styled = Callable[[str], Paragraph]
"""Adds an empty paragraph in the named paragraph style at the end of the document."""
Numbered = Callable[[Paragraph], None]
"""Numbers a paragraph as one of the pack's numbered paragraphs."""


class Blocks:
    """Writes authored blocks at the end of one document."""

    def __init__(self, document: DocumentObject, numbering: Numbering, styled: Styled) -> None:
        self._document = document
        self._numbering = numbering
        self._styled = styled
        link_style = find_style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
        self._link_style = link_style.style_id if link_style is not None else "Hyperlink"
        self._ordered: int | None = None

    def write(self, blocks: Sequence[Block], numbered: Numbered | None = None) -> None:
        """Writes the blocks; `numbered` numbers each paragraph that is not part of a list."""
        for block in blocks:
            if isinstance(block, Text):
                paragraph = self._document.add_paragraph()
                self.inlines(paragraph, block.inlines)
                if numbered is not None:
                    numbered(paragraph)
            else:
                self._list(block)

    def inlines(self, paragraph: Paragraph, inlines: Sequence[Inline]) -> None:
        """Adds authored text to a paragraph: runs, links and citations ("[3]")."""
        for inline in inlines:
            if not isinstance(inline, Span):
                paragraph.add_run(inline.text)
            elif inline.link:
                self.link(paragraph, inline.link, inline.text, inline.bold, inline.italic)
            else:
                run = paragraph.add_run(clean(inline.text))
                run.bold = inline.bold or None
                run.italic = inline.italic or None

    def link(
        self, paragraph: Paragraph, url: str, text: str, bold: bool = False, italic: bool = False
    ) -> None:
        """A working link with `text` as what it says, in Word's Hyperlink style; an address
        that is not a web or mail address is printed as plain text."""
        if urlsplit(url).scheme.lower() not in LINK_SCHEMES:
            run = paragraph.add_run(clean(text))
            run.bold = bold or None
            run.italic = italic or None
            return
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), paragraph.part.relate_to(clean(url), _HYPERLINK, is_external=True))
        element = OxmlElement("w:r")
        link.append(element)
        paragraph._p.append(link)
        run = Run(element, paragraph)
        element.style = self._link_style
        run.bold = bold or None
        run.italic = italic or None
        element.text = clean(text)

    def _list(self, bullets: Bullets) -> None:
        """A bulleted list, or a numbered one that Word numbers from the list's own start."""
        style = "List Number" if bullets.ordered else "List Bullet"
        num_id = self._restarted(bullets.start) if bullets.ordered else None
        for entry in bullets.entries:
            for n, text in enumerate(entry or (Text(()),)):
                paragraph = self._styled(style if n == 0 else "List Continue")
                if num_id is not None and n == 0:
                    number(paragraph._p, num_id)
                self.inlines(paragraph, text.inlines)

    def _restarted(self, start: int) -> int:
        """A new list of the List Number style's definition, numbered from `start`."""
        if self._ordered is None:
            style = self._document.styles["List Number"]
            self._ordered = self._numbering.definition_of(style)
            if self._ordered is None:
                self._ordered = self._numbering.define(DECIMAL, LIST_INDENT, Mm(5))
        return self._numbering.instance(self._ordered, start)
