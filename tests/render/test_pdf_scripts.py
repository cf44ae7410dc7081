"""Every script the Word pack keeps prints in the PDF pack: Chinese, Japanese and emoticons in a
bundled fallback font, Hebrew and Arabic in reading order (Arabic letters joined), and anything
no bundled font has written as its code, with a notice: never an empty box."""

import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing_builder.catalogue import Catalogue
from briefing_builder.render import HouseStyle
from briefing_builder.render.pdf_bidi import visual, visual_order
from briefing_builder.render.pdf_fonts import font_for
from briefing_builder.render.pdf_writer import write_pdf
from briefing_builder.render.text import clean
from tests.helpers.packs import make_pack, page_fonts, squeeze, write_pdf_pack

pytest_plugins = ["tests.helpers.packs"]

HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"
CJK = "中文标题 日本語のテキスト"
NO_FONT = "\U0001f984"  # a unicorn: no bundled font has it


def _drawn_runs(page: Any) -> list[tuple[float, str]]:
    """Each text run as drawn: (x on the page, its text)."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip():
            runs.append((tm[4] * cm[0] + cm[4], text))

    page.extract_text(visitor_text=visit)
    return runs


def test_cjk_prints_in_the_bundled_fallback_font(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=f"Trade {CJK}")
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    assert squeeze(f"Trade {CJK}") in squeeze(written.pages[0])
    fonts = page_fonts(written.reader)
    assert any("DroidSansFallback" in name for name in fonts)
    assert "U+" not in written.pages[0]


def test_hebrew_and_arabic_read_in_order(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    title = f"Hebrew {HEBREW} and Arabic {ARABIC}"
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=title, purpose=HEBREW)
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    # pypdf gives right-to-left runs back in reading order only if they were drawn in visual
    # order (right to left on the page); drawn as typed, they read back reversed.
    cover = written.pages[0]
    assert HEBREW in cover
    assert HEBREW[::-1] not in cover
    # Arabic is drawn in its joined forms; folded back (NFKC) it reads as typed.
    assert squeeze(ARABIC) in squeeze(unicodedata.normalize("NFKC", cover))
    assert any("DejaVuSans" in name for name in page_fonts(written.reader))


def test_a_right_to_left_purpose_starts_at_the_right_margin(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), purpose=HEBREW)
    path = write_pdf(pack, standard_style, tmp_path / "pack.pdf")
    page = PdfReader(path).pages[0]
    width = float(page.mediabox.width)
    lefts = [x for x, text in _drawn_runs(page) if HEBREW[::-1] in text or HEBREW in text]
    assert lefts
    assert all(x > width / 2 for x in lefts)


def test_a_character_no_font_has_is_written_as_its_code_and_the_pack_says_so(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    title = f"Unicorn {NO_FONT} emoji \U0001f600"
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=title)
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    cover = squeeze(written.pages[0])
    assert squeeze("Unicorn [U+1F984] emoji") in cover
    assert (
        squeeze(
            "This PDF has no font for some characters and writes each as its code in "
            "brackets (U+1F984); the Word pack shows them."
        )
        in cover
    )


def _written_as_code(char: str) -> bool:
    """Whether the PDF pack writes a character as its code: no bundled font has it, and it is
    neither a space nor a character that only formats others (a joiner, a direction mark)."""
    code = ord(char)
    return (
        font_for(char) is None
        and not char.isspace()
        and unicodedata.category(char) != "Cf"
        and not 0xFE00 <= code <= 0xFE0F
        and not 0xE0100 <= code <= 0xE01EF
    )


@settings(max_examples=10, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_character_no_font_has_is_written_as_its_code(
    catalogue: Catalogue, standard_style: HouseStyle, text: str
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=text)
    with tempfile.TemporaryDirectory() as folder:
        cover = PdfReader(write_pdf(pack, standard_style, Path(folder) / "p.pdf")).pages[0]
        printed = squeeze(cover.extract_text())
    codes = [f"U+{ord(c):04X}" for c in clean(text) if _written_as_code(c)]
    for code in codes:
        assert f"[{code}]" in printed
    assert ("ThisPDFhasnofontforsomecharacters" in printed) == bool(codes)


def test_direction_isolates_are_dropped_as_the_other_direction_marks_are() -> None:
    """Found by fuzzing: python-bidi has no isolates (Unicode 6.3, U+2066 to U+2069) and fails
    on them, which would have stopped the PDF of a line holding one."""
    for base in (0, 1):
        drawn = "".join(char for _, char in visual_order("\u2066Leeds\u2069 \u2068x\u2069", base))
        assert drawn.replace(" ", "") in ("Leedsx", "xLeeds")
    title = f"Visit \u2067{HEBREW}\u2069 and \u2066Leeds\u2069"
    assert HEBREW[::-1] in visual(title)


def test_an_unassigned_code_point_beside_arabic_is_drawn() -> None:
    """Found by hypothesis: python-bidi failed on a character with no bidirectional class."""
    line = "\U000c1138 \ufce0"
    assert sorted(visual(line)) == sorted(line)
