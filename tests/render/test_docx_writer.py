"""The Word pack, reopened with python-docx: what a reader of the .docx sees and relies on."""

import errno
import os
import resource
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import IO

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.table import _Row
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import ExportError
from briefing_builder.pack import Bullets, Pack, PackSpec, Text, build_pack
from briefing_builder.render import HouseStyle, read_style
from briefing_builder.render.docx_writer import write_docx
from briefing_builder.render.embedded import read_pack_spec
from briefing_builder.render.layout import NO_PUBLIC_COPY, NO_PURPOSE_YET
from briefing_builder.render.text import clean
from tests.helpers.packs import (
    AUTHOR,
    DEPARTMENT,
    TITLE,
    WHEN,
    WordPack,
    as_word_reads,
    cited_items,
    custom_properties,
    level_one_headings,
    level_two_headings,
    make_pack,
    read_docx,
    spec_in_docx,
    with_item_text,
    word_lines,
    write_word_pack,
)

pytest_plugins = ["tests.helpers.packs"]

MARKUP = '<b>&</b> <img src="x"/>'


def _texts_by_style(document: Document) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for paragraph in document.paragraphs:
        found[paragraph.style.name].append(paragraph.text)
    return found


def _outline_level(style: BaseStyle) -> int | None:
    properties = style.element.pPr
    level = properties.find(qn("w:outlineLvl")) if properties is not None else None
    return None if level is None else int(level.get(qn("w:val")))


def _title_and_purpose(document: Document) -> tuple[str, str]:
    """The cover's title and the paragraph under the purpose's label."""
    paragraphs = document.paragraphs
    index = next(n for n, p in enumerate(paragraphs) if p.style.name == "Title")
    assert paragraphs[index + 1].text == "Purpose"
    return paragraphs[index].text, paragraphs[index + 2].text


def _preview(catalogue: Catalogue, style: HouseStyle, **choices: object) -> Pack:
    """A pack as the preview builds it: a purpose may still be empty."""
    spec = PackSpec(
        **{
            "regions": ("west-midlands",),
            "template": style.name,
            "sections": style.sections,
            **choices,
        }  # type: ignore[arg-type]
    )
    return build_pack(spec, catalogue, generated_at=WHEN, preview=True)


def _purpose_lines(pack: Pack) -> list[str]:
    """The purpose's paragraphs as printed: each paragraph and each list entry's paragraphs."""
    lines = []
    for block in pack.blocks("purpose"):
        texts = [block] if isinstance(block, Text) else _entries(block)
        lines += ["".join(i.text for i in text.inlines) for text in texts]
    return lines


def _entries(bullets: Bullets) -> list[Text]:
    return [text for entry in bullets.entries for text in entry or (Text(()),)]


def _repeats_as_header(row: _Row) -> bool:
    properties = row._tr.trPr
    header = None if properties is None else properties.find(qn("w:tblHeader"))
    return header is not None and header.get(qn("w:val"), "true") in ("true", "1", "on")


def _toc_result(document: Document) -> tuple[list[str], list[str]]:
    """The TOC field's instructions and the lines of its shown result, before Word updates it."""
    instructions: list[str] = []
    lines: list[str] = []
    state = "before"
    for paragraph in document.paragraphs:
        shown = ""
        for element in paragraph._p.iter(qn("w:instrText"), qn("w:fldChar"), qn("w:t")):
            if element.tag == qn("w:instrText") and "TOC" in (element.text or ""):
                instructions.append(element.text)
                state = "code"
            elif element.tag == qn("w:fldChar"):
                kind = element.get(qn("w:fldCharType"))
                if state == "code" and kind == "separate":
                    state = "result"
                elif state == "result" and kind == "end":
                    state = "after"
            elif element.tag == qn("w:t") and state == "result":
                shown += element.text or ""
        if shown:
            lines.append(shown)
    return instructions, lines


# Structure: styles, headings, contents


