"""template.toml checked before use: every key's value, whatever it is, gives a style both
writers can lay out or a TemplateError naming the file and the key, never a traceback. Broken
styles are listed with their reason while the others still load.

The `home` fixture (tests/conftest.py) points the user folder at an empty temporary folder.
"""

import datetime as dt
import math
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import TemplateError
from briefing_builder.pack import SECTIONS
from briefing_builder.render import HouseStyle, read_style
from briefing_builder.render.style import (
    MIN_TEXT_HEIGHT_MM,
    MIN_TEXT_WIDTH_MM,
    style_entries,
)
from tests.helpers.packs import make_pack, write_pdf_pack, write_word_pack

pytest_plugins = ["tests.helpers.packs"]

KEYS = (
    "name",
    "description",
    "page.size",
    "page.margins_mm",
    "fonts.body_size",
    "fonts.title_size",
    "fonts.heading_sizes",
    "fonts.word",
    "colours.text",
    "colours.heading",
    "colours.accent",
    "colours.table_header_text",
    "colours.marking",
    "spacing.paragraph_after",
    "spacing.line_spacing",
    "sections.order",
    "sections.new_page_after",
    "headings",
    "headings.contents",
    "word.reference",
    "logo.file",
    "logo.alt",
    "map.locator",
)


def _template(folder: Path, toml: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "template.toml"
    if isinstance(toml, bytes):
        path.write_bytes(toml)
    else:
        path.write_text(toml, encoding="utf-8")
    return folder


def _refusal(folder: Path) -> str:
    with pytest.raises(TemplateError) as raised:
        read_style(folder)
    message = str(raised.value)
    assert str(folder / "template.toml") in message
    return message


# Numbers: finite, and in a range both writers can lay out


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[fonts]\nbody_size = nan\n", "fonts.body_size is nan"),
        ("[fonts]\nbody_size = inf\n", "fonts.body_size is inf"),
        ("[fonts]\nbody_size = 500\n", "fonts.body_size is 500; expected a number from 12 to 20"),
        ("[fonts]\ntitle_size = -inf\n", "fonts.title_size is -inf"),
        ("[fonts]\nheading_sizes = [18, nan, 13]\n", "fonts.heading_sizes is nan"),
        ("[fonts]\nheading_sizes = [18, 0, 13]\n", "fonts.heading_sizes is 0"),
        ("[spacing]\nline_spacing = 1e6\n", "spacing.line_spacing is 1000000.0"),
        ("[spacing]\nline_spacing = 0.1\n", "spacing.line_spacing is 0.1"),
        ("[spacing]\nparagraph_after = -6\n", "spacing.paragraph_after is -6"),
        ("[spacing]\nparagraph_after = 1e400\n", "spacing.paragraph_after is inf"),
        (f"[spacing]\nparagraph_after = {10**30}\n", "spacing.paragraph_after is 1000000000"),
        ("[spacing]\nline_spacing = true\n", "spacing.line_spacing: expected a number"),
        ("[page]\nmargins_mm = [20, 20, 20, inf]\n", "page.margins_mm is inf"),
        ("[page]\nmargins_mm = [20, 20, 20, 5]\n", "page.margins_mm is 5"),
    ],
)
def test_a_number_out_of_range_is_refused_naming_the_key(
    tmp_path: Path, toml: str, expected: str
) -> None:
    assert expected in _refusal(_template(tmp_path / "house", toml))


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[page]\nmargins_mm = [20, 60, 20, 60]\n", "leave 90 mm of the A4 page's 210 mm"),
        ('[page]\nsize = "Letter"\nmargins_mm = [60, 20, 60, 20]\n', "leave 159.4 mm"),
        ("[page]\nmargins_mm = [12, 20, 12, 20]\n[fonts]\nbody_size = 20\n", "at least 18 mm"),
    ],
)
def test_margins_that_leave_no_room_are_refused(tmp_path: Path, toml: str, expected: str) -> None:
    message = _refusal(_template(tmp_path / "house", toml))
    assert "page.margins_mm" in message
    assert expected in message


def test_the_widest_ranges_still_make_both_packs(catalogue: Catalogue, tmp_path: Path) -> None:
    """The edges of every range lay out: the biggest type on the smallest text area."""
    style = read_style(
        _template(
            tmp_path / "big",
            '[page]\nsize = "Letter"\nmargins_mm = [54.7, 47.9, 54.7, 48]\n'
            "[fonts]\nbody_size = 20\ntitle_size = 48\nheading_sizes = [36, 36, 36]\n"
            "[spacing]\nparagraph_after = 36\nline_spacing = 2\n",
        )
    )
    width, height = style.page_mm
    assert width - style.margins_mm[1] - style.margins_mm[3] == pytest.approx(MIN_TEXT_WIDTH_MM)
    assert height - style.margins_mm[0] - style.margins_mm[2] == pytest.approx(MIN_TEXT_HEIGHT_MM)
    pack = make_pack(catalogue, style)
    assert pack.key_facts  # the tables, the hardest to fit, are there
    assert len(write_pdf_pack(pack, style, tmp_path / "pack.pdf").pages) > 1
    assert write_word_pack(pack, style, tmp_path / "pack.docx").document.paragraphs


