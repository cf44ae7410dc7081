"""House styles: a template folder's `template.toml` read into a HouseStyle both writers use."""

import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from briefing_builder.errors import TemplateError
from briefing_builder.pack import SECTIONS
from briefing_builder.resources import templates_dir, user_templates_dir

MIN_BODY_SIZE = 12.0
"""GOV.UK accessibility guidance asks for body text of at least 12 point."""

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}

DEFAULT_HEADINGS = {
    "contents": "Contents",
    "key-messages": "Key messages",
    "key-facts": "Key facts",
    "evidence": "Evidence",
    "sources": "Sources",
    "about": "About this pack",
    "findings": "Findings",
    "recommendations": "Recommendations",
}


@dataclass(frozen=True, slots=True)
class Colours:
    """Colours as #rrggbb strings."""

    text: str
    heading: str
    accent: str
    table_header_text: str
    marking: str


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """Page, fonts, colours, spacing, sections and headings of one template."""

    name: str
    title: str
    description: str
    folder: Path
    page_size: str
    margins_mm: tuple[float, float, float, float]
    body_size: float
    title_size: float
    heading_sizes: tuple[float, float, float]
    word_font: str
    colours: Colours
    paragraph_after: float
    line_spacing: float
    sections: tuple[str, ...]
    new_page_after: tuple[str, ...]
    headings: dict[str, str]
    reference_docx: Path | None
    logo: Path | None
    logo_alt: str
    locator_map: bool

    @property
    def page_mm(self) -> tuple[float, float]:
        """The page's width and height in millimetres."""
        return PAGE_SIZES_MM[self.page_size]

    def heading(self, key: str) -> str:
        """The heading this style gives a section or a part of one."""
        return self.headings.get(key, DEFAULT_HEADINGS.get(key, key))


def available_styles() -> dict[str, Path]:
    """Every house style by name: the bundled ones, then the user's, which override them."""
    found: dict[str, Path] = {}
    for root in (templates_dir(), user_templates_dir()):
        if root.is_dir():
            for toml in sorted(root.glob("*/template.toml")):
                found[toml.parent.name] = toml.parent
    return dict(sorted(found.items()))


def load_style(name: str) -> HouseStyle:
    """The named house style; raises TemplateError if it is missing or malformed."""
    styles = available_styles()
    if name not in styles:
        raise TemplateError(f"no house style called {name!r}; choose from {', '.join(styles)}")
    return read_style(styles[name])


def read_style(folder: Path) -> HouseStyle:
    """Reads the template in a folder, checking every value a writer relies on."""
    path = folder / "template.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TemplateError(f"{path}: cannot be read ({error.strerror or error})") from None
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{path}: bad TOML: {error}") from None
    get = _Reader(path, data)
    body = get.number("fonts.body_size", 12)
    if body < MIN_BODY_SIZE:
        raise TemplateError(f"{path}: fonts.body_size is {body}; body text must be at least 12 pt")
    sizes = get.numbers("fonts.heading_sizes", [18, 15, 13], count=3)
    order = get.strings("sections.order", list(SECTIONS))
    unknown = [s for s in order if s not in SECTIONS]
    if unknown:
        raise TemplateError(f"{path}: sections.order: unknown section(s) {', '.join(unknown)}")
    page_size = get.text("page.size", "A4")
    if page_size not in PAGE_SIZES_MM:
        raise TemplateError(
            f"{path}: page.size: {page_size!r} is not one of {', '.join(PAGE_SIZES_MM)}"
        )
    margins = get.numbers("page.margins_mm", [20, 20, 20, 20], count=4)
    reference = get.optional_file(folder, "word.reference")
    if reference and not _is_word_document(reference):
        raise TemplateError(f"{path}: word.reference: {reference} is not a Word document (.docx)")
    logo = get.optional_file(folder, "logo.file")
    if logo and not _is_picture(logo):
        raise TemplateError(
            f"{path}: logo.file: {logo} is not a picture the packs can use (PNG or JPEG)"
        )
    return HouseStyle(
        name=folder.name,
        title=get.text("name", folder.name),
        description=get.text("description", ""),
        folder=folder,
        page_size=page_size,
        margins_mm=(margins[0], margins[1], margins[2], margins[3]),
        body_size=body,
        title_size=get.number("fonts.title_size", 26),
        heading_sizes=(sizes[0], sizes[1], sizes[2]),
        word_font=get.text("fonts.word", "Arial"),
        colours=Colours(
            text=get.colour("colours.text", "#0b0c0c"),
            heading=get.colour("colours.heading", "#0b0c0c"),
            accent=get.colour("colours.accent", "#1d70b8"),
            table_header_text=get.colour("colours.table_header_text", "#ffffff"),
            marking=get.colour("colours.marking", "#0b0c0c"),
        ),
        paragraph_after=get.number("spacing.paragraph_after", 6),
        line_spacing=get.number("spacing.line_spacing", 1.25),
        sections=tuple(order),
        new_page_after=tuple(get.strings("sections.new_page_after", [])),
        headings={**DEFAULT_HEADINGS, **get.table("headings")},
        reference_docx=reference,
        logo=logo,
        logo_alt=get.text("logo.alt", "Logo"),
        locator_map=get.flag("map.locator", True),
    )


def _is_word_document(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as package:
            return "word/document.xml" in package.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _is_picture(path: Path) -> bool:
    try:
        with Image.open(path) as picture:
            return picture.format in ("PNG", "JPEG")
    except (UnidentifiedImageError, OSError):
        return False


class _Reader:
    """Reads dotted keys from a template's TOML, with defaults and messages that name the key."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    def _value(self, key: str, default: Any) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def _fail(self, key: str, expected: str) -> TemplateError:
        return TemplateError(f"{self.path}: {key}: expected {expected}")

    def text(self, key: str, default: str) -> str:
        value = self._value(key, default)
        if not isinstance(value, str):
            raise self._fail(key, "a string")
        return value

    def number(self, key: str, default: float) -> float:
        value = self._value(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self._fail(key, "a positive number")
        return float(value)

    def numbers(self, key: str, default: list[float], *, count: int) -> list[float]:
        value = self._value(key, default)
        if (
            not isinstance(value, list)
            or len(value) != count
            or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in value
            )
        ):
            raise self._fail(key, f"a list of {count} numbers")
        return [float(v) for v in value]

    def strings(self, key: str, default: list[str]) -> list[str]:
        value = self._value(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of strings")
        return value

    def colour(self, key: str, default: str) -> str:
        value = self.text(key, default)
        if (
            len(value) != 7
            or not value.startswith("#")
            or not all(c in "0123456789abcdefABCDEF" for c in value[1:])
        ):
            raise self._fail(key, "a colour like #1d70b8")
        return value.lower()

    def flag(self, key: str, default: bool) -> bool:
        value = self._value(key, default)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def table(self, key: str) -> dict[str, str]:
        value = self._value(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self._fail(key, "a table of strings")
        return value

    def optional_file(self, folder: Path, key: str) -> Path | None:
        value = self._value(key, None)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._fail(key, "a file name")
        path = folder / value
        if not path.is_file():
            raise TemplateError(f"{self.path}: {key}: the file {path} does not exist")
        return path
