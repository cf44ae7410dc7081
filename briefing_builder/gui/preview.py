"""A live preview of the real PDF pack, re-rendered on a worker shortly after the user stops."""

import itertools
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QProgressBar, QStackedWidget, QVBoxLayout, QWidget

from briefing_builder.errors import BriefingError
from briefing_builder.gui.workers import run_task

DELAY_MS = 500
"""How long the user must pause before the preview is rebuilt, so typing never stutters."""


class PreviewPane(QWidget):
    """Shows the PDF pack for the current choices.

    `request` asks for a new preview; the pane waits DELAY_MS for more changes, then calls
    `prepare()` on the main thread, which captures the choices and returns a job; the job runs
    on a worker thread with the path to write, and the pane shows the file. Results of
    superseded requests are dropped.

    Signals:
        rendered(Path): a new preview is showing.
        busy_changed(bool): rendering started or finished.
    """

    rendered = Signal(Path)
    busy_changed = Signal(bool)

    def __init__(self, prepare: Callable[[], Callable[[Path], object]]) -> None:
        super().__init__()
        self._prepare = prepare
        self.folder = Path(tempfile.mkdtemp(prefix="briefing-builder-preview-"))
        self._counter = itertools.count(1)
        self._latest = 0
        self._busy = False
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.progress)
        layout.addWidget(self.stack, stretch=1)
        self.timer = QTimer(self, singleShot=True, interval=DELAY_MS)
        self.timer.timeout.connect(self._start)

    @Slot()
    def request(self) -> None:
        """Asks for a fresh preview once the user pauses."""
        self.timer.start()

    def show_message(self, text: str) -> None:
        """Shows a message in place of the pages (nothing to preview, or why it failed)."""
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def discard(self) -> None:
        """Closes the shown PDF and removes the preview's temporary files."""
        self.timer.stop()
        self.document.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def is_busy(self) -> bool:
        """Whether a preview is being rendered."""
        return self._busy

    @Slot()
    def _start(self) -> None:
        number = next(self._counter)
        self._latest = number
        path = self.folder / f"preview-{number}.pdf"
        job = self._prepare()
        if self.stack.currentWidget() is self.message:
            self.message.setText("Updating the preview\u2026")
        self._set_busy(True)
        run_task(
            lambda: job(path),
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
