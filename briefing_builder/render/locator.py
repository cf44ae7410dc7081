"""The locator map on a pack's cover: the UK's regions, the chosen ones shaded.

Both writers draw it from the same projected boundaries: the PDF as vector paths
(`pdf_locator`), the Word pack as a picture drawn here with Pillow, with alt text naming the
regions. Nothing of reportlab is loaded here, so a Word build does not load it.
"""

import io
from collections.abc import Collection, Sequence
from functools import cache

from PIL import Image, ImageDraw

from briefing_builder.catalogue.boundaries import Boundaries

OUTLINE = "#555555"
UNCHOSEN = "#dddddd"


def alt_text(boundaries: Boundaries, shaded: Collection[str]) -> str:
    """What the map shows, for screen readers: the shaded regions by name, in map order."""
    names = [shape.name for shape in boundaries.shapes if shape.itl1 in shaded]
    if not names:
        return "Map of the United Kingdom's regions, none of them shaded."
    listed = ", ".join(names[:-1]) + (f" and {names[-1]}" if len(names) > 1 else names[0])
    return f"Map of the United Kingdom's regions with {listed} shaded."


@cache
def map_png(boundaries: Boundaries, shaded: frozenset[str], width: int, colour: str) -> bytes:
    """The map as PNG bytes `width` pixels wide, for the Word pack (kept: packs reuse maps).
    Not `optimize`d: that made the file a few per cent smaller and took 71 of the 82 ms."""
    left, bottom, right, top = boundaries.bounds
    scale = (width - 4) / (right - left)
    height = int((top - bottom) * scale) + 4
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)

    def points(ring: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(2 + (x - left) * scale, 2 + (top - y) * scale) for x, y in ring]

    for shape in boundaries.shapes:
        fill = colour if shape.itl1 in shaded else UNCHOSEN
        for exterior, *holes in shape.polygons:
            pen.polygon(points(exterior), fill=fill, outline=OUTLINE)
            for hole in holes:
                pen.polygon(points(hole), fill="white", outline=OUTLINE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
