"""The PDF pack, read back with pypdf: what a reader, a printer and a screen reader get."""

import dataclasses
import errno
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile
from reportlab.pdfgen.canvas import Canvas

from briefing_builder import __version__
from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import ExportError
from briefing_builder.pack import MARKINGS, Pack, Text
from briefing_builder.render import HouseStyle
from briefing_builder.render.layout import NO_PURPOSE_YET
from briefing_builder.render.pdf_fonts import font_for
from briefing_builder.render.pdf_writer import write_pdf
from briefing_builder.render.text import clean
from briefing_builder.resources import fonts_dir
from tests.helpers.packs import (
    AUTHOR,
    ENGLISH_REGIONS,
    TITLE,
    PdfPack,
    WordPack,
    cited_items,
    level_one_headings,
    level_two_headings,
    link_annotations,
    make_pack,
    outline_entries,
    page_fonts,
    page_texts,
    spec_in_pdf,
    squeeze,
    with_item_text,
    word_lines,
    write_pdf_pack,
)

pytest_plugins = ["tests.helpers.packs"]

MARKUP = '<b>&</b> <img src="x"/>'
TYPOGRAPHY = "£ \u2013 \u2014 \u2018 \u2019 \u201c \u201d é ŵ ŷ Ŵ Ŷ"
_PAGE_LINE = re.compile(r"Page \d+ of \d+  ·  .*")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


# "none" is a choice, not something printed: a title reading "none" is body text.
_PRINTED_MARKINGS = {m for m in MARKINGS if m != "none"}


def _body(page: str) -> str:
    """A page's text without the marking and page line drawn at its top and bottom."""
    return "\n".join(
        line
        for line in _lines(page)
        if line not in _PRINTED_MARKINGS and not _PAGE_LINE.fullmatch(line)
    )


