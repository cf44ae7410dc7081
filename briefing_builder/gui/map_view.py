"""A map of the UK for picking regions: the region polygons, drawn from the bundled GeoJSON.

Click a region to tick or untick it; hovering highlights it and names it with its code; the
chosen regions are filled. The region tree stays the keyboard-accessible way to pick.
"""

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.catalogue import Catalogue
from briefing_builder.catalogue.boundaries import ATTRIBUTION, load_boundaries

CHOSEN = QColor("#1d70b8")
UNCHOSEN = QColor("#dee0e2")
COVERED = QColor("#b4cfe8")
HOVER = QColor("#5694ca")


class RegionItem(QGraphicsPathItem):
    """One region's polygons; it asks the map to toggle it when clicked."""

    def __init__(self, region_id: str, label: str, path: QPainterPath, view: "MapView") -> None:
        super().__init__(path)
        self.region_id = region_id
        self.view = view
        self.chosen = False
        self.covered = False
        self.setToolTip(label)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        pen = QPen(QColor("#505a5f"), 0)  # cosmetic: one pixel at any zoom, sharp at 200%
        self.setPen(pen)
        self._paint(hover=False)

    def set_chosen(self, chosen: bool, covered: bool) -> None:
        """Chosen itself, or only covered by a chosen group or nation (a lighter fill)."""
        self.chosen = chosen
        self.covered = covered
        self._paint(hover=False)

    def _paint(self, *, hover: bool) -> None:
        if hover and not self.chosen:
            colour = HOVER
        else:
            colour = CHOSEN if self.chosen else COVERED if self.covered else UNCHOSEN
        self.setBrush(QBrush(colour))

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802 - Qt's name
        self._paint(hover=True)
        self.view.hovered.emit(self.toolTip())
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:  # noqa: N802 - Qt's name
        self._paint(hover=False)
        self.view.hovered.emit("")
        super().hoverLeaveEvent(event)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802 - Qt's name
        if event.button() == Qt.MouseButton.LeftButton:
            self.view.toggled.emit(self.region_id, not self.chosen)
            event.accept()
        else:
            super().mousePressEvent(event)


class MapView(QGraphicsView):
    """The UK's twelve ITL1 regions, scaled to fit the view.

    Signals:
        toggled(str, bool): the user clicked a region: its id, and whether to tick it.
        hovered(str): the name and code of the region under the pointer, or "".
    """

    toggled = Signal(str, bool)
    hovered = Signal(str)

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Map of the UK's regions")
        self.viewport().setAccessibleName("Map of the UK's regions")
        self.setAccessibleDescription(
            "Click a region to choose it; the region list does the same by keyboard"
        )
        self.items_by_id: dict[str, RegionItem] = {}
        by_code = {area.itl1: area for area in catalogue.areas if area.itl1}
        for shape in load_boundaries().shapes:
            area = by_code[shape.itl1]
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.OddEvenFill)
            for polygon in shape.polygons:
                for ring in polygon:
                    # Scene y grows downwards, latitude upwards.
                    path.addPolygon([QPointF(x, -y) for x, y in ring])
                    path.closeSubpath()
            item = RegionItem(area.id, f"{area.name} ({area.itl1})", path, self)
            self.scene().addItem(item)
            self.items_by_id[area.id] = item

    def set_chosen(self, chosen: set[str], covered: set[str]) -> None:
        """Fills the chosen regions, and lightly the ones a chosen group or nation covers."""
        for region_id, item in self.items_by_id.items():
            item.set_chosen(region_id in chosen, region_id in covered)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fitInView(self.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)


class MapPane(QWidget):
    """The map with a line naming the region under the pointer, and the boundaries' attribution."""

    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self.view = MapView(catalogue)
        self.status = QLabel("Click a region to choose it.")
        # The licences ask for the whole notice wherever the map shows: in a small box that
        # scrolls, so a short pane clips neither it nor the map.
        attribution = QTextBrowser(openExternalLinks=False)
        attribution.setPlainText(ATTRIBUTION)
        attribution.setAccessibleName("Map boundary data notice")
        attribution.setFrameShape(QFrame.Shape.NoFrame)
        attribution.viewport().setAutoFillBackground(False)
        font = attribution.font()
        font.setPointSizeF(font.pointSizeF() * 0.8)
        attribution.setFont(font)
        attribution.setFixedHeight(attribution.fontMetrics().lineSpacing() * 3 + 8)
        attribution.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.view, stretch=1)
        layout.addWidget(attribution)
        self.view.hovered.connect(
            lambda text: self.status.setText(text or "Click a region to choose it.")
        )
