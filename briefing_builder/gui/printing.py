"""Printing the PDF pack: each page rendered with QPdfDocument, on a worker thread.

Qt allows painting on a QPrinter or a QImage from a thread other than the main one, so printing
(render every page, paint it on the printer) runs on a worker with a `Progress`, and the window
never freezes. On a machine with no printer installed the printer writes a PDF file instead.
"""

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from briefing_builder.errors import ExportError
from briefing_builder.gui.workers import Progress

MAX_DPI = 600
"""Beyond this a laser printer shows no difference, and each A4 page would take hundreds of MB."""
PREVIEW_DPI = 120
"""Enough for the print preview's zoom; 25 pages at this resolution take about 100 MB."""


def printer_installed() -> bool:
    """Whether the system knows any printer."""
    return bool(QPrinterInfo.availablePrinters())


def new_printer(pdf_file: Path | None = None) -> QPrinter:
    """A printer set for packs: A4, portrait, full resolution; to a PDF file if one is given.

    The caller keeps it for as long as any dialog uses it: a dialog holds only a pointer.
    """
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_file is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_file))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


def printer_name(printer: QPrinter) -> str:
    """The printer as the user knows it: its name, or the PDF file it writes."""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        return Path(printer.outputFileName()).name or "a PDF file"
    return printer.printerName() or "the printer"


def _open(pdf: Path) -> QPdfDocument:
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise ExportError(f"cannot read the pack to print it ({pdf})")
    return document


def _page_range(printer: QPrinter, count: int) -> range:
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(last, printer.toPage() - 1)
    return range(first, last + 1)


def print_pdf(pdf: Path, printer: QPrinter, progress: Progress | None = None) -> int:
    """Prints the pages of a PDF the printer's page range asks for; returns how many it printed.

    Runs on a worker: `progress` hears of each page, and cancelling stops before the next.
    """
    document = _open(pdf)
    pages = _page_range(printer, document.pageCount())
    painter = QPainter()
    if not painter.begin(printer):
        raise ExportError(
            f"{printer_name(printer)} could not start: check it is connected and try again"
        )
    printed = 0
    try:
        scale = min(1.0, MAX_DPI / max(printer.resolution(), 1))
        for number in pages:
            if progress:
                progress.report(printed, len(pages), f"Printing page {number + 1}...")
            if printed:
                printer.newPage()
            target = painter.viewport()
            size = _fitted(document, number, target.size())
            image = document.render(
                number, QSize(int(size.width() * scale), int(size.height() * scale))
            )
            painter.drawImage(QRect(target.topLeft(), size), image)
            printed += 1
    finally:
        painter.end()
    return printed


def render_pages(pdf: Path, progress: Progress | None = None) -> list[QImage]:
    """Every page as an image at PREVIEW_DPI, for the print preview to paint at once.

    Runs on a worker, so the preview opens without freezing the window.
    """
    document = _open(pdf)
    images = []
    count = document.pageCount()
    for number in range(count):
        if progress:
            progress.report(number, count, f"Preparing page {number + 1} of {count}...")
        points = document.pagePointSize(number) * (PREVIEW_DPI / 72)
        size = QSize(round(points.width()), round(points.height()))
        images.append(document.render(number, size).convertToFormat(QImage.Format.Format_RGB888))
    return images


def paint_pages(images: list[QImage], printer: QPrinter) -> None:
    """Paints page images on a printer (the print preview's), each fitted to the page."""
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        pages = _page_range(printer, len(images))
        for printed, number in enumerate(pages):
            if printed:
                printer.newPage()
            target = painter.viewport()
            image = images[number]
            size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(target.topLeft(), size), image)
    finally:
        painter.end()


def _fitted(document: QPdfDocument, number: int, target: QSize) -> QSize:
    page = document.pagePointSize(number).toSize()
    return page.scaled(target, Qt.AspectRatioMode.KeepAspectRatio)
