"""Text too long for a page never stops the PDF pack: it wraps and splits over pages, and what
cannot split (a title, a heading, a table cell) is shortened with a note that says so."""

import dataclasses
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefing_builder.catalogue import Catalogue
from briefing_builder.pack import Pack
from briefing_builder.render import HouseStyle
from briefing_builder.render.layout import ABOUT_HEADER
from briefing_builder.render.pdf_writer import write_pdf
from tests.helpers.packs import make_pack, page_texts, spec_in_pdf, squeeze, write_pdf_pack

pytest_plugins = ["tests.helpers.packs"]

SECONDS = 20
"""How long one pack may take to write, however long its text (a normal one takes 0.3 s)."""


def _body(pages: list[str]) -> str:
    """The text of the pages without the marking and page line of each, whitespace removed."""
    return squeeze(
        "".join(
            line
            for page in pages
            for line in page.splitlines()
            if line.strip() != "OFFICIAL" and not line.startswith("Page ")
        )
    )


def _printed(path: Path) -> str:
    return _body(page_texts(PdfReader(path)))


def _shortened_note(length: int) -> str:
    return squeeze(f"(shortened from {length:,} characters; the Word pack has it all)")


def test_a_million_character_title_is_shortened_with_a_note_in_seconds(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    title = "Walsall " * 125_000
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=title)
    started = time.monotonic()
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    assert time.monotonic() - started < SECONDS
    cover = squeeze(written.pages[0])
    assert cover.startswith("Walsall" * 30)
    assert _shortened_note(1_000_000) in cover
    assert squeeze("Text too long for a page is shortened in this PDF") in cover
    assert written.reader.metadata.title == title  # the document properties keep it all


def test_long_text_that_can_split_is_printed_in_full(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    purpose = " ".join(f"word{n}" for n in range(2_000))  # about five pages
    regions = ", ".join(["TLG"] * 200)
    pack = make_pack(catalogue, standard_style, themes=("skills",), purpose=purpose)
    pack = dataclasses.replace(pack, about=((*pack.about[0][:1], regions), *pack.about[1:]))
    printed = _printed(write_pdf(pack, standard_style, tmp_path / "pack.pdf"))
    assert squeeze(purpose) in printed
    # A row split across pages has the table's header row again on the next page.
    assert squeeze(regions) in printed.replace(squeeze(" ".join(ABOUT_HEADER)), "")
    assert "shortened" not in printed


def test_a_long_word_full_of_soft_hyphens_prints_in_seconds(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    word = "\xad".join(["Walsall"] * 2_000)  # took minutes when every soft hyphen was tried
    pack = make_pack(catalogue, standard_style, themes=("skills",), purpose=word)
    started = time.monotonic()
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    assert time.monotonic() - started < SECONDS
    assert "Walsall" * 2_000 in _body(written.pages).replace("\xad", "")


def test_a_heading_taller_than_a_page_splits_and_keeps_its_bookmark(
    small_pack: Pack, standard_style: HouseStyle, tmp_path: Path
) -> None:
    # The largest headings a template allows, on a small text area: a long item title runs
    # over a page.
    style = dataclasses.replace(
        standard_style, heading_sizes=(36.0, 36.0, 36.0), margins_mm=(90.0, 60.0, 90.0, 60.0)
    )
    section = small_pack.evidence[0]
    first = section.findings[0]
    title = " ".join(["Broadband"] * 30)
    finding = dataclasses.replace(first, item=dataclasses.replace(first.item, title=title))
    changed = dataclasses.replace(section, findings=(finding, *section.findings[1:]))
    pack = dataclasses.replace(small_pack, evidence=(changed, *small_pack.evidence[1:]))
    written = write_pdf_pack(pack, style, tmp_path / "pack.pdf")
    assert squeeze(title) in _body(written.pages)
    assert title in [str(entry.title) for entry in _flat(written.reader.outline)]


def _flat(entries: list) -> list:
    return [e for entry in entries for e in (_flat(entry) if isinstance(entry, list) else [entry])]


def test_a_huge_statistic_is_shortened_in_its_cell(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, kinds=("statistic",))
    (facts,) = pack.key_facts
    value, unit = "9" * 4_000, "per cent of the working-age population " * 60
    rows = ((facts.rows[0][0], value, *facts.rows[0][2:]), *facts.rows[1:])
    header = (facts.header[0], unit, *facts.header[2:])
    pack = dataclasses.replace(
        pack, key_facts=(dataclasses.replace(facts, rows=rows, header=header),)
    )
    printed = _printed(write_pdf(pack, standard_style, tmp_path / "pack.pdf"))
    assert "9" * 90 in printed
    assert _shortened_note(4_000) in printed
    assert _shortened_note(len(unit)) in printed


# Long and odd text: runs of any characters, repeated to any length, and words longer than a line.
LONG = st.builds(
    lambda text, times: text * times,
    st.text(min_size=1, max_size=12),
    st.sampled_from([1, 40, 700, 30_000]),
) | st.sampled_from(["9" * 4_000, "x" * 200_000, "\u05e9\u05dc\u05d5\u05dd " * 2_000])


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(title=LONG, purpose=LONG, heading=LONG, item_title=LONG, item_text=LONG, cell=LONG)
def test_any_long_text_in_any_field_gives_a_pdf_in_seconds(
    small_pack: Pack,
    standard_style: HouseStyle,
    title: str,
    purpose: str,
    heading: str,
    item_title: str,
    item_text: str,
    cell: str,
) -> None:
    section = small_pack.evidence[0]
    first = section.findings[0]
    item = dataclasses.replace(first.item, title=item_title, text=item_text, caveat=cell)
    changed = dataclasses.replace(
        section, heading=heading, findings=(dataclasses.replace(first, item=item),)
    )
    pack = dataclasses.replace(
        small_pack,
        title=title,
        purpose=purpose,
        evidence=(changed, *small_pack.evidence[1:]),
        about=((cell, cell), *small_pack.about),
    )
    style = dataclasses.replace(
        standard_style, headings={**standard_style.headings, "findings": heading}
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        reader = PdfReader(write_pdf(pack, style, Path(folder) / "pack.pdf"))
        assert len(reader.pages) >= 2
        assert spec_in_pdf(reader) == pack.spec
    assert time.monotonic() - started < SECONDS
