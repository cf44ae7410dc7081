"""The pack options: title, author, department, date, marking, style, sections."""

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.pack import GROUPINGS, MARKINGS, SECTIONS, PackSpec

DEFAULT_TITLE = PackSpec().title

SECTION_LABELS = {
    "cover": "Cover",
    "contents": "Contents",
    "key-messages": "Key messages",
    "points": "Points to make",
    "key-facts": "Key facts",
    "background": "Background",
    "evidence": "Evidence by theme or region",
    "handling": "Handling",
    "sources": "Sources",
    "about": "About this pack",
}
_MARKING_LABELS = {
    "none": "No marking",
    "OFFICIAL": "OFFICIAL",
    "OFFICIAL-SENSITIVE": "OFFICIAL-SENSITIVE",
}


class PackOptionsForm(QWidget):
    """Collects how the pack reads and looks; the selection itself lives in the pickers, and
    what the official writes (the purpose too) in the BriefEditor.

    Signals:
        changed(): any option changed.
    """

    changed = Signal()

    def __init__(self, styles: dict[str, str]) -> None:
        super().__init__()
        self.title = QLineEdit(placeholderText=DEFAULT_TITLE)
        self.author = QLineEdit()
        self.department = QLineEdit()
        self.date = QDateEdit(calendarPopup=True)
        self.date.setDisplayFormat("d MMMM yyyy")
        self.marking = QComboBox()
        for marking in MARKINGS:
            self.marking.addItem(_MARKING_LABELS[marking], marking)
        self.template = QComboBox()
        for name, title in styles.items():
            self.template.addItem(title, name)
        self.group_by = QComboBox()
        for grouping in GROUPINGS:
            self.group_by.addItem(f"By {grouping}", grouping)
        self.sections = {name: QCheckBox(label) for name, label in SECTION_LABELS.items()}
        section_grid = QVBoxLayout()
        for box in self.sections.values():
            box.setChecked(True)
            section_grid.addWidget(box)

        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in (
            self.title,
            self.author,
            self.department,
            self.date,
            self.marking,
            self.template,
            self.group_by,
        ):
            field.setMinimumWidth(120)
            field.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for label, widget in (
            ("&Title", self.title),
            ("&Author", self.author),
            ("&Department", self.department),
            ("Dat&e", self.date),
            ("&Marking", self.marking),
            ("House &style", self.template),
            ("&Grouping", self.group_by),
        ):
            widget.setAccessibleName(label.replace("&", ""))
            form.addRow(label, widget)
        form.addRow("Sections", section_grid)

        for line in (self.title, self.author, self.department):
            line.textChanged.connect(self.changed)
        self.date.dateChanged.connect(self.changed)
        for combo in (self.marking, self.template, self.group_by):
            combo.currentIndexChanged.connect(self.changed)
        for box in self.sections.values():
            box.toggled.connect(self.changed)

    def focus_chain(self) -> list[QWidget]:
        """The fields in the order Tab visits them, top to bottom."""
        return [
            self.title,
            self.author,
            self.department,
            self.date,
            self.marking,
            self.template,
            self.group_by,
            *self.sections.values(),
        ]

    def apply_to(self, spec: PackSpec) -> PackSpec:
        """The spec with these options."""
        chosen = tuple(name for name, box in self.sections.items() if box.isChecked())
        return spec.with_changes(
            title=self.title.text() or DEFAULT_TITLE,
            author=self.author.text(),
            department=self.department.text(),
            date=self.date.date().toPython().isoformat(),
            marking=self.marking.currentData(),
            template=self.template.currentData() or "standard",
            group_by=self.group_by.currentData(),
            sections=None if len(chosen) == len(SECTIONS) else chosen,
        )

    def show_spec(self, spec: PackSpec) -> None:
        """Shows a spec's options, with one `changed` signal at the end."""
        self.blockSignals(True)
        try:
            for line, value in (
                (self.title, "" if spec.title == DEFAULT_TITLE else spec.title),
                (self.author, spec.author),
                (self.department, spec.department),
            ):
                line.blockSignals(True)
                line.setText(value)
                line.blockSignals(False)
            day = dt.date.fromisoformat(spec.date)
            self.date.blockSignals(True)
            self.date.setDate(QDate(day.year, day.month, day.day))
            self.date.blockSignals(False)
            for combo, value in (
                (self.marking, spec.marking),
                (self.template, spec.template),
                (self.group_by, spec.group_by),
            ):
                combo.blockSignals(True)
                index = combo.findData(value)
                combo.setCurrentIndex(max(index, 0))
                combo.blockSignals(False)
            for name, box in self.sections.items():
                box.blockSignals(True)
                box.setChecked(spec.sections is None or name in spec.sections)
                box.blockSignals(False)
        finally:
            self.blockSignals(False)
        self.changed.emit()
