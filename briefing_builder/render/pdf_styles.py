"""The paragraph styles of the PDF pack, made from a house style.

With numbered paragraphs the body text is set in from the margin, so each paragraph's number
hangs in the space to its left, as civil-service briefs print them; headings stay at the margin.
"""

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing_builder.render.layout import MAP_CREDIT
from briefing_builder.render.pdf_fonts import FONT
from briefing_builder.render.style import HouseStyle

FOOTER_SIZE = 10
"""The smallest type of the marking and the page line at the foot of every page, in points."""
NUMBER_INDENT = 10 * mm
"""How far numbered text is set in: the number hangs in this space."""
QUOTE_INDENT = 6 * mm
"""How far a quote is set in from the text it follows; its rule is drawn in this space."""
RULE_COLOUR = "#b1b4b6"
"""The rule at the left of a quote, GOV.UK's border grey, which prints in greyscale too."""
LIST_INDENT = 6 * mm


class PdfStyles:
    """The paragraph styles of one house style."""

    def __init__(self, style: HouseStyle) -> None:
        text = colors.HexColor(style.colours.text)
        heading = colors.HexColor(style.colours.heading)
        size = style.body_size
        leading = size * style.line_spacing
        after = style.paragraph_after
        self.indent = NUMBER_INDENT if style.numbered_paragraphs else 0
        """Where body text starts: in from the margin when paragraphs are numbered."""
        self.body = ParagraphStyle(
            "body",
            fontName=FONT,
            fontSize=size,
            leading=leading,
            textColor=text,
            spaceAfter=after,
            bulletFontName=FONT,
        )
        self.text = ParagraphStyle("text", parent=self.body, leftIndent=self.indent)
        self.numbered = ParagraphStyle(
            "numbered", parent=self.text, bulletIndent=0, bulletFontName=FONT, bulletFontSize=size
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
            fontSize=max(size - 2, 9),
            leading=max(size - 2, 9) * 1.25,
            textColor=colors.HexColor("#505050"),
        )
        usable = (style.page_mm[0] - style.margins_mm[1] - style.margins_mm[3]) * mm - 12
        credit = min(size - 1, usable / stringWidth(MAP_CREDIT, FONT, 1))
        self.credit = ParagraphStyle(
            "credit", parent=self.caption, fontSize=credit, leading=credit * 1.25
        )
        self.label = ParagraphStyle(
            "label",
            parent=self.text,
            fontSize=max(size - 1.5, 7),
            leading=max(size - 1.5, 7) * 1.25,
            textColor=colors.HexColor("#505050"),
            spaceAfter=2,
        )
        self.quote = ParagraphStyle(
            "quote", parent=self.text, leftIndent=self.indent + QUOTE_INDENT
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
