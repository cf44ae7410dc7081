"""The Evidence menu in the real window: forms that check as the user types, new evidence shown
at once with where it came from, retire, history, and an import previewed before it is written."""

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from briefing_builder.gui import dialogs
from briefing_builder.gui.evidence_forms import CHECK_MS, ImportPreview, ItemForm, SourceForm
from briefing_builder.gui.evidence_model import COLUMNS, ItemRole
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.library.store import Change, Library
from briefing_builder.library.transfer import plan_import

SOURCE = {
    "id": "wmca-skills-2026",
    "title": "Skills in the West Midlands",
    "publisher": "West Midlands Combined Authority",
    "published": "2026-11",
    "url": "https://www.wmca.org.uk/skills",
}


def on_next_dialog(qtbot, act: Callable[[QDialog], None]) -> None:
    """Runs `act` on the next modal dialog once it is open."""

    def find() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, find)
            return
        act(dialog)

    QTimer.singleShot(0, find)


def fill_source(form: SourceForm, **fields: str) -> None:
    for name, value in {**SOURCE, **fields}.items():
        getattr(form, name).setText(value)
    form.check()


def tick(widget, names: list[str]) -> None:
    for row in range(widget.count()):
        if widget.item(row).text() in names:
            widget.item(row).setCheckState(Qt.CheckState.Checked)


def fill_item(form: ItemForm, number: int, *, quote: str | None = None) -> None:
    form.title.setText(f"Finding {number} of the skills review")
    form.text.setPlainText(f"What finding {number} says.")
    form.quote.setPlainText(quote or f"The words of finding {number}.")
    form.locator.setText(f"p. {number}")
    tick(form.regions, ["West Midlands"])
    tick(form.themes, ["Skills and education"])
    form.check()


def add_through_window(qtbot, window: MainWindow, items: int) -> None:
    """Adds SOURCE and `items` findings of it through the window's own forms."""
    on_next_dialog(qtbot, lambda form: (fill_source(form), form.accept()))
    window.new_source()
    for number in range(1, items + 1):
        on_next_dialog(qtbot, lambda form, n=number: (fill_item(form, n), form.accept()))
        window.new_item()


def new_item_form(qtbot) -> ItemForm:
    """A New item form for SOURCE, saved straight to the library."""
    library = Library.default()
    library.write([Change("source", {**SOURCE, "authors": [], "notes": ""})])
    mine = library.catalogue()
    form = ItemForm(None, mine, [s for s in mine.sources if s.origin == "My library"])
    qtbot.addWidget(form)
    return form


def error_beside(form, field: str) -> str:
    return form.errors[field].text()


def test_the_source_form_says_what_is_wrong_beside_each_field(qtbot) -> None:
    form = SourceForm(None, {"taken"})
    qtbot.addWidget(form)
    fill_source(form, published="2026-13", url="www.wmca.org.uk")
    assert error_beside(form, "published") == (
        "'2026-13' is not a date like 2021, 2021-09 or 2021-09-14"
    )
    assert "is not a web address" in error_beside(form, "url")
    assert not form.save_button.isEnabled()
    form.published.setText("2026-11")
    form.url.setText("https://www.wmca.org.uk/skills")
    qtbot.wait(CHECK_MS * 2)  # checked again when typing pauses
    assert error_beside(form, "published") == ""
    assert form.save_button.isEnabled()
    form.id.setText("taken")
    form.check()
    assert "already a source" in error_beside(form, "id")


def test_the_item_form_counts_the_quotes_words_and_needs_a_region_and_a_theme(qtbot) -> None:
    form = new_item_form(qtbot)
    form.check()
    assert error_beside(form, "regions") == "Name at least one region"
    assert error_beside(form, "themes") == "Name at least one theme"
    fill_item(form, 1, quote=" ".join(["word"] * 41))
    assert error_beside(form, "quote") == "41 words; at most 40 are allowed"
    assert not form.save_button.isEnabled()
    form.quote.setPlainText("The words.")
    form.check()
    assert form.save_button.isEnabled()
    assert form.id.text() == "wmca-skills-2026-1", "a free id is offered"
    form.id.setText("level-up-industry-1")
    form.check()
    assert error_beside(form, "id") == "Already used by a bundled item"


