"""House styles, text hygiene, and the Word and PDF writers. No Qt."""

from briefing_builder.render.docx_writer import write_docx
from briefing_builder.render.export import FORMATS, export_pack, pack_sections
from briefing_builder.render.pdf_writer import write_pdf
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
    "write_docx",
    "write_pdf",
]
