"""The pack spec: the user's choices for one pack, and what a preset stores.

A spec is plain data. `to_dict` and `from_dict` turn it into JSON-ready dicts and back; the dict
carries `format_version` so later versions can migrate older specs.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from briefing_builder.errors import SpecError
from briefing_builder.inputs import clean_text

SPEC_FORMAT_VERSION = 1
MARKINGS = ("none", "OFFICIAL", "OFFICIAL-SENSITIVE")
GROUPINGS = ("theme", "region")
SECTIONS = ("cover", "contents", "key-messages", "key-facts", "evidence", "sources", "about")
"""Every section a pack can have; a house style chooses which appear and in what order."""


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
        values = {f.name: _checked(f.name, data[f.name]) for f in fields(cls) if f.name in data}
        return cls(**values)


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
