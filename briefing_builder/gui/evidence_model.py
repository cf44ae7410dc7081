"""The evidence table's model: adapts a catalogue query, with the user's ticks and order.

It does no filtering of its own: the rows are what Catalogue.query returned. What it adds is
what the user decides here, which goes into the pack spec: which items are included (the tick)
and the order they come in (moved by hand, or sorted by a column).
"""

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from briefing_builder.catalogue import Hit, Item
from briefing_builder.pack import in_manual_order
from briefing_builder.pack.scope import Scope

ItemRole = Qt.ItemDataRole.UserRole + 1
"""The role under which each row gives its catalogue Item."""

COLUMNS = (
    "Include",
    "Kind",
    "Title",
    "Applies to",
    "Regions",
    "Themes",
    "Source",
    "Published",
    "From",
)
_Index = QModelIndex | QPersistentModelIndex
_KIND_WORDS = {"finding": "Finding", "recommendation": "Recommendation", "statistic": "Statistic"}


class EvidenceModel(QAbstractTableModel):
    """The items that match the current selection, one row each.

    Signals:
        choices_changed(): the user ticked, unticked or moved an item.
    """

    choices_changed = Signal()

    def __init__(self, area_names: dict[str, str], theme_names: dict[str, str]) -> None:
        super().__init__()
        self._hits: list[Hit] = []
        self._excluded: set[str] = set()
        self._order: list[str] = []
        self._scope_of: Callable[[Item], Scope] | None = None
        self._scopes: dict[str, Scope] = {}
        self._area_names = area_names
        self._theme_names = theme_names

    def set_hits(
        self,
        hits: Sequence[Hit],
        excluded: Sequence[str] = (),
        order: Sequence[str] = (),
        scope_of: Callable[[Item], Scope] | None = None,
    ) -> None:
        """Shows a new query result, keeping the user's ticks and order where they still apply.
        `scope_of` says where an item applies relative to the chosen areas; it is asked only
        for the rows shown (20,000 labels worked out at once took 0.35 s)."""
        self.beginResetModel()
        self._scope_of = scope_of
        self._scopes = {}
        self._order = list(order)
        self._hits = in_manual_order(hits, self._order)
        self._excluded = set(excluded)
        self.endResetModel()

    def all_excluded(self) -> tuple[str, ...]:
        """Every id the user has unticked, shown or not: a narrower query does not forget them."""
        return tuple(sorted(self._excluded))

    def order(self) -> tuple[str, ...]:
        """The user's order, if they have set one: the ids of the items they placed."""
        return tuple(self._order)

    def included_count(self) -> int:
        """How many shown items are ticked."""
        return sum(1 for h in self._hits if h.item.id not in self._excluded)

    def item(self, row: int) -> Item:
        """The item on a row."""
        return self._hits[row].item

    def set_included(self, row: int, included: bool) -> None:
        """Ticks or unticks the item on a row."""
        item_id = self._hits[row].item.id
        (self._excluded.discard if included else self._excluded.add)(item_id)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.choices_changed.emit()

    def move(self, row: int, delta: int) -> int:
        """Moves the item on a row up (negative) or down; returns its new row."""
        target = max(0, min(len(self._hits) - 1, row + delta))
        if target == row:
            return row
        destination = target + 1 if target > row else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._hits.insert(target, self._hits.pop(row))
        self.endMoveRows()
        self._reorder()
        return target

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        item = hit.item
        column = COLUMNS[index.column()]
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.CheckStateRole and column == "Include":
            return Qt.CheckState.Unchecked if item.id in self._excluded else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.text
        if role == Qt.ItemDataRole.AccessibleTextRole and column == "Include":
            return "Included" if item.id not in self._excluded else "Left out"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._display(hit, column)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        self.set_included(index.row(), Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorts by a column; the sorted order becomes the user's order."""
        name = COLUMNS[column]
        self.layoutAboutToBeChanged.emit()
        self._hits.sort(
            key=lambda h: self._display(h, name).casefold(),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        self.layoutChanged.emit()
        self._reorder()

    def _reorder(self) -> None:
        """Takes the shown rows' order as the user's; items placed earlier but not shown now
        keep their places after them, so narrowing the view does not lose them."""
        shown = [h.item.id for h in self._hits]
        on_show = set(shown)
        hidden = [item_id for item_id in self._order if item_id not in on_show]
        self._order = shown + hidden
        self.choices_changed.emit()

    def _display(self, hit: Hit, column: str) -> str:
        item = hit.item
        if column == "Include":
            return ""
        if column == "Kind":
            return _KIND_WORDS[item.kind]
        if column == "Title":
            return item.title
        if column == "Applies to":
            if self._scope_of is None:
                return ""
            scope = self._scopes.get(item.id)
            if scope is None:
                scope = self._scopes[item.id] = self._scope_of(item)
            return f"{scope.label} (wider)" if scope.wider else scope.label
        if column == "Regions":
            return ", ".join(self._area_names.get(r, r) for r in item.regions)
        if column == "Themes":
            return ", ".join(self._theme_names.get(t, t) for t in item.themes)
        if column == "Source":
            return item.source.cited_as
        if column == "From":
            return item.source.origin
        return item.source.published or "n.d."
