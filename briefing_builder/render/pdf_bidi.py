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
from reportlab.platypus import Paragraph

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
    """

    def draw(self) -> None:
        """Draws the paragraph with its right-to-left lines reordered."""
        logical, style = self.blPara, self.style
        text = _text(logical)
        if has_rtl(text):
            base_level = get_base_level(text)
            self.blPara = _visual_lines(logical, base_level)
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
