"""Starts the app: the Qt application, the catalogue, the preset store, the main window.

An unexpected error (a bug) is logged to a file in the user's log folder and shown in a short
message with a Copy details button; the app keeps running.
"""

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing_builder import __version__
from briefing_builder.errors import BriefingError
from briefing_builder.gui import dialogs
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.gui.workers import wait_for_tasks
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.store import Library
from briefing_builder.pack.presets import PresetStore
from briefing_builder.resources import app_home, log_file, presets_dir, settings_file

log = logging.getLogger("briefing_builder")


def run_app() -> int:
    """Shows the main window and runs until it closes; returns the exit status."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Briefing Builder")
    app.setOrganizationName("Briefing Builder")
    app.setApplicationVersion(__version__)
    _start_logging()
    keep_qt_settings_home()
    sys.excepthook = show_unexpected_error
    library, warning = _chosen_library()
    try:
        catalogue, left_out = load_evidence(library=library)
    except BriefingError as error:
        QMessageBox.critical(
            None, "Briefing Builder", f"The evidence dataset could not be loaded.\n\n{error}"
        )
        return 2
    warning = warning or left_out
    settings = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    window = MainWindow(catalogue, PresetStore(presets_dir()), settings, library)
    window.show()
    if warning and not library.offline_since:  # offline, the status bar says so from now on
        QMessageBox.warning(
            window,
            "Briefing Builder",
            f"{dialogs.sentence(warning)}\n\nThe bundled evidence is shown.",
        )
    status = app.exec()
    wait_for_tasks()
    # Deleted here, while the application exists, not by the interpreter after it has gone.
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    return status


def _chosen_library() -> tuple[Library, str]:
    """The library chosen (--library, BRIEFING_BUILDER_LIBRARY, the Team library dialog), or
    the user's own with the reason when that choice cannot be used."""
    try:
        return Library.chosen(), ""
    except BriefingError as error:
        return Library.default(), f"the library chosen was left out: {error}"


def keep_qt_settings_home() -> None:
    """With BRIEFING_BUILDER_HOME set, Qt's own settings (its file dialog's history) go there
    too, instead of the user's ~/.config/QtProject.conf: a portable run touches nothing else."""
    home = app_home()
    if home is not None:
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(home / "qt"))


def _start_logging() -> None:
    path = log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def show_unexpected_error(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """Logs a bug's traceback and tells the user briefly, with the details a click away."""
    details = "".join(traceback.format_exception(kind, error, trace))
    log.error("Unexpected error\n%s", details)
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Something went wrong",
        "Briefing Builder hit an unexpected problem and did not finish what it was doing. "
        f"Your work is still here. The details are in {log_file()}.",
    )
    box.setDetailedText(details)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if box.clickedButton() is copy:
        QApplication.clipboard().setText(details)
