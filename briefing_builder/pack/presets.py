"""The preset store: named pack specs saved as versioned JSON files, one per preset.

Nothing is lost: every write is atomic, a delete moves the file to a trash folder inside the
store, an unreadable file is reported and left untouched, older formats are migrated on load,
and a file from a newer version of the app is refused rather than misread. Other processes may
use the same store at once: every change takes the store's lock, so no check is overtaken by
another program's write, and a new preset is created in a way that cannot overwrite one.
"""

import datetime as dt
import hashlib
import json
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from briefing_builder import __version__
from briefing_builder.errors import BriefingError, PresetError
from briefing_builder.files import create_atomically, describe_os_error, write_atomically
from briefing_builder.inputs import clean_text, read_json
from briefing_builder.pack.spec import PackSpec

PRESET_FORMAT_VERSION = 2
MAX_NAME_LENGTH = 200
TRASH = ".trash"
LOCK = ".lock"
LOCK_TIMEOUT_S = 30
"""How long a change waits for another program's change to the same store to finish."""
MAX_PRESET_BYTES = 1024 * 1024
_LINK = "a link, not a preset file (links in the store are not followed)"


def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """Format 1 kept the spec's fields beside the name, with no times or app version."""
    spec = {k: v for k, v in data.items() if k not in ("format_version", "name", "description")}
    spec["format_version"] = 1
    return {
        "format_version": 2,
        "app_version": "unknown",
        "created": None,
        "modified": None,
        "name": data.get("name"),
        "description": data.get("description", ""),
        "spec": spec,
    }


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _from_version_1}
"""MIGRATIONS[n] turns a format n preset into format n + 1."""


@dataclass(frozen=True, slots=True)
class Preset:
    """A named, saved pack spec."""

    name: str
    description: str
    spec: PackSpec
    created: str | None
    modified: str | None
    app_version: str


@dataclass(frozen=True, slots=True)
class PresetEntry:
    """One preset as a store lists it: the preset, or why it cannot be read."""

    path: Path
    """Its file; for a team preset, its key in the team library."""
    preset: Preset | None
    error: str | None
    version: int = 0
    """A team preset's version: what an edit of it was made from (0 for a file)."""
    saved_name: str = ""
    """The name an unreadable team preset was saved under, where it says one."""

    @property
    def name(self) -> str:
        """The preset's name, or else the name it was saved under, or the file's name."""
        return self.preset.name if self.preset else self.saved_name or self.path.stem


def file_name(name: str) -> str:
    """A safe, unique file name for a preset name: a readable part, then a hash of the name.

    Names differing only in case get the same file, so names are unique regardless of case.
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    readable = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:40] or "preset"
    digest = hashlib.sha256(folded.encode("utf-8")).hexdigest()[:12]
    return f"{readable}-{digest}.json"


def check_name(name: str) -> str:
    """The name, stripped and cleaned, if it can be a preset's name; PresetError if not."""
    stripped = clean_text(name).strip()
    if not stripped:
        raise PresetError("a preset needs a name")
    if len(stripped) > MAX_NAME_LENGTH:
        raise PresetError(f"a preset name can have at most {MAX_NAME_LENGTH} characters")
    if any(unicodedata.category(c) == "Cc" for c in stripped):
        raise PresetError("a preset name cannot contain control characters")
    return stripped


