"""The brief in the PDF pack, read back: what the official wrote, numbered paragraphs, and the
typography an editor checks (headings kept with what follows, links underlined, URLs broken
only between parts, long dates, footers at a readable size, upright quotes, no empty boxes)."""

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFontFile

from briefing_builder.catalogue import Catalogue
from briefing_builder.pack import (
    Bullets,
    Pack,
    PackSpec,
    Text,
    build_pack,
    chosen_items,
    draft_points,
)
from briefing_builder.render import HouseStyle, load_style
from briefing_builder.render.layout import ABOUT_HEADER, MAP_CREDIT, NO_PURPOSE_YET
from briefing_builder.render.pdf_fonts import FONT, font_for, register_fonts
from briefing_builder.render.pdf_writer import write_pdf
from briefing_builder.resources import fonts_dir
from tests.helpers.packs import (
    PdfPack,
    cited_items,
    example_sections,
    make_pack,
    squeeze,
    write_pdf_pack,
)

pytest_plugins = ["tests.helpers.packs"]

WRITTEN = example_sections()
BRIEF = {
    **WRITTEN,
    "themes": ("green-transition",),
    "title": "West Midlands: the green transition",
    "contact": "Priya Shah, 020 7946 0000",
    "cleared_by": "Deputy Director, Regional Growth",
}
LINKED = "See [the plan](https://example.org/plan) or [write](mailto:team@example.org)."
REPRESENTATIVE = (
    "ŵŷŴŶ "
    "âêîôûáéíóúàèìòùäëïöüçñøåæœß "
    "αβγδΩπ "
    "абвгдЖЯ "
    "£€\u2013\u2014\u201c\u201d\u2018\u2019•…©°±\u00d7÷ "
    "\U0001f600\U0001f984"
)
"""Welsh, accented Latin, Greek, Cyrillic, common symbols, an emoticon a fallback font has
and a unicorn that no bundled font has."""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def styles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, HouseStyle]:
    """The bundled house styles, never a user's own versions."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_BUILDER_HOME", str(tmp_path_factory.mktemp("home")))
        return {name: load_style(name) for name in ("standard", "plain", "one-pager")}


@pytest.fixture(scope="session")
def brief(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path_factory: pytest.TempPathFactory
) -> PdfPack:
    """The West Midlands green-transition brief of docs/examples, in the standard style."""
    pack = make_pack(catalogue, standard_style, **BRIEF, date="2026-12-02")
    return write_pdf_pack(pack, standard_style, tmp_path_factory.mktemp("brief") / "brief.pdf")


def _body_lines(reader: PdfReader) -> list[str]:
    """Every line of every page, without the marking and the page line."""
    return [
        line
        for page in reader.pages
        for line in _lines(page.extract_text())
        if line != "OFFICIAL" and not line.startswith("Page ")
    ]


# The cover


def test_the_cover_has_the_title_the_purpose_and_the_labelled_lines(brief: PdfPack) -> None:
    cover = _lines(brief.pages[0])
    assert cover[:3] == [
        "West Midlands: the green",
        "transition",
        "Purpose",
    ]
    assert squeeze("Background for the minister's visit to a green-technology site") in squeeze(
        " ".join(cover[3:5])
    )
    assert "Date: 2 December 2026" in cover
    assert "Contact: Priya Shah, 020 7946 0000" in cover
    assert "Cleared by: Deputy Director, Regional Growth" in cover


def test_a_preview_without_a_purpose_says_it_is_not_written_yet(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    spec = PackSpec(
        regions=("west-midlands",), themes=("skills",), sections=standard_style.sections
    )
    pack = build_pack(spec, catalogue, preview=True)
    written = write_pdf_pack(pack, standard_style, tmp_path / "preview.pdf")
    assert squeeze(NO_PURPOSE_YET) in squeeze(written.pages[0])


def test_the_map_credit_is_one_line_near_body_size_and_the_full_credit_is_in_the_annex(
    brief: PdfPack,
) -> None:
    cover = brief.reader.pages[0]
    sizes = [run.size for run in _runs(cover) if run.text == MAP_CREDIT]
    assert sizes
    assert all(size >= brief.style.body_size - 2 for size in sizes)
    assert "Martin Chorley" not in brief.pages[0]
    assert "Martin Chorley" in brief.pages[-1]


# The official's sections and numbered paragraphs


def test_the_written_sections_have_headings_in_the_outline_and_print_their_text(
    brief: PdfPack,
) -> None:
    titles = [str(entry.title) for entry in brief.reader.outline if not isinstance(entry, list)]
    assert titles[:3] == ["Key messages", "Points to make", "Background"]
    assert titles.index("Handling") == titles.index("Sources") - 1
    printed = squeeze(" ".join(brief.pages))
    assert squeeze("Progress in the green transition will depend on investment [") in printed
    assert squeeze("If asked about past projects: the CABLED electric vehicle trial") in printed
    assert squeeze("Press: lines to take only; no announcement is planned.") in printed


def _numbered(pack: Pack) -> list[str]:
    """The start of each paragraph the standard style numbers, in reading order: the
    official's paragraphs and numbered lists' entries (not bullets), and each item's text."""

    def written(key: str) -> list[str]:
        texts: list[Text] = []
        for block in pack.blocks(key):
            if isinstance(block, Text):
                texts.append(block)
            elif block.ordered:
                texts += [entry[0] for entry in block.entries]
        return ["".join(inline.text for inline in text.inlines) for text in texts]

    items = [cited.item.text for cited in cited_items(pack)]
    texts = [*written("summary"), *written("points"), *written("background"), *items]
    return [text[:25] for text in texts + written("handling")]


