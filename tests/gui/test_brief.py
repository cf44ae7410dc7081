"""The Brief tab: the official's own words in the real window (issue 12)."""

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget

from briefing_builder.catalogue import Catalogue
from briefing_builder.gui import dialogs
from briefing_builder.gui.brief_editor import COUNT_AT_ONCE, word_count
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.pack.authored import MAX_AUTHORED_CHARS
from briefing_builder.pack.presets import PresetStore
from tests.gui.writing import write_purpose
from tests.helpers.packs import example_sections

CABLED = "midlands-engine-priorities-13"
INVESTMENT = "midlands-engine-priorities-2"


def choose_west_midlands_green(window: MainWindow) -> None:
    window.regions.set_checked("west-midlands", True)
    window.themes.set_checked("green-transition", True)


def shown_title(window: MainWindow) -> str:
    return window.windowTitle().replace("[*]", "*" if window.isWindowModified() else "")


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def exclude(window: MainWindow, item_id: str) -> None:
    row = next(r for r in range(window.model.rowCount()) if window.model.item(r).id == item_id)
    window.model.setData(
        window.model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole
    )


def test_typing_in_a_section_updates_the_spec_and_its_word_count(window: MainWindow, qtbot) -> None:
    background = window.brief.sections["background"]
    assert window.brief.counts["background"].text() == "0 words"
    qtbot.keyClicks(background, "The visit is on **Friday**.")
    assert window.current_spec().background == "The visit is on **Friday**."
    assert window.brief.counts["background"].text() == "5 words"
    qtbot.keyClicks(background, f" It follows the trial [{CABLED}].")
    assert window.brief.counts["background"].text() == "9 words", "a citation is not a word"
    qtbot.keyClicks(window.brief.contact, "A. Official, 020 7946 0000")
    qtbot.keyClicks(window.brief.cleared_by, "B. Director")
    spec = window.current_spec()
    assert (spec.contact, spec.cleared_by) == ("A. Official, 020 7946 0000", "B. Director")
    assert shown_title(window) == "Unsaved choices* - Briefing Builder"
    assert word_count("- one\n- two three\n\n1. **four** [five](https://example.org)") == 5


def test_the_preview_renders_once_after_a_burst_of_typing(window: MainWindow, qtbot) -> None:
    choose_west_midlands_green(window)
    with qtbot.waitSignal(window.preview.rendered, timeout=20000):
        pass
    renders: list[Path] = []
    window.preview.rendered.connect(renders.append)
    qtbot.keyClicks(window.brief.sections["purpose"], "Board meeting on green jobs")
    assert window.preview.timer.isActive()
    assert renders == [], "no render while they type"
    qtbot.wait(3 * window.preview.timer.interval())
    assert len(renders) == 1
    assert "Board meeting on green jobs" in pdf_text(renders[0])


def test_the_preview_renders_without_a_purpose_and_says_it_is_not_written(
    window: MainWindow, qtbot
) -> None:
    choose_west_midlands_green(window)
    with qtbot.waitSignal(window.preview.rendered, timeout=20000):
        window.preview.timer.timeout.emit()
    assert window.preview.document.pageCount() >= 1
    assert "Not written yet" in pdf_text(window.preview.current)
    assert not window.export_pdf.isEnabled()