def test_a_new_report_with_findings_and_a_statistic_goes_into_the_table_and_the_pack(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    window.regions.set_checked("west-midlands", True)
    window.themes.set_checked("skills", True)
    add_through_window(qtbot, window, items=5)

    def statistic(form: ItemForm) -> None:
        form.kind.setCurrentIndex(form.kind.findData("statistic"))
        form.title.setText("West Midlands: adult skills enrolments")
        form.text.setPlainText("Enrolments in the year.")
        form.locator.setText("Table 1")
        form.value.setText("12,345")
        form.unit.setText("enrolments")
        form.period.setText("2025/26")
        tick(form.regions, ["West Midlands"])
        tick(form.themes, ["Skills and education"])
        form.check()
        form.accept()

    on_next_dialog(qtbot, statistic)
    window.new_item()
    model = window.model
    rows = {model.item(r).id: r for r in range(model.rowCount())}
    assert {f"wmca-skills-2026-{n}" for n in range(1, 7)} <= set(rows)
    selected = window.table.currentIndex().data(ItemRole)
    assert selected.id == "wmca-skills-2026-6", "the new item is selected"
    assert selected.value == 12345
    origin = model.index(rows["wmca-skills-2026-1"], COLUMNS.index("From")).data()
    assert origin == "My library"
    assert "From: My library" in window.detail.toPlainText()
    ids = {item.id for item in window.included_items()}
    assert "wmca-skills-2026-3" in ids
    assert window.edit_item_action.isEnabled()


def test_retire_and_history_from_the_window(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    add_through_window(qtbot, window, items=1)
    window.select_item("wmca-skills-2026-1")

    def edit(form: ItemForm) -> None:
        form.title.setText("Finding 1, corrected")
        form.check()
        form.accept()

    on_next_dialog(qtbot, edit)
    window.edit_item()
    assert window.table.currentIndex().data(ItemRole).title == "Finding 1, corrected"

    def restore_first(dialog) -> None:
        dialog.table.selectRow(0)
        dialog.restore_button.click()

    on_next_dialog(qtbot, restore_first)
    window.item_history()
    assert window.table.currentIndex().data(ItemRole).title == "Finding 1 of the skills review"
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    window.retire_item()
    shown = {window.model.item(r).id for r in range(window.model.rowCount())}
    assert "wmca-skills-2026-1" not in shown
    changes = [v.change for v in Library.default().history("wmca-skills-2026-1")]
    assert changes == ["added", "edited", "restored 1", "retired"]


def test_bundled_items_cannot_be_edited_and_the_menu_says_why(window: MainWindow) -> None:
    window.regions.set_checked("west-midlands", True)
    window.table.selectRow(0)
    assert not window.edit_item_action.isEnabled()
    assert "bundled items" in window.edit_item_action.toolTip()


def test_an_import_with_problems_is_listed_and_cannot_be_run(qtbot, tmp_path: Path) -> None:
    sheet = tmp_path / "evidence.csv"
    sheet.write_text(
        "source_id,source_title,source_publisher,id,kind,title,text,quote,locator,regions,themes\n"
        "s,Report,Team,s-1,finding,T,Text,,p. 1,West Midlands,Skills and education\n",
        encoding="utf-8",
    )
    plan = plan_import(sheet, Library.default(), Library.default().catalogue())
    preview = ImportPreview(None, plan)
    qtbot.addWidget(preview)
    assert not preview.import_button.isEnabled()
    rows = [
        tuple(preview.table.item(r, c).text() for c in range(3))
        for r in range(preview.table.rowCount())
    ]
    assert (
        "Problem",
        "evidence.csv: row 2",
        "column 'quote': findings and recommendations need a verbatim quote",
    ) in rows


def test_a_retired_item_can_be_brought_back_from_the_window(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    add_through_window(qtbot, window, items=1)
    window.select_item("wmca-skills-2026-1")
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    window.retire_item()
    offered: list[list[str]] = []
    monkeypatch.setattr(
        dialogs, "pick", lambda _p, _t, _l, options: offered.append(options) or options[0]
    )
    window.bring_back_item()
    assert offered == [["Finding 1 of the skills review (wmca-skills-2026-1)"]]
    assert window.table.currentIndex().data(ItemRole).id == "wmca-skills-2026-1"


def test_an_import_from_the_window_is_previewed_then_shown_in_the_table(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sheet = tmp_path / "evidence.csv"
    sheet.write_text(
        "source_id,source_title,source_publisher,source_published,source_url,id,kind,title,"
        "text,quote,locator,regions,themes\n"
        "wmca-note,Team note,WMCA,2026-11,https://www.wmca.org.uk/note,wmca-note-1,finding,"
        "Bus use rose,Bus use rose.,Bus use rose.,p. 1,West Midlands,Transport\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(dialogs, "open_path", lambda *args: sheet)
    previewed: list[str] = []

    def accept(dialog) -> None:
        previewed.append(dialog.table.item(0, 1).text())
        assert dialog.import_button.isEnabled()
        dialog.accept()

    on_next_dialog(qtbot, accept)
    window.import_evidence()
    qtbot.waitUntil(lambda: "Imported evidence.csv" in window.statusBar().currentMessage())
    assert previewed == ["wmca-note-1"]
    assert window.table.currentIndex().data(ItemRole).id == "wmca-note-1"


def test_the_form_says_what_to_do_in_plain_words(qtbot) -> None:
    form = new_item_form(qtbot)
    fill_item(form, 1)
    form.locator.setText("")
    form.kind.setCurrentIndex(form.kind.findData("statistic"))
    form.value.setText("61%")
    form.check()
    assert error_beside(form, "locator") == "Fill this in"
    assert error_beside(form, "value") == "Type a number, such as 74.8 or 18,566"


def test_a_new_item_starts_with_the_regions_and_themes_chosen_in_the_window(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    add_through_window(qtbot, window, items=0)
    window.regions.set_checked("west-midlands", True)
    window.themes.set_checked("skills", True)
    ticked: list[dict] = []

    def look(form: ItemForm) -> None:
        ticked.append(form.record())
        form.reject()

    on_next_dialog(qtbot, look)
    window.new_item()
    assert (ticked[0]["regions"], ticked[0]["themes"]) == (["west-midlands"], ["skills"])


def test_a_source_retired_with_its_items_can_be_brought_back_from_the_window(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "confirm", lambda *args: False)
    add_through_window(qtbot, window, items=1)
    Library.default().retire("wmca-skills-2026")
    window.reload_evidence()
    assert "wmca-skills-2026-1" not in {
        window.model.item(r).id for r in range(window.model.rowCount())
    }
    offered: list[list[str]] = []
    monkeypatch.setattr(
        dialogs, "pick", lambda _p, _t, _l, options: offered.append(options) or options[0]
    )
    window.bring_back_item()
    assert offered == [["Source: Skills in the West Midlands (wmca-skills-2026), with its items"]]
    assert window.table.currentIndex().data(ItemRole).id == "wmca-skills-2026-1"


def test_a_form_opens_with_the_cursor_in_the_first_field_to_type_in(qtbot) -> None:
    form = SourceForm(None, set())
    qtbot.addWidget(form)
    form.show()
    assert form.focusWidget() is form.id
    editing = SourceForm(None, set(), {**SOURCE, "authors": [], "notes": ""})
    qtbot.addWidget(editing)
    editing.show()
    assert editing.focusWidget() is editing.title, "the fixed id is passed over"


def test_a_message_from_the_library_reads_as_a_sentence_in_the_window(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.undo()  # the real message box, answered below
    shown: list[str] = []

    def read(box) -> None:
        shown.append(box.text())
        box.accept()

    for message in (
        "your role may only read the team library (postgresql://sam@host/lib)",
        "postgresql://sam@host: the URL names no database",
        "'wm-1': no such item",
    ):
        on_next_dialog(qtbot, read)
        dialogs.error(None, "Not saved", message)
    assert shown == [
        "Your role may only read the team library (postgresql://sam@host/lib)",
        "postgresql://sam@host: the URL names no database",
        "'wm-1': no such item",
    ]
