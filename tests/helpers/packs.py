"""Packs built from the bundled dataset, written by both writers and read back for the tests.

Test modules load the fixtures here with `pytest_plugins = ["tests.helpers.packs"]`; the plain
functions read a written pack back the way a user's software would (python-docx, pypdf).
The test modules import this module before pytest loads it as a plugin, so pytest is told not to
rewrite its asserts (PYTEST_DONT_REWRITE), which would only warn that it comes too late.
"""

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document
from pypdf import PdfReader

from briefing_builder.catalogue import Catalogue
from briefing_builder.pack import (
    Pack,
    PackItem,
    PackSpec,
)
from briefing_builder.render import HouseStyle, load_style
from briefing_builder.render.docx_writer import write_docx
from briefing_builder.render.export import build_in_style
from briefing_builder.render.layout import shows_section
from briefing_builder.render.pdf_writer import write_pdf

WHEN = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)
DATE = "2026-11-22"
TITLE = "Growth in the West Midlands"
PURPOSE = "Background for the minister's visit to Birmingham."
AUTHOR = "Priya Shah"
DEPARTMENT = "Ministry of Housing, Communities and Local Government"
ENGLISH_REGIONS = (
    "north-east",
    "north-west",
    "yorkshire-and-the-humber",
    "east-midlands",
    "west-midlands",
    "east-of-england",
    "london",
    "south-east",
    "south-west",
)

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "west-midlands-green"
"""The sections of the example brief on the West Midlands and the green transition."""

_CUSTOM_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def example_sections() -> dict[str, str]:
    """The example brief's Markdown, by spec field: purpose, summary, points, background,
    handling."""
    names = ("purpose", "summary", "points", "background", "handling")
    return {name: (EXAMPLE / f"{name}.md").read_text(encoding="utf-8") for name in names}


def make_pack(catalogue: Catalogue, style: HouseStyle, **choices: Any) -> Pack:
    """A West Midlands pack as the house style has it (its sections, its item limit); keyword
    arguments change the spec."""
    spec = PackSpec(
        **{
            "regions": ("west-midlands",),
            "date": DATE,
            "title": TITLE,
            "purpose": PURPOSE,
            "author": AUTHOR,
            "department": DEPARTMENT,
            "template": style.name,
            "sections": style.sections,
            **choices,
        }
    )
    return build_in_style(spec, catalogue, style, generated_at=WHEN)


def cited_items(pack: Pack) -> list[PackItem]:
    """The findings and recommendations of the evidence sections, in reading order."""
    return [cited for section in pack.evidence for cited in section.items]


def level_one_headings(pack: Pack, style: HouseStyle) -> list[str]:
    """The level-1 headings a reader should see after the contents, in order."""
    headings: list[str] = []
    for section in style.sections:
        if section not in pack.sections or section in ("cover", "contents"):
            continue
        if section == "evidence":
            headings += [group.heading for group in pack.evidence]
        elif shows_section(pack, section):
            headings.append(style.heading(section))
    return headings


def level_two_headings(pack: Pack, style: HouseStyle) -> list[str]:
    """The level-2 headings of the evidence sections, in order: findings, recommendations, and
    the sub-heading over each section's wider items."""
    headings: list[str] = []
    for section in pack.evidence:
        headings += [style.heading("findings")] if section.findings else []
        headings += [style.heading("recommendations")] if section.recommendations else []
        headings += [section.wider_heading] if section.wider else []
    return headings


def with_item_text(pack: Pack, title: str, text: str) -> Pack:
    """The pack with the first finding's title and text replaced."""
    section = next(s for s in pack.evidence if s.findings)
    first = section.findings[0]
    finding = dataclasses.replace(first.item, title=title, text=text)
    changed = dataclasses.replace(
        section, findings=(dataclasses.replace(first, item=finding), *section.findings[1:])
    )
    evidence = tuple(changed if s is section else s for s in pack.evidence)
    return dataclasses.replace(pack, evidence=evidence)


def squeeze(text: str) -> str:
    """The text without any whitespace, to compare text that a PDF may wrap differently."""
    return "".join(text.split())


def as_word_reads(text: str) -> str:
    """Text as python-docx reads it back: a carriage return becomes a line break."""
    return text.replace("\r", "\n")


# Word


def read_docx(path: Path) -> Document:
    """Reopens a Word pack."""
    return docx.Document(str(path))


def word_lines(document: Document) -> list[str]:
    """Every body paragraph's text, then every table cell's, in document order."""
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return lines


def custom_properties(path: Path) -> dict[str, str]:
    """The custom document properties (docProps/custom.xml) by name."""
    with zipfile.ZipFile(path) as package:
        root = ET.fromstring(package.read("docProps/custom.xml"))
    return {
        prop.get("name", ""): "".join(prop.itertext())
        for prop in root.iter(f"{_CUSTOM_NS}property")
    }


def spec_in_docx(path: Path) -> PackSpec:
    """The pack spec stored in a Word pack's custom properties, in numbered chunks."""
    properties = custom_properties(path)
    parts = int(properties["BriefingBuilderSpec.parts"])
    text = "".join(properties[f"BriefingBuilderSpec.{n}"] for n in range(1, parts + 1))
    return PackSpec.from_dict(json.loads(text))