def test_export_is_off_until_the_purpose_is_written(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    choose_west_midlands_green(window)
    for action in window.pack_actions:
        assert not action.isEnabled(), action.text()
        assert "The brief has no purpose" in action.toolTip()
        assert "Purpose box" in action.toolTip()
    assert "no purpose" in window.blocked_label.text()
    window.brief.sections["purpose"].setPlainText("   \n")
    assert not window.export_pdf.isEnabled(), "blank is not a purpose"
    write_purpose(window)
    assert all(action.isEnabled() for action in window.pack_actions)
    assert window.blocked_label.isHidden()
    target = tmp_path / "wm.pdf"
    monkeypatch.setattr(dialogs, "save_path", lambda *args: target)
    monkeypatch.setattr(dialogs, "exported", lambda *args: "")
    window.export_pdf.trigger()
    assert "lines to take on the green transition" in pdf_text(target)


def test_a_citation_of_an_excluded_item_turns_export_off_and_names_it(
    window: MainWindow, catalogue: Catalogue
) -> None:
    choose_west_midlands_green(window)
    write_purpose(window)
    window.brief.sections["summary"].setPlainText(f"1. Public investment can lead [{CABLED}].")
    assert window.export_pdf.isEnabled()
    exclude(window, CABLED)
    title = catalogue.item(CABLED).title
    for action in window.pack_actions:
        assert not action.isEnabled()
        assert title in action.toolTip()
        assert f"[{CABLED}]" in action.toolTip()
    assert "Key messages cites" in window.blocked_label.text()
    assert title in window.preview.message.text()
    window.include_all.click()
    assert window.export_pdf.isEnabled()
    window.brief.sections["handling"].setPlainText("Press: see [no-such-item].")
    assert not window.export_pdf.isEnabled()
    assert "Handling cites [no-such-item]" in window.export_pdf.toolTip()
    assert "no item of the evidence has that id" in window.export_pdf.toolTip()


def test_draft_fills_key_messages_with_a_numbered_point_per_included_item_citing_it(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose_west_midlands_green(window)
    exclude(window, CABLED)
    included = window.included_items()
    window.brief.draft_button.click()
    lines = window.brief.sections["summary"].toPlainText().splitlines()
    assert len(lines) == len(included)
    for number, (line, item) in enumerate(zip(lines, included, strict=True), start=1):
        assert line.startswith(f"{number}. ")
        assert line.endswith(f"[{item.id}]")
    assert CABLED not in window.current_spec().summary
    assert window.current_spec().summary == "\n".join(lines)
    write_purpose(window)
    assert window.export_pdf.isEnabled(), "every drafted citation is of an included item"


def test_draft_asks_before_replacing_key_messages_and_can_be_undone(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    choose_west_midlands_green(window)
    summary = window.brief.sections["summary"]
    qtbot.keyClicks(summary, "1. My own point.")
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "replace_text", lambda parent, title, q: asked.append(q) or False)
    window.brief.draft_button.click()
    assert len(asked) == 1
    assert "Key messages has text already" in asked[0]
    assert summary.toPlainText() == "1. My own point.", "Cancel keeps what they wrote"
    monkeypatch.setattr(dialogs, "replace_text", lambda *args: True)
    window.brief.draft_button.click()
    assert summary.toPlainText().startswith("1. ")
    assert "[midlands-engine-priorities" in summary.toPlainText()
    assert window.undo_stack.undoText() == "change of key messages"
    window.undo_action.trigger()
    assert summary.toPlainText() == "1. My own point.", "undo brings back their text, not nothing"
    assert window.current_spec().summary == "1. My own point."
    window.redo_action.trigger()
    assert "[midlands-engine-priorities" in window.current_spec().summary


def test_with_nothing_included_drafting_and_citing_are_off(window: MainWindow) -> None:
    window.regions.set_checked("wales", True)
    window.filter.setText("no such words at all")
    assert not window.brief.draft_button.isEnabled()
    assert not window.brief.cite_button.isEnabled()
    assert "Nothing is included" in window.brief.draft_button.toolTip()


def test_cite_inserts_the_item_id_at_the_cursor_of_the_editor_last_focused(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, qtbot
) -> None:
    choose_west_midlands_green(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    window.left.setCurrentWidget(window.brief_scroll)
    points = window.brief.sections["points"]
    points.setPlainText("Green growth needs investment. More to come.")
    points.setFocus()
    qtbot.waitUntil(points.hasFocus)
    cursor = points.textCursor()
    cursor.setPosition(len("Green growth needs investment"))
    points.setTextCursor(cursor)
    offered: list[list[str]] = []

    def pick(parent, title, label, options):
        offered.append(options)
        return next(option for option in options if option.endswith(f"[{INVESTMENT}]"))

    monkeypatch.setattr(dialogs, "pick", pick)
    qtbot.mouseClick(window.brief.cite_button, Qt.MouseButton.LeftButton)
    assert offered == [[f"{item.title} [{item.id}]" for item in window.included_items()]]
    expected = f"Green growth needs investment [{INVESTMENT}]. More to come."
    assert points.toPlainText() == expected
    assert window.current_spec().points == expected
    assert points.textCursor().position() == expected.index("]") + 1
    assert QApplication.focusWidget() is points
    window.undo_action.trigger()
    assert window.current_spec().points == "Green growth needs investment. More to come."


def test_presets_and_the_session_bring_the_sections_back(
    window: MainWindow,
    catalogue: Catalogue,
    store: PresetStore,
    settings: QSettings,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,
) -> None:
    choose_west_midlands_green(window)
    texts = example_sections()
    for key, text in texts.items():
        window.brief.sections[key].setPlainText(text)
    window.brief.contact.setText("A. Official, 020 7946 0000")
    window.brief.cleared_by.setText("B. Director")
    monkeypatch.setattr(dialogs, "text", lambda *args: "Visit")
    window.save_preset()
    saved = window.current_spec()
    assert store.load("Visit").spec.summary == texts["summary"]
    assert shown_title(window) == "Visit - Briefing Builder"

    other = MainWindow(
        catalogue,
        store,
        QSettings(
            str(Path(settings.fileName()).with_name("other.ini")), QSettings.Format.IniFormat
        ),
    )
    qtbot.addWidget(other)
    assert other.brief.sections["summary"].toPlainText() == ""
    other.load_preset("Visit")
    assert other.current_spec() == saved
    for key, text in texts.items():
        assert other.brief.sections[key].toPlainText() == text
    assert other.brief.contact.text() == "A. Official, 020 7946 0000"
    assert other.brief.counts["summary"].text() == window.brief.counts["summary"].text()
    assert other.export_pdf.isEnabled()

    # Unsaved typing survives a crash: the next start shows it, marked unsaved.
    window.brief.sections["handling"].setPlainText("Press: none.")
    again = MainWindow(catalogue, store, settings)
    qtbot.addWidget(again)
    assert again.brief.sections["handling"].toPlainText() == "Press: none."
    assert again.brief.sections["purpose"].toPlainText() == texts["purpose"]
    assert shown_title(again) == "Visit* - Briefing Builder"


def test_typing_in_one_section_is_one_undo_step(window: MainWindow, qtbot) -> None:
    purpose, summary = window.brief.sections["purpose"], window.brief.sections["summary"]
    steps = window.undo_stack.count()
    qtbot.keyClicks(purpose, "Board meeting")
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "change of purpose"
    qtbot.keyClicks(summary, "1. Jobs.")
    assert window.undo_stack.count() == steps + 2
    window.undo_action.trigger()
    assert summary.toPlainText() == ""
    assert purpose.toPlainText() == "Board meeting"
    window.undo_action.trigger()
    assert window.current_spec().purpose == ""
    assert not window.isWindowModified()
    window.redo_action.trigger()
    assert purpose.toPlainText() == "Board meeting"
    assert window.brief.counts["purpose"].text() == "2 words"


def test_a_section_holds_at_most_its_limit_and_says_so(window: MainWindow) -> None:
    background = window.brief.sections["background"]
    background.insertPlainText("word " * (MAX_AUTHORED_CHARS // 4))
    assert len(background.toPlainText()) == MAX_AUTHORED_CHARS
    assert len(window.current_spec().background) == MAX_AUTHORED_CHARS
    assert f"{MAX_AUTHORED_CHARS:,} characters at most" in window.brief.counts["background"].text()


def test_the_brief_tab_says_what_markdown_it_takes_and_names_every_control(
    window: MainWindow, qtbot
) -> None:
    window.show()
    window.left.setCurrentWidget(window.brief_scroll)
    hint = window.brief.hint.text()
    for mark in ("- bullets", "1. numbered", "**bold**", "*italics*", "[item-id]"):
        assert mark in hint
    assert "spell" in window.brief.hint.toolTip()
    assert window.brief.labels["purpose"].text() == "&Purpose (required)"
    unnamed = []
    for widget in window.brief_scroll.findChildren(QWidget):
        if widget.isVisible() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
            if not name.strip():
                unnamed.append(type(widget).__name__)
    assert unnamed == []


def test_the_brief_fits_the_left_column_at_1280_by_800(window: MainWindow, qtbot) -> None:
    window.resize(1177, 704)
    window.show()
    window.left.setCurrentWidget(window.brief_scroll)
    qtbot.waitExposed(window)
    room = window.brief_scroll.viewport().width()
    assert window.brief.width() <= room, "nothing is cut off at the right"
    for key, count in window.brief.counts.items():
        right = count.mapTo(window.brief, count.rect().topRight()).x()
        assert right <= room, key


def test_a_long_section_is_checked_and_counted_when_typing_pauses(
    window: MainWindow, qtbot
) -> None:
    choose_west_midlands_green(window)
    write_purpose(window)
    background = window.brief.sections["background"]
    background.setPlainText("Some words here. " * (COUNT_AT_ONCE // 10))
    qtbot.waitUntil(lambda: window.brief.counts["background"].text() != "0 words")
    words = word_count(background.toPlainText())
    assert window.brief.counts["background"].text() == f"{words:,} words"
    exclude(window, CABLED)
    background.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(background, f"See [{CABLED}].")
    assert window.current_spec().background.endswith(f"[{CABLED}].")
    qtbot.waitUntil(lambda: not window.export_pdf.isEnabled(), timeout=2000)
    assert "Background cites" in window.export_pdf.toolTip()
    qtbot.waitUntil(lambda: window.brief.counts["background"].text() == f"{words + 1:,} words")
