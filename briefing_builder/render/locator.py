"""The locator map on a pack's cover: the UK's regions, the chosen ones shaded.

Both writers draw it from the same projected boundaries: the PDF as vector graphics
(reportlab.graphics), the Word pack as a picture (drawn with Pillow), with alt text naming
the regions.
"""

import io
from collections.abc import Collection, Sequence
from functools import cache

from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.platypus import Flowable

from briefing_builder.catalogue.boundaries import Boundaries
from briefing_builder.render.pdf_tags import Tagged

OUTLINE = "#555555"
UNCHOSEN = "#dddddd"


def alt_text(boundaries: Boundaries, shaded: Collection[str]) -> str:
    """What the map shows, for screen readers: the shaded regions by name, in map order."""
    names = [shape.name for shape in boundaries.shapes if shape.itl1 in shaded]
    if not names:
        return "Map of the United Kingdom's regions, none of them shaded."
    listed = ", ".join(names[:-1]) + (f" and {names[-1]}" if len(names) > 1 else names[0])
    return f"Map of the United Kingdom's regions with {listed} shaded."


class LocatorMap(Tagged, Flowable):
    """The map as PDF vector paths, `width` points wide, the shaded ITL1 regions in `colour`,
    tagged as a figure with the alt text the Word pack gives its picture.

    It draws on the canvas directly rather than through reportlab.graphics, whose renderer
    switches to its default Helvetica, a font the pack must not use unembedded.
    """

    role = "Figure"

    def __init__(self, boundaries: Boundaries, shaded: set[str], width: float, colour: str) -> None:
        super().__init__()
        self.boundaries = boundaries
        self.shaded = shaded
        self.colour = colour
        left, bottom, right, top = boundaries.bounds
        self.scale = width / (right - left)
        self.width, self.height = width, (top - bottom) * self.scale
        self.hAlign = "LEFT"
        self.alt = alt_text(boundaries, shaded)

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left, bottom, _, _ = self.boundaries.bounds
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(OUTLINE))
        canvas.setLineWidth(0.4)
        for shape in self.boundaries.shapes:
            canvas.setFillColor(
                colors.HexColor(self.colour if shape.itl1 in self.shaded else UNCHOSEN)
            )
            path = canvas.beginPath()
            for polygon in shape.polygons:
                for ring in polygon:
                    (x0, y0), *rest = ring
                    path.moveTo((x0 - left) * self.scale, (y0 - bottom) * self.scale)
                    for x, y in rest:
                        path.lineTo((x - left) * self.scale, (y - bottom) * self.scale)
                    path.close()
            canvas.drawPath(path, stroke=1, fill=1, fillMode=0)  # even-odd: holes stay empty
        canvas.restoreState()


@cache
def map_png(boundaries: Boundaries, shaded: frozenset[str], width: int, colour: str) -> bytes:
    """The map as PNG bytes `width` pixels wide, for the Word pack (kept: packs reuse maps)."""
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
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
