"""House styles: a template folder's `template.toml` read into a HouseStyle both writers use.

Everything is checked when the style is read, never when a pack is written: every number is
finite and in a range both writers can lay out, every text is short and free of control
characters, unknown keys are refused (a misspelt key would otherwise be silently ignored), and
the logo and Word reference document are checked through and through (see style_files). A
style that fails is refused with a TemplateError naming the file and the key.
"""

import functools
import math
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefing_builder.errors import TemplateError
from briefing_builder.inputs import MEGABYTE, read_text
from briefing_builder.pack import SECTIONS
from briefing_builder.render.style_files import Logo, read_logo, read_reference
from briefing_builder.resources import templates_dir, user_templates_dir

MAX_TEMPLATE_BYTES = MEGABYTE
MIN_BODY_SIZE = 12.0
"""GOV.UK accessibility guidance asks for body text of at least 12 point."""
MIN_MARGIN_MM = 10.0
MIN_TEXT_WIDTH_MM = 120.0
MIN_TEXT_HEIGHT_MM = 170.0
MM_PER_POINT = 25.4 / 72

PAGE_SIZES_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}

DEFAULT_HEADINGS = {
    "purpose": "Purpose",
    "contents": "Contents",
    "key-messages": "Key messages",
    "points": "Points to make",
    "key-facts": "Key facts",
    "background": "Background",
    "evidence": "Evidence",
    "handling": "Handling",
    "contact": "Contact",
    "cleared-by": "Cleared by",
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
    """Page, fonts, colours, spacing, sections and headings of one template.

    `reference_docx` and `logo` say which files the style names; `reference_package` and
    `logo_picture` hold their checked contents, which are what the writers use.
    """

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
    contents_min_items: int = 0
    """The contents are printed only in a pack of at least this many items (0: always)."""
    numbered_paragraphs: bool = False
    """Body paragraphs numbered 1, 2, 3 through the pack, as many departments require."""
    max_items: int = 0
    """At most this many findings and recommendations (0: no limit), for a style that fits a
    page; build_pack leaves out the lower-priority ones and says so in the annex."""
    quotes: bool = True
    """Whether items keep their quotes; a style that fits a page may leave them out."""
    reference_package: bytes | None = None
    logo_picture: Logo | None = None

    @property
    def page_mm(self) -> tuple[float, float]:
        """The page's width and height in millimetres."""
        return PAGE_SIZES_MM[self.page_size]

    def heading(self, key: str) -> str:
        """The heading this style gives a section or a part of one."""
        return self.headings.get(key, DEFAULT_HEADINGS.get(key, key))


@dataclass(frozen=True, slots=True)
class StyleEntry:
    """One house style as the lists show it: the style, or why it cannot be used."""

    name: str
    folder: Path
    style: HouseStyle | None
    error: str | None


def available_styles() -> dict[str, Path]:
    """Every house style by name: the bundled ones, then the user's, which override them."""
    found: dict[str, Path] = {}
    for root in (templates_dir(), user_templates_dir()):
        if root.is_dir():
            for toml in sorted(root.glob("*/template.toml")):
                found[toml.parent.name] = toml.parent
    return dict(sorted(found.items()))


def style_entries() -> list[StyleEntry]:
    """Every house style by name, each read and checked: one that cannot be used carries its
    reason, and the others are still listed."""
    entries = []
    for name, folder in available_styles().items():
        try:
            entries.append(StyleEntry(name, folder, read_style(folder), None))
        except TemplateError as error:
            entries.append(StyleEntry(name, folder, None, str(error)))
    return entries


def load_style(name: str) -> HouseStyle:
    """The named house style; raises TemplateError if it is missing or malformed."""
    styles = available_styles()
    if name not in styles:
        raise TemplateError(f"no house style called {name!r}; choose from {', '.join(styles)}")
    return read_style(styles[name])


def read_style(folder: Path) -> HouseStyle:
    """Reads the template in a folder, checking every value a writer relies on."""
    path = folder / "template.toml"
    text = read_text(path, TemplateError, limit=MAX_TEMPLATE_BYTES)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise TemplateError(f"{path}: bad TOML: {error}") from None
    except ValueError:  # an integer of thousands of digits
        raise TemplateError(f"{path}: bad TOML: a number is too long to read") from None
    except RecursionError:
        raise TemplateError(f"{path}: bad TOML: arrays or tables nested too deeply") from None
    get = _Reader(path, data)
    style = _style(folder, get)
    get.refuse_unknown()
    return style


def _style(folder: Path, get: "_Reader") -> HouseStyle:
    page_size = get.choice("page.size", "A4", PAGE_SIZES_MM)
    body = get.number("fonts.body_size", 12, MIN_BODY_SIZE, 20, "body text must be at least 12 pt")
    margins = get.numbers("page.margins_mm", [20, 20, 20, 20], 4, MIN_MARGIN_MM, 100)
    get.check_page(page_size, margins, body)
    sizes = get.numbers("fonts.heading_sizes", [18, 15, 13], 3, 10, 36)
    order = get.sections("sections.order", list(SECTIONS), empty=False)
    reference = get.optional_file(folder, "word.reference")
    logo = get.optional_file(folder, "logo.file")
    return HouseStyle(
        name=folder.name,
        title=get.text("name", folder.name, 100),
        description=get.text("description", "", 500, empty=True),
        folder=folder,
        page_size=page_size,
        margins_mm=(margins[0], margins[1], margins[2], margins[3]),
        body_size=body,
        title_size=get.number("fonts.title_size", 26, 12, 48),
        heading_sizes=(sizes[0], sizes[1], sizes[2]),
        # Word keeps font names of up to 31 characters.
        word_font=get.text("fonts.word", "Arial", 31),
        colours=Colours(
            text=get.colour("colours.text", "#0b0c0c"),
            heading=get.colour("colours.heading", "#0b0c0c"),
            accent=get.colour("colours.accent", "#1d70b8"),
            table_header_text=get.colour("colours.table_header_text", "#ffffff"),
            marking=get.colour("colours.marking", "#0b0c0c"),
        ),
        paragraph_after=get.number("spacing.paragraph_after", 6, 0, 36),
        line_spacing=get.number("spacing.line_spacing", 1.25, 1, 2),
        sections=tuple(order),
        new_page_after=tuple(get.sections("sections.new_page_after", [], empty=True)),
        headings={**DEFAULT_HEADINGS, **get.headings("headings")},
        reference_docx=reference,
        logo=logo,
        logo_alt=get.text("logo.alt", "Logo", 250),
        locator_map=get.flag("map.locator", True),
        contents_min_items=int(get.number("contents.min_items", 0, 0, 10_000)),
        numbered_paragraphs=get.flag("paragraphs.numbered", False),
        max_items=int(get.number("fit.max_items", 0, 0, 10_000)),
        quotes=get.flag("fit.quotes", True),
        reference_package=read_reference(reference, get.where("word.reference"))
        if reference
        else None,
        logo_picture=read_logo(logo, get.where("logo.file")) if logo else None,
    )


class _Reader:
    """Reads dotted keys from a template's TOML, with defaults and messages that name the key.

    It remembers the keys it was asked for, so the ones it never was can be refused as unknown.
    """

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data
        self.known: set[str] = set()

    def where(self, key: str) -> str:
        """The file and key, as a message starts."""
        return f"{self.path}: {key}"

    def _value(self, key: str, default: Any) -> Any:
        self.known.add(key)
        node: Any = self.data
        parts = key.split(".")
        for n, part in enumerate(parts):
            if not isinstance(node, dict):
                raise self._fail(".".join(parts[:n]), "a table")
            if part not in node:
                return default
            node = node[part]
        return node

    def _fail(self, key: str, expected: str) -> TemplateError:
        return TemplateError(f"{self.path}: {key}: expected {expected}")

    def refuse_unknown(self) -> None:
        """TemplateError naming every key in the file that no one asked for."""
        unknown: list[str] = []
        pending = [("", self.data)]
        while pending:
            prefix, table = pending.pop()
            for name, value in table.items():
                key = f"{prefix}{name}"
                if key in self.known:
                    continue
                if isinstance(value, dict) and any(k.startswith(f"{key}.") for k in self.known):
                    pending.append((f"{key}.", value))
                else:
                    unknown.append(key)
        if unknown:
            shown = ", ".join(_shown(k) for k in sorted(unknown)[:5])
            raise TemplateError(
                f"{self.path}: unknown key(s) {shown}; see the template format in the docs"
            )

    def text(self, key: str, default: str, longest: int, *, empty: bool = False) -> str:
        value = self._value(key, default)
        if not isinstance(value, str):
            raise self._fail(key, "a string")
        return _checked_text(value, longest, empty, lambda why: self._fail(key, why))

    def choice(self, key: str, default: str, choices: dict[str, Any]) -> str:
        value = self.text(key, default, 100)
        if value not in choices:
            raise TemplateError(
                f"{self.path}: {key}: {_shown(value)} is not one of {', '.join(choices)}"
            )
        return value

    def number(self, key: str, default: float, low: float, high: float, reason: str = "") -> float:
        return self._in_range(key, self._value(key, default), low, high, reason)

    def _in_range(self, key: str, value: Any, low: float, high: float, reason: str = "") -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, f"a number from {low:g} to {high:g}")
        # Compared before float(), which overflows for a huge integer; NaN fails both tests.
        if not low <= value <= high:
            because = f" ({reason})" if reason else ""
            raise TemplateError(
                f"{self.path}: {key} is {_shown(value)}; expected a number from {low:g} to "
                f"{high:g}{because}"
            )
        return float(value)

    def numbers(
        self, key: str, default: list[float], count: int, low: float, high: float
    ) -> list[float]:
        value = self._value(key, default)
        if not isinstance(value, list) or len(value) != count:
            raise self._fail(key, f"a list of {count} numbers from {low:g} to {high:g}")
        return [self._in_range(key, v, low, high) for v in value]

    def check_page(self, page_size: str, margins: list[float], body: float) -> None:
        """The margins leave room for the text, and for the marking and page number in the
        top and bottom margins, which are set in the body size."""
        key = "page.margins_mm"
        top, right, bottom, left = margins
        width, height = PAGE_SIZES_MM[page_size]
        if width - left - right < MIN_TEXT_WIDTH_MM:
            raise TemplateError(
                f"{self.path}: {key}: the left and right margins leave "
                f"{width - left - right:g} mm of the {page_size} page's {width:g} mm for text; "
                f"at least {MIN_TEXT_WIDTH_MM:g} mm is needed"
            )
        if height - top - bottom < MIN_TEXT_HEIGHT_MM:
            raise TemplateError(
                f"{self.path}: {key}: the top and bottom margins leave "
                f"{height - top - bottom:g} mm of the {page_size} page's {height:g} mm for text; "
                f"at least {MIN_TEXT_HEIGHT_MM:g} mm is needed"
            )
        needed = math.ceil(body * 2.5 * MM_PER_POINT)
        if min(top, bottom) < needed:
            raise TemplateError(
                f"{self.path}: {key}: the top and bottom margins must be at least {needed} mm "
                f"to hold the marking and page number in {body:g} pt text (fonts.body_size)"
            )

    def sections(self, key: str, default: list[str], *, empty: bool) -> list[str]:
        value = self._value(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of section names")
        unknown = [_shown(s) for s in value if s not in SECTIONS]
        if unknown:
            raise TemplateError(
                f"{self.path}: {key}: unknown section(s) {', '.join(unknown)}; "
                f"choose from {', '.join(SECTIONS)}"
            )
        if len(set(value)) != len(value):
            raise TemplateError(f"{self.path}: {key}: a section is named twice")
        if not value and not empty:
            raise self._fail(key, "at least one section")
        return value

    def colour(self, key: str, default: str) -> str:
        value = self._value(key, default)
        if (
            not isinstance(value, str)
            or len(value) != 7
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

    def headings(self, key: str) -> dict[str, str]:
        value = self._value(key, {})
        if not isinstance(value, dict):
            raise self._fail(key, "a table of headings")
        for name, text in value.items():
            if name not in DEFAULT_HEADINGS:
                raise TemplateError(
                    f"{self.path}: {key}.{_shown(name)}: not a heading the packs have; "
                    f"choose from {', '.join(DEFAULT_HEADINGS)}"
                )
            if not isinstance(text, str):
                raise self._fail(f"{key}.{name}", "a string")
            _checked_text(text, 100, False, functools.partial(self._fail, f"{key}.{name}"))
        return value

    def optional_file(self, folder: Path, key: str) -> Path | None:
        value = self._value(key, None)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._fail(key, "a file name")
        _checked_text(value, 255, False, lambda why: self._fail(key, f"a file name, {why}"))
        path = folder / value
        # Only the style's own files: never a path out of its folder, nor a link out of it.
        if not path.resolve().is_relative_to(folder.resolve()):
            raise self._fail(key, "the name of a file in the house style's own folder")
        return path


def _checked_text(
    value: str, longest: int, empty: bool, fail: Callable[[str], TemplateError]
) -> str:
    """The text, if it has no control characters and is no longer than `longest`; otherwise
    the error `fail` makes of what was expected."""
    if len(value) > longest or (not value and not empty):
        least = 0 if empty else 1
        raise fail(f"text of {least} to {longest} characters, not {len(value)}")
    for character in value:
        if unicodedata.category(character) in ("Cc", "Cs") or character in "\ufffe\uffff":
            raise fail(f"text without control characters (found U+{ord(character):04X})")
    return value


def _shown(value: object) -> str:
    """A value for a message: repr, cut short so a huge value cannot flood it."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
