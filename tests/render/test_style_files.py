"""The logo and Word reference document a house style names, checked when the style is read.

Every bad file here is a real one made in tmp_path: a decompression bomb, a truncated PNG, a
CMYK JPEG, zip bombs (small files whose headers or streams promise gigabytes, never inflated),
an encrypted entry, an XXE entity. Each is refused naming the template file and the key, or
(the CMYK JPEG) converted into a picture both writers draw.
"""

import io
import os
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Mm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from reportlab.platypus import Image as PdfImage

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import TemplateError
from briefing_builder.render import HouseStyle, read_style
from briefing_builder.render.style_files import MAX_REFERENCE_EXPANDED
from tests.helpers.packs import make_pack, write_pdf_pack, write_word_pack

pytest_plugins = ["tests.helpers.packs"]

LOGO = '[logo]\nfile = "logo.png"\nalt = "Crest"\n[map]\nlocator = false\n'
REFERENCE = '[word]\nreference = "reference.docx"\n'


def _style_folder(tmp_path: Path, toml: str, name: str, content: bytes) -> Path:
    folder = tmp_path / "house"
    folder.mkdir(exist_ok=True)
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    (folder / name).write_bytes(content)
    return folder


def _refusal(folder: Path, key: str) -> str:
    with pytest.raises(TemplateError) as raised:
        read_style(folder)
    message = str(raised.value)
    assert message.startswith(f"{folder / 'template.toml'}: {key}: "), message
    return message


