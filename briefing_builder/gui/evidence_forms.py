"""The forms for the user's own evidence: a source, an item, an import.

The forms check as the user types, by the catalogue's own rules (`check_source`, `check_item`),
and say what is wrong beside the field; Save is enabled only when nothing is.
"""

from typing import Any

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.catalogue import KINDS, MAX_QUOTE_WORDS, Catalogue, Item, Source
from briefing_builder.catalogue.loading import Problem, check_item, check_source
from briefing_builder.catalogue.model import BUNDLED
from briefing_builder.library.store import MY_LIBRARY, TEAM_LIBRARY
from briefing_builder.library.transfer import ImportPlan, parse_number, split_names

CHECK_MS = 150
"""How long typing pauses before the form is checked again."""
_ERROR_STYLE = "color: #b00020;"
_PLAIN = {
    "expected a non-empty string": "fill this in",
    "expected a number": "type a number, such as 74.8 or 18,566",
}
"""The loader's words for a file's author, said as a form says them."""


class _Form(QDialog):
    """A dialog of labelled fields, each with a line under it for what is wrong with it."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(600)
        self.resize(640, 720)
        self.layout_ = QFormLayout()
        self.errors: dict[str, QLabel] = {}
        self._typed: list[QWidget] = []
        self.general = QLabel(wordWrap=True, styleSheet=_ERROR_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        fields = QWidget()
        fields.setLayout(self.layout_)
        # Scrolled, so a long form still fits a small laptop screen.
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(fields)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll)
        outer.addWidget(self.general)
        outer.addWidget(self.buttons)
        self._later = QTimer(self, singleShot=True, interval=CHECK_MS)
        self._later.timeout.connect(self.check)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Puts the cursor in the first field the user can type in, so typing goes there."""
        super().showEvent(event)
        for widget in self._typed:
            if widget.isEnabled() and not (isinstance(widget, QLineEdit) and widget.isReadOnly()):
                widget.setFocus()
                return

    def add(self, name: str, label: str, widget: QWidget, hint: str = "") -> QWidget:
        """Adds a field; `name` is the dataset field its problems are reported under."""
        error = QLabel(wordWrap=True, styleSheet=_ERROR_STYLE)
        error.setAccessibleName(f"Problem with {label.rstrip(':').replace('&', '')}")
        # A line kept for the message whether there is one or not: the form never moves
        # under the pointer as messages come and go, and is never laid out part way.
        error.setMinimumHeight(error.fontMetrics().lineSpacing())
        self.errors[name] = error
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            self._typed.append(widget)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            column.addWidget(QLabel(hint, wordWrap=True, styleSheet="color: palette(mid);"))
        column.addWidget(error)
        column.addStretch(1)
        self.layout_.addRow(label, box)
        for signal in ("textChanged", "currentIndexChanged", "itemChanged"):
            if hasattr(widget, signal):
                getattr(widget, signal).connect(self._later.start)
        return widget

    @Slot()
    def check(self) -> list[Problem]:
        """Shows each problem beside its field; Save is enabled only when there are none."""
        problems = self.problems()
        by_field: dict[str, list[str]] = {}
        general = []
        for problem in problems:
            field = problem.field
            if field in self.errors:
                message = problem.message[len(f"field {field!r}: ") :]
                message = _PLAIN.get(message, message)
                by_field.setdefault(field, []).append(message[:1].upper() + message[1:])
            else:
                general.append(str(problem))
        for name, label in self.errors.items():
            label.setText("\n".join(by_field.get(name, [])))
        self.general.setText("\n".join(general))
        self.save_button.setEnabled(not problems)
        return problems

    def problems(self) -> list[Problem]:
        raise NotImplementedError

    def accept(self) -> None:
        if not self.check():
            super().accept()


def _line(value: str = "", placeholder: str = "") -> QLineEdit:
    return QLineEdit(value, placeholderText=placeholder)


