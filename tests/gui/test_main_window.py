"""Full flows through the real window: choose, review, export, save and load presets, print."""

import json
import os
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtPrintSupport import QPrinter

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import PackError
from briefing_builder.gui import dialogs
from briefing_builder.gui.evidence_model import COLUMNS, EvidenceModel, ItemRole
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.gui.presets_dialog import PresetsDialog
from briefing_builder.pack import PackSpec
from briefing_builder.pack.presets import PresetStore
from tests.gui.writing import write_purpose


def shown_title(window: MainWindow) -> str:
    """The title as the window manager shows it: Qt's "[*]" becomes "*" when modified."""
    return window.windowTitle().replace("[*]", "*" if window.isWindowModified() else "")


def shown_ids(window: MainWindow) -> list[str]:
    model = window.model
    return [model.data(model.index(row, 0), ItemRole).id for row in range(model.rowCount())]


def choose_west_midlands_green(window: MainWindow) -> None:
    window.regions.set_checked("west-midlands", True)
    window.themes.set_checked("green-transition", True)


def test_choosing_west_midlands_and_a_theme_shows_the_matching_evidence(
    window: MainWindow, catalogue: Catalogue
) -> None:
    choose_west_midlands_green(window)
    expected = [h.item.id for h in catalogue.query(["west-midlands"], ["green-transition"])]
    assert shown_ids(window) == expected
    assert "midlands-engine-priorities-13" in expected
    assert window.count.text() == f"{len(expected)} of {len(expected)} included"
    assert "CABLED" in window.detail.toPlainText()
    assert "sustainabilitywestmidlands" in window.detail.toHtml()


def test_the_region_search_filters_the_tree(window: MainWindow) -> None:
    window.regions.search.setText("midl")
    proxy = window.regions.proxy
    shown = [
        proxy.index(r, 0, proxy.index(b, 0)).data()
        for b in range(proxy.rowCount())
        for r in range(proxy.rowCount(proxy.index(b, 0)))
    ]
    assert set(shown) == {"East Midlands", "West Midlands", "The Midlands"}


def test_select_all_and_none_tick_every_theme(
    window: MainWindow, catalogue: Catalogue, qtbot
) -> None:
    buttons = {b.text(): b for b in window.themes.findChildren(type(window.up))}
    qtbot.mouseClick(buttons["Select all"], Qt.MouseButton.LeftButton)
    assert window.themes.chosen() == [t.id for t in catalogue.themes]
    qtbot.mouseClick(buttons["Select none"], Qt.MouseButton.LeftButton)
    assert window.themes.chosen() == []


