"""A long, seeded, random run of user actions through the real window: nothing crashes, no Qt
warning, no unhandled exception, and every export opens.

    uv run pytest tests/gui/test_soak.py --soak-actions 20000 --soak-seed 7
"""

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QThreadPool
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from briefing_builder.gui import dialogs, workers
from briefing_builder.gui.evidence_model import COLUMNS
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.gui.presets_dialog import PresetsDialog
from briefing_builder.gui.progress import ProgressDialog
from briefing_builder.pack.presets import PresetStore

WORDS = ["skills", "green", "productivity", "Midlands", "R&D", "funding", "zzz", ""]
NAMES = ["Trip", "Board", "Bid", "Minister's visit"]
PURPOSES = ["", "Background for the visit.", "For the **board**: [the plan](https://gov.uk)"]


class Soak:
    """The actions a user can take, each a method, chosen at random with a weight."""

    def __init__(
        self,
        window: MainWindow,
        store: PresetStore,
        rng: random.Random,
        folder: Path,
        qtbot,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        self.window = window
        self.monkeypatch = monkeypatch
        self.pool = workers._pool  # the tests' synchronous pool, to go back to
        self.store = store
        self.rng = rng
        self.folder = folder
        self.qtbot = qtbot
        self.exports = 0
        self.errors: list[str] = []
        self.areas = [a.id for a in window.catalogue.areas]
        self.regions = [a.id for a in window.catalogue.areas if a.itl1]
        self.themes = [t.id for t in window.catalogue.themes]
        self.actions: list[tuple[int, Callable[[], None]]] = [
            (12, self.tick_region),
            (6, self.click_map),
            (10, self.tick_theme),
            (3, self.tick_kind),
            (2, self.toggle_wider),
            (8, self.exclude),
            (6, self.move),
            (2, self.sort),
            (5, self.filter),
            (8, self.option),
            (8, self.write),
            (8, self.undo),
            (5, self.redo),
            (2, self.save_as),
            (2, self.save),
            (2, self.load),
            (2, self.manage),
            (1, self.export_docx),
            (1, self.export_pdf),
            (1, self.preview),
            (1, self.batch),
            (1, self.print_to_file),
        ]

    def answer(self, *options):
        return self.rng.choice(options)

    def step(self) -> str:
        weights = [w for w, _ in self.actions]
        action = self.rng.choices([a for _, a in self.actions], weights)[0]
        action()
        return action.__name__

    # Choosing

    def tick_region(self) -> None:
        self.window.regions.set_checked(self.rng.choice(self.areas), self.rng.random() < 0.6)

    def click_map(self) -> None:
        self.window.map.view.toggled.emit(self.rng.choice(self.regions), self.rng.random() < 0.6)

    def tick_theme(self) -> None:
        self.window.themes.set_checked(self.rng.choice(self.themes), self.rng.random() < 0.6)

    def tick_kind(self) -> None:
        box = self.rng.choice(list(self.window.kinds.values()))
        box.setChecked(not box.isChecked())

    def toggle_wider(self) -> None:
        self.window.wider.setChecked(not self.window.wider.isChecked())

    def exclude(self) -> None:
        model = self.window.model
        if model.rowCount():
            row = self.rng.randrange(model.rowCount())
            state = self.rng.choice([Qt.CheckState.Checked, Qt.CheckState.Unchecked])
            model.setData(model.index(row, 0), state.value, Qt.ItemDataRole.CheckStateRole)
        elif self.window.include_all.isEnabled():
            self.window.include_all.click()

    def move(self) -> None:
        if self.window.model.rowCount():
            self.window.table.selectRow(self.rng.randrange(self.window.model.rowCount()))
            self.rng.choice([self.window.up, self.window.down]).click()

    def sort(self) -> None:
        self.window._sort(self.rng.randrange(len(COLUMNS)))

    def filter(self) -> None:
        self.window.filter.setText(self.rng.choice(WORDS))

    def option(self) -> None:
        options = self.window.options
        choice = self.rng.randrange(6)
        if choice == 0:
            options.title.setText(self.rng.choice(["", "Visit brief", "Board: {region}"]))
        elif choice == 1:
            options.marking.setCurrentIndex(self.rng.randrange(options.marking.count()))
        elif choice == 2:
            options.template.setCurrentIndex(self.rng.randrange(options.template.count()))
        elif choice == 3:
            options.group_by.setCurrentIndex(self.rng.randrange(options.group_by.count()))
        elif choice == 4:
            box = self.rng.choice(list(options.sections.values()))
            box.setChecked(not box.isChecked())
        else:
            options.date.setDate(QDate(2026, self.rng.randint(1, 12), self.rng.randint(1, 28)))

    def write(self) -> None:
        """Writes the brief: the purpose, a few words in a section, a citation, a draft."""
        brief = self.window.brief
        choice = self.rng.randrange(5)
        if choice == 0:
            brief.sections["purpose"].setPlainText(self.rng.choice(PURPOSES))
        elif choice == 1:
            editor = self.rng.choice(list(brief.sections.values()))
            editor.insertPlainText(self.rng.choice(["- ", "1. ", "**", "\n\n", *WORDS]) + " ")
        elif choice == 2:
            if brief.cite_button.isEnabled():
                brief.cite_button.click()
        elif choice == 3:
            if brief.draft_button.isEnabled():
                brief.draft_button.click()
        else:
            line = self.rng.choice([brief.contact, brief.cleared_by])
            line.setText(self.rng.choice(["", "A. Official", "B. Director, 2 December 2026"]))

    def undo(self) -> None:
        self.window.undo_action.trigger()

    def redo(self) -> None:
        self.window.redo_action.trigger()

    # Presets

    def save_as(self) -> None:
        self.window.save_preset_as()

    def save(self) -> None:
        self.window.save_preset()

    def load(self) -> None:
        entries = self.store.entries()
        if entries:
            self.window.load_preset(self.rng.choice(entries).name)
        for action in self.window.recent_menu.actions()[:1]:
            action.trigger()

    def manage(self) -> None:
        dialog = PresetsDialog(
            self.store, self.window.load_preset, self.window.folders, self.window
        )
        dialog.renamed.connect(self.window._preset_renamed)
        dialog.deleted.connect(self.window._preset_deleted)
        self.rng.choice([dialog.rename, dialog.delete, dialog.restore, dialog.duplicate])()
        dialog.deleteLater()

    # Output

    def _exportable(self) -> bool:
        return self.window.export_pdf.isEnabled()

    def export_docx(self) -> None:
        if self._exportable():
            target = self.folder / f"pack-{self.exports}.docx"
            self.monkeypatch.setattr(dialogs, "save_path", lambda *args: target)
            self.window.export_word.trigger()
            assert target.exists(), self.errors[-1:]
            assert Document(str(target)).paragraphs, "the Word pack opens"
            self.exports += 1

    def export_pdf(self) -> None:
        if self._exportable():
            target = self.folder / f"pack-{self.exports}.pdf"
            self.monkeypatch.setattr(dialogs, "save_path", lambda *args: target)
            self.window.export_pdf.trigger()
            assert target.exists(), self.errors[-1:]
            assert PdfReader(target).pages, "the PDF pack opens"
            self.exports += 1

    def preview(self) -> None:
        if self._exportable():
            self.window.preview.timer.timeout.emit()

    def batch(self) -> None:
        """Starts a batch on real threads and cancels it with the progress dialog's Cancel."""
        if not (self._exportable() and self.window.regions.chosen()):
            return
        workers.set_pool(QThreadPool.globalInstance())
        try:
            self.window.each_region.trigger()
            for dialog in self.window.findChildren(ProgressDialog):
                dialog.cancel()
            self.qtbot.waitUntil(lambda: not self.window.exporter.busy(), timeout=60000)
            QThreadPool.globalInstance().waitForDone(30000)
            self.qtbot.waitUntil(lambda: workers.tasks_running() == 0, timeout=10000)
        finally:
            workers.set_pool(self.pool)
        for path in self.folder.glob("batch/*.pdf"):
            assert PdfReader(path).pages, "every pack the batch wrote opens"

    def print_to_file(self) -> None:
        if self._exportable():
            printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            target = self.folder / f"printed-{self.exports}.pdf"
            printer.setOutputFileName(str(target))
            self.window.exporter.print_to(printer)
            assert PdfReader(target).pages, "the printed file opens"
            self.exports += 1


def test_a_long_random_session_never_crashes(
    window: MainWindow,
    store: PresetStore,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    qtbot,
    request: pytest.FixtureRequest,
) -> None:
    actions = request.config.getoption("--soak-actions")
    rng = random.Random(request.config.getoption("--soak-seed"))
    soak = Soak(window, store, rng, tmp_path, qtbot, monkeypatch)
    (tmp_path / "batch").mkdir()
    monkeypatch.setattr(dialogs, "save_path", lambda *args: tmp_path / "x.pdf")
    monkeypatch.setattr(dialogs, "exported", lambda *args: "")
    monkeypatch.setattr(dialogs, "info", lambda *args: None)
    monkeypatch.setattr(dialogs, "error", lambda *args: soak.errors.append(args[-1]))
    monkeypatch.setattr(dialogs, "confirm", lambda *args: soak.answer(True, False))
    monkeypatch.setattr(dialogs, "text", lambda *args: soak.answer(*NAMES, None))
    monkeypatch.setattr(dialogs, "choose", lambda _p, _t, _l, options: soak.answer(*options, None))
    monkeypatch.setattr(dialogs, "pick", lambda _p, _t, _l, options: soak.answer(*options, None))
    monkeypatch.setattr(dialogs, "replace_text", lambda *args: soak.answer(True, False))
    monkeypatch.setattr(
        dialogs, "unsaved_changes", lambda *args: soak.answer("save", "discard", "")
    )
    monkeypatch.setattr(dialogs, "existing_files", lambda *args: soak.answer("replace", "skip", ""))
    monkeypatch.setattr(dialogs, "folder_path", lambda *args: tmp_path / "batch")
    window.show()
    done: dict[str, int] = {}
    for number in range(actions):
        name = soak.step()
        done[name] = done.get(name, 0) + 1
        if number % 50 == 0:
            QApplication.processEvents()
        assert window.model.rowCount() >= window.model.included_count()
        assert window.windowTitle().endswith("[*] - Briefing Builder")
    print(f"{actions} actions, seed {request.config.getoption('--soak-seed')}: {done}")
    assert soak.exports > 0
    assert set(done) == {action.__name__ for _, action in soak.actions}