def _png(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _bilevel_png(width: int, height: int) -> bytes:
    """A whole, valid black-and-white PNG of any size: a few kilobytes that decode to
    width x height pixels, made without holding the pixels in memory."""
    row = b"\0" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


# The logo


def test_a_20000_pixel_square_logo_is_refused_whatever_pillows_own_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another part of the process may lift Pillow's global limit; the check must not rely on it.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    folder = _style_folder(tmp_path, LOGO, "logo.png", _bilevel_png(20_000, 20_000))
    assert "is 20000 x 20000 pixels" in _refusal(folder, "logo.file")


def test_a_logo_under_pillows_limit_but_over_ours_is_refused(tmp_path: Path) -> None:
    folder = _style_folder(tmp_path, LOGO, "logo.png", _bilevel_png(6000, 6000))
    assert "at most 16,000,000 pixels" in _refusal(folder, "logo.file")


def test_a_pillow_decompression_bomb_is_refused_not_raised(tmp_path: Path) -> None:
    folder = _style_folder(tmp_path, LOGO, "logo.png", _bilevel_png(20_000, 20_000))
    assert "pixels" in _refusal(folder, "logo.file")


def test_a_truncated_png_is_refused_when_the_style_is_read(tmp_path: Path) -> None:
    picture = Image.effect_noise((300, 200), 60).convert("RGB")
    whole = _png(picture)
    folder = _style_folder(tmp_path, LOGO, "logo.png", whole[: len(whole) // 2])
    assert "damaged or incomplete" in _refusal(folder, "logo.file")


def test_a_16_bit_logo_is_refused_naming_its_colour_mode(tmp_path: Path) -> None:
    folder = _style_folder(tmp_path, LOGO, "logo.png", _png(Image.new("I;16", (40, 20), 300)))
    assert "colour mode I;16" in _refusal(folder, "logo.file")


def test_a_logo_that_is_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    folder = _style_folder(tmp_path, LOGO, "template.toml", LOGO.encode())
    os.mkfifo(folder / "logo.png")
    assert "not a file (a named pipe)" in _refusal(folder, "logo.file")


def _cmyk_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("CMYK", (300, 90), (200, 40, 0, 20)).save(out, format="JPEG")
    return out.getvalue()


def test_a_cmyk_jpeg_logo_is_printed_in_both_packs(catalogue: Catalogue, tmp_path: Path) -> None:
    folder = _style_folder(tmp_path, LOGO, "logo.jpg", _cmyk_jpeg())
    (folder / "template.toml").write_text(LOGO.replace("logo.png", "logo.jpg"), encoding="utf-8")
    style = read_style(folder)
    pack = make_pack(catalogue, style, themes=("skills",))
    document = write_word_pack(pack, style, tmp_path / "pack.docx").document
    [shape] = document.inline_shapes
    assert shape._inline.docPr.get("descr") == "Crest"
    picture = document.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed]
    assert picture.content_type == "image/png"
    with Image.open(io.BytesIO(picture.blob)) as drawn:
        assert (drawn.mode, drawn.size) == ("RGB", (300, 90))
    assert shape.height == Mm(18)
    pdf = write_pdf_pack(pack, style, tmp_path / "pack.pdf")
    assert "/XObject" in pdf.reader.pages[0]["/Resources"]


def test_a_wide_logo_fits_the_same_box_in_the_word_pack_as_in_the_pdf(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    folder = _style_folder(tmp_path, LOGO, "logo.png", _png(Image.new("RGB", (2000, 100), "navy")))
    style = read_style(folder)
    document = write_word_pack(make_pack(catalogue, style), style, tmp_path / "pack.docx").document
    [shape] = document.inline_shapes
    assert shape.width == Mm(60)
    assert shape.height == Mm(3)


_PICTURES = st.sampled_from(
    [
        _png(Image.effect_noise((64, 32), 40)),
        _png(Image.new("P", (50, 20))),
        _png(Image.new("LA", (20, 20))),
        _cmyk_jpeg(),
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    picture=_PICTURES,
    cut=st.integers(min_value=0, max_value=20_000),
    flips=st.lists(st.tuples(st.integers(0, 20_000), st.integers(0, 255)), max_size=4),
)
def test_any_damaged_picture_is_refused_or_drawn_by_both_writers(
    picture: bytes, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(picture[: max(cut, 1)])
    for where, value in flips:
        data[where % len(data)] = value
    with tempfile.TemporaryDirectory() as temporary:
        folder = _style_folder(Path(temporary), LOGO, "logo.png", bytes(data))
        try:
            style = read_style(folder)
        except TemplateError as error:
            message = str(error)
        else:
            assert style.logo_picture is not None
            document = docx.Document()
            document.add_picture(io.BytesIO(style.logo_picture.png), height=Mm(18))
            PdfImage(io.BytesIO(style.logo_picture.png), width=60, height=18).drawHeight  # noqa: B018
            return
    assert message.startswith(f"{folder / 'template.toml'}: logo.file: "), message


# The Word reference document


def _reference() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _repacked(
    data: bytes, *, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()
) -> bytes:
    """The package with some entries replaced or left out."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in drop:
                content = (replace or {}).get(info.filename) or source.read(info)
                target.writestr(info.filename, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _patched(data: bytes, name: str, *, flags: int | None = None, size: int | None = None) -> bytes:
    """The package with one entry's local and central headers changed, as a forger would."""
    patched = bytearray(data)
    encoded = name.encode()
    for signature, flag_at, size_at, name_at in (
        (b"PK\x03\x04", 6, 22, 30),
        (b"PK\x01\x02", 8, 24, 46),
    ):
        start = 0
        while (start := patched.find(signature, start)) != -1:
            length_at = 26 if signature == b"PK\x03\x04" else 28
            (length,) = struct.unpack_from("<H", patched, start + length_at)
            if bytes(patched[start + name_at : start + name_at + length]) == encoded:
                if flags is not None:
                    struct.pack_into("<H", patched, start + flag_at, flags)
                if size is not None:
                    struct.pack_into("<I", patched, start + size_at, size)
            start += 4
    return bytes(patched)


STYLES = "word/styles.xml"
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"not a zip", "is not a Word document (.docx): it is damaged"),
        (_reference()[:3000], "is not a Word document (.docx): it is damaged"),
        (_repacked(_reference(), drop=("[Content_Types].xml",)), "it has no [Content_Types].xml"),
        (_repacked(_reference(), drop=(STYLES,)), "it has no word/styles.xml"),
        (_repacked(_reference(), replace={STYLES: b"<w:styles"}), "styles.xml is not well-formed"),
        (
            _repacked(
                _reference(),
                replace={
                    STYLES: b'<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY x SYSTEM '
                    b'"file:///etc/passwd">]><w:styles ' + _W.encode() + b">&x;</w:styles>"
                },
            ),
            "word/styles.xml declares a DTD or entities",
        ),
        (
            _repacked(
                _reference(),
                replace={
                    "word/document.xml": b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b '
                    b'"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>'
                },
            ),
            "word/document.xml declares a DTD or entities",
        ),
        (_patched(_reference(), STYLES, flags=0x1), "word/styles.xml is encrypted"),
        (_patched(_reference(), STYLES, size=3 * 1024**3), "would unpack to more than 100 MB"),
        (_patched(_reference(), STYLES, size=100), "is not a Word document (.docx): it is damaged"),
    ],
    ids=[
        "not-a-zip",
        "truncated",
        "no-content-types",
        "no-styles",
        "broken-styles",
        "xxe",
        "billion-laughs",
        "encrypted-entry",
        "headers-promise-3-gib",
        "headers-understate",
    ],
)
def test_a_bad_reference_document_is_refused_when_the_style_is_read(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    folder = _style_folder(tmp_path, REFERENCE, "reference.docx", content)
    message = _refusal(folder, "word.reference")
    assert str(folder / "reference.docx") in message
    assert expected in message


def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    """A real bomb: honest headers, an entry of zeros 130 MB long in under 1 MB of file."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_reference())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info), zipfile.ZIP_DEFLATED)
        with bomb.open("word/media/zeros.bin", "w", force_zip64=True) as entry:
            zeros = b"\0" * (1 << 20)
            for _ in range(MAX_REFERENCE_EXPANDED // len(zeros) + 30):
                entry.write(zeros)
    assert len(out.getvalue()) < 1024 * 1024
    folder = _style_folder(tmp_path, REFERENCE, "reference.docx", out.getvalue())
    assert "would unpack to more than 100 MB (a zip bomb?)" in _refusal(folder, "word.reference")


def test_a_word_template_dotx_is_refused_asking_for_a_document(tmp_path: Path) -> None:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    template = main.replace("document.main", "template.main")
    with zipfile.ZipFile(io.BytesIO(_reference())) as package:
        types = package.read("[Content_Types].xml").replace(main.encode(), template.encode())
    content = _repacked(_reference(), replace={"[Content_Types].xml": types})
    folder = _style_folder(tmp_path, REFERENCE, "reference.docx", content)
    assert "is a Word template (.dotx)" in _refusal(folder, "word.reference")


def test_a_reference_whose_quote_is_a_character_style_is_refused(tmp_path: Path) -> None:
    reference = docx.Document()
    quote = reference.styles["Quote"].element
    quote.getparent().remove(quote)
    reference.styles.add_style("Quote", WD_STYLE_TYPE.CHARACTER)
    out = io.BytesIO()
    reference.save(out)
    folder = _style_folder(tmp_path, REFERENCE, "reference.docx", out.getvalue())
    message = _refusal(folder, "word.reference")
    assert "its style 'Quote' is a character style; the pack needs a paragraph style" in message


def test_the_word_pack_uses_the_reference_as_read_not_as_the_file_is_later(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Georgia"
    out = io.BytesIO()
    reference.save(out)
    folder = _style_folder(tmp_path, REFERENCE, "reference.docx", out.getvalue())
    style = read_style(folder)
    (folder / "reference.docx").write_bytes(b"replaced since")
    document = write_word_pack(make_pack(catalogue, style), style, tmp_path / "pack.docx").document
    assert document.styles["Normal"].font.name == "Georgia"


def test_a_reference_whose_header_holds_only_a_table_still_gets_the_marking(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    reference = docx.Document()
    header = reference.sections[0].header
    header.is_linked_to_previous = False
    header.add_table(1, 2, Mm(100)).cell(0, 0).text = "Department"
    paragraph = header.paragraphs[0]._p
    paragraph.getparent().remove(paragraph)
    out = io.BytesIO()
    reference.save(out)
    folder = _style_folder(tmp_path, REFERENCE, "reference.docx", out.getvalue())
    style = read_style(folder)
    pack = make_pack(catalogue, style, marking="OFFICIAL-SENSITIVE")
    document = write_word_pack(pack, style, tmp_path / "pack.docx").document
    assert "OFFICIAL-SENSITIVE" in [p.text for p in document.sections[0].header.paragraphs]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    flips=st.lists(st.tuples(st.integers(0, 40_000), st.integers(0, 255)), min_size=1, max_size=3),
    cut=st.integers(0, 40_000),
)
def test_any_damaged_reference_document_is_refused_or_opens(
    flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(_REFERENCE_BYTES)
    for where, value in flips:
        data[where % len(data)] = value
    if cut:
        data = data[: max(cut, 22)]
    with tempfile.TemporaryDirectory() as temporary:
        folder = _style_folder(Path(temporary), REFERENCE, "reference.docx", bytes(data))
        try:
            style = read_style(folder)
        except TemplateError as error:
            message = str(error)
        else:
            assert style.reference_package is not None
            docx.Document(io.BytesIO(style.reference_package))
            return
    assert message.startswith(f"{folder / 'template.toml'}: word.reference: "), message


_REFERENCE_BYTES = _reference()


def test_a_logo_and_reference_style_reads_back_as_the_files_it_names(tmp_path: Path) -> None:
    folder = _style_folder(tmp_path, REFERENCE + LOGO, "reference.docx", _REFERENCE_BYTES)
    (folder / "logo.png").write_bytes(_png(Image.new("RGBA", (90, 30), (0, 0, 255, 128))))
    style: HouseStyle = read_style(folder)
    assert style.reference_docx == folder / "reference.docx"
    assert style.reference_package == _REFERENCE_BYTES
    assert style.logo == folder / "logo.png"
    assert style.logo_picture is not None
    assert (style.logo_picture.width_px, style.logo_picture.height_px) == (90, 30)
    with Image.open(io.BytesIO(style.logo_picture.png)) as picture:
        assert picture.mode == "RGBA"
