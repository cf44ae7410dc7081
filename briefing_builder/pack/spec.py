"""The pack spec: the user's choices for one pack, and what a preset stores.

A spec is plain data. `to_dict` and `from_dict` turn it into JSON-ready dicts and back; the dict
carries `format_version` so later versions can migrate older specs.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from briefing_builder.errors import SpecError
from briefing_builder.inputs import clean_text
from briefing_builder.pack.authored import (
    AUTHORED,
    AUTHORED_LABELS,
    MAX_AUTHORED_CHARS,
    escape_markdown,
)

SPEC_FORMAT_VERSION = 2
"""2 added the authored sections (summary, points, background, handling, contact, cleared by)
and made the purpose Markdown."""
MARKINGS = ("none", "OFFICIAL", "OFFICIAL-SENSITIVE")
GROUPINGS = ("theme", "region")
SECTIONS = (
    "cover",
    "contents",
    "key-messages",
    "points",
    "key-facts",
    "background",
    "evidence",
    "handling",
    "sources",
    "about",
)
"""Every section a pack can have; a house style chooses which appear and in what order.
"key-messages", "points", "background" and "handling" hold what the official wrote (the
spec's summary, points, background and handling); "evidence" holds the evidence."""
MAX_LINE_CHARS = 500
"""The most a one-line field (contact, cleared by) may hold."""


@dataclass(frozen=True)
class PackSpec:
    """What to put in a pack and how to present it."""

    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    text: str = ""
    include_wider: bool = True
    excluded: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    title: str = "Briefing pack"
    purpose: str = ""
    """What the brief is for, in Markdown, as are summary, points, background and handling."""
    summary: str = ""
    points: str = ""
    background: str = ""
    handling: str = ""
    contact: str = ""
    cleared_by: str = ""
    author: str = ""
    department: str = ""
    date: str = field(default_factory=lambda: dt.date.today().isoformat())
    marking: str = "OFFICIAL"
    template: str = "standard"
    group_by: str = "theme"
    sections: tuple[str, ...] | None = None
    """The sections that are on, or None for all the house style has."""

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            # Text from outside (a shell, a file, a window) is cleaned once, here.
            if isinstance(value, str):
                object.__setattr__(self, name, clean_text(value))
            elif isinstance(value, tuple):
                object.__setattr__(self, name, tuple(clean_text(v) for v in value))
        for name in AUTHORED:
            if len(getattr(self, name)) > MAX_AUTHORED_CHARS:
                raise SpecError(
                    f"{AUTHORED_LABELS[name]} is {len(getattr(self, name)):,} characters long; "
                    f"a section of a brief holds at most {MAX_AUTHORED_CHARS:,}"
                )
        for name, label in (("contact", "Contact"), ("cleared_by", "Cleared by")):
            if len(getattr(self, name)) > MAX_LINE_CHARS:
                raise SpecError(f"{label} is longer than {MAX_LINE_CHARS} characters")
        if self.marking not in MARKINGS:
            raise SpecError(f"marking {self.marking!r} is not one of {', '.join(MARKINGS)}")
        if self.group_by not in GROUPINGS:
            raise SpecError(f"grouping {self.group_by!r} is not one of {', '.join(GROUPINGS)}")
        unknown = [s for s in self.sections or () if s not in SECTIONS]
        if unknown:
            raise SpecError(
                f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}"
            )
        try:
            dt.date.fromisoformat(self.date)
        except ValueError:
            raise SpecError(f"date {self.date!r} is not a date like 2026-11-22") from None

    @property
    def pack_date(self) -> dt.date:
        """The date the pack carries."""
        return dt.date.fromisoformat(self.date)

    def with_changes(self, **changes: Any) -> "PackSpec":
        """A copy with some choices changed."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The spec as JSON-ready data, with its format version."""
        data = asdict(self)
        for name, value in data.items():
            if isinstance(value, tuple):
                data[name] = list(value)
        return {"format_version": SPEC_FORMAT_VERSION, **data}

    @classmethod
    def from_dict(cls, data: Any) -> "PackSpec":
        """Reads a spec written by `to_dict`; raises SpecError naming the field that is wrong."""
        if not isinstance(data, dict):
            raise SpecError("a pack spec must be a JSON object")
        version = data.get("format_version")
        if type(version) is not int or version < 1:  # type(): true and false are not versions
            raise SpecError("the pack spec has no valid format_version")
        if version > SPEC_FORMAT_VERSION:
            raise SpecError(
                f"the pack spec has format version {version}, newer than this app's "
                f"{SPEC_FORMAT_VERSION}: update Briefing Builder to read it"
            )
        names = {f.name for f in fields(cls)}
        unknown = sorted(str(key) for key in data if key not in names and key != "format_version")
        if unknown:
            # A misspelt or misplaced choice would otherwise be silently dropped.
            shown = ", ".join(repr(key[:40]) for key in unknown[:5])
            raise SpecError(
                f"the pack spec has field(s) this version does not know: {shown}; "
                f"a format {version} spec has {', '.join(sorted(names))}"
            )
        values = {f.name: _checked(f.name, data[f.name]) for f in fields(cls) if f.name in data}
        if version == 1 and "purpose" in values:
            # Version 1 printed the purpose as typed: escaped, it still does as Markdown.
            values["purpose"] = escape_markdown(values["purpose"])
        if version == 1 and values.get("sections") is not None:
            # Sections that version 1 did not have are on, as sections are unless turned off.
            values["sections"] = (*values["sections"], *_NEW_IN_2)
        return cls(**values)


_NEW_IN_2 = ("points", "background", "handling")
_LISTS = {"regions", "themes", "kinds", "excluded", "order", "sections"}
_BOOLEANS = {"include_wider"}


def _checked(name: str, value: Any) -> Any:
    if name in _LISTS:
        if value is None and name == "sections":
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SpecError(f"pack spec field {name!r}: expected a list of strings")
        return tuple(value)
    if name in _BOOLEANS:
        if not isinstance(value, bool):
            raise SpecError(f"pack spec field {name!r}: expected true or false")
        return value
    if not isinstance(value, str):
        raise SpecError(f"pack spec field {name!r}: expected a string")
    return value