# Text: short, without control characters


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[fonts]\nword = "Arial\\u0007"\n', "fonts.word: expected text without control"),
        ('[fonts]\nword = "Arial\\u0000Black"\n', "found U+0000"),
        ('[fonts]\nword = ""\n', "fonts.word: expected text of 1 to 31 characters, not 0"),
        (f'[fonts]\nword = "{"A" * 32}"\n', "fonts.word: expected text of 1 to 31 characters"),
        ('name = "Dept\\nbrief"\n', "name: expected text without control characters"),
        (f'description = "{"x" * 501}"\n', "description: expected text of 0 to 500"),
        ('[headings]\nsources = "Sources\\u001b[31m"\n', "headings.sources: expected text"),
        ('[headings]\nsources = ""\n', "headings.sources: expected text of 1 to 100"),
        ('[headings]\nsorces = "References"\n', "headings.'sorces': not a heading the packs"),
        ('[logo]\nfile = "logo\\u0000.png"\n', "logo.file: expected a file name, text"),
        ('[logo]\nalt = "Crest\\u007f"\n', "logo.alt: expected text without control"),
        ('[page]\nsize = "A4\\r"\n', "page.size: expected text without control"),
    ],
)
def test_text_with_control_characters_or_the_wrong_length_is_refused(
    tmp_path: Path, toml: str, expected: str
) -> None:
    assert expected in _refusal(_template(tmp_path / "house", toml))


# Keys, tables and sections: nothing ignored or taken twice


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ("[fonts]\nbodysize = 14\n", "unknown key(s) 'fonts.bodysize'"),
        ('[colour]\ntext = "#000000"\n', "unknown key(s) 'colour'"),
        ("fonts = 14\n", "fonts: expected a table"),
        ('[sections]\norder = ["cover", "sources", "cover"]\n', "a section is named twice"),
        ("[sections]\norder = []\n", "sections.order: expected at least one section"),
        ('[sections]\nnew_page_after = ["covers"]\n', "unknown section(s) 'covers'"),
        ("x = " + "[" * 2000 + "]" * 2000 + "\n", "nested too deeply"),
        (f"[fonts]\nbody_size = 1{'0' * 5000}\n", "a number is too long to read"),
    ],
)
def test_unknown_keys_and_odd_structures_are_refused(
    tmp_path: Path, toml: str, expected: str
) -> None:
    assert expected in _refusal(_template(tmp_path / "house", toml))


# The file itself


def test_a_utf16_template_is_refused_asking_for_utf8(tmp_path: Path) -> None:
    folder = _template(tmp_path / "house", "[fonts]\nbody_size = 14\n".encode("utf-16"))
    assert "UTF-16" in _refusal(folder)


def test_a_template_that_is_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    folder = tmp_path / "pipe"
    folder.mkdir()
    os.mkfifo(folder / "template.toml")
    assert "not a file (a named pipe)" in _refusal(folder)


def test_a_huge_template_is_refused_unread(tmp_path: Path) -> None:
    folder = _template(tmp_path / "huge", "# " + "x" * (2 * 1024 * 1024) + "\n")
    assert "too large" in _refusal(folder)


# Arbitrary values for every key


def _toml_string(text: str) -> str:
    escaped = "".join(
        f"\\u{ord(c):04X}" if ord(c) < 0x20 or ord(c) == 0x7F or c in '"\\' else c for c in text
    )
    return f'"{escaped}"'


