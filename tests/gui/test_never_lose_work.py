"""The window never crashes, never freezes and never loses work (issue 10), driven for real."""

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QThreadPool
from PySide6.QtGui import QAccessible, QGuiApplication, QKeySequence
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget

from briefing_builder.catalogue import Catalogue
from briefing_builder.gui import dialogs, workers
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.gui.presets_dialog import PresetsDialog
from briefing_builder.gui.progress import ProgressDialog
from briefing_builder.pack import PackSpec
from briefing_builder.pack.presets import PresetStore
from tests.gui.writing import write_purpose


def shown_title(window: MainWindow) -> str:
    return window.windowTitle().replace("[*]", "*" if window.isWindowModified() else "")


@pytest.fixture
def real_pool(qtbot) -> Iterator[None]:
    """Work runs on real worker threads, as in the app."""
    workers.set_pool(QThreadPool.globalInstance())
    yield
    QThreadPool.globalInstance().waitForDone(30000)
    qtbot.waitUntil(lambda: workers.tasks_running() == 0, timeout=10000)


def run_script(body: str, tmp_path: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    """Runs a script against the real window in a fresh process, with real threads."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-X", "faulthandler", str(script)],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "BRIEFING_BUILDER_HOME": str(tmp_path / "home"),
        },
    )


WINDOW = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from briefing_builder.catalogue import load_catalogue
from briefing_builder.gui import dialogs
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.pack.presets import PresetStore
from briefing_builder.resources import presets_dir
app = QApplication(sys.argv)
dialogs.unsaved_changes = lambda *args: "discard"
dialogs.confirm = lambda *args: print("asked", args[1], flush=True) or True
window = MainWindow(load_catalogue(), PresetStore(presets_dir()))
window.show()
window.regions.set_checked("west-midlands", True)
window.brief.sections["purpose"].setPlainText("Background for the visit.")
def close_dialogs():
    for top in QApplication.topLevelWidgets():
        if top is not window and top.isVisible():
            print("closed", type(top).__name__, flush=True)
            top.close()
"""


# Crashes and freezes


@pytest.mark.slow
def test_print_preview_with_no_printer_opens_and_closes_without_crashing(tmp_path: Path) -> None:
    result = run_script(
        WINDOW
        + """
QTimer.singleShot(100, window.preview_action.trigger)
QTimer.singleShot(6000, close_dialogs)
QTimer.singleShot(7000, window.close)
app.exec()
print("quit cleanly")
""",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "closed QPrintPreviewDialog" in result.stdout
    assert "quit cleanly" in result.stdout


@pytest.mark.slow
def test_quitting_after_printing_and_managing_presets_never_crashes(tmp_path: Path) -> None:
    result = run_script(
        WINDOW
        + """
from PySide6.QtPrintSupport import QPrinter
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.gui.presets_dialog import PresetsDialog
from briefing_builder.gui.printing import new_printer
PresetsDialog.exec = lambda self: 0
dialogs.text = lambda *args: "Trip"
window.save_preset_as()
window.manage_presets()
printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
printer.setOutputFileName(str(__import__("pathlib").Path(sys.argv[0]).with_name("p.pdf")))
window.exporter.print_to(printer)
QTimer.singleShot(50, window.close)
app.exec()
print("quit cleanly")
""",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "shared QObject was deleted" not in result.stderr
    assert "quit cleanly" in result.stdout


@pytest.mark.slow
def test_typing_proc_in_the_file_dialog_does_not_hang(tmp_path: Path) -> None:
    result = run_script(
        """
import sys, time
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from briefing_builder.gui import dialogs
app = QApplication(sys.argv)
ticks = []
timer = QTimer(interval=200)
timer.timeout.connect(lambda: ticks.append(time.monotonic()))
timer.start()
def type_proc():
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    QTest.keyClicks(dialog.findChild(QLineEdit), "/proc/")
    QTimer.singleShot(3000, dialog.reject)
QTimer.singleShot(300, type_proc)
dialogs.open_path(None, "Open a pack", "Packs (*.docx *.pdf)", Path.home())
print("ticks", len(ticks))
""",
        tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    ticks = int(result.stdout.split("ticks")[-1])
    assert ticks >= 10, "the event loop stopped while the dialog listed /proc"


def test_printing_runs_on_a_worker_with_progress_and_says_where_it_went(
    window: MainWindow, real_pool: None, tmp_path: Path, qtbot
) -> None:
    window.regions.set_checked("west-midlands", True)
    write_purpose(window)
    window.preview.cancel()
    # Screen resolution keeps the test quick; the app prints at the printer's (up to 600 dpi).
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    window.exporter.print_to(printer)
    # The call returns at once: the window is free while pages render.
    assert window.exporter.busy() == ["printing to printed.pdf"]
    assert window.findChildren(ProgressDialog)
    qtbot.waitUntil(lambda: not window.exporter.busy(), timeout=60000)
    pages = len(PdfReader(printed).pages)
    assert pages >= 3
    assert window.statusBar().currentMessage() == f"Sent {pages} page(s) to printed.pdf."


def test_with_no_printer_print_writes_a_pdf_file_and_says_so(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from briefing_builder.gui import exporter

    window.regions.set_checked("wales", True)
    write_purpose(window)
    monkeypatch.setattr(exporter, "printer_installed", lambda: False)
    target = tmp_path / "wales print.pdf"
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "save_path", lambda parent, title, *args: asked.append(title) or target
    )
    offered: list[list[Path]] = []
    monkeypatch.setattr(dialogs, "exported", lambda parent, paths: offered.append(paths) or "")
    messages: list[str] = []
    window.exporter.message.connect(lambda text, _ms: messages.append(text))
    window.print_action.trigger()
    assert asked == ["No printer: print to a PDF file"]
    assert exporter.NO_PRINTER in messages
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Wales" in text, "the real pack, text and all"
    assert offered == [[target]]
    assert target.name in window.last_label.text()


def test_closing_during_a_batch_asks_then_cancels_it_cleanly(
    window: MainWindow, real_pool: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qtbot
) -> None:
    regions = [a.id for a in window.catalogue.areas if a.kind == "region"]
    window.regions.set_chosen(regions)
    write_purpose(window)
    monkeypatch.setattr(dialogs, "folder_path", lambda *args: tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda parent, title, text: shown.append(title))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda parent, title, q: asked.append(q) or True)
    window.each_region.trigger()
    assert window.exporter.busy()
    assert window.close()
    assert f"writing {len(regions)} packs, one per region" in asked[0]
    assert not window.exporter.busy()
    assert shown == [], "no summary pops up over a closing window"
    assert len(list(tmp_path.glob("*.pdf"))) < len(regions)
    assert not [p for p in tmp_path.iterdir() if p.suffix != ".pdf"], "no half-written file"


# Batches


def test_a_batch_into_a_folder_with_packs_asks_once_and_reports_every_region(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window.regions.set_chosen(["wales", "scotland", "north-east"])
    write_purpose(window)
    monkeypatch.setattr(dialogs, "folder_path", lambda *args: tmp_path)
    reports: list[tuple[str, str]] = []
    monkeypatch.setattr(dialogs, "info", lambda parent, title, text: reports.append((title, text)))
    window.each_region.trigger()
    assert reports[-1][0] == "One pack per region: 3 written"
    wales = next(tmp_path.glob("*Wales*.pdf"))
    before = wales.stat().st_mtime_ns
    asked: list[list[str]] = []
    monkeypatch.setattr(dialogs, "existing_files", lambda parent, names: asked.append(names) or "")
    window.each_region.trigger()
    assert len(asked) == 1, "asked once"
    assert len(asked[0]) == 3, "naming every existing pack"
    assert len(reports) == 1, "cancel writes nothing and reports nothing"
    next(tmp_path.glob("*Scotland*.pdf")).unlink()
    monkeypatch.setattr(dialogs, "existing_files", lambda parent, names: "skip")
    window.each_region.trigger()
    title, lines = reports[-1]
    assert title == "One pack per region: 1 written, 2 skipped"
    assert "Wales: skipped" in lines
    assert "Scotland: written" in lines
    assert wales.stat().st_mtime_ns == before
    monkeypatch.setattr(dialogs, "existing_files", lambda parent, names: "replace")
    window.each_region.trigger()
    assert reports[-1][0] == "One pack per region: 3 written"


def test_a_cancelled_batch_says_which_regions_were_not_written(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    from briefing_builder.gui.batch import RegionBatch, summary
    from briefing_builder.gui.workers import Progress

    class CancelAfterTheFirst(Progress):
        def report(self, done: int, total: int | None = None, label: str | None = None) -> None:
            if done == 1:
                self.cancel()
            super().report(done, total, label)

    spec = PackSpec(regions=("wales", "scotland", "north-east"), purpose="For the board.")
    batch = RegionBatch.plan(spec, catalogue, tmp_path, None)
    outcomes = batch.run(catalogue, CancelAfterTheFirst(), skip_existing=False)
    title, lines = summary(outcomes)
    assert title == "One pack per region: 1 written, 2 not written"
    assert lines.splitlines()[1:] == [
        "Scotland: not written, the batch was cancelled",
        "North East: not written, the batch was cancelled",
    ]
    assert [p.name for p in tmp_path.iterdir()] == [batch.targets[0][2].name]


def test_the_progress_dialog_keeps_its_size_whatever_it_says(window: MainWindow, qtbot) -> None:
    from briefing_builder.gui.workers import Progress

    progress = Progress(label="Writing a.pdf...")
    dialog = ProgressDialog(window, "One pack per region", progress)
    dialog.show()
    width = dialog.width()
    progress.report(1, 3, "Writing " + "a very long region name " * 12 + ".pdf (2 of 3)")
    qtbot.wait(250)
    assert dialog.width() == width
    dialog.finish()


# Never lose work


def test_loading_a_preset_over_unsaved_changes_asks_first(
    window: MainWindow, store: PresetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save("Wales", PackSpec(regions=("wales",)))
    window.load_preset("Wales")
    assert shown_title(window) == "Wales - Briefing Builder"
    window.regions.set_checked("scotland", True)
    assert shown_title(window) == "Wales* - Briefing Builder"
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "unsaved_changes", lambda parent, question: asked.append(question) or ""
    )
    store.save("North", PackSpec(regions=("north-east",)))
    window.load_preset("North")
    assert "load the preset 'North'" in asked[0]
    assert window.regions.chosen() == ["scotland", "wales"] or set(window.regions.chosen()) == {
        "wales",
        "scotland",
    }
    monkeypatch.setattr(dialogs, "unsaved_changes", lambda *args: "discard")
    window.load_preset("North")
    assert window.regions.chosen() == ["north-east"]
    assert shown_title(window) == "North - Briefing Builder"
    window.regions.set_checked("north-east", False)
    window.regions.set_checked("north-east", True)
    assert shown_title(window) == "North - Briefing Builder", "back as saved: not modified"


def test_undo_and_redo_every_kind_of_change(window: MainWindow, qtbot) -> None:
    start = window.current_spec()
    window.regions.set_checked("west-midlands", True)
    window.themes.set_checked("green-transition", True)
    window.kinds["statistic"].setChecked(False)
    assert window.model.rowCount() > 3
    window.model.setData(
        window.model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    window.table.selectRow(1)
    window.down.click()
    window.wider.setChecked(False)
    qtbot.keyClicks(window.filter, "green")
    window.options.marking.setCurrentIndex(window.options.marking.findData("OFFICIAL-SENSITIVE"))
    changed = window.current_spec()
    # Typing "green" is one change, not five.
    texts = [window.undo_stack.text(i) for i in range(window.undo_stack.count())]
    assert len(texts) == 8, texts
    assert window.undo_action.text() == "&Undo change of marking"
    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Shift+Z") in window.redo_action.shortcuts()
    edit_menu = window.menuBar().actions()[1].menu()
    assert window.undo_action in edit_menu.actions()
    for _ in range(8):
        window.undo_action.trigger()
    assert window.current_spec() == start
    for _ in range(8):
        window.redo_action.trigger()
    assert window.current_spec() == changed
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert window.filter.text() == ""
    assert window.options.marking.currentData() == "OFFICIAL"


def test_unticking_every_kind_can_be_undone(window: MainWindow) -> None:
    for box in window.kinds.values():
        box.setChecked(False)
    assert window.model.rowCount() == 0
    window.undo_stack.undo()
    assert window.kinds["statistic"].isChecked()
    assert window.model.rowCount() > 0


def test_renaming_and_deleting_presets_update_recent_and_the_title(
    window: MainWindow, store: PresetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save("Trip", PackSpec(regions=("wales",)))
    store.save("Board", PackSpec(regions=("scotland",)))
    window.load_preset("Board")
    window.load_preset("Trip")
    dialog = PresetsDialog(store, window.load_preset, window.folders, window)
    dialog.renamed.connect(window._preset_renamed)
    dialog.deleted.connect(window._preset_deleted)
    dialog.fill("Trip")
    monkeypatch.setattr(dialogs, "text", lambda *args: "Minister's visit")
    dialog.rename()
    recent = [a.text() for a in window.recent_menu.actions()]
    assert recent == ["Minister's visit", "Board"]
    assert shown_title(window) == "Minister's visit - Briefing Builder"
    dialog.fill("Minister's visit")
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    dialog.delete()
    assert [a.text() for a in window.recent_menu.actions()] == ["Board"]
    assert shown_title(window) == "Unsaved choices* - Briefing Builder"
    monkeypatch.setattr(dialogs, "choose", lambda parent, title, label, options: options[0])
    dialog.restore()
    assert store.exists("Minister's visit")
    dialog.deleteLater()


def test_a_preset_deleted_by_another_program_leaves_recent(
    window: MainWindow, store: PresetStore
) -> None:
    store.save("Trip", PackSpec(regions=("wales",)))
    window.load_preset("Trip")
    store.delete("Trip")
    window._fill_preset_menus()
    assert window.recent_menu.actions() == []


def test_restore_deleted_offers_the_list_and_a_description_can_be_set(
    window: MainWindow, store: PresetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save("Trip", PackSpec(regions=("wales",)))
    store.save("Board", PackSpec(regions=("scotland",)))
    store.delete("Trip")
    store.delete("Board")
    dialog = PresetsDialog(store, window.load_preset, window.folders, window)
    offered: list[list[str]] = []
    monkeypatch.setattr(
        dialogs,
        "choose",
        lambda parent, title, label, options: offered.append(options) or "Trip",
    )
    dialog.restore()
    assert offered == [["Board", "Trip"]]
    assert [e.name for e in store.entries()] == ["Trip"]
    monkeypatch.setattr(dialogs, "long_text", lambda *args: "For the minister's visit in May")
    dialog.fill("Trip")
    dialog.describe()
    assert store.load("Trip").description == "For the minister's visit in May"
    assert "For the minister's visit in May" in dialog.details.text()
    store.save("Trip", PackSpec(regions=("wales", "scotland")), replace=True)
    assert store.load("Trip").description == "For the minister's visit in May"
    dialog.deleteLater()


def test_window_and_session_settings_stay_in_the_apps_home(
    catalogue: Catalogue, store: PresetStore, home: Path, qtbot
) -> None:
    window = MainWindow(catalogue, store)
    qtbot.addWidget(window)
    window.regions.set_checked("wales", True)
    window.settings.sync()
    assert Path(window.settings.fileName()) == home / "settings.ini"
    assert "wales" in (home / "settings.ini").read_text(encoding="utf-8")


@pytest.mark.slow
def test_qt_file_dialog_history_stays_in_the_apps_home_too(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    script = tmp_path / "dialog.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import sys
            from pathlib import Path
            from PySide6.QtCore import QEvent, QTimer
            from PySide6.QtWidgets import QApplication, QFileDialog
            from briefing_builder.gui import dialogs
            from briefing_builder.gui.app import keep_qt_settings_home
            app = QApplication(sys.argv)
            keep_qt_settings_home()
            def close():
                for widget in app.topLevelWidgets():
                    if isinstance(widget, QFileDialog):
                        widget.reject()
            QTimer.singleShot(300, close)
            print(dialogs.open_path(None, "Open", "Packs (*.pdf)", Path({str(tmp_path)!r})))
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(user),
            "XDG_CONFIG_HOME": str(user / ".config"),
            "BRIEFING_BUILDER_HOME": str(tmp_path / "home"),
        },
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert list((tmp_path / "home").rglob("QtProject.conf")), "Qt's dialog history went home"
    assert not list(user.rglob("*")), "nothing written outside the app's home"


# Layout and ease


def test_the_first_window_fits_the_screen_and_a_saved_place_off_screen_is_ignored(
    catalogue: Catalogue, store: PresetStore, settings: QSettings, qtbot
) -> None:
    area = QGuiApplication.primaryScreen().availableGeometry()
    window = MainWindow(catalogue, store, settings)
    qtbot.addWidget(window)
    assert window.width() <= area.width()
    assert window.height() <= area.height()
    assert window.width() >= area.width() * 0.8
    assert window.minimumSizeHint().height() <= 540 - 60, "fits a 1080p screen at 200%"
    window.move(area.right() + 3000, 10)
    window.close()
    again = MainWindow(catalogue, store, settings)
    qtbot.addWidget(again)
    assert area.contains(again.frameGeometry().center())


def test_the_preview_zooms_and_the_map_shows_beside_it(window: MainWindow, qtbot) -> None:
    window.regions.set_checked("wales", True)
    window.show()
    with qtbot.waitSignal(window.preview.rendered, timeout=20000):
        window.preview.timer.timeout.emit()
    preview = window.preview
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    fitted = preview.zoom_factor()
    preview.zoom_actions["in"].trigger()
    assert preview.view.zoomFactor() == pytest.approx(fitted * 1.25)
    preview.zoom_actions["out"].trigger()
    preview.zoom_actions["out"].trigger()
    assert preview.view.zoomFactor() == pytest.approx(fitted / 1.25)
    assert "%" in preview.zoom_label.text()
    preview.zoom_actions["page"].trigger()
    assert preview.view.zoomMode() == QPdfView.ZoomMode.FitInView
    assert preview.zoom_label.text().strip() == "fit page"
    assert window.preview.isVisible()
    assert window.map.isVisible()


def test_tab_walks_the_window_in_reading_order_and_every_control_has_a_name(
    window: MainWindow, qtbot
) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.regions.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.regions.search)
    visited: list[QWidget] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        assert focused is not None
        visited.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    order = [
        window.regions.search,
        window.regions.tree,
        window.regions.all_button,
        window.themes.view,
        window.filter,
        window.table,
        window.up,
        window.detail,
    ]
    positions = [visited.index(widget) for widget in order]
    assert positions == sorted(positions), [type(w).__name__ for w in visited]
    assert visited[1] is window.regions.tree
    unnamed = []
    for widget in window.findChildren(QWidget):
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
            if not name.strip():
                unnamed.append(f"{type(widget).__name__} in {type(widget.parent()).__name__}")
    assert unnamed == []


def test_with_every_section_off_export_and_print_are_off_and_say_why(window: MainWindow) -> None:
    window.regions.set_checked("wales", True)
    write_purpose(window)
    for box in window.options.sections.values():
        box.setChecked(False)
    for action in window.pack_actions:
        assert not action.isEnabled()
        assert "Every section is turned off" in action.toolTip()
    assert "Every section is turned off" in window.blocked_label.text()
    window.options.sections["key-facts"].setChecked(True)
    window.kinds["statistic"].setChecked(False)
    assert not window.export_pdf.isEnabled(), "no statistic to fill the key facts"
    assert "has a place in this pack's sections" in window.export_pdf.toolTip()
    window.options.sections["evidence"].setChecked(True)
    assert window.export_pdf.isEnabled()
    assert window.blocked_label.isHidden()


def test_file_dialogs_start_where_the_user_last_saved_or_opened(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    exports, packs = tmp_path / "exports", tmp_path / "packs"
    exports.mkdir()
    packs.mkdir()
    window.regions.set_checked("wales", True)
    write_purpose(window)
    monkeypatch.setattr(dialogs, "save_path", lambda *args: exports / "wales.pdf")
    monkeypatch.setattr(dialogs, "exported", lambda *args: "")
    window.export_pdf.trigger()
    assert window.exporter.suggested_name("docx").parent == exports
    started: list[Path] = []
    monkeypatch.setattr(
        dialogs, "open_path", lambda parent, title, filters, folder: started.append(folder)
    )
    window.preset_from_pack()
    assert started == [Path.home()]
    window.folders.remember("open", packs / "old.pdf")
    window.preset_from_pack()
    assert started[-1] == packs


def test_the_count_says_what_the_user_left_out_and_that_the_filter_narrows_the_pack(
    window: MainWindow,
) -> None:
    window.regions.set_checked("wales", True)
    total = window.model.rowCount()
    window.model.setData(
        window.model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert window.count.text() == f"{total - 1} of {total} included (1 left out by you)"
    window.regions.set_checked("wales", False)
    window.regions.set_checked("scotland", True)
    window.regions.set_checked("scotland", False)
    window.regions.set_checked("wales", True)
    assert "1 left out by you" in window.count.text()
    window.include_all.click()
    assert window.count.text() == f"{total} of {total} included"
    window.filter.setText("skills")
    assert "narrowed by the filter" in window.count.text()
    assert "pack" in window.filter.placeholderText()


def test_help_has_a_user_guide_and_the_shortcuts(window: MainWindow) -> None:
    from briefing_builder.gui.help import shortcuts_html, user_guide_html

    assert "Presets" in user_guide_html()
    shortcuts = shortcuts_html(window)
    for words in ("Undo", "Ctrl+Z", "Export PDF", "Ctrl+Shift+E", "Zoom in"):
        assert words in shortcuts
