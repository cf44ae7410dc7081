"""Pack specs, build_pack() and the Pack it makes. No Qt, no docx, no pdf."""

from briefing_builder.pack.build import (
    build_pack,
    empty_pack_reason,
    in_manual_order,
    missing_items,
    pack_evidence,
    spec_for_region,
    title_for_region,
)
from briefing_builder.pack.model import (
    FORMATS,
    Change,
    EvidenceSection,
    FactTable,
    Pack,
    PackItem,
    Reference,
)
from briefing_builder.pack.spec import GROUPINGS, MARKINGS, SECTIONS, PackSpec

__all__ = [
    "FORMATS",
    "GROUPINGS",
    "MARKINGS",
    "SECTIONS",
    "Change",
    "EvidenceSection",
    "FactTable",
    "Pack",
    "PackItem",
    "PackSpec",
    "Reference",
    "build_pack",
    "empty_pack_reason",
    "in_manual_order",
    "missing_items",
    "pack_evidence",
    "spec_for_region",
    "title_for_region",
]