def test_an_unticked_item_is_left_out_of_the_exported_pdf(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_west_midlands_green(window)
    write_purpose(window)
    row = shown_ids(window).index("midlands-engine-priorities-13")
    window.model.setData(
        window.model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    total = window.model.rowCount()
    assert window.count.text() == f"{total - 1} of {total} included (1 left out by you)"
    target = tmp_path / "wm.pdf"
    monkeypatch.setattr(dialogs, "save_path", lambda *args: target)
    monkeypatch.setattr(dialogs, "exported", lambda *args: "")
    window.export_pdf.trigger()
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Green growth depends on investment" in text
    assert "CABLED" not in text
    assert target.name in window.last_label.text()


def test_export_errors_are_shown_not_raised(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_west_midlands_green(window)
    write_purpose(window)
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "save_path", lambda *args: tmp_path / "missing folder" / "wm.docx")
    monkeypatch.setattr(dialogs, "error", lambda parent, title, message: shown.append(message))
    window.export_word.trigger()
    assert shown
    assert "does not exist" in shown[0]


def test_with_nothing_included_export_and_print_are_off_and_say_why(window: MainWindow) -> None:
    assert window.model.rowCount() > 0
    window.regions.set_checked("wales", True)
    window.filter.setText("no such words at all")
    assert window.model.rowCount() == 0
    assert not window.export_pdf.isEnabled()
    assert "Nothing is included" in window.export_pdf.toolTip()
    assert "Nothing matches these choices" in window.detail.toPlainText()


def test_a_saved_preset_brings_every_choice_back_in_a_new_window(
    window: MainWindow,
    catalogue: Catalogue,
    store: PresetStore,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,
) -> None:
    choose_west_midlands_green(window)
    window.regions.set_checked("north", True)
    window.kinds["statistic"].setChecked(False)
    window.wider.setChecked(False)
    window.model.setData(
        window.model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )
    window.table.selectRow(1)
    window.down.click()
    window.options.title.setText("Green jobs: West Midlands and the North")
    write_purpose(window, "Board meeting")
    window.options.marking.setCurrentIndex(window.options.marking.findData("OFFICIAL-SENSITIVE"))
    window.options.template.setCurrentIndex(window.options.template.findData("plain"))
    window.options.group_by.setCurrentIndex(window.options.group_by.findData("region"))
    window.options.sections["about"].setChecked(False)
    monkeypatch.setattr(dialogs, "text", lambda *args: "Green jobs")
    window.save_preset()
    saved = window.current_spec()

    other = MainWindow(
        catalogue,
        store,
        QSettings(
            str(Path(settings.fileName()).with_name("other.ini")), QSettings.Format.IniFormat
        ),
    )
    qtbot.addWidget(other)
    assert other.current_spec() != saved
    other.load_preset("green jobs")
    assert other.current_spec() == saved
    assert shown_ids(other) == shown_ids(window)
    assert shown_title(other) == "Green jobs - Briefing Builder"


def test_after_a_crash_the_unsaved_choices_come_back_marked_unsaved(
    window: MainWindow, catalogue: Catalogue, store: PresetStore, settings: QSettings, qtbot
) -> None:
    choose_west_midlands_green(window)
    window.options.author.setText("A. Official")
    # No close: the app died. The next start finds the choices, not yet saved anywhere.
    again = MainWindow(catalogue, store, settings)
    qtbot.addWidget(again)
    assert again.regions.chosen() == ["west-midlands"]
    assert again.themes.chosen() == ["green-transition"]
    assert again.options.author.text() == "A. Official"
    assert shown_title(again) == "Unsaved choices* - Briefing Builder"


def test_quitting_with_unsaved_choices_asks_and_saving_keeps_them(
    window: MainWindow,
    catalogue: Catalogue,
    store: PresetStore,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,
) -> None:
    choose_west_midlands_green(window)
    asked: list[str] = []

    def answer(parent, question):
        asked.append(question)
        return "" if len(asked) == 1 else "save"

    monkeypatch.setattr(dialogs, "unsaved_changes", answer)
    monkeypatch.setattr(dialogs, "text", lambda *args: "Green jobs")
    assert not window.close(), "Cancel keeps the window open"
    assert window.close()
    assert "quit" in asked[0]
    assert store.load("Green jobs").spec.regions == ("west-midlands",)
    again = MainWindow(catalogue, store, settings)
    qtbot.addWidget(again)
    assert again.regions.chosen() == ["west-midlands"]
    assert shown_title(again) == "Green jobs - Briefing Builder"


def test_printing_to_a_pdf_file_prints_every_page(window: MainWindow, tmp_path: Path) -> None:
    choose_west_midlands_green(window)
    write_purpose(window)
    window.preview.timer.stop()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    window.exporter.print_to(printer)
    pack_pages = len(PdfReader(window.preview.folder.glob("print-*.pdf").__next__()).pages)
    assert len(PdfReader(printed).pages) == pack_pages
    assert pack_pages >= 3


def test_the_preview_shows_the_real_pack(window: MainWindow, qtbot) -> None:
    choose_west_midlands_green(window)
    with qtbot.waitSignal(window.preview.rendered, timeout=10000):
        window.preview.timer.timeout.emit()
    assert window.preview.document.pageCount() >= 3


def test_loading_a_packs_choices(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, catalogue: Catalogue
) -> None:
    from briefing_builder.render import export_pack

    spec = PackSpec(
        regions=("wales",), themes=("skills",), title="Skills in Wales", purpose="For the board."
    )
    pack = export_pack(spec, catalogue, {"docx": tmp_path / "wales.docx"})[0]
    monkeypatch.setattr(dialogs, "open_path", lambda *args: pack)
    window.preset_from_pack()
    assert window.regions.chosen() == ["wales"]
    assert window.options.title.text() == "Skills in Wales"
    assert window.brief.sections["purpose"].toPlainText() == "For the board."


def test_the_evidence_model_passes_the_model_tester(qtmodeltester, catalogue: Catalogue) -> None:
    model = EvidenceModel(
        {a.id: a.name for a in catalogue.areas}, {t.id: t.name for t in catalogue.themes}
    )
    model.set_hits(catalogue.query(["midlands"]), excluded=["midlands-engine-priorities-13"])
    qtmodeltester.check(model)
    model.move(2, -1)
    model.sort(2)
    qtmodeltester.check(model)


def test_clicking_a_column_header_sorts_and_sets_the_order(window: MainWindow, qtbot) -> None:
    choose_west_midlands_green(window)
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(2) + 5
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=header.rect().center().__class__(x, 5)
    )
    titles = [window.model.item(row).title for row in range(window.model.rowCount())]
    assert titles == sorted(titles, key=str.casefold) or titles == sorted(
        titles, key=str.casefold, reverse=True
    )
    assert window.current_spec().order == tuple(
        window.model.item(r).id for r in range(window.model.rowCount())
    )


def test_export_through_the_real_file_dialog(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

    choose_west_midlands_green(window)
    write_purpose(window)
    target = tmp_path / "wm.docx"

    def accept(dialog: QFileDialog) -> int:
        assert isinstance(dialog.parent(), QWidget), "dialogs need a widget as their parent"
        assert dialog.windowTitle() == "Export Word pack"
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        dialog.selectFile(str(target))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QFileDialog, "exec", accept)
    monkeypatch.setattr(dialogs, "exported", lambda *args: "")
    window.export_word.trigger()
    assert target.exists()


def test_a_failed_preview_is_never_printed_in_place_of_the_current_pack(window: MainWindow) -> None:
    choose_west_midlands_green(window)
    window.preview.timer.timeout.emit()
    assert window.preview.current is not None
    stale = window.preview.current
    window.filter.setText("no such words")
    window.kinds["finding"].setChecked(True)
    window.preview._failed(window.preview._latest, PackError("no evidence matches"))
    assert window.preview.current is None
    assert not stale.exists()


def test_after_a_sort_the_detail_shows_the_highlighted_item(window: MainWindow) -> None:
    choose_west_midlands_green(window)
    window.table.selectRow(3)
    window.model.sort(2)
    current = window.model.item(window.table.currentIndex().row())
    assert current.title in window.detail.toPlainText()


def test_renaming_the_loaded_preset_elsewhere_means_save_asks_for_a_name(
    window: MainWindow, store: PresetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_west_midlands_green(window)
    monkeypatch.setattr(dialogs, "text", lambda *args: "Green jobs")
    window.save_preset()
    store.rename("Green jobs", "Green jobs 2")
    monkeypatch.setattr("briefing_builder.gui.presets_dialog.PresetsDialog.exec", lambda self: 0)
    window.manage_presets()
    assert window.preset_name is None
    monkeypatch.setattr(dialogs, "text", lambda *args: None)
    window.save_preset()
    assert [e.name for e in store.entries()] == ["Green jobs 2"]


def test_a_preset_naming_a_theme_the_dataset_lacks_says_so(
    window: MainWindow, store: PresetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save("Old", PackSpec(regions=("wales",), themes=("skills", "tourism")))
    told: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda parent, title, message: told.append(message))
    window.load_preset("Old")
    assert window.themes.chosen() == ["skills"]
    assert "theme 'tourism'" in told[0]


def test_moving_an_item_in_a_narrowed_view_keeps_earlier_placements(catalogue: Catalogue) -> None:
    model = EvidenceModel(
        {a.id: a.name for a in catalogue.areas}, {t.id: t.name for t in catalogue.themes}
    )
    every = catalogue.query(["west-midlands"], ["skills"])
    model.set_hits(every)
    last = model.rowCount() - 1
    placed = model.item(last).id
    model.move(last, -last)
    model.set_hits(every[:4], order=model.order())
    model.move(1, -1)
    model.set_hits(every, order=model.order())
    # Before the fix the narrowed move dropped it, and it went back to the end.
    assert model.item(4).id == placed
    assert model.item(model.rowCount() - 1).id != placed


def test_with_nothing_chosen_the_count_says_all_the_evidence_is_shown(window: MainWindow) -> None:
    assert "no region or theme chosen, so all the evidence" in window.count.text()
    window.regions.set_checked("wales", True)
    assert "no region or theme chosen" not in window.count.text()


def test_a_preset_naming_a_house_style_that_is_gone_says_so(
    window: MainWindow, store: PresetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save("Old style", PackSpec(regions=("wales",), template="glossy"))
    told: list[str] = []
    monkeypatch.setattr(dialogs, "info", lambda parent, title, message: told.append(message))
    window.load_preset("Old style")
    assert "house style 'glossy'" in told[0]


def test_the_table_and_detail_say_where_an_item_applies_its_caveat_and_what_changed(
    window: MainWindow,
) -> None:
    choose_west_midlands_green(window)
    model, column = window.model, COLUMNS.index("Applies to")
    applies = {
        item_id: model.index(row, column).data() for row, item_id in enumerate(shown_ids(window))
    }
    assert applies["midlands-engine-priorities-13"] == "West Midlands"
    assert applies["midlands-engine-priorities-12"] == "The Midlands (wider)"
    assert applies["midlands-engine-priorities-3"] == "UK-wide (wider)"
    window.table.selectRow(shown_ids(window).index("midlands-engine-priorities-13"))
    detail = window.detail.toPlainText()
    assert "Applies to: West Midlands" in detail
    assert "Caveat: CABLED (Coventry and Birmingham Low Emission Demonstrators)" in detail
    window.table.selectRow(shown_ids(window).index("midlands-engine-priorities-2"))
    detail = window.detail.toPlainText()
    assert "Since publication: In August 2023 the government confirmed" in detail
    assert "Guidance for local authorities delivering business representation" in detail


def test_hostile_preset_files_leave_the_window_working_and_are_listed_unreadable(
    qtbot, catalogue: Catalogue, store: PresetStore, settings: QSettings
) -> None:
    store.save("Good", PackSpec(regions=("wales",)))
    (store.folder / "deep.json").write_text("[" * 100_000)
    (store.folder / "digits.json").write_text('{"format_version": ' + "9" * 5000 + "}")
    modified = {"format_version": 2, "name": "Odd", "modified": 5, "spec": PackSpec().to_dict()}
    (store.folder / "modified.json").write_text(json.dumps(modified))
    os.mkfifo(store.folder / "pipe.json")
    window = MainWindow(catalogue, store, settings)
    qtbot.addWidget(window)
    dialog = PresetsDialog(store, window.load_preset, window.folders, window)
    dialog.fill()
    shown = sorted(dialog.list.item(n).text() for n in range(dialog.list.count()))
    assert shown == [
        "Good",
        "deep (unreadable: nested too deeply (at most 64 levels))",
        "digits (unreadable: bad JSON: a number is too long to read)",
        "modified (unreadable: the preset's 'modified' must be a date and time as text)",
        "pipe (unreadable: not a file (a named pipe))",
    ]
    window.load_preset("Good")
    assert window.current_spec().regions == ("wales",)
    dialog.deleteLater()


def test_a_broken_house_style_is_left_out_and_said_while_the_others_work(
    qtbot, catalogue: Catalogue, store: PresetStore, settings: QSettings, home: Path
) -> None:
    broken = home / "templates" / "broken"
    broken.mkdir(parents=True)
    (broken / "template.toml").write_text("[fonts]\nbody_size = nan\n", encoding="utf-8")
    window = MainWindow(catalogue, store, settings)
    qtbot.addWidget(window)
    offered = [window.options.template.itemData(n) for n in range(window.options.template.count())]
    assert "broken" not in offered
    assert "standard" in offered
    assert window.unusable_label.text() == "1 house style cannot be used"
    assert window.unusable_label.isVisibleTo(window)
    assert "fonts.body_size" in window.unusable_label.toolTip()