def preset_from_json(data: Any, where: str) -> Preset:
    """Reads a preset document of any known format; PresetError naming `where` if it cannot."""
    if not isinstance(data, dict):
        raise PresetError(f"{where}: not a preset (expected a JSON object)")
    version = data.get("format_version")
    if type(version) is not int or version < 1:  # type(): true and false are not versions
        raise PresetError(f"{where}: not a preset (no valid format_version)")
    if version > PRESET_FORMAT_VERSION:
        raise PresetError(
            f"{where}: the preset has format version {version}, newer than this app's "
            f"{PRESET_FORMAT_VERSION} (made by Briefing Builder {data.get('app_version', '?')}, "
            f"this is {__version__}): update the app to use it"
        )
    while version < PRESET_FORMAT_VERSION:
        data = MIGRATIONS[version](data)
        version = data["format_version"]
    name = data.get("name")
    description = data.get("description", "")
    if not isinstance(name, str) or not isinstance(description, str):
        raise PresetError(f"{where}: the preset's name and description must be text")
    for key in ("created", "modified"):
        if not isinstance(data.get(key), str | None):
            raise PresetError(f"{where}: the preset's {key!r} must be a date and time as text")
    try:
        spec = PackSpec.from_dict(data.get("spec"))
    except BriefingError as error:
        raise PresetError(f"{where}: {error}") from None
    return Preset(
        name=check_name(name),
        description=description,
        spec=spec,
        created=data.get("created"),
        modified=data.get("modified"),
        app_version=str(data.get("app_version", "unknown")),
    )


def preset_to_json(preset: Preset) -> dict[str, Any]:
    """The preset as the current file format."""
    return {
        "format_version": PRESET_FORMAT_VERSION,
        "app_version": preset.app_version,
        "created": preset.created,
        "modified": preset.modified,
        "name": preset.name,
        "description": preset.description,
        "spec": preset.spec.to_dict(),
    }


def read_preset_file(path: Path) -> Preset:
    """Reads and checks a preset file anywhere; PresetError naming the file if it cannot."""
    return preset_from_json(read_json(path, PresetError, limit=MAX_PRESET_BYTES), str(path))


class Presets(ABC):
    """What every preset store does: the user's own files (`PresetStore`) and a team library's
    presets (`library.presets.TeamPresetStore`)."""

    @abstractmethod
    def entries(self) -> list[PresetEntry]:
        """Every preset, readable or not, sorted by name."""

    @abstractmethod
    def exists(self, name: str) -> bool:
        """Whether a preset of this name (in any case) is saved."""

    @abstractmethod
    def load(self, name: str) -> Preset:
        """The preset of this name; PresetError if there is none or it cannot be read."""

    @abstractmethod
    def save(
        self, name: str, spec: PackSpec, description: str | None = None, *, replace: bool = False
    ) -> Preset:
        """Saves a pack spec under a name; an existing preset is replaced only if asked."""

    @abstractmethod
    def rename(self, name: str, new_name: str) -> Preset:
        """Gives a preset a new name (changing only its case is allowed)."""

    @abstractmethod
    def delete(self, name: str) -> object:
        """Sets a preset aside, from where `restore` brings it back."""

    @abstractmethod
    def restore(self, name: str) -> Preset:
        """Brings a deleted preset back."""

    @abstractmethod
    def deleted(self) -> list[str]:
        """The names of the readable deleted presets, the most recently deleted first."""

    def describe(self, name: str, description: str) -> Preset:
        """Gives a preset a new description, keeping its choices."""
        preset = self.load(name)
        return self.save(preset.name, preset.spec, description, replace=True)

    def duplicate(self, name: str, new_name: str) -> Preset:
        """Saves a copy of a preset under a new name."""
        preset = self.load(name)
        return self.save(new_name, preset.spec, preset.description)

    def import_file(
        self, source: Path, new_name: str | None = None, *, replace: bool = False
    ) -> Preset:
        """Saves a preset file from elsewhere into the store, checking it whole first."""
        preset = read_preset_file(source)
        return self.save(new_name or preset.name, preset.spec, preset.description, replace=replace)

    def export_file(self, name: str, dest: Path, *, replace: bool = False) -> Path:
        """Writes a preset to a file to share; an existing file is replaced only if asked."""
        return export_preset(self.load(name), dest, replace=replace)