class SourceForm(_Form):
    """A new source, or a new version of one in the library (its id then fixed)."""

    def __init__(
        self, parent: QWidget | None, taken: set[str], record: dict[str, Any] | None = None
    ) -> None:
        super().__init__(parent, "Edit source" if record else "New source")
        self.taken = taken
        record = record or {}
        self.id = self.add(
            "id",
            "&Id:",
            _line(record.get("id", ""), "a short id, such as wmca-skills-2026"),
            "Letters, digits and dashes; it cannot change later.",
        )
        _fixed(self.id, bool(record))
        self.title = self.add("title", "&Title:", _line(record.get("title", "")))
        self.publisher = self.add("publisher", "&Publisher:", _line(record.get("publisher", "")))
        self.authors = self.add(
            "authors",
            "&Authors:",
            _line("; ".join(record.get("authors", [])), "First Author; Second Author"),
            "Separate names with semicolons; leave empty to cite the publisher.",
        )
        self.published = self.add(
            "published", "&Date published:", _line(record.get("published") or "", "2026-11-30")
        )
        self.url = self.add("url", "&Web address:", _line(record.get("url") or "", "https://"))
        self.notes = self.add(
            "notes",
            "&Notes:",
            _line(record.get("notes", "")),
            "For editors: say why when there is no date or web address.",
        )
        self._editing = bool(record)
        self.check()

    def record(self) -> dict[str, Any]:
        return {
            "id": self.id.text().strip(),
            "title": self.title.text().strip(),
            "publisher": self.publisher.text().strip(),
            "authors": split_names(self.authors.text()),
            "published": self.published.text().strip() or None,
            "url": self.url.text().strip() or None,
            "notes": self.notes.text().strip(),
        }

    def problems(self) -> list[Problem]:
        record = self.record()
        problems = check_source(record)
        if not self._editing and record["id"] in self.taken:
            problems.append(Problem("source", f"field 'id': {record['id']!r} is already a source"))
        return problems


class ItemForm(_Form):
    """A new item of a library source, or a new version of one."""

    def __init__(
        self,
        parent: QWidget | None,
        catalogue: Catalogue,
        sources: list[Source],
        *,
        record: dict[str, Any] | None = None,
        source_id: str | None = None,
        chosen: tuple[list[str], list[str]] = ([], []),
    ) -> None:
        """`chosen` ticks regions and themes of a new item: those chosen in the window."""
        super().__init__(parent, "Edit item" if record else "New item")
        self.catalogue = catalogue
        self.sources = {s.id: s for s in sources}
        self._editing = record is not None
        self._taken = {i.id: i for i in (*catalogue.items, *catalogue.retired)}
        record = record or {}
        self.source = self.add("source", "&Source:", QComboBox())
        for source in sources:
            self.source.addItem(f"{source.citation}: {source.title}", source.id)
        if source_id is not None:
            self.source.setCurrentIndex(max(0, self.source.findData(source_id)))
        self.source.setEnabled(not self._editing)
        self.kind = self.add("kind", "&Kind:", QComboBox())
        for kind in KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(record.get("kind", "finding"))))
        self.id = self.add("id", "&Id:", _line(record.get("id", "")))
        _fixed(self.id, self._editing)
        if not self._editing:
            self.id.setText(self._free_id())
            self.source.currentIndexChanged.connect(lambda: self.id.setText(self._free_id()))
        self.title = self.add("title", "&Title:", _line(record.get("title", "")))
        self.text = self.add("text", "Te&xt:", _text(record.get("text", "")), "In your own words.")
        self.quote = self.add(
            "quote",
            "&Quote:",
            _text(record.get("quote") or ""),
            f"The source's own words, at most {MAX_QUOTE_WORDS}; none for a statistic.",
        )
        self.locator = self.add(
            "locator", "&Locator:", _line(record.get("locator", ""), "p. 12, Table 3, para 4.2")
        )
        self.regions = self.add(
            "regions", "&Regions:", _ticks([(a.id, a.name) for a in catalogue.areas])
        )
        self.themes = self.add(
            "themes", "T&hemes:", _ticks([(t.id, t.name) for t in catalogue.themes])
        )
        _tick(self.regions, record.get("regions", chosen[0]))
        _tick(self.themes, record.get("themes", chosen[1]))
        self.caveat = self.add(
            "caveat",
            "&Caveat:",
            _line(record.get("caveat", "")),
            "What a reader must know to use it rightly; printed with it.",
        )
        self.notes = self.add("notes", "&Notes:", _line(record.get("notes", "")), "For editors.")
        self.value = self.add("value", "&Value:", _line(_number_text(record.get("value"))))
        self.unit = self.add("unit", "&Unit:", _line(record.get("unit", ""), "% of people"))
        self.period = self.add("period", "&Period:", _line(record.get("period", ""), "2025"))
        self.uk_value = self.add(
            "uk_value", "U&K value:", _line(_number_text(record.get("uk_value")))
        )
        self.measure = self.add(
            "measure", "&Measure:", _line(record.get("measure", ""), "Employment rate")
        )
        self._since = record.get("since")
        self.kind.currentIndexChanged.connect(self._show_statistic_fields)
        self._show_statistic_fields()
        self.check()

    def _free_id(self) -> str:
        source_id = self.source.currentData() or "item"
        number = 1
        while f"{source_id}-{number}" in self._taken:
            number += 1
        return f"{source_id}-{number}"

    @Slot()
    def _show_statistic_fields(self) -> None:
        statistic = self.kind.currentData() == "statistic"
        for widget in (self.value, self.unit, self.period, self.uk_value, self.measure):
            self.layout_.setRowVisible(widget.parentWidget(), statistic)
        self.layout_.setRowVisible(self.quote.parentWidget(), not statistic)

    def source_id(self) -> str:
        return str(self.source.currentData() or "")

    def record(self) -> dict[str, Any]:
        statistic = self.kind.currentData() == "statistic"
        record: dict[str, Any] = {
            "id": self.id.text().strip(),
            "kind": self.kind.currentData(),
            "title": self.title.text().strip(),
            "text": self.text.toPlainText().strip(),
            "quote": None if statistic else self.quote.toPlainText().strip() or None,
            "locator": self.locator.text().strip(),
            "regions": _ticked(self.regions),
            "themes": _ticked(self.themes),
            "notes": self.notes.text().strip(),
        }
        if self.caveat.text().strip():
            record["caveat"] = self.caveat.text().strip()
        if statistic:
            record["value"] = parse_number(self.value.text())
            record["unit"] = self.unit.text().strip()
            record["period"] = self.period.text().strip()
            if self.uk_value.text().strip():
                record["uk_value"] = parse_number(self.uk_value.text())
            if self.measure.text().strip():
                record["measure"] = self.measure.text().strip()
        if self._since:
            record["since"] = self._since
        return record

    def problems(self) -> list[Problem]:
        source = self.sources.get(self.source_id())
        if source is None:
            return [Problem("item", "field 'source': add a source of your own first")]
        record = self.record()
        problems = check_item(record, source, self.catalogue)
        known = self._taken.get(record["id"]) if not self._editing else None
        if known is not None:
            problems.append(Problem("item", f"field 'id': {_used_by(known)}"))
        return problems


