"""The files a house style names, the logo and the Word reference document, checked once.

Each is read through the shared bounded reader, checked through and through when the style is
read, and kept in memory: the writers use the checked contents and never open the file again.
A logo is decoded in full and re-encoded as an 8-bit PNG, which python-docx and reportlab both
draw. A reference document is unpacked with bounded sizes, its XML parsed with entities and
DTDs refused, and opened with python-docx, so a bad one is refused here and not mid-export.
"""

import io
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import docx
from docx.enum.style import WD_STYLE_TYPE
from lxml import etree

from briefing_builder.errors import TemplateError
from briefing_builder.inputs import MEGABYTE, read_bytes

if TYPE_CHECKING:
    from PIL import Image

MAX_LOGO_BYTES = 10 * MEGABYTE
MAX_LOGO_PIXELS = 16_000_000
"""A 4000 x 4000 logo at most: far more than a cover needs, and under 64 MB decoded."""
MAX_REFERENCE_BYTES = 25 * MEGABYTE
MAX_REFERENCE_EXPANDED = 100 * MEGABYTE
"""The most a reference document's entries may hold unpacked: a zip bomb stops here."""
MAX_REFERENCE_ENTRIES = 5000
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml", "word/styles.xml")
PACK_STYLES = {
    "Normal": WD_STYLE_TYPE.PARAGRAPH,
    "Title": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 1": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 2": WD_STYLE_TYPE.PARAGRAPH,
    "Heading 3": WD_STYLE_TYPE.PARAGRAPH,
    "List Bullet": WD_STYLE_TYPE.PARAGRAPH,
    "Quote": WD_STYLE_TYPE.PARAGRAPH,
    "Hyperlink": WD_STYLE_TYPE.CHARACTER,
}
"""The styles the Word writer uses or adds, and the kind each must be if the reference has it."""

_PICTURE_MODES = {"1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK", "YCbCr"}
_KINDS = {
    WD_STYLE_TYPE.PARAGRAPH: "paragraph",
    WD_STYLE_TYPE.CHARACTER: "character",
    WD_STYLE_TYPE.TABLE: "table",
    WD_STYLE_TYPE.LIST: "list",
}
# Entities are never expanded, DTDs never loaded, nothing fetched: OOXML has no use for any.
_SAFE_XML = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


@dataclass(frozen=True, slots=True)
class Logo:
    """A house style's logo, decoded and re-encoded as a PNG both writers can draw."""

    png: bytes
    width_px: int
    height_px: int

    def fitted(self, width: float, height: float) -> tuple[float, float]:
        """The largest size, in the box's units, that fits the box and keeps the proportions."""
        scale = min(width / self.width_px, height / self.height_px)
        return self.width_px * scale, self.height_px * scale


def read_logo(path: Path, where: str) -> Logo:
    """The picture in `path`, checked and re-encoded; TemplateError starting with `where`
    (the template file and key) if it is not a whole PNG or JPEG of a sensible size."""
    from PIL import Image, UnidentifiedImageError  # noqa: PLC0415 - only for a style's logo

    data = _read(path, where, MAX_LOGO_BYTES)
    refused = f"{where}: {path} is not a picture the packs can use (PNG or JPEG)"
    try:
        with warnings.catch_warnings():
            # The size is checked below against this module's own limit, whatever Pillow's
            # global limit is set to; Pillow's own warning would only repeat it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data), formats=("PNG", "JPEG"))
        with picture:
            width, height = picture.size
            if width * height > MAX_LOGO_PIXELS:
                raise TemplateError(
                    f"{where}: {path} is {width} x {height} pixels; a logo may have at most "
                    f"{MAX_LOGO_PIXELS:,} pixels (4000 x 4000)"
                )
            if picture.mode not in _PICTURE_MODES:
                raise TemplateError(
                    f"{where}: {path} uses the colour mode {picture.mode}, which the packs "
                    "cannot print; save it as an 8-bit RGB picture"
                )
            picture.load()
            return _as_png(picture)
    except Image.DecompressionBombError:
        raise TemplateError(
            f"{where}: {path} is too many pixels for a logo (at most {MAX_LOGO_PIXELS:,})"
        ) from None
    except UnidentifiedImageError:
        raise TemplateError(refused) from None
    except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as error:
        # Pillow says "image file is truncated", "broken data stream" and the like.
        raise TemplateError(f"{refused}: it is damaged or incomplete ({error})") from None


