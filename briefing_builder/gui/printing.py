"""Printing the PDF pack: each page rendered with QPdfDocument at the printer's resolution."""

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from briefing_builder.errors import ExportError

MAX_DPI = 600


def new_printer() -> QPrinter:
    """A printer set for packs: A4, portrait, full resolution."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    return printer


def print_pdf(pdf: Path, printer: QPrinter) -> int:
    """Prints the pages of a PDF the printer's page range asks for; returns how many it printed."""
    document = QPdfDocument()
    if document.load(str(pdf)) != QPdfDocument.Error.None_:
        raise ExportError(f"cannot read the pack to print it ({pdf})")
    first, last = 0, document.pageCount() - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage() - 1, min(last, printer.toPage() - 1)
    painter = QPainter()
    if not painter.begin(printer):
        raise ExportError("the printer could not start: check it is connected and try again")
    printed = 0
    try:
        # Pages are drawn as images at the printer's resolution, up to MAX_DPI: beyond that a
        # laser printer shows no difference and each A4 page would take hundreds of megabytes.
        scale = min(1.0, MAX_DPI / max(printer.resolution(), 1))
        for number in range(first, last + 1):
            if printed:
                printer.newPage()
            target = painter.viewport()
            size = (
                document.pagePointSize(number)
                .toSize()
                .scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            )
            image = document.render(
                number, QSize(int(size.width() * scale), int(size.height() * scale))
            )
            painter.drawImage(QRect(target.topLeft(), size), image)
            printed += 1
    finally:
        painter.end()
    return printed