# PDF


def page_texts(reader: PdfReader) -> list[str]:
    """The extracted text of every page."""
    return [page.extract_text() for page in reader.pages]


def outline_entries(reader: PdfReader) -> list[tuple[int, str, int]]:
    """Every bookmark as (level, title, destination page index), level 1 at the top."""
    found: list[tuple[int, str, int]] = []

    def walk(entries: list[Any], level: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, level + 1)
            else:
                page = reader.get_destination_page_number(entry)
                found.append((level, str(entry.title), page if page is not None else -1))

    walk(reader.outline, 1)
    return found


def link_annotations(reader: PdfReader) -> Iterator[tuple[int, Any]]:
    """Every link annotation as (page index, annotation dictionary)."""
    for number, page in enumerate(reader.pages):
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation.get("/Subtype") == "/Link":
                yield number, annotation


def page_fonts(reader: PdfReader) -> dict[str, Any]:
    """Every font resource of every page, by its base font name."""
    fonts: dict[str, Any] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for reference in (resources.get("/Font") or {}).values():
            font = reference.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def spec_in_pdf(reader: PdfReader) -> PackSpec:
    """The pack spec embedded in a PDF pack as the pack-spec.json attachment."""
    (content,) = reader.attachments["pack-spec.json"]
    return PackSpec.from_dict(json.loads(content))


def fill_colours(reader: PdfReader) -> set[tuple[float, float, float]]:
    """Every RGB colour the pages' content streams set for filling or stroking."""
    colours: set[tuple[float, float, float]] = set()
    number = r"(-?[\d.]+)"
    pattern = re.compile(rf"{number}\s+{number}\s+{number}\s+(?:rg|RG)\b")
    for page in reader.pages:
        content = page.get_contents()
        data = content.get_data().decode("latin-1") if content is not None else ""
        colours |= {(float(r), float(g), float(b)) for r, g, b in pattern.findall(data)}
    return colours


# Fixtures: the standard West Midlands pack, written once per run in each format.


@dataclasses.dataclass(frozen=True)
class WordPack:
    """A pack, its house style, and the Word file written from them, reopened."""

    pack: Pack
    style: HouseStyle
    path: Path
    document: Document


@dataclasses.dataclass(frozen=True)
class PdfPack:
    """A pack, its house style, and the PDF written from them, read with pypdf."""

    pack: Pack
    style: HouseStyle
    path: Path
    reader: PdfReader
    pages: list[str]


def write_word_pack(pack: Pack, style: HouseStyle, path: Path) -> WordPack:
    """Writes the Word pack and reopens it."""
    write_docx(pack, style, path)
    return WordPack(pack, style, path, read_docx(path))


def write_pdf_pack(pack: Pack, style: HouseStyle, path: Path) -> PdfPack:
    """Writes the PDF pack and reads it back."""
    write_pdf(pack, style, path)
    reader = PdfReader(path)
    return PdfPack(pack, style, path, reader, page_texts(reader))


@pytest.fixture(scope="session")
def standard_style(tmp_path_factory: pytest.TempPathFactory) -> HouseStyle:
    """The bundled standard house style, never a user's own version of it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_BUILDER_HOME", str(tmp_path_factory.mktemp("home")))
        return load_style("standard")


@pytest.fixture(scope="session")
def standard_pack(catalogue: Catalogue, standard_style: HouseStyle) -> Pack:
    """The full West Midlands pack in the standard style, every theme, every kind."""
    return make_pack(catalogue, standard_style)


@pytest.fixture(scope="session")
def word_pack(
    standard_pack: Pack, standard_style: HouseStyle, tmp_path_factory: pytest.TempPathFactory
) -> WordPack:
    """The standard West Midlands pack written as Word and reopened."""
    folder = tmp_path_factory.mktemp("word")
    return write_word_pack(standard_pack, standard_style, folder / "pack.docx")


@pytest.fixture(scope="session")
def pdf_pack(
    standard_pack: Pack, standard_style: HouseStyle, tmp_path_factory: pytest.TempPathFactory
) -> PdfPack:
    """The standard West Midlands pack written as PDF and read back."""
    folder = tmp_path_factory.mktemp("pdf")
    return write_pdf_pack(standard_pack, standard_style, folder / "pack.pdf")


@pytest.fixture(scope="session")
def small_pack(catalogue: Catalogue, standard_style: HouseStyle) -> Pack:
    """A short standard pack (one theme) with findings about its area, for property tests."""
    pack = make_pack(
        catalogue, standard_style, regions=("midlands",), themes=("digital-infrastructure",)
    )
    assert pack.evidence[0].findings
    return pack


def libreoffice_pdf(word: Path, folder: Path) -> Path:
    """The Word pack as LibreOffice lays it out and prints it to PDF, with a profile of its own
    in `folder`; the test is skipped where LibreOffice is not installed (.ci/run installs it)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    out = folder / "libreoffice"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(word),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{word.stem}.pdf"
