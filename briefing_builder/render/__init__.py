"""House styles, text hygiene, and the Word and PDF writers. No Qt.

The writers are imported from their own modules (`render.docx_writer.write_docx`,
`render.pdf_writer.write_pdf`), so that importing this package loads neither the Word writer
nor reportlab (python-docx itself is still loaded, by the house style's checks)."""

from briefing_builder.render.export import FORMATS, export_pack, pack_sections
from briefing_builder.render.style import (
    HouseStyle,
    StyleEntry,
    available_styles,
    load_style,
    read_style,
    style_entries,
)

__all__ = [
    "FORMATS",
    "HouseStyle",
    "StyleEntry",
    "available_styles",
    "export_pack",
    "load_style",
    "pack_sections",
    "read_style",
    "style_entries",
]
