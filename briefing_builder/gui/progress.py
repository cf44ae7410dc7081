"""A progress dialog that follows a worker's Progress, with Cancel."""

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from briefing_builder.gui.workers import Progress

UPDATE_MS = 100


class ProgressDialog(QProgressDialog):
    """Shows how far a piece of work has got; Cancel asks it to stop.

    Its width is fixed and long lines are elided, so it keeps its size whatever it says.
    """

    def __init__(
        self, parent: QWidget, title: str, progress: Progress, *, cancellable: bool = True
    ) -> None:
        super().__init__(progress.read()[2], "Cancel", 0, 0, parent)
        self.progress = progress
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(300)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setFixedWidth(self.fontMetrics().averageCharWidth() * 64)
        if cancellable:
            self.canceled.connect(progress.cancel)
        else:
            self.setCancelButton(None)
        self.timer = QTimer(self, interval=UPDATE_MS)
        self.timer.timeout.connect(self._update)
        self.timer.start()

    @Slot()
    def _update(self) -> None:
        done, total, label = self.progress.read()
        if self.progress.cancelled:
            label = "Stopping..."
        width = self.width() - 40
        elided = self.fontMetrics().elidedText(label, Qt.TextElideMode.ElideMiddle, width)
        if elided != self.labelText():
            self.setLabelText(elided)
        if total and self.maximum() != total:
            self.setMaximum(total)
        if total:
            self.setValue(min(done, total))

    def finish(self) -> None:
        """Closes the dialog for good: the work has ended."""
        self.timer.stop()
        self.close()
        self.deleteLater()