def _toml(value: Any) -> str:
    """A TOML literal for the value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else repr(value)  # repr gives inf and -inf as TOML does
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{_toml_string(k)} = {_toml(v)}" for k, v in value.items()) + "}"


_SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-5, max_value=300),
    st.floats(),
    st.floats(min_value=-5, max_value=300),
    st.text(max_size=40),
    st.sampled_from(["A4", "Letter", "#1d70b8", "cover", "sources", "template.toml", "", "."]),
    st.dates(),
    st.datetimes(),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.sampled_from(["contents", "sources", "x", ""]), inner, max_size=3)
    ),
    max_leaves=8,
)


def _assert_usable(style: HouseStyle) -> None:
    """A style that loads holds nothing either writer could choke on."""
    numbers = [
        style.body_size,
        style.title_size,
        style.paragraph_after,
        style.line_spacing,
        *style.heading_sizes,
        *style.margins_mm,
    ]
    assert all(math.isfinite(n) for n in numbers)
    assert 12 <= style.body_size <= 20
    assert 12 <= style.title_size <= 48
    assert all(10 <= size <= 36 for size in style.heading_sizes)
    assert 0 <= style.paragraph_after <= 36
    assert 1 <= style.line_spacing <= 2
    assert all(10 <= margin <= 100 for margin in style.margins_mm)
    width, height = style.page_mm
    top, right, bottom, left = style.margins_mm
    assert width - left - right >= MIN_TEXT_WIDTH_MM
    assert height - top - bottom >= MIN_TEXT_HEIGHT_MM
    texts = [style.title, style.description, style.word_font, style.logo_alt]
    texts += list(style.headings.values())
    for text in texts:
        assert not any(unicodedata.category(c) == "Cc" for c in text), text
    assert set(style.sections) <= set(SECTIONS)
    assert len(set(style.sections)) == len(style.sections)


def _assert_loads_or_is_refused(folder: Path) -> None:
    try:
        style = read_style(folder)
    except TemplateError as error:
        message = str(error)
    else:
        _assert_usable(style)
        return
    assert message.startswith(str(folder / "template.toml")), message


def _key_line(key: str, value: Any) -> str:
    return f"{'.'.join(_toml_string(part) for part in key.split('.'))} = {_toml(value)}\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(KEYS), value=_VALUES)
def test_any_value_for_any_key_loads_or_is_refused_naming_file_and_key(
    key: str, value: Any
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = _template(Path(temporary) / "house", _key_line(key, value))
        _assert_loads_or_is_refused(folder)
        try:
            read_style(folder)
        except TemplateError as error:
            message = str(error)
        else:
            return
        # A heading of the [headings] table is named as headings.<name>.
        assert key in message or (key == "headings" and "headings." in message), message


_NUMBERS = st.one_of(
    st.floats(),
    st.integers(),
    st.floats(min_value=-1, max_value=150),
    st.sampled_from([0, 9.99, 10, 12, 20, 20.01, 36, 48, 100, 1e6, 10**400]),
)
_NUMERIC_KEYS = {
    "fonts.body_size": _NUMBERS,
    "fonts.title_size": _NUMBERS,
    "spacing.paragraph_after": _NUMBERS,
    "spacing.line_spacing": _NUMBERS,
    "fonts.heading_sizes": st.lists(_NUMBERS, min_size=3, max_size=3),
    "page.margins_mm": st.lists(_NUMBERS, min_size=4, max_size=4),
}


@settings(max_examples=300, deadline=None)
@given(data=st.data(), key=st.sampled_from(sorted(_NUMERIC_KEYS)))
def test_any_number_for_a_numeric_key_is_in_range_or_refused(data: st.DataObject, key: str) -> None:
    value = data.draw(_NUMERIC_KEYS[key])
    with tempfile.TemporaryDirectory() as temporary:
        folder = _template(Path(temporary) / "house", _key_line(key, value))
        _assert_loads_or_is_refused(folder)


@settings(max_examples=150, deadline=None)
@given(lines=st.dictionaries(st.sampled_from(KEYS), _VALUES, max_size=5))
def test_any_mix_of_values_loads_or_is_refused_naming_the_file(lines: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        text = "".join(_key_line(key, value) for key, value in lines.items())
        folder = _template(Path(temporary) / "house", text)
        _assert_loads_or_is_refused(folder)


@settings(max_examples=150, deadline=None)
@given(content=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_bytes_as_the_template_load_or_are_refused(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = _template(Path(temporary) / "house", content)
        _assert_loads_or_is_refused(folder)


# Listing styles: one broken style does not hide the others


def test_a_broken_style_is_listed_with_its_reason_and_the_others_still_load(
    home: Path, tmp_path: Path
) -> None:
    _template(home / "templates" / "broken", "[fonts]\nbody_size = nan\n")
    _template(home / "templates" / "ours", 'name = "Our brief"\n')
    entries = {entry.name: entry for entry in style_entries()}
    assert sorted(entries) == ["broken", "one-pager", "ours", "plain", "standard"]
    broken = entries["broken"]
    assert broken.style is None
    assert broken.error is not None
    assert str(home / "templates" / "broken" / "template.toml") in broken.error
    assert "fonts.body_size is nan" in broken.error
    assert entries["ours"].style is not None
    assert entries["ours"].style.title == "Our brief"
    assert all(entries[n].style and not entries[n].error for n in ("one-pager", "plain"))


@pytest.mark.parametrize("given", ["/etc/hostname", "../../../../../etc/passwd", "link.png"])
def test_a_style_reads_only_files_in_its_own_folder(tmp_path: Path, given: str) -> None:
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "link.png").symlink_to("/etc/passwd")
    (folder / "template.toml").write_text(f'[logo]\nfile = "{given}"\n', encoding="utf-8")
    with pytest.raises(TemplateError, match=r"logo\.file: expected the name of a file in the"):
        read_style(folder)
