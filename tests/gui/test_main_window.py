"""The window driven as a user would: tick regions and themes, read the table and the detail."""

from PySide6.QtCore import Qt

from briefing_builder.catalogue import Catalogue
from briefing_builder.gui.evidence_model import EvidenceModel, ItemRole
from briefing_builder.gui.main_window import AreaRole, MainWindow, ThemeRole


def _tick_area(window: MainWindow, area_id: str) -> None:
    for branch in range(window.regions.topLevelItemCount()):
        parent = window.regions.topLevelItem(branch)
        for row in range(parent.childCount()):
            if parent.child(row).data(0, AreaRole) == area_id:
                parent.child(row).setCheckState(0, Qt.CheckState.Checked)
                return
    raise AssertionError(f"{area_id} is not in the region tree")


def _tick_theme(window: MainWindow, theme_id: str) -> None:
    for row in range(window.themes.count()):
        if window.themes.item(row).data(ThemeRole) == theme_id:
            window.themes.item(row).setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(f"{theme_id} is not in the theme list")


def _shown_ids(window: MainWindow) -> list[str]:
    model = window.model
    return [model.data(model.index(row, 0), ItemRole).id for row in range(model.rowCount())]


def test_the_tree_offers_every_area_with_its_itl1_code(qtbot, catalogue: Catalogue) -> None:
    window = MainWindow(catalogue)
    qtbot.addWidget(window)
    shown = {}
    for branch in range(window.regions.topLevelItemCount()):
        parent = window.regions.topLevelItem(branch)
        for row in range(parent.childCount()):
            shown[parent.child(row).text(0)] = parent.child(row).text(1)
    assert shown["West Midlands"] == "TLG"
    assert shown["The Midlands"] == ""
    assert len(shown) == len(catalogue.areas)


def test_ticking_west_midlands_and_a_theme_shows_the_matching_evidence(
    qtbot, catalogue: Catalogue
) -> None:
    window = MainWindow(catalogue)
    qtbot.addWidget(window)
    window.show()
    assert window.model.rowCount() == len(catalogue.items)

    _tick_area(window, "west-midlands")
    _tick_theme(window, "green-transition")

    expected = [h.item.id for h in catalogue.query(["west-midlands"], ["green-transition"])]
    assert _shown_ids(window) == expected
    assert "midlands-engine-priorities-13" in expected
    assert (
        f"{len(expected)} of {len(catalogue.items)} items match"
        in window.statusBar().currentMessage()
    )
    first = window.model.index(0, 1)
    assert window.model.data(first) == catalogue.item(expected[0]).title
    assert "Source:" in window.detail.toPlainText()


def test_the_detail_shows_the_quote_and_a_working_link_to_the_source(
    qtbot, catalogue: Catalogue
) -> None:
    window = MainWindow(catalogue)
    qtbot.addWidget(window)
    _tick_area(window, "london")
    row = _shown_ids(window).index("ons-gdhi-1997-2021-1")
    window.table.selectRow(row)
    detail = window.detail.toHtml()
    assert "31,094 available to spend or save" in window.detail.toPlainText()
    assert 'href="https://ons.gov.uk/economy/regionalaccounts/' in detail


def test_a_choice_that_matches_nothing_says_so_and_hints_what_to_do(
    qtbot, catalogue: Catalogue
) -> None:
    statistics_only = Catalogue(
        version=catalogue.version,
        areas=catalogue.areas,
        themes=catalogue.themes,
        sources=catalogue.sources,
        items=[i for i in catalogue.items if i.kind == "statistic"],
    )
    window = MainWindow(statistics_only)
    qtbot.addWidget(window)
    _tick_area(window, "wales")
    _tick_theme(window, "transport")
    assert window.model.rowCount() == 0
    assert "Nothing matches these choices" in window.detail.toPlainText()
    assert "0 of 52 items match" in window.statusBar().currentMessage()


def test_the_evidence_model_passes_the_model_tester(qtmodeltester, catalogue: Catalogue) -> None:
    model = EvidenceModel(
        {a.id: a.name for a in catalogue.areas}, {t.id: t.name for t in catalogue.themes}
    )
    model.set_hits(catalogue.query(["midlands"]))
    qtmodeltester.check(model)
