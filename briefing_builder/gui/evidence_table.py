"""The table of matching evidence: a row per item, whole rows selected, columns clickable."""

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from briefing_builder.gui.evidence_model import EvidenceModel

_WIDTHS = ((0, 60), (1, 104), (2, 280), (3, 150), (4, 110), (5, 110), (6, 110))


def evidence_table(model: EvidenceModel) -> QTableView:
    """A table view of the model: one row at a time, Tab leaves it, a click on a header sorts."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName("Matching evidence")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)  # Tab leaves the table; the arrow keys move within it
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setSectionsClickable(True)
    # The title keeps a readable width; on a narrow screen the table scrolls sideways instead.
    for column, width in _WIDTHS:
        table.setColumnWidth(column, width)
    return table