def _as_png(picture: "Image.Image") -> Logo:
    """The picture as an 8-bit RGB or RGBA PNG: CMYK, palettes and greys converted."""
    transparent = picture.mode in ("LA", "PA", "RGBA") or "transparency" in picture.info
    converted = picture.convert("RGBA" if transparent else "RGB")
    out = io.BytesIO()
    converted.save(out, format="PNG")
    return Logo(out.getvalue(), converted.width, converted.height)


def read_reference(path: Path, where: str) -> bytes:
    """The bytes of a Word reference document that python-docx opens; TemplateError starting
    with `where` if it is not a safe, whole .docx (a zip bomb, encrypted, XML with entities)."""
    data = _read(path, where, MAX_REFERENCE_BYTES)
    prefix = f"{where}: {path}"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = _unpacked(package, prefix)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        ValueError,
        OSError,
    ) as error:
        raise TemplateError(
            f"{prefix} is not a Word document (.docx): it is damaged ({error})"
        ) from None
    missing = [name for name in REQUIRED_PARTS if name not in parts]
    if missing:
        raise TemplateError(
            f"{prefix} is not a Word document (.docx): it has no {', '.join(missing)}"
        )
    for name, blob in parts.items():
        if name.lower().endswith((".xml", ".rels")):
            _check_xml(blob, f"{prefix}: {name}")
    _check_opens(data, prefix)
    return data


def _unpacked(package: zipfile.ZipFile, prefix: str) -> dict[str, bytes]:
    """Every entry of the zip, read with the sizes bounded twice: by what the headers say, and
    by what the reader actually gets, since a header can lie."""
    entries = package.infolist()
    if len(entries) > MAX_REFERENCE_ENTRIES:
        raise TemplateError(f"{prefix} has {len(entries)} entries; a Word document has far fewer")
    if sum(info.file_size for info in entries) > MAX_REFERENCE_EXPANDED:
        raise TemplateError(
            f"{prefix} would unpack to more than {MAX_REFERENCE_EXPANDED // MEGABYTE} MB "
            "(a zip bomb?); a Word document is far smaller"
        )
    parts: dict[str, bytes] = {}
    budget = MAX_REFERENCE_EXPANDED
    for info in entries:
        if info.flag_bits & 0x1:
            raise TemplateError(
                f"{prefix}: {info.filename} is encrypted; save the document without a password"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise TemplateError(
                f"{prefix}: {info.filename} is packed in a way Word does not use; "
                "save the document again from Word"
            )
        if info.filename in parts:
            raise TemplateError(f"{prefix} holds two entries called {info.filename}")
        with package.open(info) as entry:
            blob = entry.read(min(info.file_size, budget) + 1)
        if len(blob) > info.file_size or len(blob) > budget:
            raise TemplateError(f"{prefix}: {info.filename} unpacks to more than it says")
        budget -= len(blob)
        parts[info.filename] = blob
    return parts


def _check_xml(blob: bytes, where: str) -> None:
    try:
        root = etree.fromstring(blob, _SAFE_XML)
    except etree.XMLSyntaxError as error:
        raise TemplateError(f"{where} is not well-formed XML ({error})") from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise TemplateError(f"{where} declares a DTD or entities, which a Word document never does")


def _check_opens(data: bytes, prefix: str) -> None:
    """Opens the document with python-docx, as the Word writer will, and checks the styles the
    pack uses are of the kind it needs."""
    try:
        document = docx.Document(io.BytesIO(data))
        kinds = {style.name: style.type for style in document.styles}
    except ValueError as error:
        if "template.main" in str(error):
            raise TemplateError(
                f"{prefix} is a Word template (.dotx); open it in Word and save it as a "
                "document (.docx)"
            ) from None
        raise TemplateError(f"{prefix} cannot be opened as a Word document ({error})") from None
    except Exception as error:  # python-docx raises many kinds of error for a bad package
        raise TemplateError(
            f"{prefix} cannot be opened as a Word document ({type(error).__name__}: {error})"
        ) from None
    if "Normal" not in kinds:
        raise TemplateError(f"{prefix} has no Normal style; every Word document needs one")
    for name, kind in PACK_STYLES.items():
        if name in kinds and kinds[name] != kind:
            raise TemplateError(
                f"{prefix}: its style {name!r} is a {_KINDS.get(kinds[name], 'other')} style; "
                f"the pack needs a {_KINDS[kind]} style of that name"
            )


def _read(path: Path, where: str, limit: int) -> bytes:
    try:
        return read_bytes(path, TemplateError, limit=limit)
    except TemplateError as error:
        raise TemplateError(f"{where}: {error}") from None