def _used_by(known: Item) -> str:
    """Who has an id already, in the words of the form: "already used by a bundled item"."""
    if known.source.origin == BUNDLED:
        return "already used by a bundled item"
    if known.source.origin in (MY_LIBRARY, TEAM_LIBRARY):
        return f"already used by an item of {known.source.origin.lower()}"
    return f"already used by an item of the folder {known.source.origin}"


def _fixed(edit: QLineEdit, fixed: bool) -> None:
    """An id that cannot change once saved: read-only, and greyed so it looks it (its text can
    still be selected and copied)."""
    edit.setReadOnly(fixed)
    if fixed:
        edit.setStyleSheet("background: palette(window); color: palette(mid);")
        edit.setToolTip("An id cannot change once it is saved")


def _text(value: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(value)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(64)
    return edit


def _ticks(choices: list[tuple[str, str]]) -> QListWidget:
    widget = QListWidget()
    widget.setFixedHeight(110)
    for value, name in choices:
        row = QListWidgetItem(name)
        row.setData(Qt.ItemDataRole.UserRole, value)
        row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        row.setCheckState(Qt.CheckState.Unchecked)
        widget.addItem(row)
    return widget


def _tick(widget: QListWidget, values: list[str]) -> None:
    for n in range(widget.count()):
        row = widget.item(n)
        if row.data(Qt.ItemDataRole.UserRole) in values:
            row.setCheckState(Qt.CheckState.Checked)


def _ticked(widget: QListWidget) -> list[str]:
    return [
        str(widget.item(n).data(Qt.ItemDataRole.UserRole))
        for n in range(widget.count())
        if widget.item(n).checkState() == Qt.CheckState.Checked
    ]


def _number_text(value: object) -> str:
    return "" if value is None else str(value)


class ImportPreview(QDialog):
    """What an import would do, row by row, and every problem; Import only when there are none."""

    def __init__(self, parent: QWidget | None, plan: ImportPlan) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {plan.file.name}")
        self.resize(760, 420)
        problems = plan.problems
        if problems:
            summary = (
                f"{len(problems)} problem(s) to fix in {plan.file.name} before anything can be "
                "imported. Nothing has been written."
            )
        else:
            summary = (
                f"{len(plan.added)} item(s) to add, {len(plan.updated)} to update, "
                f"{len(plan.unchanged)} unchanged; {len(plan.sources_added)} source(s) to add, "
                f"{len(plan.sources_updated)} to update. All are imported together, or none."
                if plan.writes
                else f"Nothing to import: the library already holds every row of "
                f"{plan.file.name} as it is ({len(plan.unchanged)} item(s) unchanged)."
            )
        rows = (
            [("Problem", p.where, p.message) for p in problems]
            if problems
            else [("Add", i, plan.titles[i]) for i in plan.added]
            + [("Update", i, plan.titles[i]) for i in plan.updated]
            + [("Add source", i, plan.titles[i]) for i in plan.sources_added]
            + [("Update source", i, plan.titles[i]) for i in plan.sources_updated]
        )
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(
            ["", "Where", "What is wrong"] if problems else ["", "Id", "Title"]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not problems and plan.writes)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(summary, wordWrap=True))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
