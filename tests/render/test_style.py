"""House styles: the bundled templates, a user's own, the ones refused, and what each one prints.

The `home` fixture (tests/conftest.py) points the user folder at an empty temporary folder.
"""

from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import RGBColor

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import TemplateError
from briefing_builder.render import HouseStyle, available_styles, load_style, read_style
from tests.helpers.packs import (
    cited_items,
    fill_colours,
    make_pack,
    outline_entries,
    write_pdf_pack,
    write_word_pack,
)

pytest_plugins = ["tests.helpers.packs"]

BUNDLED = ("one-pager", "plain", "standard")


def _template(folder: Path, toml: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text(toml, encoding="utf-8")
    return folder


def _by_style(document: Document, name: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == name]


# The bundled styles


def test_the_bundled_styles_load() -> None:
    assert sorted(available_styles()) == sorted(BUNDLED)
    for name in BUNDLED:
        style = load_style(name)
        assert style.name == name
        assert style.title
        assert style.description
        assert style.body_size >= 12
        assert style.sections[0] == "cover"
        assert "sources" in style.sections  # every pack cites its sources


def test_the_one_pager_leaves_out_the_contents_the_map_and_lower_priority_items(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    style = load_style("one-pager")
    assert "contents" not in style.sections
    assert not style.locator_map
    pack = make_pack(catalogue, style, themes=("skills", "pay-and-employment"), summary="1. Say.")
    assert sum(len(section.items) for section in pack.evidence) == style.max_items == 2
    assert pack.key_facts
    pdf = write_pdf_pack(pack, style, tmp_path / "pack.pdf")
    headings = [t for level, t, _ in outline_entries(pdf.reader) if level == 1]
    assert headings[:2] == ["Key messages", "Key facts"]
    assert headings[-2:] == ["Sources", "About this pack"]
    word = write_word_pack(pack, style, tmp_path / "pack.docx").document
    assert _by_style(word, "Heading 1") == headings
    assert len(_by_style(word, "Heading 3")) == 2
    assert not word.inline_shapes, "no map"


def _grey(red: float, green: float, blue: float, tolerance: float) -> bool:
    return max(red, green, blue) - min(red, green, blue) <= tolerance


def _hex_grey(value: str) -> bool:
    rgb = RGBColor.from_string(value)
    return _grey(rgb[0] / 255, rgb[1] / 255, rgb[2] / 255, 0.03)


def test_the_plain_style_is_black_and_grey() -> None:
    colours = load_style("plain").colours
    for value in (colours.text, colours.heading, colours.accent, colours.marking):
        assert _grey(*RGBColor.from_string(value[1:]), tolerance=0), value
    assert colours.table_header_text == "#ffffff"


def test_the_plain_pdf_prints_only_greys(catalogue: Catalogue, tmp_path: Path) -> None:
    style = load_style("plain")
    pdf = write_pdf_pack(make_pack(catalogue, style), style, tmp_path / "pack.pdf")
    colours = fill_colours(pdf.reader)
    assert len(colours) >= 3  # text, table header and grid at least: the check reads colours
    # Within 3% per channel: the table grid is GOV.UK's mid-grey #b1b4b6.
    assert all(_grey(*colour, tolerance=0.03) for colour in colours), colours


def _word_colours(document: Document) -> set[str]:
    """Every colour the body, headers, footers and the styles they use set, as RRGGBB."""
    elements = [document.element.body]
    for section in document.sections:
        elements += [section.header._element, section.footer._element]
    names = {p.style.name for p in document.paragraphs} | {"Hyperlink"}
    names |= {t.style.name for t in document.tables if t.style is not None}
    for name in names:
        style = document.styles[name]
        while style is not None:
            elements.append(style.element)
            style = style.base_style
    colours: set[str] = set()
    for element in elements:
        for node in element.iter():
            values = [node.get(qn("w:color")), node.get(qn("w:fill"))]
            if node.tag == qn("w:color"):
                values.append(node.get(qn("w:val")))
            colours |= {v.upper() for v in values if v and v != "auto"}
    return colours


def test_the_plain_word_pack_uses_only_greys(catalogue: Catalogue, tmp_path: Path) -> None:
    style = load_style("plain")
    document = write_word_pack(make_pack(catalogue, style), style, tmp_path / "pack.docx").document
    colours = _word_colours(document)
    assert {"000000", "505050", "FFFFFF"} <= colours  # the check reads text, accent, shading
    assert all(_hex_grey(value) for value in colours), colours


# Templates refused


def test_body_text_under_12_point_is_refused_naming_the_file(home: Path) -> None:
    folder = _template(home / "templates" / "small", "[fonts]\nbody_size = 11\n")
    with pytest.raises(TemplateError) as raised:
        load_style("small")
    message = str(raised.value)
    assert str(folder / "template.toml") in message
    assert "fonts.body_size is 11" in message
    assert "at least 12 pt" in message


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[colours]\nheading = "blue"\n', "colours.heading: expected a colour like #1d70b8"),
        ('[sections]\norder = ["cover", "appendix"]\n', "unknown section(s) 'appendix'"),
        ('[page]\nsize = "A3"\n', "page.size: 'A3' is not one of A4, Letter"),
        ('[word]\nreference = "house.docx"\n', "house.docx: no such file"),
        ("[fonts]\nheading_sizes = [18, 15]\n", "fonts.heading_sizes: expected a list of 3"),
        ("name = \n", "bad TOML"),
    ],
)
def test_a_malformed_template_is_refused_naming_file_and_key(
    tmp_path: Path, toml: str, expected: str
) -> None:
    folder = _template(tmp_path / "house", toml)
    with pytest.raises(TemplateError) as raised:
        read_style(folder)
    assert str(folder / "template.toml") in str(raised.value)
    assert expected in str(raised.value)


