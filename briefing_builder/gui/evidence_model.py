"""A table model that adapts the catalogue's query results; it does no filtering of its own."""

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from briefing_builder.catalogue import Hit

ItemRole = Qt.ItemDataRole.UserRole + 1
"""The role under which each row gives its catalogue Item."""

_Index = QModelIndex | QPersistentModelIndex
_COLUMNS = ("Kind", "Title", "Match", "Regions", "Themes", "Source", "Published")


class EvidenceModel(QAbstractTableModel):
    """The items that match the current selection, one row each, in the catalogue's order."""

    def __init__(self, area_names: dict[str, str], theme_names: dict[str, str]) -> None:
        super().__init__()
        self._hits: list[Hit] = []
        self._area_names = area_names
        self._theme_names = theme_names

    def set_hits(self, hits: Sequence[Hit]) -> None:
        """Shows a new query result."""
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section] if 0 <= section < len(_COLUMNS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        item = hit.item
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = _COLUMNS[index.column()]
        if column == "Kind":
            return item.kind.capitalize()
        if column == "Title":
            return item.title
        if column == "Match":
            return hit.match.value.capitalize() if hit.match else ""
        if column == "Regions":
            return ", ".join(self._area_names[r] for r in item.regions)
        if column == "Themes":
            return ", ".join(self._theme_names[t] for t in item.themes)
        if column == "Source":
            return item.source.publisher
        return item.source.published or "n.d."
