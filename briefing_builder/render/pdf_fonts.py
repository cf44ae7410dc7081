"""The bundled fonts of the PDF pack, and which of them draws each character.

Liberation Sans sets the text. Characters it lacks are drawn by a bundled fallback: DejaVu Sans
(Arabic, symbols, emoticons) or Droid Sans Fallback (Chinese, Japanese, Korean). Each font's
character map is read once, so a character is never sent to a font that would draw an empty box.
"""

from functools import cache

from reportlab.pdfbase import pdfmetrics

from briefing_builder.render.pdf_tags import TaggedFont
from briefing_builder.resources import fonts_dir

FONT = "BriefingSans"
"""The family the text is set in: regular, bold, italic and bold italic faces."""

_FACES = {
    FONT: "LiberationSans-Regular.ttf",
    f"{FONT}-Bold": "LiberationSans-Bold.ttf",
    f"{FONT}-Italic": "LiberationSans-Italic.ttf",
    f"{FONT}-BoldItalic": "LiberationSans-BoldItalic.ttf",
}
# Each fallback has one face, which stands in for bold and italic too: a Chinese word in a
# heading prints in regular weight rather than not at all.
_FALLBACKS = {
    "BriefingFallback": "DejaVuSans.ttf",
    "BriefingFallbackCJK": "DroidSansFallbackFull.ttf",
}


@cache
def register_fonts() -> None:
    """Registers the text family with reportlab (once per process). A fallback is registered
    when a character first needs it: reading the two took a sixth of writing a short pack."""
    folder = fonts_dir()
    for name, file in _FACES.items():
        pdfmetrics.registerFont(TaggedFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )


@cache
def _characters(name: str) -> frozenset[int]:
    register_fonts()
    if name in _FALLBACKS:
        pdfmetrics.registerFont(TaggedFont(name, str(fonts_dir() / _FALLBACKS[name])))
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    font = pdfmetrics.getFont(name)
    return frozenset(font.face.charToGlyph)


@cache
def _text_characters() -> frozenset[int]:
    """What every face of the text family can draw, so bold and italic never show a box."""
    return frozenset.intersection(*(_characters(name) for name in _FACES))


def all_in_text_font(text: str) -> bool:
    """Whether the text family draws every character of `text` (tabs and line breaks too,
    which are laid out rather than drawn)."""
    return all(ord(char) in _text_characters() or char in "\n\r\t" for char in frozenset(text))


def font_for(char: str) -> str | None:
    """The font that draws `char`: FONT, a fallback's name, or None when no bundled font can."""
    code = ord(char)
    if code in _text_characters():
        return FONT
    return next((name for name in _FALLBACKS if code in _characters(name)), None)
