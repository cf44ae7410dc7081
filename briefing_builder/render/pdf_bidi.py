"""Right-to-left text in the PDF: Arabic joined, Hebrew and Arabic in reading order.

A PDF draws glyphs left to right, so text must reach it in visual order. Lines are broken in
logical (typed) order, then each line that holds right-to-left letters is reordered by the
Unicode bidirectional algorithm (python-bidi) just before it is drawn. Arabic letters are first
turned into their joined forms (arabic-reshaper), which the fallback font draws.
"""

import re
import unicodedata
from typing import Any

from arabic_reshaper import ArabicReshaper
from bidi.algorithm import (
    apply_mirroring,
    explicit_embed_and_overrides,
    get_base_level,
    get_embedding_levels,
    get_empty_storage,
    reorder_resolved_levels,
    resolve_implicit_levels,
    resolve_neutral_types,
    resolve_weak_types,
)
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.platypus import Flowable, Paragraph

from briefing_builder.render.pdf_tags import Tagged

_ISOLATES = frozenset({"LRI", "RLI", "FSI", "PDI"})
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
# Vowel marks and the tatweel are the author's text: kept, not tidied away.
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": False, "delete_tatweel": False})


def join_arabic(text: str) -> str:
    """The text with Arabic letters in the joined (presentation) forms a font without shaping
    tables can draw; other text is unchanged."""
    return _RESHAPER.reshape(text) if _ARABIC.search(text) else text


def has_rtl(text: str) -> bool:
    """Whether the text holds right-to-left letters (Hebrew, Arabic, ...)."""
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def visual_order(text: str, base_level: int | None = None) -> list[tuple[int, str]]:
    """The characters of one line in drawing order, each as (index in `text`, character as
    drawn): mirrored brackets in right-to-left runs, explicit direction marks removed."""
    storage = get_empty_storage()
    level = get_base_level(text) if base_level is None else base_level
    storage["base_level"] = level
    storage["base_dir"] = ("L", "R")[level]
    get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
        if char["type"] in _ISOLATES:
            # python-bidi has no isolates (Unicode 6.3) and fails on them: they are dropped
            # as the embedding marks are.
            char["type"] = "BN"
        elif not char["type"]:
            # An unassigned code point has no class in unicodedata; UAX #9 makes it L.
            char["type"] = "L"
    for step in (
        explicit_embed_and_overrides,
        resolve_weak_types,
        resolve_neutral_types,
        resolve_implicit_levels,
        reorder_resolved_levels,
        apply_mirroring,
    ):
        step(storage, False)
    return [(char["index"], char["ch"]) for char in storage["chars"]]


def visual(text: str) -> str:
    """One line of text in drawing order."""
    return "".join(char for _, char in visual_order(text)) if has_rtl(text) else text


class BidiParagraph(Tagged, Paragraph):
    """A Paragraph that draws each line holding right-to-left letters in visual order, as the
    content of its structure element (a P unless its `role` says otherwise: pdf_tags).

    Lines stay in logical order for splitting across frames; only drawing sees the reordered
    copy, so a paragraph split over two pages is never reordered twice.

    Each line that the paragraph goes on from ends with a space, drawn after its last letter,
    so that the words either side of a line break stay two words for whoever reads the text
    without its layout (a screen reader following the tags).
    """

    spaced_end = False
    """Whether the last line ends with a space too: this is a part of a paragraph split over
    pages, broken between two words."""

    _laid_out_at: float | None = None
    """The width the paragraph's lines were last broken for."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Breaks the paragraph into lines for this width, once: a paragraph kept with
        others is measured, then placed, in each of the two passes of the build, all at the
        same width, and breaking it into lines was half the time of writing a pack."""
        if availWidth == self._laid_out_at and hasattr(self, "blPara"):  # split drops lines
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._laid_out_at = availWidth
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) == 2:
            lines = self.blPara
            parts[0].spaced_end = _between_words(
                lines.lines[len(parts[0].blPara.lines) - 1], lines.kind
            )
        return parts

    def draw(self) -> None:
        """Draws the paragraph with its line breaks spaced and its right-to-left lines
        reordered."""
        logical, style = self.blPara, self.style
        self.blPara = _spaced_lines(logical, self.spaced_end)
        text = _text(logical)
        if has_rtl(text):
            base_level = get_base_level(text)
            self.blPara = _visual_lines(self.blPara, base_level)
            if base_level == 1 and style.alignment in (TA_LEFT, TA_JUSTIFY):
                # A right-to-left paragraph starts at the right margin: ragged on the left,
                # as reportlab cannot end a justified paragraph at the right.
                self.style = style.clone(f"{style.name}-rtl", alignment=TA_RIGHT)
        try:
            super().draw()
        finally:
            self.blPara, self.style = logical, style


