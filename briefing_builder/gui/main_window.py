"""The main window: pick regions and themes, see the matching evidence and its citation."""

import html

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QTableView,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.catalogue import Catalogue, Item
from briefing_builder.gui.evidence_model import EvidenceModel, ItemRole

AreaRole = Qt.ItemDataRole.UserRole + 1
"""The role under which a region-tree entry gives its area id."""
ThemeRole = Qt.ItemDataRole.UserRole + 2
"""The role under which a theme-list entry gives its theme id."""

_AREA_BRANCHES = (
    ("United Kingdom and nations", ("uk", "nation")),
    ("ITL1 regions", ("region",)),
    ("Groups", ("group",)),
)


class MainWindow(QMainWindow):
    """Regions and themes on the left; the matching evidence and its detail on the right."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self._catalogue = catalogue
        self.setWindowTitle("Briefing Builder")
        self.regions = self._region_tree()
        self.themes = self._theme_list()
        self.model = EvidenceModel(
            {a.id: a.name for a in catalogue.areas}, {t.id: t.name for t in catalogue.themes}
        )
        self.table = self._table()
        self.detail = QTextBrowser(openExternalLinks=True)
        self.detail.setAccessibleName("Selected item")

        pickers = QWidget()
        layout = QVBoxLayout(pickers)
        layout.setContentsMargins(6, 6, 0, 0)
        for label, widget in (("&Regions", self.regions), ("&Themes", self.themes)):
            caption = QLabel(label)
            caption.setBuddy(widget)
            layout.addWidget(caption)
            layout.addWidget(widget, stretch=1)
        evidence = QSplitter(Qt.Orientation.Vertical)
        evidence.addWidget(self.table)
        evidence.addWidget(self.detail)
        evidence.setSizes([500, 200])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(pickers)
        main.addWidget(evidence)
        main.setSizes([380, 900])
        self.setCentralWidget(main)

        self.regions.itemChanged.connect(self.refresh)
        self.themes.itemChanged.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.refresh()

    def chosen_regions(self) -> list[str]:
        """The ids of the ticked areas."""
        ticked = []
        for branch in range(self.regions.topLevelItemCount()):
            parent = self.regions.topLevelItem(branch)
            for row in range(parent.childCount()):
                child = parent.child(row)
                if child.checkState(0) == Qt.CheckState.Checked:
                    ticked.append(child.data(0, AreaRole))
        return ticked

    def chosen_themes(self) -> list[str]:
        """The ids of the ticked themes."""
        return [
            self.themes.item(row).data(ThemeRole)
            for row in range(self.themes.count())
            if self.themes.item(row).checkState() == Qt.CheckState.Checked
        ]

    @Slot()
    def refresh(self) -> None:
        """Runs the query for the current choices and shows the result."""
        hits = self._catalogue.query(self.chosen_regions(), self.chosen_themes())
        self.model.set_hits(hits)
        self.detail.setHtml(
            ""
            if hits
            else "<p>Nothing matches these choices. Tick a wider area, or more themes.</p>"
        )
        self.statusBar().showMessage(
            f"Dataset {self._catalogue.version}  ·  "
            f"{len(hits)} of {len(self._catalogue.items)} items match"
        )
        if hits:
            self.table.selectRow(0)

    @Slot()
    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        item = self.model.data(index, ItemRole) if index.isValid() else None
        if item is not None:
            self.detail.setHtml(_detail_html(item))

    def _region_tree(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setHeaderLabels(["Area", "ITL1 code"])
        tree.setAccessibleName("Regions")
        for label, kinds in _AREA_BRANCHES:
            branch = QTreeWidgetItem(tree, [label])
            branch.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for area in self._catalogue.areas:
                if area.kind in kinds:
                    entry = QTreeWidgetItem(branch, [area.name, area.itl1 or ""])
                    entry.setData(0, AreaRole, area.id)
                    entry.setCheckState(0, Qt.CheckState.Unchecked)
        tree.expandAll()
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(False)
        return tree

    def _theme_list(self) -> QListWidget:
        themes = QListWidget()
        themes.setAccessibleName("Themes")
        for theme in self._catalogue.themes:
            entry = QListWidgetItem(theme.name, themes)
            entry.setToolTip(theme.description)
            entry.setData(ThemeRole, theme.id)
            entry.setCheckState(Qt.CheckState.Unchecked)
        return themes

    def _table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("Matching evidence")
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 80), (3, 150), (4, 150), (5, 150), (6, 90)):
            table.setColumnWidth(column, width)
        return table


def _detail_html(item: Item) -> str:
    """The selected item as HTML: every string escaped, since dataset text is data, never markup."""
    e = html.escape
    source = item.source
    year = source.year or "n.d."
    if source.authors:
        authors = e(", ".join(source.authors))
        citation = f"{authors} ({year}) <i>{e(source.title)}</i>. {e(source.publisher)}."
    else:
        citation = f"{e(source.publisher)} ({year}) <i>{e(source.title)}</i>."
    if source.url:
        citation += f' <a href="{e(source.url, quote=True)}">{e(source.url)}</a>'
    parts = [f"<h3>{e(item.title)}</h3>", f"<p>{e(item.text)}</p>"]
    if item.quote:
        parts.append(f"<blockquote>“{e(item.quote)}”</blockquote>")
    parts.append(f"<p><b>Source:</b> {citation} {e(item.locator)}.</p>")
    if item.notes:
        parts.append(f"<p><b>Notes:</b> {e(item.notes)}</p>")
    return "".join(parts)
