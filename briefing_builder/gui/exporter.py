"""Export, print and batch export: the window's slow work, each on a worker thread."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QProgressDialog, QWidget

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import BriefingError
from briefing_builder.files import safe_file_stem
from briefing_builder.gui import dialogs
from briefing_builder.gui.preview import PreviewPane
from briefing_builder.gui.printing import new_printer, print_pdf
from briefing_builder.gui.workers import run_task
from briefing_builder.pack import PackSpec, spec_for_region
from briefing_builder.render import export_pack


class _CancelledError(Exception):
    """The user cancelled an export."""


class PackExporter(QObject):
    """Writes, prints and batch-writes the pack the window shows; the choices are read on demand.

    Signals:
        exported(Path): a pack was written.
        message(str, int): a line for the status bar, and for how many milliseconds.
    """

    exported = Signal(Path)
    message = Signal(str, int)

    def __init__(
        self,
        window: QWidget,
        catalogue: Catalogue,
        spec: Callable[[], PackSpec],
        preset: Callable[[], str | None],
        preview: PreviewPane,
        settings: QSettings,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.catalogue = catalogue
        self._spec = spec
        self._preset = preset
        self.preview = preview
        self.settings = settings
        self.last_exported: Path | None = None

    def suggested_name(self, extension: str) -> Path:
        """A default file name from the regions, themes and date."""
        spec = self._spec()
        parts = [self.catalogue.area(r).name for r in spec.regions[:2]] or ["All regions"]
        parts += [self.catalogue.theme(t).name for t in spec.themes[:2]]
        name = " - ".join(parts) + f" {spec.date}"
        safe = safe_file_stem(name)
        folder = Path(self.settings.value("export/folder", str(Path.home())))
        return folder / f"{safe}.{extension}"

    def export(self, kind: str) -> None:
        """Asks where, then writes the pack on a worker with a progress bar and Cancel."""
        label = "Word document (*.docx)" if kind == "docx" else "PDF (*.pdf)"
        title = "Export Word pack" if kind == "docx" else "Export PDF pack"
        path = dialogs.save_path(self.window, title, self.suggested_name(kind), label)
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        self.settings.setValue("export/folder", str(path.parent))
        spec, preset = self._spec(), self._preset()
        progress = QProgressDialog(f"Writing {path.name}...", "Cancel", 0, 0, self.window)
        progress.setWindowTitle("Exporting")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        if kind == "docx":
            progress.setCancelButton(None)  # python-docx reports no progress to stop at
        cancelled = {"flag": False}
        progress.canceled.connect(lambda: cancelled.update(flag=True))

        def report(_what: str, _value: int) -> None:
            if cancelled["flag"]:
                raise _CancelledError

        def done(paths: list[Path]) -> None:
            progress.close()
            self._exported(paths)

        def failed(error: BaseException) -> None:
            progress.close()
            if isinstance(error, _CancelledError):
                self.message.emit("Export cancelled; nothing was written.", 5000)
            elif isinstance(error, BriefingError):
                dialogs.error(self.window, "The pack could not be exported", str(error))
            else:
                raise error

        run_task(
            lambda: export_pack(
                spec, self.catalogue, {kind: path}, preset_name=preset, progress=report
            ),
            done,
            failed,
        )

    def _exported(self, paths: list[Path]) -> None:
        self.last_exported = paths[-1]
        self.exported.emit(paths[-1])
        choice = dialogs.exported(self.window, paths)
        if choice == "open":
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(paths[-1])))
        elif choice == "folder":
            self.show_last_exported()

    @Slot()
    def show_last_exported(self) -> None:
        """Opens the folder of the last exported pack."""
        if self.last_exported:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_exported.parent)))

    @Slot()
    def print_pack(self) -> None:
        """Prints the PDF pack through the system print dialog (printer, pages, copies)."""
        printer = new_printer()
        if QPrintDialog(printer, self.window).exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Prints the PDF pack on a printer set up already."""
        self._with_pdf(lambda pdf: self._print(pdf, printer))

    def print_preview(self) -> None:
        """Shows the pack as it will print, in Qt's print preview."""

        def show(pdf: Path) -> None:
            dialog = QPrintPreviewDialog(new_printer(), self.window)
            dialog.paintRequested.connect(lambda printer: print_pdf(pdf, printer))
            dialog.exec()

        self._with_pdf(show)

    def _print(self, pdf: Path, printer: QPrinter) -> None:
        try:
            pages = print_pdf(pdf, printer)
        except BriefingError as error:
            dialogs.error(self.window, "The pack could not be printed", str(error))
            return
        self.message.emit(f"Sent {pages} page(s) to the printer.", 5000)

    def _with_pdf(self, then: Callable[[Path], object]) -> None:
        """Calls `then` with an up-to-date PDF of the pack, rendering one if needed."""
        if (
            self.preview.current
            and not self.preview.is_busy()
            and not self.preview.timer.isActive()
        ):
            then(self.preview.current)
            return
        path = self.preview.folder / f"print-{dt.datetime.now():%H%M%S%f}.pdf"
        job = self.pdf_job()
        run_task(
            lambda: job(path),
            lambda _r: then(path),
            lambda error: dialogs.error(self.window, "The pack could not be printed", str(error)),
        )

    def pdf_job(self) -> Callable[[Path], list[Path]]:
        """Captures the choices now, on the main thread; the job writes the PDF on a worker."""
        spec, preset, catalogue = self._spec(), self._preset(), self.catalogue
        return lambda path: export_pack(spec, catalogue, {"pdf": path}, preset_name=preset)

    def export_each_region(self) -> None:
        """Writes one PDF pack per chosen region into a folder, with progress and a summary."""
        spec, preset = self._spec(), self._preset()
        if len(spec.regions) < 1:
            dialogs.info(
                self.window, "One pack per region", "Tick the regions to make packs for first."
            )
            return
        folder = dialogs.folder_path(self.window, "Folder for the packs")
        if folder is None:
            return
        progress = QProgressDialog("Writing packs...", "Cancel", 0, len(spec.regions), self.window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        results: list[str] = []

        def one(index: int) -> None:
            if index == len(spec.regions) or progress.wasCanceled():
                progress.close()
                dialogs.info(
                    self.window,
                    "One pack per region",
                    "\n".join(results) or "No packs were written.",
                )
                return
            area = self.catalogue.area(spec.regions[index])
            one = spec_for_region(spec, area)
            target = folder / f"{safe_file_stem(one.title)}.pdf"
            progress.setLabelText(f"Writing {target.name}...")

            def done(_paths: list[Path]) -> None:
                results.append(f"{area.name}: {target}")
                progress.setValue(index + 1)
                one(index + 1)

            def failed(error: BaseException) -> None:
                if not isinstance(error, BriefingError):
                    raise error
                results.append(f"{area.name}: failed: {error}")
                progress.setValue(index + 1)
                one(index + 1)

            if target.exists() and not dialogs.confirm(
                self.window, "Replace file?", f"{target} exists. Replace it?"
            ):
                results.append(f"{area.name}: skipped, {target.name} exists")
                one(index + 1)
                return
            run_task(
                lambda: export_pack(
                    one,
                    self.catalogue,
                    {"pdf": target},
                    preset_name=preset,
                ),
                done,
                failed,
            )

        one(0)
