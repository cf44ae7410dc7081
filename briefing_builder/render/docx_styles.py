"""The Word pack's styles: Word's built-in Title, Heading, List, Quote, TOC Heading and Hyperlink
styles set in the house style, widow and orphan control on the body text, British English.

A reference document's own versions of the look win, except where the pack's accessibility or
structure depends on a property: links are underlined, and the contents heading is never listed
in the contents.
"""

from typing import Any, cast

from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_UNDERLINE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle, StyleFactory

from briefing_builder.render.docx_numbering import BULLET, DECIMAL, Numbering, number
from briefing_builder.render.style import HouseStyle

LIST_INDENT = Mm(8)
"""Where the text of a list the pack defines starts; the bullet or number hangs before it."""
QUOTE_INDENT = Mm(10)
_BODY_STYLES = ("Normal", "List Bullet", "List Number", "List Continue", "Quote")
_BODY_TEXT_LEVEL = 9  # an outline level of 9 is body text: not in the navigation pane or a TOC
_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
"""What follows w:pBdr in a paragraph's properties, in the order the schema sets."""


def ensure_styles(document: DocumentObject, style: HouseStyle, numbering: Numbering) -> None:
    """Makes sure every style the pack uses exists and looks as the house style says."""
    styles = document.styles
    colour = RGBColor.from_string(style.colours.text[1:])
    heading_colour = RGBColor.from_string(style.colours.heading[1:])
    own = not style.reference_docx
    normal = styles["Normal"]
    if own:
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
        existing = find_style(document, name, WD_STYLE_TYPE.PARAGRAPH)
        if existing is None or own:
            paragraph_style = existing or styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            assert isinstance(paragraph_style, ParagraphStyle)
            paragraph_style.base_style = normal
            _font(paragraph_style, style.word_font)
            paragraph_style.font.size = Pt(size)
            paragraph_style.font.bold = True
            paragraph_style.font.color.rgb = heading_colour if name != "Title" else colour
            paragraph_style.paragraph_format.keep_with_next = True
            _plain_paragraph(
                paragraph_style,
                outline_level=None if name == "Title" else int(name[-1]) - 1,
            )
            paragraph_style.paragraph_format.space_before = Pt(size * 0.8)
            paragraph_style.paragraph_format.space_after = Pt(style.paragraph_after)
    _contents_heading(document)
    _lists(document, numbering)
    quote = find_style(document, "Quote", WD_STYLE_TYPE.PARAGRAPH)
    if quote is None or own:
        _quote(quote or styles.add_style("Quote", WD_STYLE_TYPE.PARAGRAPH), normal, style)
    for name in _BODY_STYLES:
        _widow_control(styles[name])
    _hyperlink_style(document, style, own)
    _language(document, "en-GB")


def find_style(document: DocumentObject, name: str, kind: WD_STYLE_TYPE) -> BaseStyle | None:
    """The document's style of that name and kind, if it has one. One XPath query: building
    every style's python-docx object to compare names took a tenth of a small pack's write."""
    found = document.styles.element.xpath(
        f'w:style[@w:type="{kind.xml_value}" and w:name/@w:val="{BabelFish.ui2internal(name)}"]'
    )
    return StyleFactory(found[0]) if found else None


def _contents_heading(document: DocumentObject) -> None:
    """Word's TOC Heading style, which looks like Heading 1 but is body text to the contents,
    so an updated contents does not list its own heading."""
    heading = find_style(document, "TOC Heading", WD_STYLE_TYPE.PARAGRAPH)
    if heading is None:
        heading = document.styles.add_style("TOC Heading", WD_STYLE_TYPE.PARAGRAPH)
        heading.base_style = document.styles["Heading 1"]
    _plain_paragraph(heading, outline_level=_BODY_TEXT_LEVEL)


def _lists(document: DocumentObject, numbering: Numbering) -> None:
    """The bulleted and numbered list styles, and the style of a list entry's later paragraphs;
    each one a document lacks is added, a list style with a list definition of its own."""
    normal = document.styles["Normal"]
    for name, kind in (("List Bullet", BULLET), ("List Number", DECIMAL), ("List Continue", "")):
        if find_style(document, name, WD_STYLE_TYPE.PARAGRAPH) is not None:
            continue
        added = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        added.base_style = normal
        added.paragraph_format.left_indent = LIST_INDENT
        if kind:
            number(added.element, numbering.instance(numbering.define(kind, LIST_INDENT, Mm(5))))


def _quote(quote: Any, normal: BaseStyle, style: HouseStyle) -> None:
    """Quotes set upright, indented, with a rule in the accent colour down their left side."""
    quote.base_style = normal
    quote.font.italic = False
    complex_italic = quote.element.rPr.find(qn("w:iCs"))
    if complex_italic is not None:
        quote.element.rPr.remove(complex_italic)
    quote.font.color.rgb = RGBColor.from_string(style.colours.text[1:])
    quote.paragraph_format.left_indent = QUOTE_INDENT
    properties = quote.element.get_or_add_pPr()
    borders = properties.find(qn("w:pBdr"))
    if borders is None:
        borders = properties.insert_element_before(OxmlElement("w:pBdr"), *_AFTER_BORDERS)
    for side in list(borders):
        borders.remove(side)
    left = OxmlElement("w:left")
    for attribute, value in (("val", "single"), ("sz", "18"), ("space", "8")):
        left.set(qn(f"w:{attribute}"), value)
    left.set(qn("w:color"), style.colours.accent[1:])
    borders.append(left)


def _widow_control(paragraph_style: Any) -> None:
    """Widow and orphan control, unless the style says otherwise itself."""
    properties = paragraph_style.element.pPr
    if properties is None or properties.widowControl is None:
        paragraph_style.paragraph_format.widow_control = True


def _hyperlink_style(document: DocumentObject, style: HouseStyle, own: bool) -> None:
    """Links in the accent colour and always underlined, so colour is not all that marks them
    (WCAG 1.4.1): a reference document's Hyperlink style keeps its colour, not a missing line."""
    link = cast(
        CharacterStyle,
        find_style(document, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
        or document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER),
    )
    if own or link.font.color.rgb is None:
        link.font.color.rgb = RGBColor.from_string(style.colours.accent[1:])
    link.font.underline = WD_UNDERLINE.SINGLE


def _plain_paragraph(paragraph_style: Any, outline_level: int | None) -> None:
    """Drops the default template's border under Title, and sets a heading's outline level,
    which Word's navigation pane and contents use."""
    properties = paragraph_style.element.get_or_add_pPr()
    border = properties.find(qn("w:pBdr"))
    if border is not None:
        properties.remove(border)
    if outline_level is not None:
        properties.get_or_add_outlineLvl().val = outline_level


def _font(paragraph_style: Any, name: str) -> None:
    """Sets a style's font, dropping theme fonts, which would otherwise win over the name."""
    paragraph_style.font.name = name
    fonts = paragraph_style.element.rPr.find(qn("w:rFonts"))
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:cs"), name)


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
