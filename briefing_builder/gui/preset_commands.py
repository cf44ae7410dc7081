"""The window's preset commands: save, load, manage, recent presets, a pack's choices.

A mixin of MainWindow, kept apart because it is one idea: the choices as a document that is
saved under a name, and never replaced without asking while it has unsaved changes.
"""

import datetime as dt
import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Slot

from briefing_builder.errors import BriefingError, PresetError
from briefing_builder.gui import dialogs
from briefing_builder.pack import PackSpec
from briefing_builder.pack.presets import Presets, PresetStore

if TYPE_CHECKING:
    from briefing_builder.library.presets import TeamPresetStore

RECENT_PRESETS = 6


class PresetCommands:
    """Save, load and manage presets for a window that shows pack specs.

    The window provides the choices (`current_spec`, `apply_spec`, `is_modified`), the menus
    (`recent_menu`, `all_menu`) and the title (`_update_window_title`).
    """

    store: PresetStore
    """My presets: the user's own files."""
    team_store: "TeamPresetStore | None"
    """Team presets, when the library is a team's."""
    preset_in_team: bool
    """Whether the current preset is a team preset (Save goes back there)."""
    preset_version: int
    """The version of the team preset the choices were loaded from or last saved as."""
    library_refusal: str
    """Why the team library cannot be changed from here ("" when it can)."""
    settings: QSettings
    folders: dialogs.LastFolders
    preset_name: str | None
    _clean: PackSpec

    def presets_of(self, team: bool) -> Presets:
        """My presets, or the team's (which exist only with a team library)."""
        if team:
            assert self.team_store is not None
            return self.team_store
        return self.store

    def save_preset(self) -> bool:
        """Saves the choices under the current preset's name, or asks for one; True if saved."""
        if self.preset_name is None:
            return self.save_preset_as()
        if self.preset_in_team and self.library_refusal:
            if dialogs.confirm(
                self,
                "The team preset cannot be saved",
                f"{self.library_refusal[:1].upper()}{self.library_refusal[1:]}.\n\n"
                "Save these choices to My presets instead?",
            ):
                return self.save_preset_as()
            return False
        return self._store_preset(self.preset_name, replace=True, team=self.preset_in_team)

    def save_preset_as(self, team: bool = False) -> bool:
        """Saves the choices under a new name, in my presets or the team's; True if saved."""
        where = "team preset" if team else "preset"
        name = dialogs.text(self, f"Save {where}", f"Name of the {where}:", self.preset_name or "")
        if not name:
            return False
        replace = False
        try:
            exists = self.presets_of(team).exists(name)
        except PresetError as error:
            dialogs.error(self, "The preset could not be saved", str(error))
            return False
        if exists:
            if not dialogs.confirm(
                self, f"Replace {where}?", f"A {where} called {name!r} exists. Replace it?"
            ):
                return False
            replace = True
        return self._store_preset(name, replace=replace, team=team, base=None)

    def save_team_preset_as(self) -> bool:
        """Saves the choices as a team preset."""
        return self.save_preset_as(team=True)

    def _store_preset(
        self, name: str, *, replace: bool, team: bool = False, base: int | None = -1
    ) -> bool:
        """Saves; a team preset saved over the one loaded is refused if someone changed it
        since (base -1: the version loaded), and the user may then reload theirs."""
        try:
            if team:
                assert self.team_store is not None
                made_from = self.preset_version if base == -1 else base
                preset = self.team_store.save(
                    name, self.current_spec(), replace=replace, base=made_from
                )
                self.preset_version = self.team_store.version(preset.name)
            else:
                preset = self.store.save(name, self.current_spec(), replace=replace)
        except PresetError as error:
            if team and "after you opened version" in str(error):
                if dialogs.confirm(
                    self,
                    "The team preset changed",
                    f"{error}\n\nReload the team's version now? Your changes are not kept.",
                ):
                    self._clean = self.current_spec()  # the user chose to drop them
                    self.load_preset(name, team=True)
                return False
            dialogs.error(self, "The preset could not be saved", str(error))
            return False
        self.preset_name = preset.name
        self.preset_in_team = team
        self._clean = self.current_spec()
        if not team:
            self._remember_recent(preset.name)
        where = "team preset" if team else "preset"
        self.statusBar().showMessage(f"Saved {where} {preset.name!r}.", 5000)
        self._update_window_title()
        self._save_session()
        self._fill_preset_menus()
        return True

    def load_preset(self, name: str, team: bool = False) -> None:
        """Loads a preset, mine or the team's: every choice comes back; items no longer in the
        dataset are reported. Unsaved changes are not replaced without asking."""
        if not self._settle_unsaved(f"load the preset {name!r}"):
            return
        try:
            presets = self.presets_of(team)
            preset = presets.load(name)
            version = self.team_store.version(name) if team and self.team_store else 0
        except PresetError as error:
            if not team:
                self._forget_recent(name)
            dialogs.error(self, "The preset could not be loaded", str(error))
            return
        gone = self.apply_spec(
            preset.spec.with_changes(date=dt.date.today().isoformat()), preset.name
        )
        self.preset_in_team, self.preset_version = team, version
        self._update_window_title()
        if not team:
            self._remember_recent(preset.name)
        self._save_session()
        self._report_gone(gone, f"The {'team ' if team else ''}preset {preset.name!r}")

    def _settle_unsaved(self, doing: str) -> bool:
        """Asks what to do with unsaved changes before `doing` replaces them; True to go on."""
        if not self.is_modified():
            return True
        where = f"the preset {self.preset_name!r}" if self.preset_name else "a preset"
        answer = dialogs.unsaved_changes(
            self,
            f"Your choices have changes not saved to {where}. Save them before you {doing}?",
        )
        if answer == "save":
            return self.save_preset()
        return answer == "discard"

    def manage_presets(self) -> None:
        """Opens the preset manager; renames and deletions there reach the menus and title."""
        from briefing_builder.gui.presets_dialog import PresetsDialog  # noqa: PLC0415 - on demand

        dialog = PresetsDialog(
            self.store,
            self.load_preset,
            self.folders,
            self,
            team=self.team_store,
            team_refusal=self.library_refusal,
        )
        dialog.renamed.connect(self._preset_renamed)
        dialog.deleted.connect(self._preset_deleted)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()
        current = self.presets_of(self.preset_in_team)
        try:
            gone = bool(self.preset_name) and not current.exists(str(self.preset_name))
        except PresetError:
            gone = False  # the team library cannot say now; Save will ask it again
        if gone and self.preset_name:
            # Renamed or deleted elsewhere: Save must not bring the old name back.
            self._preset_deleted(self.preset_name)
        self._fill_preset_menus()

    @Slot(str, str)
    def _preset_renamed(self, old: str, new: str) -> None:
        names = [new if n.casefold() == old.casefold() else n for n in self._recent()]
        self._set_recent(names)
        if self.preset_name and self.preset_name.casefold() == old.casefold():
            self.preset_name = new
            self._update_window_title()
            self._save_session()

    @Slot(str)
    def _preset_deleted(self, name: str) -> None:
        self._forget_recent(name)
        if self.preset_name and self.preset_name.casefold() == name.casefold():
            # The choices stay, now saved nowhere: the title says so.
            self.preset_name = None
            self._clean = PackSpec()
            self._update_window_title()
            self._save_session()

    def preset_from_pack(self) -> None:
        """Opens a pack made by the app and shows the choices it was made from."""
        if not self._settle_unsaved("open a pack's choices"):
            return
        path = dialogs.open_path(
            self, "Open a pack", "Packs (*.docx *.pdf)", self.folders.get("open")
        )
        if path is None:
            return
        self.folders.remember("open", path)
        from briefing_builder.render.embedded import read_pack_spec  # noqa: PLC0415 - pypdf

        try:
            spec = read_pack_spec(path)
        except BriefingError as error:
            dialogs.error(self, "No choices found in that file", str(error))
            return
        gone = self.apply_spec(spec.with_changes(date=dt.date.today().isoformat()))
        # Nothing saved holds these choices yet.
        self._clean = PackSpec()
        self._update_window_title()
        self._save_session()
        self._report_gone(gone, f"The pack {path.name}")
        self.statusBar().showMessage(
            f"Choices loaded from {path.name}. Save them as a preset to reuse them.", 8000
        )

    def _remember_recent(self, name: str) -> None:
        self._set_recent([name, *(n for n in self._recent() if n.casefold() != name.casefold())])

    def _forget_recent(self, name: str) -> None:
        self._set_recent([n for n in self._recent() if n.casefold() != name.casefold()])

    def _set_recent(self, names: list[str]) -> None:
        self.settings.setValue("presets/recent", json.dumps(names[:RECENT_PRESETS]))
        self._fill_preset_menus()

    def _recent(self) -> list[str]:
        try:
            names = json.loads(str(self.settings.value("presets/recent", "[]")))
        except ValueError:
            return []
        return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []

    def _fill_preset_menus(self) -> None:
        self.recent_menu.clear()
        self.all_menu.clear()
        entries = self.store.entries()
        saved = {e.name.casefold() for e in entries if e.preset}
        for name in self._recent():
            if name.casefold() in saved:
                self.recent_menu.addAction(name, lambda n=name: self.load_preset(n))
        for entry in entries:
            action = self.all_menu.addAction(entry.name, lambda n=entry.name: self.load_preset(n))
            if entry.preset is None:
                action.setEnabled(False)
                action.setText(f"{entry.name} (unreadable)")
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())
        self.all_menu.setEnabled(not self.all_menu.isEmpty())
        self.team_menu.clear()
        try:
            team_entries = self.team_store.entries() if self.team_store else []
        except PresetError as error:
            team_entries = []
            self.team_menu.setToolTip(str(error))
        for entry in team_entries:
            action = self.team_menu.addAction(
                entry.name, lambda n=entry.name: self.load_preset(n, team=True)
            )
            if entry.preset is None:
                action.setEnabled(False)
                action.setText(f"{entry.name} (unreadable)")
        self.team_menu.setEnabled(bool(team_entries))