def test_headings_use_words_built_in_title_and_heading_styles(word_pack: WordPack) -> None:
    pack, style, document = word_pack.pack, word_pack.style, word_pack.document
    texts = _texts_by_style(document)
    assert texts["Title"] == [TITLE]
    assert texts["TOC Heading"] == ["Contents"]
    assert texts["Heading 1"] == level_one_headings(pack, style)
    assert texts["Heading 2"] == level_two_headings(pack, style)
    assert any(h.startswith("Wider context: ") for h in texts["Heading 2"])
    assert texts["Heading 3"] == [cited.item.title for cited in cited_items(pack)]
    # Built-in styles with outline levels are what the navigation pane and screen readers use.
    for level in (1, 2, 3):
        heading = document.styles[f"Heading {level}"]
        assert heading.builtin
        assert _outline_level(heading) == level - 1
    assert document.styles["Title"].builtin


def test_the_contents_is_a_toc_field_showing_the_section_headings(word_pack: WordPack) -> None:
    instructions, shown = _toc_result(word_pack.document)
    assert len(instructions) == 1
    assert "\\h" in instructions[0]  # the entries are links
    assert shown == level_one_headings(word_pack.pack, word_pack.style)
    update = word_pack.document.settings.element.find(qn("w:updateFields"))
    assert update is not None
    assert update.get(qn("w:val")) == "true"


def test_a_pack_without_contents_has_no_toc_field(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(
        catalogue, standard_style, themes=("transport",), sections=("cover", "evidence", "sources")
    )
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert _toc_result(document) == ([], [])
    assert "Contents" not in _texts_by_style(document)["TOC Heading"]


# Content: every item, fact and source


def test_every_item_of_the_pack_is_in_the_word_pack(word_pack: WordPack) -> None:
    pack, document = word_pack.pack, word_pack.document
    paragraphs = [p.text for p in document.paragraphs]
    for cited in cited_items(pack):
        item = cited.item
        index = paragraphs.index(item.title)
        assert paragraphs[index + 1].endswith(f"Applies to: {cited.scope}")
        assert paragraphs[index + 2] == f"{item.text} [{cited.reference}]"
        if item.quote:
            assert paragraphs[index + 3] == (
                f"\u201c{item.quote}\u201d \u2014 {item.source.citation}, {item.locator}"
            )
    lines = "\n".join(word_lines(document))
    for reference in pack.references:
        assert reference.source.title in lines
        assert reference.creator in lines


def test_key_facts_table_lists_every_fact_and_repeats_its_header_row(
    word_pack: WordPack,
) -> None:
    pack, document = word_pack.pack, word_pack.document
    assert pack.key_facts
    (facts,) = pack.key_facts
    assert facts.header == ("Measure", "West Midlands", "UK", "Period", "Ref.")
    table = next(
        t for t in document.tables if tuple(c.text for c in t.rows[0].cells) == facts.header
    )
    assert [tuple(c.text for c in row.cells) for row in table.rows[1:]] == list(facts.rows)
    assert _repeats_as_header(table.rows[0])
    assert not any(_repeats_as_header(row) for row in table.rows[1:])
    paragraphs = [p.text for p in document.paragraphs]
    for note in facts.notes:
        assert note in paragraphs


def test_sources_link_their_titles_and_web_addresses_to_their_urls(word_pack: WordPack) -> None:
    pack, document = word_pack.pack, word_pack.document
    relationships = document.part.rels
    link_style = document.styles["Hyperlink"].style_id
    links: list[tuple[str, str]] = []
    for link in document.element.body.iter(qn("w:hyperlink")):
        relationship = relationships[link.get(qn("r:id"))]
        assert relationship.is_external
        assert relationship.reltype == RELATIONSHIP_TYPE.HYPERLINK
        for run in link.iter(qn("w:r")):
            assert run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}").get(qn("w:val")) == link_style
        links.append((relationship.target_ref, "".join(t.text or "" for t in link.iter(qn("w:t")))))
    with_url = [r.source for r in pack.references if r.source.url]
    assert with_url
    # The title, then after "Available at:" the address itself, as in the PDF pack.
    assert links == [(s.url, text) for s in with_url for text in (s.title, s.url)]
    paragraphs = [p for p in document.paragraphs if p.text.startswith("[")]
    assert all("Available at: http" in p.text for p in paragraphs if NO_PUBLIC_COPY not in p.text)