def _heights(page: Any, wanted: str) -> list[float]:
    """Where on the page (points from the bottom) each line reading `wanted` is drawn."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip() == wanted:
            found.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    return found


def _page_showing(pages: list[str], heading: str) -> set[int]:
    """The pages with the heading on a line of its own, other than the contents page."""
    return {
        n
        for n, text in enumerate(pages)
        if heading in _lines(_body(text)) and "Contents" not in _lines(text)
    }


# Every page: marking and page numbers


@pytest.mark.parametrize("marking", ["OFFICIAL", "OFFICIAL-SENSITIVE"])
def test_the_marking_is_at_the_top_and_bottom_of_every_page(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path, marking: str
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), marking=marking)
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    assert len(written.pages) >= 3
    for page in written.reader.pages:
        height = float(page.mediabox.height)
        heights = _heights(page, marking)
        assert any(h > 0.9 * height for h in heights)
        assert any(h < 0.1 * height for h in heights)


def test_no_marking_prints_no_marking(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), marking="none")
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    for text in written.pages:
        assert "OFFICIAL" not in text
    assert "Security marking: None" in _lines(written.pages[0])


def test_every_page_says_page_n_of_m(pdf_pack: PdfPack) -> None:
    total = len(pdf_pack.pages)
    assert total > 5
    for number, text in enumerate(pdf_pack.pages, start=1):
        assert f"Page {number} of {total}  ·  22 November 2026" in _lines(text)


# Navigation: outline, contents, links


def test_the_outline_holds_every_heading_at_its_level(pdf_pack: PdfPack) -> None:
    entries = outline_entries(pdf_pack.reader)
    titles = {level: [t for lv, t, _ in entries if lv == level] for level in (1, 2, 3)}
    assert titles[1] == level_one_headings(pdf_pack.pack, pdf_pack.style)
    assert titles[1][0] == "Key facts"
    assert titles[1][-2:] == ["Sources", "About this pack"]
    assert titles[2] == level_two_headings(pdf_pack.pack, pdf_pack.style)
    assert titles[3] == [cited.item.title for cited in cited_items(pdf_pack.pack)]
    assert {level for level, _, _ in entries} == {1, 2, 3}
    assert pdf_pack.reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_each_outline_entry_opens_the_page_showing_its_heading(pdf_pack: PdfPack) -> None:
    for level, title, page in outline_entries(pdf_pack.reader):
        if level == 1:
            assert page in _page_showing(pdf_pack.pages, title), title


def test_bookmarks_land_on_their_headings_not_the_top_of_the_page(pdf_pack: PdfPack) -> None:
    reader = pdf_pack.reader
    landed = 0
    for entry in _flat(reader.outline):
        assert entry.typ == "/XYZ", entry.title
        page = reader.pages[reader.get_destination_page_number(entry)]
        tops = _line_tops(page, str(entry.title)[:20])
        assert any(0 <= float(entry.top) - y <= 30 for y in tops), (entry.title, entry.top, tops)
        landed += 1
    assert landed > 10


def _flat(entries: list[Any]) -> Iterator[Any]:
    for entry in entries:
        if isinstance(entry, list):
            yield from _flat(entry)
        else:
            yield entry


def _line_tops(page: Any, start: str) -> list[float]:
    """The baselines, in points from the bottom of the page, of the text runs that begin so."""
    tops: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if text.strip().startswith(start.strip()):
            tops.append(cm[3] * tm[5] + cm[5])

    page.extract_text(visitor_text=visit)
    return tops


def test_contents_links_open_the_pages_of_the_headings(pdf_pack: PdfPack) -> None:
    reader, pages = pdf_pack.reader, pdf_pack.pages
    contents = next(n for n, text in enumerate(pages) if "Contents" in _lines(text))
    targets = {
        _link_page(reader, link)
        for number, link in link_annotations(reader)
        if number == contents and "/Dest" in link
    }
    assert targets
    headings = level_one_headings(pdf_pack.pack, pdf_pack.style)
    assert targets == set().union(*(_page_showing(pages, h) for h in headings))


def _link_page(reader: PdfReader, link: Any) -> int:
    """The index of the page an internal link goes to."""
    target = link["/Dest"]
    if isinstance(target, str):
        return reader.get_destination_page_number(reader.named_destinations[target])
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    return numbers[target[0].idnum]


def test_each_source_url_is_a_working_link(pdf_pack: PdfPack) -> None:
    uris = {
        str(link["/A"]["/URI"])
        for _, link in link_annotations(pdf_pack.reader)
        if "/A" in link and link["/A"].get("/S") == "/URI"
    }
    urls = {r.source.url for r in pdf_pack.pack.references if r.source.url}
    assert urls
    assert uris == urls


# Document properties and fonts


def test_metadata_describes_the_pack(pdf_pack: PdfPack) -> None:
    metadata = pdf_pack.reader.metadata
    assert metadata.title == TITLE
    assert metadata.author == AUTHOR
    assert metadata.subject == "Briefing on West Midlands: all themes"
    assert metadata["/Keywords"].split(", ") == ["briefing", "West Midlands"]
    assert metadata.creator == f"Briefing Builder {__version__}"


def test_viewers_show_the_title_and_read_the_text_as_british_english(pdf_pack: PdfPack) -> None:
    catalog = pdf_pack.reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_the_text_is_set_in_embedded_subsets_of_liberation_sans(pdf_pack: PdfPack) -> None:
    fonts = page_fonts(pdf_pack.reader)
    liberation = {name: font for name, font in fonts.items() if "LiberationSans" in name}
    assert {name.split("+")[-1] for name in liberation} >= {
        "LiberationSans",
        "LiberationSans-Bold",
        "LiberationSans-Italic",
    }
    for name, font in liberation.items():
        assert re.fullmatch(r"/[A-Z]{6}\+LiberationSans(-\w+)?", name)  # a subset
        assert "/FontFile2" in font["/FontDescriptor"], name


def test_every_font_is_embedded(pdf_pack: PdfPack) -> None:
    for name, font in page_fonts(pdf_pack.reader).items():
        assert "/FontDescriptor" in font, name
        assert "/FontFile2" in font["/FontDescriptor"], name
    assert not any("Helvetica" in name for name in page_fonts(pdf_pack.reader))


def test_typographic_and_welsh_characters_print(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=TYPOGRAPHY)
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    assert _lines(written.pages[0])[0] == TYPOGRAPHY
    assert written.reader.metadata.title == TYPOGRAPHY


# Content


def test_the_spec_is_attached_as_pack_spec_json(pdf_pack: PdfPack) -> None:
    assert list(pdf_pack.reader.attachments) == ["pack-spec.json"]
    assert spec_in_pdf(pdf_pack.reader) == pdf_pack.pack.spec


def test_everything_in_the_word_pack_is_in_the_pdf_pack(
    word_pack: WordPack, pdf_pack: PdfPack
) -> None:
    assert word_pack.pack is pdf_pack.pack
    printed = squeeze("\n".join(_body(page) for page in pdf_pack.pages))
    lines = [line for line in word_lines(word_pack.document) if line.strip()]
    assert len(lines) > 200
    for line in lines:
        assert squeeze(line) in printed, line


def test_a_long_key_facts_table_repeats_its_header_on_every_page(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    # Wide selections turn the table round: one row per area, one column per measure. A style
    # with large type makes that table run over a page.
    big = dataclasses.replace(standard_style, body_size=20)
    pack = make_pack(catalogue, big, regions=ENGLISH_REGIONS, kinds=("statistic",))
    (facts,) = pack.key_facts
    assert facts.header[0] == "Area"
    assert [row[0] for row in facts.rows][:9] == [catalogue.area(r).name for r in ENGLISH_REGIONS]
    written = write_pdf_pack(pack, big, tmp_path / "pack.pdf")
    figures = [row[2] for row in facts.rows[:-2]]  # incomes, which never wrap in their cell
    table_pages = [text for text in written.pages if any(f in text for f in figures)]
    assert len(table_pages) >= 2
    for text in table_pages:
        assert _lines(text)[_lines(text).index("Area") + 1].startswith("Output")
    printed = squeeze("\n".join(_body(text) for text in written.pages))
    for row in facts.rows:
        assert squeeze("".join(row)) in printed


# Untrusted text


def test_markup_in_title_and_purpose_prints_literally_and_loads_nothing(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=MARKUP, purpose=MARKUP)
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    assert _lines(written.pages[0])[:3] == [MARKUP, "Purpose", MARKUP]
    assert written.reader.metadata.title == MARKUP
    for page in written.reader.pages:
        objects = page["/Resources"].get_object().get("/XObject") or {}
        assert not [x for x in objects.values() if x.get_object().get("/Subtype") == "/Image"]


def test_control_characters_are_removed_from_title_and_purpose(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    title = "Bus\x00 fares\x07 in\x1b Walsall"
    purpose = "Why\x0b it\x0c matters\x1f"
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=title, purpose=purpose)
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    assert _lines(written.pages[0])[:3] == ["Bus fares in Walsall", "Purpose", "Why it matters"]
    assert written.reader.metadata.title == "Bus fares in Walsall"
    assert spec_in_pdf(written.reader).title == title


def test_a_lone_surrogate_in_the_title_prints_as_the_replacement_character(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    # What Python makes of a command-line argument that is not valid UTF-8; the spec keeps it
    # as U+FFFD, which the fallback font draws.
    pack = make_pack(catalogue, standard_style, themes=("skills",), title="Report \udcff")
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    assert _lines(written.pages[0])[0] == "Report \ufffd"


@cache
def _font_glyphs() -> dict[str, int]:
    """The glyph of every character both the regular and the bold face can draw."""
    regular, bold = (
        TTFontFile(str(fonts_dir() / f"LiberationSans-{face}.ttf")).charToGlyph
        for face in ("Regular", "Bold")
    )
    return {chr(code): glyph for code, glyph in regular.items() if code in bold}


@cache
def _same_glyph() -> dict[str, str]:
    """Each character drawn with a glyph it shares (such as Ω and the ohm sign), to one of them.

    extract_text can only give back one character per glyph.
    """
    first: dict[int, str] = {}
    for char, glyph in sorted(_font_glyphs().items()):
        first.setdefault(glyph, char)
    return {char: first[glyph] for char, glyph in _font_glyphs().items()}


def _printable(text: str) -> str:
    """The visible characters the font can draw, in order: what extract_text can give back.

    Right-to-left letters (Hebrew is in the font) are left out: pypdf reorders them. So are
    hyphens: a soft hyphen where a line breaks prints as one.
    """
    same = _same_glyph()
    return "".join(
        same[c]
        for c in text
        if c in same
        and c != "-"
        and unicodedata.category(c)[0] in "LNPS"
        and unicodedata.bidirectional(c) not in ("R", "AL")
    )


def _expected(text: str) -> str:
    """What `_printable` finds of the text in the PDF: a character that no bundled font has is
    written as its code, [U+1F984]."""
    return _printable(
        "".join(f"[U+{ord(c):04X}]" if _written_as_code(c) else c for c in clean(text))
    )


def _written_as_code(char: str) -> bool:
    code = ord(char)
    return (
        font_for(char) is None
        and not char.isspace()
        and unicodedata.category(char) != "Cf"
        and not 0xFE00 <= code <= 0xFE0F
        and not 0xE0100 <= code <= 0xE01EF
    )


def _printed_in(expected: str, printed: str, text: str) -> bool:
    """Whether the expected characters are printed in order; with right-to-left letters in the
    text, the bidirectional algorithm may reorder (and mirror) what stands between them, so
    then only that each is printed."""
    if not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return expected in printed
    unmirrored = [c for c in expected if not unicodedata.mirrored(c)]
    return not Counter(unmirrored) - Counter(printed)


def _info_text(value: str | bytes) -> str:
    # pypdf leaves a string it cannot decode as PDFDocEncoding (such as a soft hyphen) as bytes;
    # reportlab wrote it as Latin-1.
    return value.decode("latin-1") if isinstance(value, bytes) else value


# Arbitrary text mixed with text the font can draw, so both kinds of example are common.
TEXT = st.text(max_size=60) | st.text(
    alphabet=st.sampled_from(sorted(set(_font_glyphs()) | set(" \n\t\r<>&\"'"))), max_size=60
)


@settings(max_examples=25, deadline=None)
@given(title=TEXT, purpose=TEXT)
def test_any_title_and_purpose_read_back(
    catalogue: Catalogue, standard_style: HouseStyle, title: str, purpose: str
) -> None:
    assume(purpose.strip())  # a pack to keep must have a purpose
    pack = make_pack(catalogue, standard_style, themes=("transport",), title=title, purpose=purpose)
    with tempfile.TemporaryDirectory() as folder:
        reader = PdfReader(write_pdf(pack, standard_style, Path(folder) / "pack.pdf"))
        pages = page_texts(reader)
        assert _info_text(reader.metadata["/Title"]) == clean(title)
        assert spec_in_pdf(reader) == pack.spec
    cover = _printable(pages[0])
    assert _printed_in(_expected(title) + _printable("Purpose"), cover, title)
    assert "Regions covered: West Midlands" in _lines(pages[0])
    # The purpose is Markdown: each of its paragraphs and list entries prints as parsed.
    blocks = pack.blocks("purpose")
    paragraphs = [b for b in blocks if isinstance(b, Text)]
    paragraphs += [
        t for b in blocks if not isinstance(b, Text) for entry in b.entries for t in entry
    ]
    written = ["".join(i.text for i in p.inlines) for p in paragraphs] or [NO_PURPOSE_YET]
    for paragraph in written:
        assert _printed_in(_expected(paragraph), cover, paragraph)
    assert all("OFFICIAL" in _lines(text) for text in pages)


@settings(max_examples=25, deadline=None)
@given(title=TEXT, text=TEXT)
def test_any_item_title_and_text_read_back(
    small_pack: Pack, standard_style: HouseStyle, title: str, text: str
) -> None:
    pack = with_item_text(small_pack, title, text)
    with tempfile.TemporaryDirectory() as folder:
        reader = PdfReader(write_pdf(pack, standard_style, Path(folder) / "pack.pdf"))
        pages = page_texts(reader)
        entries = outline_entries(reader)
    printed = _printable("".join(_body(page) for page in pages))
    finding = pack.evidence[0].findings[0]
    # The finding's text is the pack's first numbered paragraph.
    label = _printable(f"Finding\u00b7Appliesto:{finding.scope}1.")
    item = _expected(title) + label + _expected(text) + _printable(f"[{finding.reference}]")
    assert _printed_in(item, printed, title + text)
    assert next(t for level, t, _ in entries if level == 3) == clean(title)


# Writing atomically


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writing_reports_progress_and_leaves_only_the_pack(
    small_pack: Pack, standard_style: HouseStyle, tmp_path: Path
) -> None:
    reports: list[tuple[str, int]] = []
    dest = tmp_path / "pack.pdf"
    assert write_pdf(small_pack, standard_style, dest, lambda *r: reports.append(r)) == dest
    assert _files(tmp_path) == ["pack.pdf"]
    pages = len(PdfReader(dest).pages)
    assert max(n for what, n in reports if what == "PAGE") == pages
    assert reports[-1][0] == "FINISHED"


@pytest.fixture
def earlier(small_pack: Pack, standard_style: HouseStyle, tmp_path: Path) -> tuple[Path, bytes]:
    """A pack written before the failing write, and its bytes."""
    dest = write_pdf(small_pack, standard_style, tmp_path / "pack.pdf")
    return dest, dest.read_bytes()


class _CancelledError(Exception):
    """What a progress callback raises when the user cancels an export."""


def test_an_export_stopped_midway_keeps_the_earlier_pack(
    small_pack: Pack, standard_style: HouseStyle, earlier: tuple[Path, bytes]
) -> None:
    dest, before = earlier

    def cancel_on_page_two(what: str, value: int) -> None:
        if what == "PAGE" and value == 2:
            raise _CancelledError

    with pytest.raises(_CancelledError):
        write_pdf(small_pack, standard_style, dest, cancel_on_page_two)
    assert dest.read_bytes() == before
    assert _files(dest.parent) == ["pack.pdf"]


def test_a_full_disk_keeps_the_earlier_pack_and_says_why(
    small_pack: Pack,
    standard_style: HouseStyle,
    earlier: tuple[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dest, before = earlier

    def save_half(self: Canvas) -> None:
        Path(self._filename).write_bytes(b"%PDF-1.4 half a file")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Canvas, "save", save_half)
    with pytest.raises(ExportError, match="the disk is full") as raised:
        write_pdf(small_pack, standard_style, dest)
    assert str(dest) in str(raised.value)
    assert dest.read_bytes() == before
    assert _files(dest.parent) == ["pack.pdf"]
    assert PdfReader(dest).pages


def test_a_pack_open_elsewhere_is_kept_and_the_message_says_close_it(
    small_pack: Pack,
    standard_style: HouseStyle,
    earlier: tuple[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dest, before = earlier

    def locked(self: Path, target: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(ExportError, match="close it and try again"):
        write_pdf(small_pack, standard_style, dest)
    assert dest.read_bytes() == before
    assert _files(dest.parent) == ["pack.pdf"]


def test_caveats_changes_and_scope_are_printed_in_the_pdf_pack(pdf_pack: PdfPack) -> None:
    pack = pdf_pack.pack
    printed = squeeze("\n".join(_body(page) for page in pdf_pack.pages))
    cited = cited_items(pack)
    assert any(c.wider for c in cited)
    assert any(not c.wider for c in cited)
    for c in cited:
        assert (
            squeeze(f"{c.item.title}{c.item.kind.capitalize()}\u00b7Appliesto:{c.scope}") in printed
        )
        if c.item.caveat:
            assert squeeze(f"Caveat: {c.item.caveat}") in printed
        for change in c.changes:
            assert squeeze(f"Since publication: {change.text} [{change.reference}]") in printed
    assert squeeze(f"Evidence as at: {pack.evidence_as_at}") in printed
