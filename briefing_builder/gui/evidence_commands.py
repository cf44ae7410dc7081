"""The window's Evidence menu: the user's own sources and items, added, edited, retired,
restored, imported and exported.

A mixin of MainWindow, as the preset commands are. Every change goes to the library in one
transaction; the window then reloads the evidence and shows it at once, keeping the user's
ticks, order and selection.
"""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QStatusBar, QTableView

from briefing_builder.catalogue import Catalogue, Item, Source
from briefing_builder.errors import BriefingError, EditConflictError
from briefing_builder.gui import dialogs
from briefing_builder.gui.brief_editor import CitationCheck
from briefing_builder.gui.evidence_forms import ImportPreview, ItemForm, SourceForm
from briefing_builder.gui.evidence_model import EvidenceModel, ItemRole
from briefing_builder.gui.history import HistoryDialog
from briefing_builder.gui.workers import run_task
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.location import SETTINGS_SECTION
from briefing_builder.library.presets import TeamPresetStore
from briefing_builder.library.store import Change, Library, Row
from briefing_builder.library.transfer import (
    ImportPlan,
    export_folder,
    plan_import,
    run_import,
    write_template,
)
from briefing_builder.pack import PackSpec

_SHEETS = "Evidence spreadsheets (*.csv *.xlsx);;Source files (*.json)"


