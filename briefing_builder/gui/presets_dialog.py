"""Manage presets, mine or the team's: load, rename, describe, duplicate, delete (restorable),
import and export preset files, and copy a preset from one to the other."""

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.errors import PresetError
from briefing_builder.gui import dialogs
from briefing_builder.pack.presets import Presets, file_name

if TYPE_CHECKING:
    from briefing_builder.library.presets import TeamPresetStore
    from briefing_builder.library.store import Version

NameRole = Qt.ItemDataRole.UserRole + 1
"""The role under which a list entry gives its preset's name."""


class PresetsDialog(QDialog):
    """Lists the saved presets; the action to load one is handed in as a callable.

    Signals:
        renamed(str, str): a preset's old name and its new one.
        deleted(str): a preset went to the trash.
    """

    renamed = Signal(str, str)
    deleted = Signal(str)

    def __init__(
        self,
        store: Presets,
        load: Callable[[str, bool], None],
        folders: dialogs.LastFolders,
        parent: QWidget | None = None,
        team: "TeamPresetStore | None" = None,
        team_refusal: str = "",
    ) -> None:
        super().__init__(parent)
        self.team_refusal = team_refusal
        """Why the team's presets cannot be changed from here ("" when they can)."""
        self.mine = self.store = store
        self.team = team
        self._load = load
        self.folders = folders
        self.setWindowTitle("Manage presets")
        self.which = QComboBox()
        self.which.addItem("My presets")
        if team is not None:
            self.which.addItem("Team presets")
        self.which.setAccessibleName("Which presets")
        self.which.setEnabled(team is not None)
        self.which.setToolTip(
            "" if team else "Team presets come with a team library: Evidence > Team library"
        )
        self.which.currentIndexChanged.connect(self._switch)
        self.resize(560, 380)
        self.list = QListWidget()
        self.list.setAccessibleName("Saved presets")
        self.details = QLabel()
        self.details.setWordWrap(True)
        buttons = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for label, slot in (
            ("&Load", self.load_selected),
            ("&Rename...", self.rename),
            ("Des&cribe...", self.describe),
            ("D&uplicate...", self.duplicate),
            ("&Delete", self.delete),
            ("Restore deleted...", self.restore),
            ("&History...", self.history),
            ("&Import file...", self.import_file),
            ("&Export file...", self.export_file),
            ("Copy to &team presets", self.copy_across),
        ):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[label.replace("&", "").rstrip(".")] = button
        buttons.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.which)
        left.addWidget(self.list, stretch=1)
        left.addWidget(self.details)
        body.addLayout(left, stretch=1)
        body.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(body)
        layout.addWidget(close)
        self.list.currentItemChanged.connect(self._selected)
        self.list.itemDoubleClicked.connect(lambda _item: self.load_selected())
        self.fill()

    def fill(self, select: str | None = None) -> None:
        """Lists the presets, unreadable ones with their reason; if they cannot be listed
        (a team library offline with no copy), says why."""
        self.list.clear()
        try:
            entries = self.store.entries()
        except PresetError as error:
            entries = []
            self.details.setText(str(error))
        self._set_read_only()
        for entry in entries:
            text = entry.name if entry.preset else f"{entry.name} (unreadable: {entry.error})"
            item = QListWidgetItem(text, self.list)
            item.setData(NameRole, entry.name if entry.preset else None)
            if select and entry.name.casefold() == select.casefold():
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None:
            readable = [
                self.list.item(r)
                for r in range(self.list.count())
                if self.list.item(r).data(NameRole)
            ]
            if readable:
                self.list.setCurrentItem(readable[0])
        self._selected()

    def selected(self) -> str | None:
        """The name of the selected readable preset."""
        item = self.list.currentItem()
        return item.data(NameRole) if item else None

    @Slot()
    def _selected(self) -> None:
        name = self.selected()
        for label in ("Load", "Rename", "Describe", "Duplicate", "Delete", "Export file"):
            self.buttons[label].setEnabled(name is not None)
        self._set_read_only()
        self.buttons["Copy to team presets"].setEnabled(name is not None and self.team is not None)
        history = self.buttons["History"]
        history.setEnabled(name is not None and self.showing_team())
        history.setToolTip("" if self.showing_team() else "Team presets keep every version")
        if name is None:
            self.details.setText(
                "" if self.list.count() else "No presets yet: use Presets > Save preset as..."
            )
            return
        try:
            preset = self.store.load(name)
        except PresetError as error:
            self.details.setText(str(error))
            return
        self.details.setText(
            f"{preset.description or 'No description.'}\nSaved {_when(preset.modified)}."
        )

    @Slot()
    def load_selected(self) -> None:
        """Loads the selected preset into the window and closes the dialog."""
        name = self.selected()
        if name:
            self._load(name, self.showing_team())
            self.accept()

    def _set_read_only(self) -> None:
        """Turns off what would change presets that cannot be changed from here (a team's,
        for a reader or offline), saying why."""
        refusal = self.team_refusal if self.showing_team() else ""
        for label in (
            "Rename",
            "Describe",
            "Duplicate",
            "Delete",
            "Restore deleted",
            "Import file",
        ):
            self.buttons[label].setToolTip(refusal)
            if refusal:
                self.buttons[label].setEnabled(False)
        self.buttons["Restore deleted"].setEnabled(not refusal)
        self.buttons["Import file"].setEnabled(not refusal)

    def showing_team(self) -> bool:
        """Whether the list shows the team's presets rather than mine."""
        return self.store is self.team

    @Slot()
    def _switch(self) -> None:
        self.store = self.team if self.which.currentIndex() == 1 and self.team else self.mine
        copy = self.buttons["Copy to team presets"]
        copy.setText("Copy to &my presets" if self.showing_team() else "Copy to &team presets")
        self.fill()

    @Slot()
    def copy_across(self) -> None:
        """Copies the selected preset to the other store, under the same name unless that is
        taken there."""
        name = self.selected()
        other = self.mine if self.showing_team() else self.team
        if not name or other is None:
            return
        where = "my presets" if other is self.mine else "the team presets"
        try:
            preset = self.store.load(name)
            taken = other.exists(name)
        except PresetError as error:
            dialogs.error(self, "Presets", str(error))
            return
        new_name: str | None = name
        if taken:
            new_name = dialogs.text(
                self,
                "Copy preset",
                f"{where.capitalize()} have a {name!r}. Name of the copy:",
                f"{name} (copy)",
            )
        if new_name and self._try(
            lambda: other.save(new_name, preset.spec, preset.description), name
        ):
            dialogs.info(self, "Copied", f"Copied {name!r} to {where} as {new_name!r}.")

    @Slot()
    def rename(self) -> None:
        name = self.selected()
        new_name = dialogs.text(self, "Rename preset", "New name:", name or "") if name else None
        renamed = bool(name and new_name) and self._try(
            lambda: self.store.rename(str(name), str(new_name)), new_name
        )
        if renamed and name and new_name and not self.showing_team():
            self.renamed.emit(name, new_name)

    @Slot()
    def describe(self) -> None:
        name = self.selected()
        if not name:
            return
        try:
            current = self.store.load(name).description
        except PresetError as error:
            dialogs.error(self, "Presets", str(error))
            return
        description = dialogs.long_text(
            self, "Describe preset", f"What {name!r} is for (shown in this list):", current
        )
        if description is not None:
            self._try(lambda: self.store.describe(name, description.strip()), name)

    @Slot()
    def duplicate(self) -> None:
        name = self.selected()
        new_name = (
            dialogs.text(self, "Duplicate preset", "Name of the copy:", f"{name} (copy)")
            if name
            else None
        )
        if name and new_name:
            self._try(lambda: self.store.duplicate(name, new_name), new_name)

    @Slot()
    def delete(self) -> None:
        name = self.selected()
        if (
            name
            and dialogs.confirm(
                self, "Delete preset", f"Delete {name!r}? You can restore it later."
            )
            and self._try(lambda: self.store.delete(name), None)
            and not self.showing_team()
        ):
            self.deleted.emit(name)

    @Slot()
    def restore(self) -> None:
        deleted = self.store.deleted()
        if not deleted:
            dialogs.info(self, "Restore deleted preset", "There are no deleted presets.")
            return
        name = dialogs.choose(
            self, "Restore deleted preset", "Deleted presets, the latest first:", deleted
        )
        if name:
            self._try(lambda: self.store.restore(name), name)

    @Slot()
    def history(self) -> None:
        """Shows every version of the selected team preset: who saved it, when, and what it
        chose; an old one can be made current again."""
        from briefing_builder.gui.history import HistoryDialog  # noqa: PLC0415

        name = self.selected()
        team = self.team
        if not name or team is None or not self.showing_team():
            return
        try:
            versions = team.history(name)
            base = team.version(name)
        except PresetError as error:
            dialogs.error(self, "Presets", str(error))
            return
        dialog = HistoryDialog(
            self,
            f"the team preset {name!r}",
            versions,
            lambda number: self._try(lambda: team.restore_version(name, number, base), name),
            self.team_refusal,
            _chose,
            "What it chose",
        )
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def import_file(self) -> None:
        path = dialogs.open_path(
            self, "Import preset", "Presets (*.json)", self.folders.get("presets")
        )
        if path:
            self.folders.remember("presets", path)
            self._try(lambda: self.store.import_file(path), None)

    @Slot()
    def export_file(self) -> None:
        name = self.selected()
        if not name:
            return
        path = dialogs.save_path(
            self,
            "Export preset",
            self.folders.get("presets") / file_name(name),
            "Presets (*.json)",
        )
        if path:
            self.folders.remember("presets", path)
            # The save dialog has asked before choosing an existing file.
            self._try(lambda: self.store.export_file(name, path, replace=True), name)

    def _try(self, action: Callable[[], object], select: str | None) -> bool:
        """Runs a store action, telling the user if it fails; True if it worked."""
        try:
            action()
        except PresetError as error:
            dialogs.error(self, "Presets", str(error))
            self.fill(select)
            return False
        self.fill(select)
        return True


def _when(timestamp: str | None) -> str:
    """A saved time as people write it: 22 November 2026 at 03:16."""
    try:
        return f"{dt.datetime.fromisoformat(timestamp or ''):%d %B %Y at %H:%M}"
    except ValueError:
        return "at an unknown time"


def _chose(version: "Version") -> str:
    """A preset version's name, title and regions, as the history lists it."""
    spec = version.record.get("spec")
    spec = spec if isinstance(spec, dict) else {}
    regions = spec.get("regions")
    regions = ", ".join(map(str, regions)) if isinstance(regions, list) else ""
    parts = [str(version.record.get("name", "")), str(spec.get("title") or ""), regions]
    return "; ".join(part for part in parts if part)
