"""Where the window sits: its geometry and splitters, kept in QSettings between runs.

A saved place that no longer fits a connected screen (a monitor unplugged) is ignored, and
the window takes most of the screen instead.
"""

from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget


def restore_place(
    window: QMainWindow, settings: QSettings, splitters: dict[str, QSplitter]
) -> None:
    """Puts the window and its splitters where they were, or fits it to the screen."""
    geometry = settings.value("window/geometry")
    if geometry is None or not window.restoreGeometry(geometry) or not fits_a_screen(window):
        fit_to_screen(window)
    for key, splitter in splitters.items():
        state = settings.value(key)
        if state is not None:
            splitter.restoreState(state)


def save_place(window: QMainWindow, settings: QSettings, splitters: dict[str, QSplitter]) -> None:
    """Remembers where the window and its splitters are, for the next start."""
    settings.setValue("window/geometry", window.saveGeometry())
    for key, splitter in splitters.items():
        settings.setValue(key, splitter.saveState())


def fit_to_screen(window: QWidget) -> None:
    """Sizes the window to most of the screen's available area, centred on it."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    width, height = int(area.width() * 0.92), int(area.height() * 0.88)
    window.resize(width, height)
    window.move(area.center().x() - width // 2, area.top() + (area.height() - height) // 3)


def fits_a_screen(window: QWidget) -> bool:
    """Whether the window lies wholly on one of the screens connected now."""
    frame: QRect = window.frameGeometry()
    return any(screen.availableGeometry().contains(frame) for screen in QGuiApplication.screens())