class EvidenceCommands:
    """The Evidence menu for a window that shows the catalogue's items in `table`.

    The window provides `use_catalogue` (show this evidence from now on) and `select_item`.
    """

    library: Library
    library_refusal: str
    """Why the library cannot be changed from this window ("" when it can)."""
    team_store: TeamPresetStore | None
    catalogue: Catalogue
    settings: QSettings
    folders: dialogs.LastFolders
    model: EvidenceModel
    table: QTableView
    citations: CitationCheck
    use_catalogue: Callable[[Catalogue], None]
    statusBar: Callable[[], QStatusBar]  # noqa: N815 - Qt's name
    select_item: Callable[[str | None], None]
    current_spec: Callable[[], PackSpec]
    _fill_preset_menus: Callable[[], None]

    def evidence_menu(self, menu: QMenu, action) -> None:  # type: ignore[no-untyped-def]
        """Fills the Evidence menu; the commands that need a library item of the selection are
        enabled only when one is selected, and say why not in their tooltip."""
        self.new_source_action = action("New &source...", self.new_source)
        self.new_item_action = action("New &item...", self.new_item, "Ctrl+N")
        self.edit_item_action = action("&Edit item...", self.edit_item)
        self.edit_source_action = action("Edit s&ource...", self.edit_source)
        self.retire_action = action("&Retire item", self.retire_item)
        self.history_action = action("&History...", self.item_history)
        for created in (
            self.new_source_action,
            self.new_item_action,
            self.edit_item_action,
            self.edit_source_action,
            self.retire_action,
            self.history_action,
        ):
            menu.addAction(created)
        self.bring_back_action = action("&Bring back a retired item...", self.bring_back_item)
        menu.addAction(self.bring_back_action)
        menu.addSeparator()
        self.import_action = action("I&mport evidence...", self.import_evidence)
        menu.addAction(self.import_action)
        menu.addAction(action("Save import &template...", self.save_import_template))
        self.export_action = action("E&xport my library...", self.export_library)
        menu.addAction(self.export_action)
        menu.addSeparator()
        menu.addAction(action("&Team library...", self.choose_library))
        menu.addAction(action("Re&fresh from the library", self.reload_evidence, "F5"))
        menu.setToolTipsVisible(True)
        self.library_actions: list[QAction] = [
            self.edit_item_action,
            self.edit_source_action,
            self.retire_action,
        ]
        self.writing_actions: list[QAction] = [
            self.new_source_action,
            self.new_item_action,
            self.bring_back_action,
            self.import_action,
        ]
        self.library_refusal = _refusal(self.library)

    def update_evidence_actions(self) -> None:
        """Enables the commands on the selected item when it is the library's own, and the
        commands that change the library only when it may be changed, saying why not."""
        item = self._selected_item()
        mine = item is not None and item.source.origin == self.library.origin
        refusal = self.library_refusal
        why = (
            ""
            if mine
            else f"Select an item of {self._library_name()}: bundled items, and items from "
            "folders, cannot be changed here"
        )
        for created in self.library_actions:
            created.setEnabled(mine and not refusal)
            created.setToolTip(refusal or why)
        self.history_action.setEnabled(mine)
        self.history_action.setToolTip(why)
        for created in self.writing_actions:
            created.setEnabled(not refusal)
            created.setToolTip(refusal)
        team = self.team_store is not None
        self.export_action.setText(
            "E&xport the team library..." if team else "E&xport my library..."
        )
        self.save_team_action.setEnabled(team and not refusal)
        self.save_team_action.setToolTip(
            refusal if team else "Choose a team library first: Evidence > Team library"
        )

    def _library_name(self) -> str:
        return "the team library" if self.library.team else "your own library"

    @Slot()
    def choose_library(self) -> None:
        """Asks where the library is; a team library is tested, then used from now on (and
        on the next start), with its presets."""
        from briefing_builder.gui.team_library import TeamLibraryDialog  # noqa: PLC0415

        dialog = TeamLibraryDialog(
            self,  # type: ignore[arg-type]
            self.library.url,
            str(self.settings.value(f"{SETTINGS_SECTION}/display_name") or ""),
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        location, name = dialog.location(), dialog.display_name.text().strip()
        dialog.deleteLater()
        if not accepted:
            return
        try:
            library = Library(location) if location else Library.default()
        except BriefingError as error:
            dialogs.error(self, "That library cannot be used", str(error))  # type: ignore[arg-type]
            return
        self.settings.setValue(f"{SETTINGS_SECTION}/location", location)
        self.settings.setValue(f"{SETTINGS_SECTION}/display_name", name)
        self.settings.sync()
        self.use_library(library)

    def use_library(self, library: Library) -> None:
        """Works from this library from now on: its evidence, its presets, its permissions."""
        self.library = library
        self.team_store = TeamPresetStore(library) if library.team else None
        self.reload_evidence()

    def _selected_item(self) -> Item | None:
        index = self.table.currentIndex()
        item = self.model.data(index, ItemRole) if index.isValid() else None
        return item if isinstance(item, Item) else None

    def _my_sources(self) -> list[Source]:
        return [s for s in self.catalogue.sources if s.origin == self.library.origin]

    @Slot()
    def new_source(self) -> None:
        form = SourceForm(self, {s.id for s in self.catalogue.sources})  # type: ignore[arg-type]
        while form.exec() == QDialog.DialogCode.Accepted:
            change = Change("source", form.record(), base=0)
            if self._save([change], "The source could not be saved"):
                if dialogs.confirm(
                    self,  # type: ignore[arg-type]
                    "Source added",
                    f"Added \u201c{form.record()['title']}\u201d. Add an item from it now?",
                ):
                    self.new_item(form.record()["id"])
                break
        form.deleteLater()

    @Slot()
    def new_item(self, source_id: str | None = None) -> None:
        sources = self._my_sources()
        if not sources:
            dialogs.info(
                self,  # type: ignore[arg-type]
                "Add a source first",
                "An item of your own comes from a source of your own: add the report or "
                "dataset it is from with Evidence > New source.",
            )
            return
        selected = self._selected_item()
        if not isinstance(source_id, str):
            source_id = selected.source.id if selected is not None else sources[-1].id
        spec = self.current_spec()
        form = ItemForm(
            self,  # type: ignore[arg-type]
            self.catalogue,
            sources,
            source_id=source_id,
            chosen=(list(spec.regions), list(spec.themes)),
        )
        while form.exec() == QDialog.DialogCode.Accepted:
            change = Change("item", form.record(), form.source_id(), base=0)
            if self._save([change], "The item could not be saved", select=change.id):
                break
        form.deleteLater()

    @Slot()
    def edit_item(self) -> None:
        item = self._selected_item()
        if item is None or item.source.origin != self.library.origin:
            return
        try:
            row = self.library.row("item", item.id)
        except BriefingError as error:
            dialogs.error(self, "The item could not be opened", str(error))  # type: ignore[arg-type]
            return
        self._edit(
            "item",
            row,
            lambda opened: ItemForm(
                self,  # type: ignore[arg-type]
                self.catalogue,
                self._my_sources(),
                record=opened.record,
                source_id=opened.source_id,
            ),
            lambda form, opened: Change(
                "item", form.record(), form.source_id(), opened.retired, base=opened.version
            ),
        )

    def _edit(
        self,
        entity: str,
        row: Row,
        make_form: Callable[[Row], Any],
        change_for: Callable[[Any, Row], Change],
    ) -> None:
        """Edits an item or a source in its form until it is saved or the form is cancelled.
        An edit refused because someone else's change came first says who and when, and
        offers to load their version into the form; kept instead, the user's text replaces
        theirs on the next save, and theirs stays in the history."""
        form = make_form(row)
        while form.exec() == QDialog.DialogCode.Accepted:
            change = change_for(form, row)
            try:
                self.library.write([change])
            except EditConflictError as error:
                self.reload_evidence(change.id)  # the table shows the change that came first
                try:
                    row = self.library.row(entity, change.id)
                except BriefingError as gone:
                    dialogs.error(self, f"The {entity} could not be saved", str(gone))  # type: ignore[arg-type]
                    break
                if dialogs.confirm(
                    self,  # type: ignore[arg-type]
                    f"The {entity} was changed by someone else",
                    f"{error}.\n\nLoad their version into the form? Your changes in the form "
                    "are then lost. No keeps your text: saving it replaces their version, "
                    "which stays in the history.",
                ):
                    form.deleteLater()
                    form = make_form(row)
                continue
            except BriefingError as error:
                dialogs.error(self, f"The {entity} could not be saved", str(error))  # type: ignore[arg-type]
                continue
            self.reload_evidence(change.id if entity == "item" else None)
            break
        form.deleteLater()

    @Slot()
    def edit_source(self) -> None:
        item = self._selected_item()
        if item is None or item.source.origin != self.library.origin:
            return
        try:
            row = self.library.row("source", item.source.id)
        except BriefingError as error:
            dialogs.error(self, "The source could not be opened", str(error))  # type: ignore[arg-type]
            return
        self._edit(
            "source",
            row,
            lambda opened: SourceForm(self, set(), opened.record),  # type: ignore[arg-type]
            lambda form, opened: Change(
                "source", form.record(), retired=opened.retired, base=opened.version
            ),
        )

    @Slot()
    def retire_item(self) -> None:
        item = self._selected_item()
        if item is None or item.source.origin != self.library.origin:
            return
        if not dialogs.confirm(
            self,  # type: ignore[arg-type]
            "Retire item?",
            f"Retire \u201c{item.title}\u201d? It is kept, with its history, and presets that "
            "name it can still say what it was, but it goes in no new pack.",
        ):
            return
        self._change(lambda: self.library.retire(item.id), "The item could not be retired")

    @Slot()
    def bring_back_item(self) -> None:
        """Lists what the library has retired (none of it is in the table): items, and sources
        retired with all their items; brings the chosen one back."""
        try:
            contents = self.library.contents()
        except BriefingError as error:
            dialogs.error(self, "The library could not be read", str(error))  # type: ignore[arg-type]
            return
        retired = {
            f"{row.record.get('title', '')} ({row.id})": (row.id, row.id)
            for row in contents.items.values()
            if row.retired
        }
        for row in contents.sources.values():
            if row.retired:
                first = next((i.id for i in contents.items.values() if i.source_id == row.id), None)
                label = f"Source: {row.record.get('title', '')} ({row.id}), with its items"
                retired[label] = (row.id, first)
        if not retired:
            dialogs.info(self, "Nothing retired", "Nothing in your library is retired.")  # type: ignore[arg-type]
            return
        chosen = dialogs.pick(
            self,  # type: ignore[arg-type]
            "Bring back a retired item",
            "Retired evidence is kept, but goes in no new pack. Bring back:",
            sorted(retired),
        )
        if chosen is None or chosen not in retired:
            return
        entity_id, select = retired[chosen]
        self._change(
            lambda: self.library.retire(entity_id, retired=False),
            "It could not be brought back",
            select=select,
        )

    @Slot()
    def item_history(self) -> None:
        item = self._selected_item()
        if item is None or item.source.origin != self.library.origin:
            return
        try:
            versions = self.library.history(item.id)
        except BriefingError as error:
            dialogs.error(self, "The history could not be read", str(error))  # type: ignore[arg-type]
            return
        dialog = HistoryDialog(
            self,  # type: ignore[arg-type]
            f"\u201c{item.title}\u201d",
            versions,
            lambda number: self._change(
                lambda: self.library.restore(item.id, number),
                "The version could not be restored",
                select=item.id,
            ),
            self.library_refusal,
        )
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def import_evidence(self) -> None:
        path = dialogs.open_path(
            self,  # type: ignore[arg-type]
            "Import evidence",
            _SHEETS,
            self.folders.get("import"),
        )
        if path is None:
            return
        self.folders.remember("import", path)
        library, catalogue = self.library, self.catalogue
        self.statusBar().showMessage(f"Reading {path.name}...")
        # Off the window's thread: a sheet of thousands of rows takes seconds to check.
        run_task(
            lambda: plan_import(path, library, catalogue),
            self._preview_import,
            lambda error: self._failed(error, "The file could not be read"),
        )

    def _preview_import(self, plan: ImportPlan) -> None:
        self.statusBar().clearMessage()
        preview = ImportPreview(self, plan)  # type: ignore[arg-type]
        accepted = preview.exec() == QDialog.DialogCode.Accepted
        preview.deleteLater()
        if not accepted:
            return
        library = self.library
        self.statusBar().showMessage(f"Importing {plan.file.name}...")

        def work() -> tuple[Catalogue, str]:
            run_import(plan, library)
            return load_evidence(library=library)

        def done(loaded: tuple[Catalogue, str]) -> None:
            self._show_loaded(*loaded, select=(plan.added or plan.updated or [None])[0])
            self.statusBar().showMessage(
                f"Imported {plan.file.name}: {len(plan.added)} item(s) added, "
                f"{len(plan.updated)} updated, {len(plan.sources_added)} source(s) added, "
                f"{len(plan.sources_updated)} updated.",
                10000,
            )

        run_task(work, done, lambda error: self._failed(error, "Nothing was imported"))

    def _failed(self, error: BaseException, title: str) -> None:
        self.statusBar().clearMessage()
        if not isinstance(error, BriefingError):
            raise error
        dialogs.error(self, title, str(error))  # type: ignore[arg-type]

    @Slot()
    def save_import_template(self) -> None:
        path = dialogs.save_path(
            self,  # type: ignore[arg-type]
            "Save import template",
            self.folders.get("import") / "evidence-import.xlsx",
            "Excel workbook (*.xlsx);;CSV (*.csv)",
        )
        if path is None:
            return
        self.folders.remember("import", path)
        try:
            write_template(path)
        except BriefingError as error:
            dialogs.error(self, "The template could not be saved", str(error))  # type: ignore[arg-type]
            return
        self.statusBar().showMessage(
            f"Saved the import template {path.name}: fill in a row per item, then use "
            "Evidence > Import evidence.",
            10000,
        )

    @Slot()
    def export_library(self) -> None:
        folder = dialogs.folder_path(
            self,  # type: ignore[arg-type]
            "Export my library to a folder",
            self.folders.get("library-export"),
        )
        if folder is None:
            return
        self.folders.remember("library-export", folder)
        holds_files = any(folder.glob("*.json"))
        if holds_files and not dialogs.confirm(
            self,  # type: ignore[arg-type]
            "Replace files?",
            f"{folder} already holds source files. Replace those of the same name?",
        ):
            return
        try:
            written = export_folder(self.library, folder, force=holds_files)
        except BriefingError as error:
            dialogs.error(self, "The library could not be exported", str(error))  # type: ignore[arg-type]
            return
        dialogs.info(
            self,  # type: ignore[arg-type]
            "Library exported",
            f"Wrote {len(written)} source file(s) to {folder}.",
        )

    def _save(self, changes: list[Change], failure: str, select: str | None = None) -> bool:
        return self._change(lambda: self.library.write(changes), failure, select)

    def _change(self, write, failure: str, select: str | None = None) -> bool:  # type: ignore[no-untyped-def]
        """Makes a change to the library, then shows the evidence as it now is."""
        try:
            write()
        except BriefingError as error:
            dialogs.error(self, failure, str(error))  # type: ignore[arg-type]
            if isinstance(error, EditConflictError):
                self.reload_evidence(select)  # the table shows the change that came first
            return False
        self.reload_evidence(select)
        return True

    @Slot()
    def reload_evidence(self, select: str | None = None) -> None:
        """Loads the evidence again and shows it, keeping ticks, order and the selection; a
        team library offline is tried again."""
        self.library.offline_since = ""
        try:
            catalogue, warning = load_evidence(library=self.library)
        except BriefingError as error:
            dialogs.error(self, "The evidence could not be loaded", str(error))  # type: ignore[arg-type]
            return
        self._show_loaded(catalogue, warning, select)

    def _show_loaded(self, catalogue: Catalogue, warning: str, select: str | None) -> None:
        """Shows evidence just loaded, keeping ticks, order and the selection (or selecting
        `select`)."""
        selected = self._selected_item()
        self.library_refusal = _refusal(self.library)
        self.show_library_state(warning)
        self.use_catalogue(catalogue)
        self.select_item(select or (selected.id if selected else None))
        self.update_evidence_actions()
        self._fill_preset_menus()  # the team's presets too

    def show_library_state(self, warning: str) -> None:
        """Says in the status bar which library the window works from, and whether it is
        offline; any other problem with it in a message."""
        if self.library.offline_since:
            self.library_label.setText(f"{self.library.offline_note()} (F5)")
        elif self.library.team and warning:
            self.library_label.setText(
                "Team library not in use: bundled evidence only (F5 to retry)"
            )
        elif self.library.team:
            read_only = " (read only)" if self.library_refusal else ""
            self.library_label.setText(f"Team library{read_only}: {self.library.where}")
        else:
            self.library_label.setText("")
        if warning and not self.library.offline_since:
            dialogs.error(self, "Your library was left out", warning)  # type: ignore[arg-type]


def _refusal(library: Library) -> str:
    """Why the library cannot be changed; a failure to ask is a reason too."""
    try:
        return library.refusal()
    except BriefingError as error:
        return str(error)
