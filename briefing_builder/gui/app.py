"""Starts the app: the Qt application, the catalogue, the main window."""

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from briefing_builder import __version__
from briefing_builder.catalogue import load_catalogue
from briefing_builder.errors import BriefingError
from briefing_builder.gui.main_window import MainWindow


def run_app() -> int:
    """Shows the main window and runs until it closes; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Briefing Builder")
    app.setApplicationVersion(__version__)
    try:
        catalogue = load_catalogue()
    except BriefingError as error:
        QMessageBox.critical(
            None, "Briefing Builder", f"The evidence dataset could not be loaded.\n\n{error}"
        )
        return 2
    window = MainWindow(catalogue)
    window.resize(1280, 760)
    window.show()
    return app.exec()
