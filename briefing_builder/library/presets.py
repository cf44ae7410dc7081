"""A team's presets, kept in the team library beside its evidence: the preset store's interface
(`pack.presets.PresetStore`) on the library's rows.

What the preset files promise holds here too: names unique in any case, the preset format's
versions and migrations, nothing lost (a delete is undone by `restore`, and every version stays
in the history). Each preset has a version as well, and an edit made from an older one than the
library's is refused, naming who changed it and when.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from briefing_builder import __version__
from briefing_builder.errors import LibraryError, PresetError
from briefing_builder.inputs import clean_text
from briefing_builder.library.store import Change, Contents, Library, Row, Version, moment
from briefing_builder.pack.presets import (
    Preset,
    PresetEntry,
    Presets,
    check_name,
    file_name,
    preset_from_json,
    preset_to_json,
)
from briefing_builder.pack.spec import PackSpec

_PRESETS = ("preset",)


def preset_key(name: str) -> str:
    """A preset's row id: the file name its name would have, so both stores agree on which
    names are the same."""
    return file_name(check_name(name)).removesuffix(".json")


class TeamPresetStore(Presets):
    """The presets of one team library."""

    def __init__(self, library: Library, clock: Callable[[], dt.datetime] | None = None) -> None:
        self.library = library
        self._clock = clock or (lambda: dt.datetime.now().astimezone())

    def entries(self) -> list[PresetEntry]:
        """Every preset in use, readable or not, sorted by name."""
        found = []
        for row in self._rows().values():
            if row.retired:
                continue
            try:
                preset = self._preset(row)
            except PresetError as error:
                message = str(error).removeprefix(f"{self._where(row)}: ")
                named = self._name_in(row, "")
                found.append(PresetEntry(Path(row.id), None, message, row.version, named))
            else:
                found.append(PresetEntry(Path(row.id), preset, None, row.version))
        return sorted(found, key=lambda e: e.name.casefold())

    def exists(self, name: str) -> bool:
        """Whether a preset of this name (in any case) is in use."""
        row = self._rows().get(preset_key(name))
        return row is not None and not row.retired

    def load(self, name: str) -> Preset:
        """The preset of this name; PresetError if there is none or it cannot be read."""
        return self._preset(self._live(self._rows(), name))

    def version(self, name: str) -> int:
        """The version of the preset of this name, for an edit to say what it was made from."""
        return self._live(self._rows(), name).version

    def history(self, name: str) -> list[Version]:
        """Every version of the preset, oldest first, with who made it and when."""
        with _as_preset_errors():
            return self.library.history(preset_key(name), _PRESETS)

    def restore_version(self, name: str, version: int, base: int) -> Preset:
        """Makes an old version of the preset its current one, as a new version; refused,
        naming who, if the preset has changed since version `base` was read."""
        chosen = next((v for v in self.history(name) if v.version == version), None)
        if chosen is None:
            raise PresetError(f"the team preset {name!r} has no version {version}")
        old = preset_from_json(chosen.record, f"version {version} of the team preset {name!r}")
        return self.save(name, old.spec, old.description, replace=True, base=base)

    def save(
        self,
        name: str,
        spec: PackSpec,
        description: str | None = None,
        *,
        replace: bool = False,
        base: int | None = None,
    ) -> Preset:
        """Saves a pack spec under a name; an existing preset is replaced only if asked, and
        keeps its description unless a new one is given. With `base`, the version the edit was
        made from, a preset changed since is refused, naming who changed it and when."""
        name = check_name(name)
        key = preset_key(name)
        saved: list[Preset] = []

        def change(contents: Contents) -> list[Change]:
            old = contents.presets.get(key)
            created, text = None, description
            if base is not None and (old is None or old.retired):
                gone = (
                    f"renamed or deleted by {old.changed_by} on {moment(old.changed_at)}"
                    if old
                    else "removed"
                )
                raise PresetError(
                    f"the team preset {name!r} was {gone} after you opened it; nothing was "
                    "saved: save your choices under a name of their own with Save as team preset"
                )
            if old is not None and not old.retired:
                if not replace:
                    raise PresetError(
                        f"a team preset called {self._name_in(old, name)!r} already exists"
                    )
                _check_base(old, base, name)
                previous = self._readable(old)  # if not, the history keeps what it said
                if previous is not None:
                    created = previous.created
                    text = previous.description if description is None else description
            return self._changes(saved, name, spec, text, created)

        self._write(change)
        return saved[-1]

    def rename(self, name: str, new_name: str) -> Preset:
        """Gives a preset a new name (changing only its case is allowed); the old name's
        history stays, ending with the rename."""
        new_name = check_name(new_name)
        renamed: list[Preset] = []

        def change(contents: Contents) -> list[Change]:
            old = self._live(contents.presets, name)
            preset = self._preset(old)
            new_key = preset_key(new_name)
            target = contents.presets.get(new_key)
            if new_key != old.id and target is not None and not target.retired:
                raise PresetError(
                    f"a team preset called {self._name_in(target, new_name)!r} already exists"
                )
            changes = self._changes(
                renamed, new_name, preset.spec, preset.description, preset.created
            )
            if new_key != old.id:
                changes.append(
                    Change(
                        "preset",
                        old.record,
                        retired=True,
                        change=f"renamed to {new_name}",
                        key=old.id,
                    )
                )
            return changes

        self._write(change)
        return renamed[-1]

    def delete(self, name: str) -> str:
        """Sets a preset aside, from where `restore` brings it back; returns its key."""

        def change(contents: Contents) -> list[Change]:
            row = self._live(contents.presets, name)
            return [Change("preset", row.record, retired=True, change="deleted", key=row.id)]

        self._write(change)
        return preset_key(name)

    def restore(self, name: str) -> Preset:
        """Brings a deleted preset back."""

        def change(contents: Contents) -> list[Change]:
            row = contents.presets.get(preset_key(name))
            if row is None or not row.retired:
                exists = row is not None
                raise PresetError(
                    f"a team preset called {name!r} is in use: nothing to restore"
                    if exists
                    else f"no deleted team preset called {name!r}"
                )
            self._preset(row)
            return [Change("preset", row.record, change="restored", key=row.id)]

        self._write(change)
        return self.load(name)

    def deleted(self) -> list[str]:
        """The names of the readable deleted presets, the most recently deleted first."""
        rows = sorted(
            (row for row in self._rows().values() if row.retired),
            key=lambda row: row.changed_at,
            reverse=True,
        )
        names = []
        for row in rows:
            preset = self._readable(row)
            if preset is not None:
                names.append(preset.name)
        return names

    def _changes(
        self,
        made: list[Preset],
        name: str,
        spec: PackSpec,
        description: str | None,
        created: str | None,
    ) -> list[Change]:
        now = self._clock().isoformat(timespec="seconds")
        preset = Preset(name, clean_text(description or ""), spec, created or now, now, __version__)
        made.append(preset)
        return [Change("preset", preset_to_json(preset), key=preset_key(name))]

    def _write(self, change: Callable[[Contents], list[Change]]) -> None:
        with _as_preset_errors():
            self.library.write(change, check=False, entities=_PRESETS)

    def _rows(self) -> dict[str, Row]:
        """The presets as the library holds them; offline, as its last copy held them."""
        with _as_preset_errors():
            if self.library.offline_since:
                return self.library.offline_copy().presets
            return self.library.contents(_PRESETS).presets

    def _live(self, rows: dict[str, Row], name: str) -> Row:
        row = rows.get(preset_key(name))
        if row is None or row.retired:
            close = [
                str(r.record.get("name"))
                for r in rows.values()
                if not r.retired and name.casefold() in str(r.record.get("name", "")).casefold()
            ][:3]
            hint = "; did you mean " + " or ".join(map(repr, close)) + "?" if close else ""
            raise PresetError(f"no team preset called {name!r}{hint}")
        return row

    def _preset(self, row: Row) -> Preset:
        return preset_from_json(row.record, self._where(row))

    def _readable(self, row: Row) -> Preset | None:
        try:
            return self._preset(row)
        except PresetError:
            return None

    def _where(self, row: Row) -> str:
        return f"team preset {row.record.get('name', row.id)!r}"

    def _name_in(self, row: Row, name: str) -> str:
        saved = row.record.get("name")
        return saved if isinstance(saved, str) else name


def _check_base(old: Row, base: int | None, name: str) -> None:
    if base is not None and old.version != base:
        raise PresetError(
            f"the team preset {name!r} was changed by {old.changed_by} on {moment(old.changed_at)} "
            f"(version {old.version}) after you opened version {base}; nothing was saved: "
            "reload it to see that change, then make yours"
        )


@contextmanager
def _as_preset_errors() -> Iterator[None]:
    """The library's refusals (offline, read-only, busy) as the preset errors that the window
    and the command line report for a preset."""
    try:
        yield
    except LibraryError as error:
        raise PresetError(str(error)) from None
