"""The locator map on a pack's cover: the UK's regions, the chosen ones shaded.

Both writers draw it from the same projected boundaries: the PDF as vector paths
(`pdf_locator`), the Word pack as a picture drawn here with Pillow, with alt text naming the
regions. Nothing of reportlab is loaded here, so a Word build does not load it.
"""

import hashlib
import io
import json
from collections.abc import Collection, Sequence
from contextlib import suppress
from functools import cache

from briefing_builder.catalogue.boundaries import Boundaries, boundaries_path, load_boundaries
from briefing_builder.errors import BriefingError
from briefing_builder.files import write_atomically
from briefing_builder.resources import cache_dir

OUTLINE = "#555555"
UNCHOSEN = "#dddddd"


def alt_text(boundaries: Boundaries, shaded: Collection[str]) -> str:
    """What the map shows, for screen readers: the shaded regions by name, in map order."""
    names = [shape.name for shape in boundaries.shapes if shape.itl1 in shaded]
    if not names:
        return "Map of the United Kingdom's regions, none of them shaded."
    listed = ", ".join(names[:-1]) + (f" and {names[-1]}" if len(names) > 1 else names[0])
    return f"Map of the United Kingdom's regions with {listed} shaded."


_DRAWING = 1
"""The version of map_png's drawing: a change to how the map looks changes it, so no picture
kept by an older app is reused."""
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def cover_map(shaded: frozenset[str], width: int, colour: str) -> tuple[bytes, str]:
    """The Word pack's map, as PNG bytes `width` pixels wide, and its alt text: drawn once
    for each choice of regions, width and colour, then kept in the user's cache folder and
    reused. Drawing it (and loading the boundaries and Pillow to do so) was 40% of writing a
    typical pack. A kept picture that is damaged or cannot be kept is simply drawn again."""
    boundaries_file = boundaries_path()
    try:
        stat = boundaries_file.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
    except OSError:
        stamp = []
    choice = json.dumps([_DRAWING, stamp, sorted(shaded), width, colour])
    kept = cache_dir() / "maps" / hashlib.sha256(choice.encode()).hexdigest()[:32]
    picture, alt = kept.with_suffix(".png"), kept.with_suffix(".txt")
    with suppress(OSError, UnicodeDecodeError):
        png, text = picture.read_bytes(), alt.read_text(encoding="utf-8")
        if png.startswith(_PNG_SIGNATURE) and text:
            return png, text
    boundaries = load_boundaries()
    png, text = map_png(boundaries, shaded, width, colour), alt_text(boundaries, shaded)
    with suppress(OSError, BriefingError):
        picture.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(alt, lambda path: path.write_text(text, encoding="utf-8"))
        write_atomically(picture, lambda path: path.write_bytes(png))
    return png, text


@cache
def map_png(boundaries: Boundaries, shaded: frozenset[str], width: int, colour: str) -> bytes:
    """The map as PNG bytes `width` pixels wide, for the Word pack (kept: packs reuse maps).
    Not `optimize`d: that made the file a few per cent smaller and took 71 of the 82 ms."""
    from PIL import Image, ImageDraw  # noqa: PLC0415 - only when a map is drawn

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
