"""Help: the user guide (bundled, offline), the keyboard shortcuts and About, each in a dialog."""

import html

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from briefing_builder import __version__
from briefing_builder.catalogue import Catalogue
from briefing_builder.catalogue.boundaries import ATTRIBUTION
from briefing_builder.gui import dialogs
from briefing_builder.resources import resources_dir


def user_guide_html() -> str:
    """The user guide, bundled with the app."""
    return (resources_dir() / "help" / "user-guide.html").read_text(encoding="utf-8")


def shortcuts_html(window: QWidget) -> str:
    """A table of every action of the window that has a keyboard shortcut."""
    rows = []
    seen = set()
    for action in window.findChildren(QAction):
        keys = ", ".join(k.toString() for k in action.shortcuts())
        name = action.text().replace("&", "").rstrip(".")
        if keys and name and (name, keys) not in seen:
            seen.add((name, keys))
            rows.append(f"<tr><td>{html.escape(name)}</td><td><b>{html.escape(keys)}</b></td></tr>")
    return (
        "<h2>Keyboard shortcuts</h2><table cellpadding='4'>" + "".join(sorted(rows)) + "</table>"
        "<p>Tab and Shift+Tab move between the controls; Space ticks a region, theme or item; "
        "the arrow keys move within the lists and the table.</p>"
    )


def _show(parent: QWidget, title: str, text: str) -> None:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    dialog.resize(620, 560)
    browser = QTextBrowser(openExternalLinks=True)
    browser.setAccessibleName(title)
    browser.setHtml(text)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()


def show_user_guide(parent: QWidget) -> None:
    """Shows the user guide."""
    _show(parent, "Briefing Builder user guide", user_guide_html())


def show_shortcuts(parent: QWidget) -> None:
    """Shows the keyboard shortcuts."""
    _show(parent, "Keyboard shortcuts", shortcuts_html(parent))


def show_about(parent: QWidget, catalogue: Catalogue) -> None:
    """Versions, dataset version, licences and attributions."""
    dialogs.info(
        parent,
        "About Briefing Builder",
        f"Briefing Builder {__version__}\nEvidence dataset {catalogue.version} "
        f"({len(catalogue.items)} items from {len(catalogue.sources)} sources)\n\n"
        "Statistics: Office for National Statistics and NISRA, Crown copyright, "
        "Open Government "
        "Licence v3.0.\nQuotations are short extracts, each attributed to its source.\n"
        "Font: Liberation Sans, SIL Open Font License 1.1.\n"
        f"{ATTRIBUTION}\n"
        "Built with Qt for Python (LGPL), python-docx (MIT) and reportlab (BSD).",
    )
