"""The Word pack's document properties: title, author and the rest, and the pack spec stored
as custom properties (read back by `embedded.read_pack_spec`), merged with a reference
document's own."""

import json
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from briefing_builder.pack import Pack
from briefing_builder.render.text import clean

__all__ = ["SPEC_PROPERTY", "write_properties"]

SPEC_PROPERTY = "BriefingBuilderSpec"
"""Custom property names: SPEC_PROPERTY.parts, then SPEC_PROPERTY.1, .2 ... holding the JSON."""
_PROPERTY_LIMIT = 255  # Word keeps text properties up to 255 characters
_PROPERTY_CHUNK = 250
_CUSTOM_PROPERTIES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one Word uses for user-defined properties
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


def write_properties(document: DocumentObject, pack: Pack) -> None:
    """Sets the document properties and stores the pack spec among the custom ones."""
    core = document.core_properties
    core.title = _property(pack.title)
    core.author = _property(pack.author or pack.department)
    core.subject = _property(pack.subject)
    core.keywords = _property("; ".join(pack.keywords))
    core.language = "en-GB"
    core.comments = "Made with Briefing Builder"
    # ASCII JSON: chunks never split a character, and any text, even a lone surrogate, survives.
    spec = json.dumps(pack.spec.to_dict(), ensure_ascii=True)
    chunks = [spec[n : n + _PROPERTY_CHUNK] for n in range(0, len(spec), _PROPERTY_CHUNK)]
    properties = [(f"{SPEC_PROPERTY}.parts", str(len(chunks)))]
    properties += [(f"{SPEC_PROPERTY}.{n + 1}", chunk) for n, chunk in enumerate(chunks)]
    _custom_properties(document, properties)


def _custom_properties(document: DocumentObject, ours: list[tuple[str, str]]) -> None:
    """Stores our properties in the package's one custom.xml. A reference document's own
    properties (SharePoint templates carry several) are kept beside ours, every pid unique;
    an earlier pack's spec, in a reference made from a pack, is replaced."""
    package = document.part.package
    existing = next(
        (
            rel.target_part
            for rel in package.rels.values()
            if rel.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES and not rel.is_external
        ),
        None,
    )
    root = _properties_element(existing)
    for element in root.findall(f"{{{_CUSTOM_NS}}}property"):
        if (element.get("name") or "").startswith(f"{SPEC_PROPERTY}."):
            root.remove(element)
    pids = [p for p in (e.get("pid") or "" for e in root) if p.isascii() and p.isdigit()]
    first_pid = max((int(p) for p in pids), default=1) + 1  # pids start at 2
    for n, (name, value) in enumerate(ours):
        element = etree.SubElement(
            root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID, pid=str(first_pid + n), name=name
        )
        etree.SubElement(element, f"{{{_VT_NS}}}lpwstr").text = clean(value)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if existing is None:
        part = Part(PackURI("/docProps/custom.xml"), _CUSTOM_PROPERTIES, xml, package)
        package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
    else:
        # python-docx keeps a custom.xml as a plain part with no way to set its contents.
        existing._blob = xml
        existing.partname = PackURI("/docProps/custom.xml")  # where read_pack_spec looks


def _properties_element(part: Part | None) -> Any:
    """The root of a reference document's custom properties (checked safe XML when the style
    was read), or a new, empty one."""
    if part is not None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.fromstring(part.blob, parser)
        except etree.XMLSyntaxError:
            root = None
        if root is not None and root.tag == f"{{{_CUSTOM_NS}}}Properties":
            return root
    return etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})


def _property(text: str) -> str:
    """Text for a core document property, which Word limits to 255 characters."""
    text = clean(text)
    return text if len(text) <= _PROPERTY_LIMIT else text[: _PROPERTY_LIMIT - 1] + "\u2026"
