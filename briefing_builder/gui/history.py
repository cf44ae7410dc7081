"""The history of an item, a source or a team preset: every version, who made it and when,
with a button to make an old one current again."""

from collections.abc import Callable

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.library.store import Version


def record_title(version: Version) -> str:
    """What an item's or a source's version was called."""
    return str(version.record.get("title", ""))


class HistoryDialog(QDialog):
    """Every version, newest last, with a button to make the selected one current; the button
    is off, saying why, when the library cannot be changed (`refusal`). `summary` says what a
    version held, in the last column (`summary_label`)."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        versions: list[Version],
        restore: Callable[[int], None],
        refusal: str = "",
        summary: Callable[[Version], str] = record_title,
        summary_label: str = "Title",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"History of {title}")
        self.resize(760, 360)
        self.table = QTableWidget(len(versions), 5)
        self.table.setHorizontalHeaderLabels(["Version", "Change", "When", "Who", summary_label])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, version in enumerate(versions):
            cells = [
                str(version.version),
                version.change + (" (retired)" if version.retired else ""),
                version.changed_at.replace("T", " ").removesuffix("+00:00") + " UTC",
                version.changed_by,
                summary(version),
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.versions = versions
        self.restore_button = QPushButton("&Restore this version")
        self.restore_button.setEnabled(False)
        self.restore_button.setToolTip(refusal)
        self.refusal = refusal
        self.table.itemSelectionChanged.connect(self._selected)
        self.restore_button.clicked.connect(self._restore)
        self._restore_version = restore
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        if versions:
            self.table.selectRow(len(versions) - 1)

    @Slot()
    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        last = len(self.versions) - 1
        self.restore_button.setEnabled(bool(rows) and rows[0].row() != last and not self.refusal)

    @Slot()
    def _restore(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._restore_version(self.versions[rows[0].row()].version)
            self.accept()
