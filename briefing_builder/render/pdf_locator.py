"""The locator map in the PDF pack: the regions as vector paths, drawn on the canvas."""

from reportlab.lib import colors
from reportlab.platypus import Flowable

from briefing_builder.catalogue.boundaries import Boundaries
from briefing_builder.render.locator import OUTLINE, UNCHOSEN, alt_text
from briefing_builder.render.pdf_tags import Tagged


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
