"""A live preview of the real PDF pack, re-rendered on a worker shortly after the user stops."""

import itertools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from briefing_builder.errors import BriefingError
from briefing_builder.gui.workers import Cancelled, Progress, run_task

DELAY_MS = 600
"""How long the user must pause before the preview is rebuilt, so typing never stutters."""
ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.1, 6.0


class PreviewPane(QWidget):
    """Shows the PDF pack for the current choices.

    `request` asks for a new preview; the pane waits DELAY_MS for more changes, then calls
    `prepare()` on the main thread, which captures the choices and returns a job; the job runs
    on a worker thread with the path to write and a Progress, and the pane shows the file. A
    newer request cancels the render in flight; results of superseded requests are dropped.

    Signals:
        rendered(Path): a new preview is showing.
        busy_changed(bool): rendering started or finished.
    """

    rendered = Signal(Path)
    busy_changed = Signal(bool)

    def __init__(self, prepare: Callable[[], Callable[[Path, Progress], object]]) -> None:
        super().__init__()
        self._prepare = prepare
        self.folder = Path(tempfile.mkdtemp(prefix="briefing-builder-preview-"))
        self._counter = itertools.count(1)
        self._latest = 0
        self._busy = False
        self._progress: Progress | None = None
        self.current: Path | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Preview of the PDF pack")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setMargin(16)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.message)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.setAccessibleName("Updating the preview")
        self.progress.hide()
        self.zoom_bar = self._zoom_bar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.zoom_bar)
        layout.addWidget(self.progress)
        layout.addWidget(self.stack, stretch=1)
        self.timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self.timer.timeout.connect(self._start)

    def _zoom_bar(self) -> QToolBar:
        bar = QToolBar("Preview zoom")
        bar.setAccessibleName("Preview zoom")
        self.zoom_label = QLabel()
        self.zoom_label.setAccessibleName("Preview zoom level")
        self.zoom_actions: dict[str, QAction] = {}
        for key, text, short, slot, shortcut in (
            ("width", "Fit &width", "Width", self.fit_width, "Ctrl+0"),
            ("page", "Fit &page", "Page", self.fit_page, "Ctrl+9"),
            ("out", "Zoom &out", "\u2212", self.zoom_out, QKeySequence.StandardKey.ZoomOut),
            ("in", "Zoom &in", "+", self.zoom_in, QKeySequence.StandardKey.ZoomIn),
        ):
            action = QAction(text, self)
            action.setIconText(short)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text.replace('&', '')} ({action.shortcut().toString()})")
            action.triggered.connect(slot)
            self.addAction(action)
            bar.addAction(action)
            self.zoom_actions[key] = action
        bar.addWidget(self.zoom_label)
        self._show_zoom()
        return bar

    @Slot()
    def fit_width(self) -> None:
        """Shows each page as wide as the pane."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._show_zoom()

    @Slot()
    def fit_page(self) -> None:
        """Shows a whole page in the pane."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._show_zoom()

    @Slot()
    def zoom_in(self) -> None:
        """Shows the pages larger."""
        self._zoom(self.zoom_factor() * ZOOM_STEP)

    @Slot()
    def zoom_out(self) -> None:
        """Shows the pages smaller."""
        self._zoom(self.zoom_factor() / ZOOM_STEP)

    def zoom_factor(self) -> float:
        """The zoom the pages show at, in a fit mode as well (1.0 is actual size)."""
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.Custom or self.document.pageCount() == 0:
            return self.view.zoomFactor()
        page = self.document.pagePointSize(0)
        dpi = self.view.logicalDpiX() / 72
        margins = self.view.documentMargins()
        room = self.view.viewport().size()
        width = (room.width() - margins.left() - margins.right()) / (page.width() * dpi)
        if mode == QPdfView.ZoomMode.FitToWidth:
            return width
        height = (room.height() - margins.top() - margins.bottom()) / (page.height() * dpi)
        return min(width, height)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(MIN_ZOOM, min(MAX_ZOOM, factor)))
        self._show_zoom()

    def _show_zoom(self) -> None:
        mode = self.view.zoomMode()
        words = {
            QPdfView.ZoomMode.FitToWidth: "fit width",
            QPdfView.ZoomMode.FitInView: "fit page",
        }.get(mode, f"{self.view.zoomFactor():.0%}")
        self.zoom_label.setText(f" {words}")

    @Slot()
    def request(self) -> None:
        """Asks for a fresh preview once the user pauses."""
        self.timer.start()

    def show_message(self, text: str) -> None:
        """Shows a message in place of the pages (nothing to preview, or why it failed)."""
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def cancel(self) -> None:
        """Stops waiting to render, and stops the render in flight."""
        self.timer.stop()
        if self._progress:
            self._progress.cancel()

    def discard(self) -> None:
        """Closes the shown PDF and removes the preview's temporary files."""
        self.cancel()
        self.document.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def is_busy(self) -> bool:
        """Whether a preview is being rendered."""
        return self._busy

    def up_to_date(self) -> bool:
        """Whether the shown PDF is of the current choices: none newer waits or renders."""
        return bool(self.current) and not self._busy and not self.timer.isActive()

    @Slot()
    def _start(self) -> None:
        number = next(self._counter)
        self._latest = number
        path = self.folder / f"preview-{number}.pdf"
        job = self._prepare()
        if self._progress:
            self._progress.cancel()
        progress = self._progress = Progress()
        if self.stack.currentWidget() is self.message:
            self.message.setText("Updating the preview\u2026")
        self._set_busy(True)
        run_task(
            lambda: job(path, progress),
            lambda _result: self._finished(number, path),
            lambda error: self._failed(number, error),
        )

    def _finished(self, number: int, path: Path) -> None:
        if number != self._latest:
            path.unlink(missing_ok=True)
            return
        self._set_busy(False)
        previous = self.current
        self.document.load(str(path))
        self.current = path
        self.stack.setCurrentWidget(self.view)
        if previous and previous != path:
            previous.unlink(missing_ok=True)
        self.rendered.emit(path)

    def _failed(self, number: int, error: BaseException) -> None:
        if number != self._latest:
            return
        self._set_busy(False)
        if isinstance(error, Cancelled):
            return
        # The last good preview no longer shows the current choices: forget it, so printing
        # renders the pack afresh (and reports the same error) instead of printing it.
        if self.current:
            self.current.unlink(missing_ok=True)
            self.current = None
        if isinstance(error, BriefingError):
            self.show_message(f"Nothing to preview yet: {error}.")
        else:
            raise error

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.busy_changed.emit(busy)
