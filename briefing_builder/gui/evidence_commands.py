"""The window's Evidence menu: the user's own sources and items, added, edited, retired,
restored, imported and exported.

A mixin of MainWindow, as the preset commands are. Every change goes to the library in one
transaction; the window then reloads the evidence and shows it at once, keeping the user's
ticks, order and selection.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QMenu, QStatusBar, QTableView

from briefing_builder.catalogue import Catalogue, Item, Source
from briefing_builder.errors import BriefingError
from briefing_builder.gui import dialogs
from briefing_builder.gui.brief_editor import CitationCheck
from briefing_builder.gui.evidence_forms import HistoryDialog, ImportPreview, ItemForm, SourceForm
from briefing_builder.gui.evidence_model import EvidenceModel, ItemRole
from briefing_builder.gui.workers import run_task
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.store import MY_LIBRARY, Change, Library
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
        menu.addAction(action("&Bring back a retired item...", self.bring_back_item))
        menu.addSeparator()
        menu.addAction(action("I&mport evidence...", self.import_evidence))
        menu.addAction(action("Save import &template...", self.save_import_template))
        menu.addAction(action("E&xport my library...", self.export_library))
        menu.setToolTipsVisible(True)
        self.library_actions: list[QAction] = [
            self.edit_item_action,
            self.edit_source_action,
            self.retire_action,
            self.history_action,
        ]

    def update_evidence_actions(self) -> None:
        """Enables the commands on the selected item when it is the user's own."""
        item = self._selected_item()
        mine = item is not None and item.source.origin == MY_LIBRARY
        why = (
            ""
            if mine
            else "Select an item of your own library: bundled items and folders' cannot be "
            "changed here"
        )
        for created in self.library_actions:
            created.setEnabled(mine)
            created.setToolTip(why)

    def _selected_item(self) -> Item | None:
        index = self.table.currentIndex()
        item = self.model.data(index, ItemRole) if index.isValid() else None
        return item if isinstance(item, Item) else None

    def _my_sources(self) -> list[Source]:
        return [s for s in self.catalogue.sources if s.origin == MY_LIBRARY]

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
        self._run_item_form(form, "The item could not be saved")

    @Slot()
    def edit_item(self) -> None:
        item = self._selected_item()
        if item is None or item.source.origin != MY_LIBRARY:
            return
        try:
            row = self.library.row("item", item.id)
        except BriefingError as error:
            dialogs.error(self, "The item could not be opened", str(error))  # type: ignore[arg-type]
            return
        form = ItemForm(
            self,  # type: ignore[arg-type]
            self.catalogue,
            self._my_sources(),
            record=row.record,
            source_id=row.source_id,
        )
        self._run_item_form(form, "The item could not be saved", row.retired, row.version)

    def _run_item_form(
        self, form: ItemForm, failure: str, retired: bool = False, base: int = 0
    ) -> None:
        """Saves what the form holds, made from version `base` of the item (0: a new one)."""
        while form.exec() == QDialog.DialogCode.Accepted:
            change = Change("item", form.record(), form.source_id(), retired, base=base)
            if self._save([change], failure, select=change.id):
                break
        form.deleteLater()

    @Slot()
    def edit_source(self) -> None:
        item = self._selected_item()
        if item is None or item.source.origin != MY_LIBRARY:
            return
        try:
            row = self.library.row("source", item.source.id)
        except BriefingError as error:
            dialogs.error(self, "The source could not be opened", str(error))  # type: ignore[arg-type]
            return
        form = SourceForm(self, set(), row.record)  # type: ignore[arg-type]
        while form.exec() == QDialog.DialogCode.Accepted:
            change = Change("source", form.record(), retired=row.retired, base=row.version)
            if self._save([change], "The source could not be saved", select=item.id):
                break
        form.deleteLater()

    @Slot()
    def retire_item(self) -> None:
        item = self._selected_item()
        if item is None or item.source.origin != MY_LIBRARY:
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
        if item is None or item.source.origin != MY_LIBRARY:
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
        try:
            written = export_folder(self.library, folder, force=_replace_ok(self, folder))
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
            return False
        self.reload_evidence(select)
        return True

    def reload_evidence(self, select: str | None = None) -> None:
        """Loads the evidence again and shows it, keeping ticks, order and the selection."""
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
        if warning:
            dialogs.error(self, "Your library was left out", warning)  # type: ignore[arg-type]
        self.use_catalogue(catalogue)
        self.select_item(select or (selected.id if selected else None))


def _replace_ok(window: object, folder: Path) -> bool:
    """Whether source files already in the folder may be replaced: asked only when there are."""
    if not any(folder.glob("*.json")):
        return False
    return dialogs.confirm(
        window,  # type: ignore[arg-type]
        "Replace files?",
        f"{folder} already holds source files. Replace those of the same name?",
    )
