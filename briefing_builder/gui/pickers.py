"""The region and theme pickers: checkable lists built from the catalogue's vocabularies."""

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal, Slot
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListView,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.catalogue import Catalogue

IdRole = Qt.ItemDataRole.UserRole + 1
"""The role under which a picker entry gives its area or theme id."""

_AREA_BRANCHES = (
    ("United Kingdom and nations", ("uk", "nation")),
    ("ITL1 regions", ("region",)),
    ("Groups", ("group",)),
)


class _Picker(QWidget):
    """A checkable list with Select all / Select none.

    Signals:
        changed(): the ticked entries changed.
    """

    changed = Signal()

    def __init__(self, model: QStandardItemModel, view: QTreeView | QListView, name: str) -> None:
        super().__init__()
        self.model = model
        self.view = view
        self._quiet = False
        all_button = self.all_button = QPushButton("Select all")
        none_button = self.none_button = QPushButton("Select none")
        all_button.setAccessibleName(f"Select all {name}")
        none_button.setAccessibleName(f"Select no {name}")
        all_button.clicked.connect(lambda: self._set_all(Qt.CheckState.Checked))
        none_button.clicked.connect(lambda: self._set_all(Qt.CheckState.Unchecked))
        buttons = QHBoxLayout()
        buttons.addWidget(all_button)
        buttons.addWidget(none_button)
        buttons.addStretch()
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(view, stretch=1)
        self.layout_.addLayout(buttons)
        model.itemChanged.connect(self._item_changed)

    def focus_chain(self) -> list[QWidget]:
        """The picker's controls in the order Tab visits them."""
        return [self.view, self.all_button, self.none_button]

    def entries(self) -> list[QStandardItem]:
        """Every checkable entry, in order."""
        found: list[QStandardItem] = []
        for row in range(self.model.rowCount()):
            top = self.model.item(row)
            if top.isCheckable():
                found.append(top)
            found += [top.child(n) for n in range(top.rowCount()) if top.child(n).isCheckable()]
        return found

    def chosen(self) -> list[str]:
        """The ids of the ticked entries."""
        return [e.data(IdRole) for e in self.entries() if e.checkState() == Qt.CheckState.Checked]

    def set_chosen(self, ids: list[str] | tuple[str, ...]) -> None:
        """Ticks exactly these ids, with one `changed` signal."""
        wanted = set(ids)
        self._apply({e.data(IdRole): e.data(IdRole) in wanted for e in self.entries()})

    def set_checked(self, item_id: str, checked: bool) -> None:
        """Ticks or unticks one entry."""
        for entry in self.entries():
            if entry.data(IdRole) == item_id:
                entry.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _set_all(self, state: Qt.CheckState) -> None:
        self._apply({e.data(IdRole): state == Qt.CheckState.Checked for e in self.entries()})

    def _apply(self, states: dict[str, bool]) -> None:
        self._quiet = True
        try:
            for entry in self.entries():
                wanted = (
                    Qt.CheckState.Checked
                    if states.get(entry.data(IdRole))
                    else Qt.CheckState.Unchecked
                )
                if entry.checkState() != wanted:
                    entry.setCheckState(wanted)
        finally:
            self._quiet = False
        self.changed.emit()

    @Slot(QStandardItem)
    def _item_changed(self, _item: QStandardItem) -> None:
        if not self._quiet:
            self.changed.emit()


class RegionPicker(_Picker):
    """A searchable tree of areas: the UK and nations, the ITL1 regions, the groups."""

    def __init__(self, catalogue: Catalogue) -> None:
        model = QStandardItemModel()
        model.setHorizontalHeaderLabels(["Area", "ITL1 code"])
        for label, kinds in _AREA_BRANCHES:
            branch = QStandardItem(label)
            branch.setEditable(False)
            branch.setSelectable(False)
            code_placeholder = QStandardItem("")
            code_placeholder.setEditable(False)
            for area in catalogue.areas:
                if area.kind in kinds:
                    entry = QStandardItem(area.name)
                    entry.setCheckable(True)
                    entry.setEditable(False)
                    entry.setData(area.id, IdRole)
                    entry.setToolTip(
                        f"{area.name}" + (f", GSS code {area.gss}" if area.gss else "")
                    )
                    code = QStandardItem(area.itl1 or "")
                    code.setEditable(False)
                    branch.appendRow([entry, code])
            model.appendRow([branch, code_placeholder])
        self.proxy = QSortFilterProxyModel()
        self.proxy.setSourceModel(model)
        self.proxy.setRecursiveFilteringEnabled(True)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        view = QTreeView()
        view.setModel(self.proxy)
        view.setAccessibleName("Regions")
        view.setUniformRowHeights(True)
        view.expandAll()
        view.header().setStretchLastSection(False)
        view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        super().__init__(model, view, "regions")
        self.tree = view
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search regions")
        self.search.setAccessibleName("Search regions")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        self.layout_.insertWidget(0, self.search)

    def focus_chain(self) -> list[QWidget]:
        """The search box first, then the tree and its buttons."""
        return [self.search, *super().focus_chain()]

    @Slot(str)
    def _search(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self.tree.expandAll()


class ThemePicker(_Picker):
    """A checkable list of themes, each described in its tooltip."""

    def __init__(self, catalogue: Catalogue) -> None:
        model = QStandardItemModel()
        for theme in catalogue.themes:
            entry = QStandardItem(theme.name)
            entry.setCheckable(True)
            entry.setEditable(False)
            entry.setData(theme.id, IdRole)
            entry.setToolTip(theme.description)
            model.appendRow(entry)
        view = QListView()
        view.setModel(model)
        view.setAccessibleName("Themes")
        super().__init__(model, view, "themes")
