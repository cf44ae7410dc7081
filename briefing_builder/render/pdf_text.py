"""PdfText: any text made into reportlab paragraph markup that prints exactly what it says.

Every string on its way into the PDF passes through `PdfText.markup`, which escapes it with
text.markup (so it is data, never markup), shortens what no page could hold with a visible
note, joins Arabic letters, and sends each character to a bundled font that can draw it. A
character that no bundled font has is written as its code, [U+1F984], and the pack says so:
the PDF never draws an empty box. What was shortened or written as a code is collected, for the
notice at the front of the pack.
"""

import re
import unicodedata

from briefing_builder.render.pdf_bidi import join_arabic, visual
from briefing_builder.render.pdf_fonts import FONT, all_in_text_font, font_for
from briefing_builder.render.text import clean, markup

LINE = 300
"""The longest heading, title or contents entry, in characters: each must fit on one page (a
heading is kept with what follows, a contents entry is a table row)."""
CELL = 100
"""The longest table cell, in characters: a header row repeats on every page, so it must fit
in a fraction of one even in the narrowest column."""
BODY = 20_000
"""The longest paragraph, in characters (about six pages); it wraps and splits over pages.
Longer text is shortened, so a pack with a runaway field is written in seconds, not hours."""
HYPHENATED_WORD = 100
"""The longest word whose soft hyphens may break it, in characters. reportlab tries a long
word's soft hyphens one by one, in time that grows with the square of its length (a 7,000
character word took minutes), so a longer word breaks at any letter instead."""
_LONG_WORD = re.compile(rf"\S{{{HYPHENATED_WORD + 1},}}")
_SHOWN_CODES = 12


class PdfText:
    """Turns the texts of one PDF pack into paragraph markup and remembers what it changed."""

    def __init__(self) -> None:
        self.shortened = 0
        self.missing: dict[str, None] = {}
        """The characters written as codes, in the order first met."""

    def markup(self, text: str, limit: int = BODY, *, one_line: bool = False) -> str:
        """The text as paragraph markup, at most `limit` characters drawn (a character written
        as its code counts as the code's length); `one_line` text (a contents entry, which
        reportlab lays out itself) is put in visual order here."""
        text = clean(text)
        length = len(text)
        text = join_arabic(_without_long_hyphenation(_cut(text, limit) if length > limit else text))
        runs, complete = self._fonts(visual(text) if one_line else text, limit)
        marked = "".join(_in_font(font, markup(chars)) for font, chars in runs)
        if length <= limit and complete:
            return marked
        self.shortened += 1
        note = f"(shortened from {length:,} characters; the Word pack has it all)"
        return f"{marked}\u2026 <i>{markup(note)}</i>"

    def plain(self, text: str, limit: int = LINE) -> str:
        """The text for a bookmark: clean, and cut short with an ellipsis past `limit`."""
        text = clean(text)
        return text if len(text) <= limit else _cut(text, limit) + "\u2026"

    def notices(self) -> list[str]:
        """Plain sentences saying what this PDF shows differently from the Word pack."""
        said = []
        if self.shortened:
            said.append(
                "Text too long for a page is shortened in this PDF, with a note where it is; "
                "the Word pack has it in full."
            )
        if self.missing:
            codes = ", ".join(f"U+{ord(c):04X}" for c in list(self.missing)[:_SHOWN_CODES])
            more = len(self.missing) - _SHOWN_CODES
            codes += f" and {more} more" if more > 0 else ""
            said.append(
                "This PDF has no font for some characters and writes each as its code in "
                f"brackets ({codes}); the Word pack shows them."
            )
        return said

    def _fonts(self, text: str, limit: int) -> tuple[list[tuple[str, str]], bool]:
        """Runs of (font, text to draw) for the text, at most `limit` characters drawn in all,
        and whether all of it fitted."""
        if all_in_text_font(text):  # most text: each character draws itself, in FONT
            return ([(FONT, text[:limit])] if text else []), len(text) <= limit
        runs: list[tuple[str, list[str]]] = []
        drawn_length = 0
        for char in text:
            font, drawn = (FONT, char) if char in "\n\r\t" else self._drawn(char)
            drawn_length += len(drawn)
            if drawn_length > limit:
                return [(f, "".join(chars)) for f, chars in runs], False
            if not drawn:
                continue
            if runs and runs[-1][0] == font:
                runs[-1][1].append(drawn)
            else:
                runs.append((font, [drawn]))
        return [(f, "".join(chars)) for f, chars in runs], True

    def _drawn(self, char: str) -> tuple[str, str]:
        """The font for a character and what it draws: the character itself, a plain space for
        unusual spaces, nothing for invisible format characters, else the character's code."""
        font = font_for(char)
        if font is not None:
            return font, char
        if char.isspace():
            return FONT, " "
        if _invisible(char):
            return FONT, ""
        self.missing.setdefault(char)
        return FONT, f"[U+{ord(char):04X}]"


def _in_font(font: str, escaped: str) -> str:
    return escaped if font == FONT else f'<font name="{font}">{escaped}</font>'


def _invisible(char: str) -> bool:
    """Whether a character only formats others (joiners, direction marks, variation
    selectors), so leaving it out changes nothing a reader sees."""
    code = ord(char)
    return (
        unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


def _without_long_hyphenation(text: str) -> str:
    """The text with the soft hyphens taken out of every word too long to hyphenate."""
    if "\xad" not in text:
        return text
    return _LONG_WORD.sub(lambda word: word[0].replace("\xad", ""), text)


def _cut(text: str, limit: int) -> str:
    """The text's first `limit` characters, ending at a space when one is near the end."""
    cut = text[:limit]
    space = cut.rfind(" ", limit * 3 // 4)
    return (cut[:space] if space > 0 else cut).rstrip()
