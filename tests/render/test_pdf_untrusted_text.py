"""Text from any file or user is data in the PDF pack: markup in any field of the dataset, the
pack spec or the house style prints as typed and loads no image, font or link."""

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from briefing_builder.pack import Pack, PackSpec
from briefing_builder.render import HouseStyle
from briefing_builder.render.style import DEFAULT_HEADINGS
from tests.helpers.packs import link_annotations, page_fonts, squeeze, write_pdf_pack

pytest_plugins = ["tests.helpers.packs"]

HOSTILE = (
    'About <b>this <img src="/etc/passwd"/> <a href="javascript:alert(1)">x</a>'
    ' <font name="Courier">c</font> &amp; <onDraw name="x"/>'
)
# Fields that choose rather than say: the section list, and the spec kept as JSON.
_CHOICES = {"sections", "spec", "marking", "date", "generated_at"}
_OUR_FONTS = ("LiberationSans", "DejaVuSans", "DroidSansFallback")


def _everywhere(value: Any, text: str) -> Any:
    """The value with every string in it, however deep, replaced by `text` (and every text
    field left empty, such as a source without a web address, filled with it)."""
    if isinstance(value, str):
        return text
    if isinstance(value, tuple):
        return tuple(_everywhere(v, text) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, PackSpec | type):
        changes = {
            f.name: text
            if getattr(value, f.name) is None and "str" in str(f.type)
            else _everywhere(getattr(value, f.name), text)
            for f in dataclasses.fields(value)
            if f.name not in _CHOICES
        }
        return dataclasses.replace(value, **changes)
    return value


@pytest.fixture(scope="module")
def hostile(small_pack: Pack, standard_style: HouseStyle, tmp_path_factory: Any) -> PdfReader:
    """The small pack with markup in every text of the pack and every heading of the style."""
    pack = _everywhere(small_pack, HOSTILE)
    assert pack.evidence[0].findings[0].item.source.url == HOSTILE
    style = dataclasses.replace(
        standard_style,
        headings=dict.fromkeys({*DEFAULT_HEADINGS, *standard_style.headings}, HOSTILE),
        contents_min_items=0,
    )
    path = tmp_path_factory.mktemp("hostile") / "pack.pdf"
    return write_pdf_pack(pack, style, path).reader


def test_markup_in_every_field_prints_as_typed(hostile: PdfReader) -> None:
    printed = squeeze("".join(page.extract_text() for page in hostile.pages))
    assert printed.count(squeeze(HOSTILE)) > 20
    # The contents, whose entries reportlab lays out as paragraphs of their own.
    contents = {number for number, link in link_annotations(hostile) if "/Dest" in link}
    assert contents
    for number in contents:
        assert squeeze(hostile.pages[number].extract_text()).count(squeeze(HOSTILE)) >= 2


def test_markup_in_every_field_loads_no_image_font_or_link(hostile: PdfReader) -> None:
    for page in hostile.pages:
        objects = page["/Resources"].get_object().get("/XObject") or {}
        assert not [x for x in objects.values() if x.get_object().get("/Subtype") == "/Image"]
    for name in page_fonts(hostile):
        assert any(ours in name for ours in _OUR_FONTS), name
    for _, link in link_annotations(hostile):
        assert "/Dest" in link, link  # only the contents' links inside the pack


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/report?a=1&b=2", True),
        ("http://example.org/", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ('https://example.org/" onclick="x', False),
        ("#h1", False),
    ],
)
def test_only_a_web_address_becomes_a_link(
    small_pack: Pack, standard_style: HouseStyle, tmp_path: Path, url: str, linked: bool
) -> None:
    reference = small_pack.references[0]
    source = dataclasses.replace(reference.source, url=url)
    references = (dataclasses.replace(reference, source=source), *small_pack.references[1:])
    pack = dataclasses.replace(small_pack, references=references)
    written = write_pdf_pack(pack, standard_style, tmp_path / "pack.pdf")
    uris = [
        str(link["/A"]["/URI"])
        for _, link in link_annotations(written.reader)
        if "/A" in link and link["/A"].get("/S") == "/URI"
    ]
    others = {r.source.url for r in small_pack.references[1:]}
    assert [u for u in uris if u not in others] == ([url, url] if linked else [])
    assert squeeze(f"Available at: {url}") in squeeze("".join(written.pages))
    for _, link in link_annotations(written.reader):
        assert link.get("/A", {}).get("/S") in (None, "/URI")