class PresetStore(Presets):
    """The presets in one folder, with a trash folder inside it."""

    def __init__(self, folder: Path, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.folder = folder
        self._clock = clock or (lambda: dt.datetime.now().astimezone())
        # One lock object per store, re-entrant, so a change may call another (describe saves).
        self._file_lock = FileLock(folder / LOCK, timeout=LOCK_TIMEOUT_S)

    @property
    def trash(self) -> Path:
        """Where deleted presets wait, restorable."""
        return self.folder / TRASH

    def entries(self) -> list[PresetEntry]:
        """Every preset file, readable or not, sorted by name."""
        if not self.folder.is_dir():
            if self.folder.exists() or any(p.is_file() for p in self.folder.parents):
                raise PresetError(f"{self.folder}: is a file, where the presets need a folder")
            return []
        found = (_entry(path) for path in self.folder.glob("*.json"))
        return sorted((e for e in found if e is not None), key=lambda e: e.name.casefold())

    def path_of(self, name: str) -> Path:
        """The file a preset of this name lives in."""
        return self.folder / file_name(check_name(name))

    def exists(self, name: str) -> bool:
        """Whether a preset of this name (in any case) is saved."""
        return self.path_of(name).exists()

    def load(self, name: str) -> Preset:
        """The preset of this name; PresetError if there is none or it cannot be read."""
        return read_preset_file(self._existing(name))

    def _existing(self, name: str) -> Path:
        """The file of the preset of this name: its own file name, or a file put in the folder
        by hand that holds it (or is named so and cannot be read); PresetError if none."""
        path = self.path_of(name)
        if path.is_symlink():
            raise PresetError(f"{path}: {_LINK}")
        if path.exists():
            return path
        folded = check_name(name).casefold()
        for entry in self.entries():
            if entry.name.casefold() == folded:
                if entry.error:
                    raise PresetError(f"{entry.path}: {entry.error}")
                return entry.path
        raise PresetError(f"no preset called {name!r}{self._suggest(name)}")

    def save(
        self, name: str, spec: PackSpec, description: str | None = None, *, replace: bool = False
    ) -> Preset:
        """Saves a pack spec under a name; an existing preset is replaced only if asked, and
        keeps its description unless a new one is given. A file replaced that this version
        cannot read (a newer version's, or a damaged one) is kept in the trash."""
        name = check_name(name)
        path = self.path_of(name)
        with self._lock():
            created = None
            if path.exists():
                if not replace:
                    existing = self._name_in(path, name)
                    raise PresetError(f"a preset called {existing!r} already exists")
                try:
                    previous = read_preset_file(path)
                except PresetError:
                    self._to_trash(path)
                else:
                    created = previous.created
                    if description is None:
                        description = previous.description
            now = self._clock().isoformat(timespec="seconds")
            text = clean_text(description or "")
            preset = Preset(name, text, spec, created or now, now, __version__)
            if path.exists():
                write_atomically(path, lambda temporary: _dump(temporary, preset), PresetError)
            else:
                self._create(path, preset)
        return preset

    def rename(self, name: str, new_name: str) -> Preset:
        """Gives a preset a new name (changing only its case is allowed)."""
        new_name = check_name(new_name)
        with self._lock():
            old_path = self._existing(name)
            preset = read_preset_file(old_path)
            new_path = self.path_of(new_name)
            if new_path != old_path and new_path.exists():
                existing = self._name_in(new_path, new_name)
                raise PresetError(f"a preset called {existing!r} already exists")
            renamed = Preset(
                new_name,
                preset.description,
                preset.spec,
                preset.created,
                self._clock().isoformat(timespec="seconds"),
                __version__,
            )
            if new_path == old_path:
                write_atomically(new_path, lambda temporary: _dump(temporary, renamed), PresetError)
            else:
                self._create(new_path, renamed)
                old_path.unlink()
        return renamed

    def describe(self, name: str, description: str) -> Preset:
        """Gives a preset a new description, keeping its choices."""
        with self._lock():
            return super().describe(name, description)

    def delete(self, name: str) -> Path:
        """Moves a preset to the trash, from where `restore` brings it back."""
        with self._lock():
            return self._to_trash(self._existing(name))

    def restore(self, name: str) -> Preset:
        """Brings a deleted preset back from the trash."""
        stem = file_name(check_name(name)).removesuffix(".json")
        with self._lock():
            copies = sorted(self.trash.glob(f"{stem}.*.json")) if self.trash.is_dir() else []
            if not copies:
                raise PresetError(f"no deleted preset called {name!r} in the trash")
            trashed = copies[-1]  # the most recently deleted
            path = self.path_of(name)
            if path.exists():
                raise PresetError(
                    f"a preset called {name!r} exists: rename it before restoring the deleted one"
                )
            preset = read_preset_file(trashed)
            _move(trashed, path)
        return preset

    def deleted(self) -> list[str]:
        """The names of the readable presets in the trash, the most recently deleted first."""
        # Each file is <name>.<when deleted>.json: the latest deletion first, whatever the name.
        copies = (
            sorted(self.trash.glob("*.json"), key=lambda p: p.name.rsplit(".", 2)[-2], reverse=True)
            if self.trash.is_dir()
            else []
        )
        names: list[str] = []
        for path in copies:
            entry = _entry(path)
            if entry and entry.preset and entry.preset.name not in names:
                names.append(entry.preset.name)
        return names

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """Holds the store's lock, which every change takes, across processes."""
        _make_folder(self.folder)
        try:
            with self._file_lock:
                yield
        except Timeout:
            raise PresetError(
                f"{self.folder}: another program has been changing the presets for "
                f"{LOCK_TIMEOUT_S} s; try again when it has finished"
            ) from None
        except OSError as error:
            raise PresetError(f"{self.folder}: {describe_os_error(error)}") from None

    @staticmethod
    def _name_in(path: Path, name: str) -> str:
        """The name of the preset saved in this file, as it was saved ("a", asked for "A")."""
        try:
            return read_preset_file(path).name
        except PresetError:
            return name

    def _create(self, path: Path, preset: Preset) -> None:
        create_atomically(path, lambda temporary: _dump(temporary, preset), PresetError)

    def _to_trash(self, path: Path) -> Path:
        _make_folder(self.trash)
        # Timestamped, so deleting a second preset of the same name keeps the first in the trash.
        stamp = self._clock().strftime("%Y%m%dT%H%M%S%f")
        target = self.trash / f"{path.stem}.{stamp}.json"
        serial = 0
        while target.exists():
            serial += 1
            target = self.trash / f"{path.stem}.{stamp}{serial:03d}.json"
        _move(path, target)
        return target

    def _suggest(self, name: str) -> str:
        names = [e.name for e in self.entries() if e.preset]
        close = [n for n in names if name.casefold() in n.casefold()][:3]
        return "; did you mean " + " or ".join(repr(n) for n in close) + "?" if close else ""


def export_preset(preset: Preset, dest: Path, *, replace: bool = False) -> Path:
    """Writes a preset to a file to share; an existing file is replaced only if asked."""
    if dest.is_dir():
        raise PresetError(f"{dest} is a folder: give the name of the file to write")
    if not replace and dest.exists():
        raise PresetError(f"{dest} already exists: use --force to replace it")
    return write_atomically(dest, lambda path: _dump(path, preset), PresetError)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise PresetError(f"{folder}: is a file, where the presets need a folder") from None
    except OSError as error:
        raise PresetError(f"{folder}: {describe_os_error(error)}") from None


def _move(source: Path, target: Path) -> None:
    try:
        source.replace(target)
    except OSError as error:
        raise PresetError(f"cannot move {source} to {target}: {describe_os_error(error)}") from None


def _entry(path: Path) -> PresetEntry | None:
    """The file's entry, or None if another program moved it away since it was listed. A link
    is listed but never followed: a preset is a file of the store's own."""
    if path.is_symlink():
        return PresetEntry(path, None, _LINK)
    try:
        return PresetEntry(path, read_preset_file(path), None)
    except PresetError as error:
        if not path.exists():
            return None
        return PresetEntry(path, None, str(error).removeprefix(f"{path}: "))


def _dump(path: Path, preset: Preset) -> None:
    path.write_text(
        json.dumps(preset_to_json(preset), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