# Header, footer and marking


@pytest.mark.parametrize("marking", ["OFFICIAL", "OFFICIAL-SENSITIVE"])
def test_the_marking_is_in_capitals_in_every_header_and_footer(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path, marking: str
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("transport",), marking=marking)
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert document.sections
    for section in document.sections:
        header = [p.text for p in section.header.paragraphs]
        footer = [p.text for p in section.footer.paragraphs]
        assert marking in header
        assert marking in footer
        assert marking.isupper()
        # One header and footer for all pages: the cover carries the marking too.
        assert not section.different_first_page_header_footer
    assert not document.settings.odd_and_even_pages_header_footer


def test_no_marking_leaves_headers_and_footers_unmarked(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("transport",), marking="none")
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    for section in document.sections:
        assert all(p.text == "" for p in section.header.paragraphs)
        footer = " ".join(p.text for p in section.footer.paragraphs)
        assert "OFFICIAL" not in footer
        assert footer.startswith("Page ")


def test_the_footer_numbers_pages_with_page_and_numpages_fields(word_pack: WordPack) -> None:
    for section in word_pack.document.sections:
        footer = section.footer._element
        codes = [e.text.strip() for e in footer.iter(qn("w:instrText"))]
        assert codes == ["PAGE", "NUMPAGES"]
        kinds = [e.get(qn("w:fldCharType")) for e in footer.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"] * 2
        assert section.footer.paragraphs[0].text.startswith("Page 1 of 1")
        assert "22 November 2026" in section.footer.paragraphs[0].text


# Properties and language


def test_core_properties_describe_the_pack(word_pack: WordPack) -> None:
    properties = word_pack.document.core_properties
    assert properties.title == TITLE
    assert properties.author == AUTHOR
    assert properties.subject == "Briefing on West Midlands: all themes"
    assert properties.keywords == "briefing; West Midlands"
    assert properties.language == "en-GB"


def test_the_department_is_the_author_when_no_author_is_named(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), author="")
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert document.core_properties.author == DEPARTMENT
    assert document.core_properties.subject == "Briefing on West Midlands: Skills and education"
    assert document.core_properties.keywords == "briefing; West Midlands; Skills and education"


def test_the_styles_are_in_british_english(word_pack: WordPack) -> None:
    document = word_pack.document
    defaults = document.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"
    used = {p.style.name for p in document.paragraphs}
    assert {"Normal", "Title", "TOC Heading", "Heading 1", "Heading 3", "Quote"} <= used
    for name in used:
        style = document.styles[name]
        assert style.type == WD_STYLE_TYPE.PARAGRAPH
        assert style.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "en-GB", name