def test_an_unknown_style_lists_the_ones_there_are() -> None:
    with pytest.raises(TemplateError) as raised:
        load_style("fancy")
    message = str(raised.value)
    assert "'fancy'" in message
    for name in BUNDLED:
        assert name in message


# A user's own templates


def test_a_user_template_overrides_the_bundled_one(
    catalogue: Catalogue, home: Path, tmp_path: Path
) -> None:
    folder = _template(
        home / "templates" / "standard",
        'name = "Our standard"\n[colours]\nheading = "#00703c"\n'
        '[headings]\nkey-messages = "What to say"\n',
    )
    assert available_styles()["standard"] == folder
    assert {"one-pager", "plain"} <= set(available_styles())
    style = load_style("standard")
    assert (style.title, style.folder) == ("Our standard", folder)
    pack = make_pack(catalogue, style, themes=("skills",), summary="1. Say this.")
    document = write_word_pack(pack, style, tmp_path / "pack.docx").document
    assert "What to say" in _by_style(document, "Heading 1")
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0x00, 0x70, 0x3C)


def _house_with_reference(folder: Path, *, without: tuple[str, ...], normal_font: str) -> Path:
    """A house style whose Word reference document lacks some styles and has its own Normal font."""
    reference = docx.Document()
    for name in without:
        element = reference.styles[name].element
        element.getparent().remove(element)
    reference.styles["Normal"].font.name = normal_font
    _template(folder, 'name = "House"\n[word]\nreference = "reference.docx"\n')
    reference.save(str(folder / "reference.docx"))
    return folder


@pytest.fixture
def house(tmp_path: Path) -> HouseStyle:
    """A house style whose reference document has no 'Heading 3' or 'List Bullet'."""
    folder = _house_with_reference(
        tmp_path / "house", without=("Heading 3", "List Bullet"), normal_font="Georgia"
    )
    style = read_style(folder)
    assert style.reference_docx == folder / "reference.docx"
    return style


def test_a_reference_document_missing_styles_still_makes_a_word_pack(
    catalogue: Catalogue, house: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, house, themes=("skills",), points="- Say this.\n- And that.")
    document = write_word_pack(pack, house, tmp_path / "pack.docx").document
    assert _by_style(document, "Heading 3") == [c.item.title for c in cited_items(pack)]
    assert _by_style(document, "List Bullet") == ["Say this.", "And that."]
    # The reference document's Normal font is the pack's body font.
    assert document.styles["Normal"].font.name == "Georgia"
    body = [p for p in document.paragraphs if p.style.name == "Normal" and p.text]
    assert body
    assert all(run.font.name is None for p in body for run in p.runs)


def test_points_keep_their_bullets_with_a_reference_missing_list_bullet(
    catalogue: Catalogue, house: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, house, themes=("skills",), points="- Say this.")
    document = write_word_pack(pack, house, tmp_path / "pack.docx").document
    style = document.styles["List Bullet"]
    numbered = []
    while style is not None:
        properties = style.element.pPr
        numbered.append(properties is not None and properties.find(qn("w:numPr")) is not None)
        style = style.base_style
    assert any(numbered)


@pytest.mark.parametrize(
    ("key", "file", "content", "message"),
    [
        ("[word]\nreference", "reference.docx", b"not a zip", "is not a Word document"),
        ("[logo]\nfile", "logo.png", b"not a picture", "is not a picture the packs can use"),
    ],
)
def test_a_broken_reference_document_or_logo_is_refused_when_the_style_is_read(
    tmp_path: Path, key: str, file: str, content: bytes, message: str
) -> None:
    folder = tmp_path / "dept"
    folder.mkdir()
    (folder / file).write_bytes(content)
    (folder / "template.toml").write_text(f'{key} = "{file}"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match=message):
        read_style(folder)
