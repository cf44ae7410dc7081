"""Links in the PDF pack: which addresses become links, how a link looks, where a URL breaks.

A link is coloured with the house style's accent and underlined in every style, so it is told
apart by more than colour (WCAG 1.4.1). A printed URL breaks only after "/", "-" or ".", never
inside a word, so each line still reads as part of the address.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from briefing_builder.render.text import clean

WEB = ("http", "https")
"""The schemes of a source's address that become a link."""
WEB_AND_MAIL = ("http", "https", "mailto")
"""The schemes of an authored link that become a link."""
_PIECE = re.compile(r"[^/.\-]*[/.\-]*")
_SMALL_PIECE = re.compile(r"[^+?&=_~#,;]*[+?&=_~#,;]*")
"""Where a part too long for a line breaks when it has no "/", "-" or "."."""
_FIT = 0.97
"""The share of a line a URL's line may fill: room for the fallback fonts' wider glyphs."""


def link_address(url: str | None, schemes: tuple[str, ...] = WEB) -> str | None:
    """The address escaped for a link's href, if it has one of `schemes` (and a host, for a
    web address) and nothing that could end the attribute; otherwise None."""
    if not url:
        return None
    address = clean(url)
    parts = urlsplit(address)
    scheme = parts.scheme.lower()
    if scheme not in schemes or not (parts.netloc if scheme in WEB else parts.path):
        return None
    if any(c.isspace() or c in '<>"' for c in address):
        return None
    return address.replace("&", "&amp;")


def link(address: str, marked: str, colour: str) -> str:
    """Paragraph markup for marked-up text linking to an escaped address: coloured, underlined."""
    return f'<a href="{address}" color="{colour}" underline="1">{marked}</a>'


def url_lines(url: str, first: float, width: float, measure: Callable[[str], float]) -> list[str]:
    """The URL cut into lines that fit: the first in `first` points, the rest in `width`, each
    break after a run of "/", "-" or "." ("https://" stays whole); a part longer than a line
    breaks after other punctuation ("+", "=", ...). A run of letters longer than a line stays
    whole here; the paragraph then breaks it as it must."""
    lines: list[str] = []
    line, room = "", first * _FIT
    for part in filter(None, _PIECE.findall(url)):
        pieces = _SMALL_PIECE.findall(part) if measure(part) > width * _FIT else [part]
        for piece in filter(None, pieces):
            if line and measure(line + piece) > room:
                lines.append(line)
                line, room = "", width * _FIT
            line += piece
    return [*lines, line] if line else lines