def test_the_spec_is_recoverable_from_the_custom_properties(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    # A long purpose makes the JSON span several properties; the markup, quotes and control
    # character must survive being cut into chunks.
    purpose = "Ŵ & <b>\u201cquoted\u201d</b> \x07 " * 30
    pack = make_pack(
        catalogue, standard_style, themes=("skills",), purpose=purpose, excluded=("x", "y")
    )
    path = write_docx(pack, standard_style, tmp_path / "pack.docx")
    properties = custom_properties(path)
    assert int(properties["BriefingBuilderSpec.parts"]) >= 3
    chunks = [v for k, v in properties.items() if k != "BriefingBuilderSpec.parts"]
    assert all(len(chunk) <= 255 for chunk in chunks)  # Word's limit for a text property
    assert spec_in_docx(path) == pack.spec


_SHAREPOINT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="ContentTypeId">'
    "<vt:lpwstr>0x0101009F1A2B</vt:lpwstr></property>"
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="_dlc_DocIdItemGuid">'
    "<vt:lpwstr>6a1c8f2e-0000-4b1b-9d2e-1f2a3b4c5d6e</vt:lpwstr></property>"
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="7" name="Retention">'
    "<vt:i4>7</vt:i4></property></Properties>"
)
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def _with_custom_properties(reference: Path, properties: str, partname: str) -> None:
    """Adds a custom.xml to a saved .docx the way SharePoint does: the part, its content type
    and the package's relationship to it."""
    with zipfile.ZipFile(reference) as package:
        entries = {info.filename: package.read(info) for info in package.infolist()}
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/{partname}" ContentType="{_CUSTOM_TYPE}"/></Types>'.encode(),
    )
    entries["_rels/.rels"] = entries["_rels/.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSharePoint" Type="{RELATIONSHIP_TYPE.CUSTOM_PROPERTIES}" '
        f'Target="{partname}"/></Relationships>'.encode(),
    )
    entries[partname] = properties.encode()
    with zipfile.ZipFile(reference, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in entries.items():
            package.writestr(name, content)


def _reference_style(folder: Path, properties: str, partname: str) -> HouseStyle:
    folder.mkdir()
    docx.Document().save(str(folder / "reference.docx"))
    _with_custom_properties(folder / "reference.docx", properties, partname)
    (folder / "template.toml").write_text('[word]\nreference = "reference.docx"\n', "utf-8")
    return read_style(folder)


def _property_elements(path: Path) -> list[ET.Element]:
    with zipfile.ZipFile(path) as package:
        root = ET.fromstring(package.read("docProps/custom.xml"))
    return list(root)


@pytest.mark.parametrize("partname", ["docProps/custom.xml", "docProps/custom2.xml"])
def test_a_reference_documents_own_custom_properties_are_merged_with_ours(
    catalogue: Catalogue, tmp_path: Path, partname: str
) -> None:
    style = _reference_style(tmp_path / "sharepoint", _SHAREPOINT, partname)
    pack = make_pack(catalogue, style, themes=("skills",))
    path = write_docx(pack, style, tmp_path / "pack.docx")
    with zipfile.ZipFile(path) as package:
        names = package.namelist()
        types = package.read("[Content_Types].xml").decode()
        rels = package.read("_rels/.rels").decode()
    assert names.count("docProps/custom.xml") == 1
    assert not any(n.startswith("docProps/custom") and n != "docProps/custom.xml" for n in names)
    assert types.count(_CUSTOM_TYPE) == 1
    assert rels.count(RELATIONSHIP_TYPE.CUSTOM_PROPERTIES) == 1
    properties = custom_properties(path)
    assert properties["ContentTypeId"] == "0x0101009F1A2B"
    assert properties["_dlc_DocIdItemGuid"] == "6a1c8f2e-0000-4b1b-9d2e-1f2a3b4c5d6e"
    assert properties["Retention"] == "7"
    pids = [element.get("pid") for element in _property_elements(path)]
    assert len(pids) == len(set(pids)) == len(properties)
    assert all(int(pid) >= 2 for pid in pids)
    assert read_pack_spec(path) == pack.spec
    assert read_docx(path).core_properties.title == pack.title  # still opens


def test_a_reference_made_from_an_earlier_pack_carries_only_the_new_packs_choices(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    earlier = make_pack(catalogue, standard_style, themes=("skills",), title="Earlier pack")
    folder = tmp_path / "from-a-pack"
    folder.mkdir()
    write_docx(earlier, standard_style, folder / "reference.docx")
    (folder / "template.toml").write_text('[word]\nreference = "reference.docx"\n', "utf-8")
    style = read_style(folder)
    pack = make_pack(catalogue, style, themes=("transport",), title="Later pack")
    path = write_docx(pack, style, tmp_path / "pack.docx")
    assert read_pack_spec(path) == pack.spec
    names = [element.get("name") for element in _property_elements(path)]
    assert len(names) == len(set(names))


def test_a_pack_on_every_theme_is_written(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    every_theme = tuple(theme.id for theme in catalogue.themes)
    pack = make_pack(catalogue, standard_style, themes=every_theme)
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert _texts_by_style(document)["Title"] == [TITLE]
    assert document.core_properties.subject.startswith("Briefing on West Midlands: ")


def test_a_long_title_is_written_in_full(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    title = "Growth, skills and transport in the West Midlands combined authority area " * 4
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=title)
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert _texts_by_style(document)["Title"] == [title]


# Untrusted text


def test_markup_in_title_and_purpose_prints_literally(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=MARKUP, purpose=MARKUP)
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert _title_and_purpose(document) == (MARKUP, MARKUP)
    assert document.core_properties.title == MARKUP
    # The one picture is the locator map: the markup's <img> loaded nothing.
    assert [s._inline.docPr.get("descr") for s in document.inline_shapes] == [
        "Map of the United Kingdom's regions with West Midlands shaded."
    ]
    assert (
        len([r for r in document.part.rels.values() if r.reltype == RELATIONSHIP_TYPE.IMAGE]) == 1
    )


def test_control_characters_are_removed_from_title_and_purpose(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    title = "Bus\x00 fares\x07 in\x1b Walsall"
    purpose = "Why\x0b it\x0c matters\x1f"
    pack = make_pack(catalogue, standard_style, themes=("skills",), title=title, purpose=purpose)
    path = write_docx(pack, standard_style, tmp_path / "pack.docx")
    document = read_docx(path)
    assert _title_and_purpose(document) == ("Bus fares in Walsall", "Why it matters")
    assert document.core_properties.title == "Bus fares in Walsall"
    # The spec keeps what the user typed; JSON escapes the control characters.
    assert spec_in_docx(path).title == title


def test_a_lone_surrogate_in_the_title_is_removed(
    catalogue: Catalogue, standard_style: HouseStyle, tmp_path: Path
) -> None:
    # What Python makes of a command-line argument that is not valid UTF-8.
    pack = make_pack(catalogue, standard_style, themes=("skills",), title="Report \udcff")
    document = write_word_pack(pack, standard_style, tmp_path / "pack.docx").document
    assert _title_and_purpose(document)[0] == "Report \ufffd"


TEXT = st.text(max_size=60)


@settings(max_examples=30, deadline=None)
@given(title=TEXT, purpose=TEXT)
def test_any_title_and_purpose_read_back(
    catalogue: Catalogue, standard_style: HouseStyle, title: str, purpose: str
) -> None:
    pack = _preview(
        catalogue, standard_style, themes=("digital-infrastructure",), title=title, purpose=purpose
    )
    with tempfile.TemporaryDirectory() as folder:
        path = write_docx(pack, standard_style, Path(folder) / "pack.docx")
        document = read_docx(path)
        spec = spec_in_docx(path)
    paragraphs = [p.text for p in document.paragraphs]
    index = next(n for n, p in enumerate(document.paragraphs) if p.style.name == "Title")
    assert paragraphs[index] == as_word_reads(clean(title))
    assert paragraphs[index + 1] == "Purpose"
    # The purpose is Markdown: what prints is its text, paragraph by paragraph.
    expected = [as_word_reads(clean(line)) for line in _purpose_lines(pack)] or [NO_PURPOSE_YET]
    shown = paragraphs[index + 2 : index + 2 + len(expected)]
    assert shown == expected
    assert paragraphs[index + 2 + len(expected)].startswith("Date: ")
    assert "".join(document.core_properties.title.split()) == "".join(clean(title).split())
    assert spec == pack.spec


@settings(max_examples=30, deadline=None)
@given(title=TEXT, text=TEXT)
def test_any_item_title_and_text_read_back(
    small_pack: Pack, standard_style: HouseStyle, title: str, text: str
) -> None:
    pack = with_item_text(small_pack, title, text)
    finding = pack.evidence[0].findings[0]
    with tempfile.TemporaryDirectory() as folder:
        document = write_word_pack(pack, standard_style, Path(folder) / "pack.docx").document
    paragraphs = document.paragraphs
    index = next(n for n, p in enumerate(paragraphs) if p.style.name == "Heading 3")
    assert paragraphs[index].text == as_word_reads(clean(title))
    assert paragraphs[index + 1].text == f"Finding \u00b7 Applies to: {finding.scope}"
    assert paragraphs[index + 2].text == f"{as_word_reads(clean(text))} [{finding.reference}]"


# Writing atomically


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writing_leaves_only_the_pack(
    small_pack: Pack, standard_style: HouseStyle, tmp_path: Path
) -> None:
    assert write_docx(small_pack, standard_style, tmp_path / "pack.docx") == tmp_path / "pack.docx"
    assert _files(tmp_path) == ["pack.docx"]


@pytest.fixture
def earlier(small_pack: Pack, standard_style: HouseStyle, tmp_path: Path) -> tuple[Path, bytes]:
    """A pack written before the failing write, and its bytes."""
    dest = write_docx(small_pack, standard_style, tmp_path / "pack.docx")
    return dest, dest.read_bytes()


def _save_half_then(error: BaseException) -> Callable[[Document, IO[bytes]], None]:
    def save(self: Document, stream: IO[bytes]) -> None:
        stream.write(b"PK\x03\x04 half a file")
        raise error

    return save


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))


@pytest.mark.slow
def test_a_disk_that_takes_no_more_keeps_the_earlier_pack_and_says_why(tmp_path: Path) -> None:
    """A file-size limit stands in for a full disk: the pack fails part way through its zip."""
    dest = tmp_path / "pack.docx"
    dest.write_bytes(b"the earlier pack")
    result = subprocess.run(
        [sys.executable, "-m", "briefing_builder", "build", "--region", "UK",
         "--purpose", "A full disk.", "--output", str(dest), "--force"],
        capture_output=True, text=True, check=False, preexec_fn=_limit_file_size,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        f"briefing-builder: error: cannot write {dest}: "
        "the file is too large for this disk (or for your account's limit)\n"
    )
    assert dest.read_bytes() == b"the earlier pack"
    assert _files(tmp_path) == ["pack.docx"]


def test_a_bug_mid_write_keeps_the_earlier_pack(
    small_pack: Pack,
    standard_style: HouseStyle,
    earlier: tuple[Path, bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dest, before = earlier
    monkeypatch.setattr(Document, "save", _save_half_then(RuntimeError("bug")))
    with pytest.raises(RuntimeError, match="bug"):
        write_docx(small_pack, standard_style, dest)
    assert dest.read_bytes() == before
    assert _files(dest.parent) == ["pack.docx"]
    assert read_docx(dest).paragraphs


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
        write_docx(small_pack, standard_style, dest)
    assert dest.read_bytes() == before
    assert _files(dest.parent) == ["pack.docx"]


def test_a_missing_folder_is_named(
    small_pack: Pack, standard_style: HouseStyle, tmp_path: Path
) -> None:
    missing = tmp_path / "not here"
    with pytest.raises(ExportError, match="does not exist") as raised:
        write_docx(small_pack, standard_style, missing / "pack.docx")
    assert str(missing) in str(raised.value)
    assert not missing.exists()


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root"
)
def test_a_read_only_folder_is_refused_and_the_earlier_pack_kept(
    small_pack: Pack, standard_style: HouseStyle, earlier: tuple[Path, bytes]
) -> None:
    dest, before = earlier
    dest.parent.chmod(0o555)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write_docx(small_pack, standard_style, dest)
    finally:
        dest.parent.chmod(0o755)
    assert dest.read_bytes() == before
    assert _files(dest.parent) == ["pack.docx"]


def test_caveats_changes_and_the_evidence_date_are_in_the_word_pack(word_pack: WordPack) -> None:
    pack, document = word_pack.pack, word_pack.document
    paragraphs = [p.text for p in document.paragraphs]
    cited = cited_items(pack)
    caveated = [c for c in cited if c.item.caveat]
    changed = [c for c in cited if c.changes]
    assert caveated
    assert changed
    for c in caveated:
        assert f"Caveat: {c.item.caveat}" in paragraphs
    for c in changed:
        for change in c.changes:
            assert f"Since publication: {change.text} [{change.reference}]" in paragraphs
    assert f"Evidence as at: {pack.evidence_as_at}" in paragraphs
    lines = "\n".join(word_lines(document))
    for reference in pack.references:
        assert f"[{reference.number}]\t{reference.source.citation} " in lines
