"""Export, print, print preview and batch export: the window's slow work, each on a worker.

Each piece of work carries a Progress shown in a ProgressDialog with Cancel; `shutdown` cancels
whatever is in flight and waits for it, so quitting never leaves a worker writing.
"""

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import BriefingError
from briefing_builder.files import safe_file_stem, write_atomically
from briefing_builder.gui import dialogs
from briefing_builder.gui.batch import RegionBatch, summary
from briefing_builder.gui.preview import PreviewPane
from briefing_builder.gui.printing import (
    new_printer,
    paint_pages,
    print_pdf,
    printer_installed,
    printer_name,
    render_pages,
)
from briefing_builder.gui.progress import ProgressDialog
from briefing_builder.gui.workers import Cancelled, Progress, run_task, wait_for_tasks
from briefing_builder.pack import PackSpec
from briefing_builder.render import export_pack

NO_PRINTER = "No printer is installed on this computer, so the pack is printed to a PDF file."


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
        folders: dialogs.LastFolders,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.catalogue = catalogue
        self._spec = spec
        self._preset = preset
        self.preview = preview
        self.folders = folders
        self.last_exported: Path | None = None
        self._work: dict[Progress, str] = {}
        self._closing = False

    # Work in flight

    def busy(self) -> list[str]:
        """What is being done now, in words ("writing a batch of packs"), for the quit prompt."""
        return list(self._work.values())

    def shutdown(self) -> None:
        """Cancels the work in flight and waits for it: the window is closing."""
        self._closing = True
        for progress in self._work:
            progress.cancel()
        self.preview.cancel()
        wait_for_tasks()

    def _start(
        self,
        what: str,
        title: str,
        work: Callable[[Progress], object],
        done: Callable[[object], None],
        *,
        cancellable: bool = True,
    ) -> None:
        """Runs `work` on a worker with a progress dialog; `done` gets its result. A cancel or a
        BriefingError is reported here; a bug goes on to the unexpected-error handler."""
        progress = Progress(label=what[0].upper() + what[1:] + "...")
        dialog = ProgressDialog(self.window, title, progress, cancellable=cancellable)
        self._work[progress] = what

        def finished(result: object) -> None:
            self._work.pop(progress, None)
            dialog.finish()
            if not self._closing:
                done(result)

        def failed(error: BaseException) -> None:
            self._work.pop(progress, None)
            dialog.finish()
            if isinstance(error, Cancelled):
                self.message.emit(f"{title} cancelled; nothing was written.", 8000)
            elif isinstance(error, BriefingError):
                if not self._closing:
                    dialogs.error(self.window, f"{title} did not finish", str(error))
            else:
                raise error

        run_task(lambda: work(progress), finished, failed)

    # Export

    def suggested_name(self, extension: str) -> Path:
        """A default file name from the regions, themes and date, in the last export folder."""
        spec = self._spec()
        parts = [self.catalogue.area(r).name for r in spec.regions[:2]] or ["All regions"]
        parts += [self.catalogue.theme(t).name for t in spec.themes[:2]]
        name = " - ".join(parts) + f" {spec.date}"
        return self.folders.get("export") / f"{safe_file_stem(name)}.{extension}"

    def export(self, kind: str) -> None:
        """Asks where, then writes the pack on a worker with a progress bar and Cancel."""
        label = "Word document (*.docx)" if kind == "docx" else "PDF (*.pdf)"
        title = "Export Word pack" if kind == "docx" else "Export PDF pack"
        path = dialogs.save_path(self.window, title, self.suggested_name(kind), label)
        if path is None:
            return
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        self.folders.remember("export", path)
        spec, preset, catalogue = self._spec(), self._preset(), self.catalogue

        def work(progress: Progress) -> list[Path]:
            return export_pack(
                spec,
                catalogue,
                {kind: path},
                preset_name=preset,
                progress=lambda _what, _value: progress.check(),
            )

        # python-docx reports no progress to stop at, so a Word export cannot be cancelled.
        self._start(f"writing {path.name}", title, work, self._exported, cancellable=kind == "pdf")

    def _exported(self, paths: object) -> None:
        assert isinstance(paths, list)
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

    # Printing

    @Slot()
    def print_pack(self) -> None:
        """Prints through the system print dialog, or to a PDF file where there is no printer."""
        if not printer_installed():
            path = dialogs.save_path(
                self.window,
                "No printer: print to a PDF file",
                self.suggested_name("pdf").with_stem(self.suggested_name("pdf").stem + " (print)"),
                "PDF (*.pdf)",
            )
            if path is not None:
                self.folders.remember("export", path)
                self.message.emit(NO_PRINTER, 8000)
                self._print_to_file(path)
            return
        printer = new_printer()
        dialog = QPrintDialog(printer, self.window)
        try:
            accepted = dialog.exec() == QPrintDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
        if accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Prints the PDF pack on a printer set up already, on a worker."""
        pdf = self._pdf()
        name = printer_name(printer)

        def work(progress: Progress) -> int:
            return print_pdf(pdf(progress), printer, progress)

        def done(pages: object) -> None:
            self.message.emit(f"Sent {pages} page(s) to {name}.", 15000)

        self._start(f"printing to {name}", "Printing", work, done)

    def _print_to_file(self, path: Path) -> None:
        """With no printer, "printing" saves the print-ready PDF pack itself: the same pages,
        as sharp as the original, in a moment instead of rendered page by page."""
        pdf = self._pdf()

        def work(progress: Progress) -> list[Path]:
            source = pdf(progress)
            return [write_atomically(path, lambda temporary: shutil.copyfile(source, temporary))]

        self._start(f"printing to {path.name}", "Printing", work, self._exported)

    def print_preview(self) -> None:
        """Shows the pack as it will print, in Qt's print preview; pages are prepared first."""
        pdf = self._pdf()

        def work(progress: Progress) -> tuple[Path, list[QImage]]:
            path = pdf(progress)
            return path, render_pages(path, progress)

        self._start("preparing the print preview", "Print preview", work, self._show_preview)

    def _show_preview(self, result: object) -> None:
        assert isinstance(result, tuple)
        path, images = result
        if not printer_installed():
            self.message.emit(
                "No printer is installed: the preview shows the pages as they would print "
                "to a PDF file.",
                8000,
            )
        # The dialog holds only a pointer to the printer: it must outlive the dialog.
        printer = new_printer()
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.paintRequested.connect(lambda target: _paint(path, images, target))
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()

    def _pdf(self) -> Callable[[Progress], Path]:
        """A job that gives an up-to-date PDF of the pack: the preview's, or a fresh one."""
        # The preview may have no purpose yet; a pack printed must have one, as one exported.
        if self.preview.up_to_date() and self._spec().purpose.strip():
            current = self.preview.current
            assert current is not None
            return lambda _progress: current
        path = self.preview.folder / f"print-{dt.datetime.now():%H%M%S%f}.pdf"
        job = self.pdf_job()

        def render(progress: Progress) -> Path:
            progress.report(0, 0, "Preparing the pack...")
            job(path, progress)
            return path

        return render

    def pdf_job(self, *, preview: bool = False) -> Callable[[Path, Progress], list[Path]]:
        """Captures the choices now, on the main thread; the job writes the PDF on a worker.

        A `preview` is written without a purpose too (its cover says it is not written yet)."""
        spec, preset, catalogue = self._spec(), self._preset(), self.catalogue
        return lambda path, progress: export_pack(
            spec,
            catalogue,
            {"pdf": path},
            preset_name=preset,
            progress=lambda _what, _value: progress.check(),
            preview=preview,
        )

    # One pack per region

    def export_each_region(self) -> None:
        """Writes one PDF pack per chosen region into a folder, with progress and a summary."""
        spec, preset = self._spec(), self._preset()
        if not spec.regions:
            dialogs.info(
                self.window, "One pack per region", "Tick the regions to make packs for first."
            )
            return
        folder = dialogs.folder_path(self.window, "Folder for the packs", self.folders.get("batch"))
        if folder is None:
            return
        self.folders.remember("batch", folder)
        batch = RegionBatch.plan(spec, self.catalogue, folder, preset)
        existing = batch.existing()
        answer = "replace"
        if existing:
            answer = dialogs.existing_files(self.window, [path.name for path in existing])
            if not answer:
                return
        catalogue = self.catalogue

        def done(outcomes: object) -> None:
            assert isinstance(outcomes, list)
            title, lines = summary(outcomes)
            dialogs.info(self.window, title, lines)

        self._start(
            f"writing {len(batch.targets)} packs, one per region",
            "One pack per region",
            lambda progress: batch.run(catalogue, progress, skip_existing=answer == "skip"),
            done,
        )


def _paint(pdf: Path, images: list[QImage], printer: QPrinter) -> None:
    """Paints the preview from the prepared images; printing from the preview (a real printer,
    not the preview's recording engine) renders the pages afresh at the printer's resolution."""
    engine = printer.paintEngine()
    if engine is not None and engine.type() == engine.Type.Picture:
        paint_pages(images, printer)
    else:
        print_pdf(pdf, printer)
