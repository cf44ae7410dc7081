"""The map in the window: clicking a region ticks it in the tree and changes the evidence."""

from PySide6.QtCore import QPoint, Qt

from briefing_builder.catalogue import Catalogue
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.pack import pack_evidence


def click_region(window: MainWindow, qtbot, region_id: str) -> None:
    view = window.map.view
    view.resize(400, 700)
    view.fitInView(view.scene().itemsBoundingRect(), Qt.AspectRatioMode.KeepAspectRatio)
    item = view.items_by_id[region_id]
    # A point inside the region's polygon (the bounding-box centre can fall outside).
    path = item.path()
    rect = path.boundingRect()
    inside = next(
        rect.topLeft() + (rect.bottomRight() - rect.topLeft()) * (n / 40.0)
        for n in range(1, 40)
        if path.contains(rect.topLeft() + (rect.bottomRight() - rect.topLeft()) * (n / 40.0))
    )
    point: QPoint = view.mapFromScene(inside)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_clicking_a_region_ticks_it_in_the_tree_and_the_query(
    window: MainWindow, catalogue: Catalogue, qtbot
) -> None:
    window.show()
    click_region(window, qtbot, "wales")
    assert window.regions.chosen() == ["wales"]
    assert window.map.view.items_by_id["wales"].chosen
    expected = [h.item.id for h in pack_evidence(catalogue.query(["wales"]))]
    assert [window.model.item(r).id for r in range(window.model.rowCount())] == expected
    click_region(window, qtbot, "wales")
    assert window.regions.chosen() == []
    assert not window.map.view.items_by_id["wales"].chosen


def test_the_tree_and_the_map_agree(window: MainWindow) -> None:
    window.regions.set_checked("west-midlands", True)
    window.regions.set_checked("north", True)
    items = window.map.view.items_by_id
    assert items["west-midlands"].chosen
    assert not items["north-east"].chosen
    assert items["north-east"].covered
    assert not items["london"].covered


def test_hovering_names_the_region_and_its_code(window: MainWindow) -> None:
    item = window.map.view.items_by_id["north-east"]
    assert item.toolTip() == "North East (TLC)"
    window.map.view.hovered.emit(item.toolTip())
    assert window.map.status.text() == "North East (TLC)"


def test_the_map_carries_its_attribution(window: MainWindow) -> None:
    from PySide6.QtWidgets import QTextBrowser

    texts = [box.toPlainText() for box in window.map.findChildren(QTextBrowser)]
    assert any("Martin Chorley" in t and "Crown copyright" in t for t in texts)
