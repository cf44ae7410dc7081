"""The official's own words in the Word pack: authored blocks as Word paragraphs, lists with
Word numbering, bold and italic runs, working links and citations. With numbered paragraphs,
each body paragraph and each entry of a numbered list is one of the pack's numbered paragraphs,
as in the PDF pack; bullets stay bullets."""

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
from briefing_builder.render.docx_numbering import (
    DECIMAL,
    PARAGRAPH_NUMBER_INDENT,
    Numbering,
    number,
)
from briefing_builder.render.docx_styles import LIST_INDENT, find_style
from briefing_builder.render.text import clean

LINK_SCHEMES = ("http", "https", "mailto")
"""The addresses an authored link may go to; any other is printed as text, not followed."""
WEB_SCHEMES = ("http", "https")
"""The addresses a source's link may go to, as in the PDF pack."""
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

Styled = Callable[[str], Paragraph]
"""Adds an empty paragraph in the named paragraph style at the end of the document."""


class Blocks:
    """Writes authored blocks at the end of one document; `paragraph_numbers` is the Word list
    of the pack's numbered paragraphs, when the house style numbers them."""

    def __init__(
        self,
        document: DocumentObject,
        numbering: Numbering,
        styled: Styled,
        paragraph_numbers: int | None,
    ) -> None:
        self._document = document
        self._numbering = numbering
        self._styled = styled
        self._paragraph_numbers = paragraph_numbers
        link_style = find_style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
        self._link_style = link_style.style_id if link_style is not None else "Hyperlink"
        self._ordered: int | None = None

    def write(self, blocks: Sequence[Block], numbered: bool = False) -> None:
        """Writes the blocks; with `numbered`, paragraphs and numbered lists' entries are
        numbered paragraphs when the house style numbers them."""
        numbers = self._paragraph_numbers if numbered else None
        for block in blocks:
            if isinstance(block, Text):
                paragraph = self._document.add_paragraph()
                self.inlines(paragraph, block.inlines)
                if numbers is not None:
                    number(paragraph._p, numbers)
            elif block.ordered and numbers is not None:
                self._numbered_entries(block, numbers)
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
        self,
        paragraph: Paragraph,
        url: str,
        text: str,
        bold: bool = False,
        italic: bool = False,
        schemes: tuple[str, ...] = LINK_SCHEMES,
    ) -> None:
        """A working link with `text` as what it says, in Word's Hyperlink style; an address
        without one of `schemes` is printed as plain text."""
        if urlsplit(url).scheme.lower() not in schemes:
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

    def _numbered_entries(self, bullets: Bullets, numbers: int) -> None:
        """A numbered list's entries as numbered paragraphs in the list `numbers`, an entry's
        later paragraphs in line with its text."""
        for entry in bullets.entries:
            for n, text in enumerate(entry or (Text(()),)):
                paragraph = self._document.add_paragraph()
                if n == 0:
                    number(paragraph._p, numbers)
                else:
                    paragraph.paragraph_format.left_indent = PARAGRAPH_NUMBER_INDENT
                self.inlines(paragraph, text.inlines)

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