def _numbers(reader: PdfReader, style: HouseStyle) -> list[str]:
    """The numbers printed in the left indent, before the text starts, in reading order."""
    left = style.margins_mm[3] * 72 / 25.4
    return [
        run.text
        for page in reader.pages
        for run in sorted(_runs(page), key=lambda r: -r.y)
        if run.text.endswith(".") and run.text[:-1].isdigit() and run.x < left + 12
    ]


def test_body_paragraphs_and_numbered_entries_are_numbered_through_the_pack_in_reading_order(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    handling = "Timing to be confirmed.\n\n- Press: none.\n\n1. Arrive early.\n2. Leave on time."
    pack = make_pack(catalogue, standard_style, **{**BRIEF, "handling": handling})
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    expected = _numbered(pack)
    # Key messages 1 to 3, the background 4, the items, the handling's paragraph and its
    # numbered list continuing the count; the points and the press line are bullets.
    assert len(expected) == 3 + 1 + len(cited_items(pack)) + 3
    assert expected[-2:] == ["Arrive early.", "Leave on time."]
    assert _numbers(written.reader, standard_style) == [
        f"{n}." for n in range(1, len(expected) + 1)
    ]
    printed = squeeze(" ".join(written.pages))
    places = [printed.find(f"{n}.{squeeze(text)}") for n, text in enumerate(expected, start=1)]
    assert -1 not in places, list(zip(expected, places, strict=True))
    assert places == sorted(places)


def test_a_style_without_numbered_paragraphs_numbers_none(
    catalogue: Catalogue, styles: dict[str, HouseStyle], tmp_path: Path
) -> None:
    plain = styles["plain"]
    # Bullets for the key messages: a numbered list's own numbers are no numbered paragraphs.
    pack = make_pack(catalogue, plain, **{**BRIEF, "summary": "- A point."})
    written = write_pdf_pack(pack, plain, tmp_path / "pack.pdf")
    assert _numbers(written.reader, plain) == []


@pytest.mark.parametrize("name", ["standard", "plain", "one-pager"])
def test_a_long_numbered_lists_entries_all_start_clear_of_their_numbers(
    catalogue: Catalogue, styles: dict[str, HouseStyle], tmp_path: Path, name: str
) -> None:
    style = styles[name]
    choices = {"regions": ("north-east",), "themes": ("productivity", "research-and-innovation")}
    summary = draft_points(chosen_items(PackSpec(**choices), catalogue))
    pack = make_pack(catalogue, style, **choices, summary=summary)
    (points,) = pack.blocks("summary")
    assert isinstance(points, Bullets)
    assert len(points.entries) >= 12
    starts = ["".join(i.text for i in entry[0].inlines)[:12] for entry in points.entries]
    written = write_pdf_pack(pack, style, tmp_path / "pack.pdf")
    runs = [run for page in written.reader.pages for run in _runs(page)]
    register_fonts()
    label_ends, text_starts = [], []
    for n, start in enumerate(starts, start=1):
        (label,) = [r for r in runs if r.text == f"{n}." and r.x < 120]
        (text,) = [r for r in runs if r.text.startswith(start) and abs(r.y - label.y) < 1]
        label_ends.append(label.x + stringWidth(label.text, FONT, label.size))
        text_starts.append(text.x)
    # Every entry's text starts at one place, clear of the widest number ("15.").
    assert max(text_starts) - min(text_starts) < 0.5
    assert min(text_starts) - max(label_ends) >= 5


# Headings and items kept with what follows


def _last_lines(reader: PdfReader) -> Iterator[str]:
    """The lowest line of text on each page above the page line."""
    for page in reader.pages:
        height = float(page.mediabox.height)
        found: list[tuple[float, str]] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and 0.08 * height < y < 0.92 * height:  # noqa: B023
                found.append((round(y), text.strip()))  # noqa: B023

        page.extract_text(visitor_text=visit)
        lowest = min(y for y, _ in found)
        yield " ".join(text for y, text in found if y == lowest)


def _headings(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(str(entry.title))

    walk(reader.outline)
    return titles


def test_no_page_of_the_wales_pack_ends_with_a_heading(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, regions=("wales",))
    written = write_pdf_pack(pack, standard_style, tmp_path / "wales.pdf")
    titles = _headings(written.reader)
    assert len(titles) > 20
    stranded = [
        (number, line)
        for number, line in enumerate(_last_lines(written.reader), start=1)
        if any(line == title or (len(line) > 12 and line in title) for title in titles)
    ]
    assert stranded == []


def test_an_items_text_is_on_the_page_of_its_quote(brief: PdfPack) -> None:
    pages = [squeeze(page) for page in brief.pages]
    quoted = [c for c in cited_items(brief.pack) if c.item.quote]
    assert quoted
    for cited in quoted:
        text = squeeze(f"{cited.item.text} [{cited.reference}]")[-40:]
        quote = squeeze(cited.item.quote)[:30]
        page = next(n for n, printed in enumerate(pages) if text in printed)
        assert quote in pages[page], cited.item.id


# Quotes


class _Run(NamedTuple):
    text: str
    size: float
    font: str
    x: float
    y: float


def _runs(page: Any) -> list[_Run]:
    """Each run of text as drawn: its text, size in points, font and place on the page."""
    found: list[_Run] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            scale = abs(tm[3] * cm[3]) or 1
            name = str(font["/BaseFont"]) if font else ""
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            found.append(_Run(text.strip(), size * scale, name, x, y))

    page.extract_text(visitor_text=visit)
    return found


def test_quotes_are_upright_and_set_in_with_a_rule_at_their_left(brief: PdfPack) -> None:
    quoted = [c for c in cited_items(brief.pack) if c.item.quote]
    starts = [f"\u201c{c.item.quote[:20]}" for c in quoted]
    fonts = [
        run.font
        for page in brief.reader.pages
        for run in _runs(page)
        if any(run.text.startswith(start) for start in starts)
    ]
    assert len(fonts) == len(quoted)
    assert not [font for font in fonts if "Italic" in font]
    rules = [line for page in brief.reader.pages for line in _strokes(page) if _vertical(line)]
    assert len(rules) >= len(quoted)


# Links


def _strokes(page: Any) -> Iterator[tuple[float, float, float, float]]:
    """Every straight line stroked on the page, in page coordinates (x0, y0, x1, y1)."""
    content = ContentStream(page.get_contents(), page.pdf)
    matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    saved: list[list[float]] = []
    start: tuple[float, float] | None = None

    def at(x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = matrix
        return a * x + c * y + e, b * x + d * y + f

    for operands, operator in content.operations:
        if operator == b"q":
            saved.append(matrix[:])
        elif operator == b"Q":
            matrix = saved.pop()
        elif operator == b"cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            m = matrix
            matrix = [
                a * m[0] + b * m[2],
                a * m[1] + b * m[3],
                c * m[0] + d * m[2],
                c * m[1] + d * m[3],
                e * m[0] + f * m[2] + m[4],
                e * m[1] + f * m[3] + m[5],
            ]
        elif operator == b"m":
            start = at(float(operands[0]), float(operands[1]))
        elif operator == b"l" and start:
            end = at(float(operands[0]), float(operands[1]))
            yield (*start, *end)
            start = end


def _vertical(line: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = line
    return abs(x0 - x1) < 0.5 and abs(y0 - y1) > 5


def _underlined(page: Any, rect: Any) -> bool:
    """Whether a horizontal line is drawn along the bottom of a link's rectangle."""
    left, bottom, right, top = (float(v) for v in rect)
    for x0, y0, x1, y1 in _strokes(page):
        low, high = sorted((x0, x1))
        along = abs(y0 - y1) < 0.5 and bottom - 3 <= y0 <= bottom + (top - bottom) / 2
        if along and low <= left + 2 and high >= right - 2:
            return True
    return False


@pytest.mark.parametrize("name", ["standard", "plain", "one-pager"])
def test_every_link_is_underlined_in_every_style(
    catalogue: Catalogue, styles: dict[str, HouseStyle], tmp_path: Path, name: str
) -> None:
    style = styles[name]
    pack = make_pack(catalogue, style, **{**BRIEF, "background": LINKED})
    reader = PdfReader(write_pdf(pack, style, tmp_path / "pack.pdf"))
    links = [
        (page, annotation.get_object())
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/A" in annotation.get_object()
    ]
    uris = {str(a["/A"]["/URI"]) for _, a in links}
    assert {"https://example.org/plan", "mailto:team@example.org"} <= uris
    assert len(uris) > 2  # the sources' too
    for page, annotation in links:
        assert _underlined(page, annotation["/Rect"]), annotation["/A"]["/URI"]


def _breaks_well(url: str, at: int) -> bool:
    """Whether a URL printed over two lines is broken well: after "/", "-" or ".", or, within
    a part too long for a line without them, after other punctuation such as "+" or "="."""
    if url[at - 1] in "/-.":
        return True
    part = re.split(r"[/.\-]", url[:at])[-1] + re.split(r"[/.\-]", url[at:])[0]
    return len(part) > 60 and url[at - 1] in "+?&=_~#,;"


def test_source_urls_break_only_after_a_slash_hyphen_or_full_stop(pdf_pack: PdfPack) -> None:
    lines = _body_lines(pdf_pack.reader)
    urls = [r.source.url for r in pdf_pack.pack.references if r.source.url]
    broken = 0
    for url in urls:
        n, printed = next(
            (n, line.split("Available at: ", 1)[1])
            for n, line in enumerate(lines)
            if "Available at: " in line and url.startswith(line.split("Available at: ", 1)[1])
        )
        while printed != url:
            assert url.startswith(printed), (url, printed)
            assert _breaks_well(url, len(printed)), (url, printed)
            n += 1
            printed += lines[n]
            broken += 1
    assert broken >= 3


# Dates, footers, contents, the annex


def test_dates_are_written_as_gov_uk_writes_them_on_the_cover_and_in_every_footer(
    brief: PdfPack,
) -> None:
    assert "Date: 2 December 2026" in _lines(brief.pages[0])
    for number, text in enumerate(brief.pages, start=1):
        assert f"Page {number} of {len(brief.pages)}  ·  2 December 2026" in _lines(text)
        assert "02 December" not in text


def test_footers_are_at_least_10_point_even_in_small_type(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    small = dataclasses.replace(standard_style, body_size=8)
    pack = make_pack(catalogue, small, themes=("skills",))
    reader = PdfReader(write_pdf(pack, small, tmp_path / "pack.pdf"))
    for page in reader.pages:
        height = float(page.mediabox.height)
        sizes = [run.size for run in _runs(page) if not 0.08 * height < run.y < 0.92 * height]
        assert len(sizes) == 3  # the marking, top and bottom, and the page line
        assert min(sizes) >= 10


def test_the_contents_print_an_ampersand_once(pdf_pack: PdfPack) -> None:
    contents = next(page for page in pdf_pack.pages if "Contents" in _lines(page))
    assert any(line.startswith("R&D and innovation") for line in _lines(contents))
    assert "&amp;" not in contents
    assert "R&D;" not in contents


def test_the_about_table_has_a_header_row(brief: PdfPack) -> None:
    annex = [line for page in brief.pages for line in _lines(page)]
    heading = annex.index("About this pack")
    assert annex[heading + 1 : heading + 3] == list(ABOUT_HEADER)
    assert annex[heading + 3] == "Evidence dataset"


# No empty boxes


def _to_unicode(font: Any) -> dict[int, str]:
    """A subset font's codes and the characters they stand for, from its ToUnicode map."""
    data = font["/ToUnicode"].get_data().decode("latin-1")
    chars = "".join(re.findall(r"beginbfchar(.*?)endbfchar", data, re.DOTALL))
    pairs = re.findall(r"<([0-9A-F]{2})>\s*<([0-9A-F]+)>", chars)
    # reportlab writes each character as its code point in hex, even past U+FFFF, and maps
    # unused codes to U+0000 and code 7F to U+007F in every subset: neither is ever drawn.
    found = {int(code, 16): chr(int(text, 16)) for code, text in pairs}
    return {code: char for code, char in found.items() if unicodedata.category(char) != "Cc"}


_FILES = {
    "LiberationSans": "LiberationSans-Regular.ttf",
    "LiberationSans-Bold": "LiberationSans-Bold.ttf",
    "LiberationSans-Italic": "LiberationSans-Italic.ttf",
    "LiberationSans-BoldItalic": "LiberationSans-BoldItalic.ttf",
    "DejaVuSans": "DejaVuSans.ttf",
    "DroidSansFallbackFull": "DroidSansFallbackFull.ttf",
}


def test_every_character_of_a_representative_set_prints_with_a_glyph_or_as_its_code(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=REPRESENTATIVE)
    reader = PdfReader(write_pdf(pack, standard_style, tmp_path / "pack.pdf"))
    drawn: set[str] = set()
    for name, font in {
        str(f.get_object()["/BaseFont"]): f.get_object()
        for page in reader.pages
        for f in (page["/Resources"].get_object().get("/Font") or {}).values()
    }.items():
        # The subset embedded is made of the bundled font's glyphs for the characters drawn.
        assert font["/FontDescriptor"]["/FontFile2"].get_data(), name
        original = TTFontFile(str(fonts_dir() / _FILES[name.split("+")[-1]])).charToGlyph
        for char in _to_unicode(font).values():
            assert original.get(ord(char)), (name, char)  # a real glyph, never .notdef
            drawn.add(char)
    cover = reader.pages[0].extract_text()
    for char in REPRESENTATIVE.replace(" ", ""):
        if font_for(char) is None:
            assert f"[U+{ord(char):04X}]" in cover, char
        else:
            assert char in drawn, char
    assert "U+1F984" in cover
    assert "U+1F600" not in cover
