"""The Word pack's document properties: title, author, dates and the rest, the application and
word count (docProps/app.xml), and the pack spec stored as custom properties (read back by
`embedded.read_pack_spec`), merged with a reference document's own."""

import datetime as dt
import json
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from briefing_builder import __version__
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
_APP_PROPERTIES = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_APPLICATION = f"Briefing Builder {__version__}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = f"{_W}t"
_TEXT_AND_SPACES = (_TEXT, f"{_W}tab", f"{_W}br", f"{_W}cr")
# What only Word can say (pages and lines need its layout; the version and editing time are
# its own), and the template's list of its parts (an untitled "Title"): a copied template's
# would be stale, so they are left out, as Word itself leaves out the list of parts.
_WORDS_OWN = ("Pages", "Lines", "AppVersion", "TotalTime", "HeadingPairs", "TitlesOfParts")


def write_properties(document: DocumentObject, pack: Pack) -> None:
    """Sets the document properties of the written document (its words are counted) and
    stores the pack spec among the custom ones."""
    core = document.core_properties
    core.title = _property(pack.title)
    core.author = _property(pack.author or pack.department)
    core.last_modified_by = _property(pack.author or "Briefing Builder")
    # python-docx writes the time as given, marked as UTC.
    core.created = core.modified = pack.generated_at.astimezone(dt.UTC).replace(tzinfo=None)
    core.revision = 1
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
    _app_properties(document, pack)
    _drop_thumbnail(document)


def _app_properties(document: DocumentObject, pack: Pack) -> None:
    """Names Briefing Builder as the application, the pack's department as the company and
    counts the words, in the package's docProps/app.xml; a reference document's other
    properties (its company, when the pack names no department, and template) are kept."""
    package = document.part.package
    existing = _package_part(document, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)
    root = _xml_root(existing, f"{{{_APP_NS}}}Properties")
    if root is None:
        root = etree.Element(f"{{{_APP_NS}}}Properties", nsmap={None: _APP_NS, "vt": _VT_NS})
    for name in _WORDS_OWN:
        for element in root.findall(f"{{{_APP_NS}}}{name}"):
            root.remove(element)
    words, characters, spaced, paragraphs = _counts(document)
    values = [
        ("Application", _APPLICATION),
        ("Words", str(words)),
        ("Characters", str(characters)),
        ("CharactersWithSpaces", str(spaced)),
        ("Paragraphs", str(paragraphs)),
    ]
    if clean(pack.department).strip():
        values.append(("Company", _property(pack.department)))
    for name, value in values:
        element = root.find(f"{{{_APP_NS}}}{name}")
        if element is None:
            element = etree.SubElement(root, f"{{{_APP_NS}}}{name}")
        element.text = value
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if existing is None:
        part = Part(PackURI("/docProps/app.xml"), _APP_PROPERTIES, xml, package)
        package.relate_to(part, RELATIONSHIP_TYPE.EXTENDED_PROPERTIES)
    else:
        existing._blob = xml


def _package_part(document: DocumentObject, reltype: str) -> Part | None:
    """The package's own part of a kind (app.xml, custom.xml), if it has one."""
    return next(
        (
            rel.target_part
            for rel in document.part.package.rels.values()
            if rel.reltype == reltype and not rel.is_external
        ),
        None,
    )


def _counts(document: DocumentObject) -> tuple[int, int, int, int]:
    """The body's words, characters without and with spaces, and paragraphs with text, as
    Word counts them in the properties."""
    words = characters = spaced = paragraphs = 0
    for paragraph in document.element.body.iter(f"{_W}p"):
        text = "".join(
            (e.text or "") if e.tag == _TEXT else " " for e in paragraph.iter(*_TEXT_AND_SPACES)
        )
        if text.strip():
            parts = text.split()
            words += len(parts)
            characters += sum(map(len, parts))
            spaced += len(text)
            paragraphs += 1
    return words, characters, spaced, paragraphs


def _drop_thumbnail(document: DocumentObject) -> None:
    """Drops the template's thumbnail, a picture of some other document's first page."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[rel_id]


def _custom_properties(document: DocumentObject, ours: list[tuple[str, str]]) -> None:
    """Stores our properties in the package's one custom.xml. A reference document's own
    properties (SharePoint templates carry several) are kept beside ours, every pid unique;
    an earlier pack's spec, in a reference made from a pack, is replaced."""
    package = document.part.package
    existing = _package_part(document, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)
    root = _xml_root(existing, f"{{{_CUSTOM_NS}}}Properties")
    if root is None:
        root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
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


def _xml_root(part: Part | None, tag: str) -> Any:
    """The root of a reference document's properties part (checked safe XML when the style was
    read), if it has one with the root `tag`."""
    if part is None:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(part.blob, parser)
    except etree.XMLSyntaxError:
        return None
    return root if root.tag == tag else None


def _property(text: str) -> str:
    """Text for a core document property, which Word limits to 255 characters."""
    text = clean(text)
    return text if len(text) <= _PROPERTY_LIMIT else text[: _PROPERTY_LIMIT - 1] + "\u2026"