def _text(lines: Any) -> str:
    """The text of reportlab's broken lines, in logical order."""
    if lines.kind == 0:
        return " ".join(" ".join(words) for _, words in lines.lines)
    return " ".join("".join(getattr(f, "text", "") for f in line.words) for line in lines.lines)


def _spaced_lines(lines: Any, spaced_end: bool) -> Any:
    """A copy of reportlab's broken lines with a space after each line with text that breaks
    between words, but the last (unless `spaced_end`): added to the line's last word, or as a
    fragment of its own that no link or underline reaches."""
    last = len(lines.lines) if spaced_end else len(lines.lines) - 1
    if last < 1:
        return lines
    if lines.kind == 0:
        return lines.clone(
            lines=[
                (extra, [*words[:-1], words[-1] + " "]) if n < last and words else (extra, words)
                for n, (extra, words) in enumerate(lines.lines)
            ]
        )
    spaced = []
    for n, line in enumerate(lines.lines):
        texts = _text_fragments(line) if n < last else []
        if any(f.text for f in texts) and _between_words(line, lines.kind):
            space = texts[-1].clone(text=" ", us_lines=[], link=[])
            spaced.append(line.clone(words=[*line.words, space]))
        else:
            spaced.append(line)
    return lines.clone(lines=spaced)


def _between_words(line: Any, kind: int) -> bool:
    """Whether a line of reportlab's breaks between words: not at a <br/> inside a link's text
    (a URL cut into lines), where reportlab's empty fragment for the break is in the link."""
    if kind == 0 or not line.lineBreak:
        return True
    texts = _text_fragments(line)
    return not (texts and texts[-1].link)


def _text_fragments(line: Any) -> list[Any]:
    """A line's fragments of text, without its callbacks and images (cbDefn)."""
    return [f for f in line.words if not hasattr(f, "cbDefn")]


def _visual_lines(lines: Any, base_level: int) -> Any:
    """A copy of reportlab's broken lines with each right-to-left line in drawing order."""
    if lines.kind == 0:
        return lines.clone(
            lines=[(extra, _visual_words(words, base_level)) for extra, words in lines.lines]
        )
    return lines.clone(lines=[_visual_fragments(line, base_level) for line in lines.lines])


def _visual_words(words: list[str], base_level: int) -> list[str]:
    text = " ".join(words)
    if not has_rtl(text):
        return words
    drawn = "".join(char for _, char in visual_order(text, base_level))
    return [word for word in drawn.split(" ") if word]


def _visual_fragments(line: Any, base_level: int) -> Any:
    """A line of differently styled fragments, reordered character by character, each
    character keeping its fragment's font, colour and link."""
    fragments = line.words
    if any(hasattr(f, "cbDefn") for f in fragments):
        return line
    owners = [n for n, f in enumerate(fragments) for _ in f.text]
    text = "".join(f.text for f in fragments)
    if not has_rtl(text):
        return line
    drawn: list[Any] = []
    for index, char in visual_order(text, base_level):
        owner = fragments[owners[index]]
        if drawn and drawn[-1][0] is owner:
            drawn[-1][1].append(char)
        else:
            drawn.append((owner, [char]))
    return line.clone(words=[owner.clone(text="".join(chars)) for owner, chars in drawn])
