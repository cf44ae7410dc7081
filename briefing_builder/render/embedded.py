"""Reads back the pack spec that the writers embed in every pack, so a pack can become a preset."""

import io
import logging
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from briefing_builder.errors import BriefingError, PresetError
from briefing_builder.inputs import MEGABYTE, parse_json, read_bytes
from briefing_builder.pack import PackSpec
from briefing_builder.render.docx_properties import SPEC_PROPERTY
from briefing_builder.render.pdf_writer import SPEC_ATTACHMENT

_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_ENCRYPTED = 0x1
"""The zip flag bit of an encrypted entry."""
MAX_PACK_BYTES = 200 * MEGABYTE
"""The largest pack file read for its choices: far above any pack the app writes."""
MAX_SPEC_BYTES = 4 * MEGABYTE
"""The largest stored choices read back: a spec of every item in the dataset is far smaller."""


def read_pack_spec(path: Path) -> PackSpec:
    """The pack spec stored in a .docx or .pdf pack made by the app; PresetError if none."""
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise PresetError(
            f"{path}: not a pack (expected a .docx or .pdf file made by Briefing Builder)"
        )
    data = read_bytes(path, PresetError, limit=MAX_PACK_BYTES)
    text = _from_docx(path, data) if suffix == ".docx" else _from_pdf(path, data)
    try:
        return PackSpec.from_dict(parse_json(text, str(path), PresetError))
    except BriefingError as error:
        message = str(error).removeprefix(f"{path}: ")
        raise PresetError(f"{path}: the pack's stored choices cannot be read ({message})") from None


def _from_docx(path: Path, data: bytes) -> str:
    not_ours = PresetError(
        f"{path}: no pack choices in this file (was it made by Briefing Builder?)"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entry = package.getinfo("docProps/custom.xml")
            if entry.flag_bits & _ENCRYPTED:
                raise PresetError(f"{path}: the pack's stored choices are encrypted")
            if entry.file_size > MAX_SPEC_BYTES:
                raise PresetError(f"{path}: the pack's stored choices are too large")
            with package.open(entry) as member:
                # Read no further than the limit: a damaged header may understate the size.
                xml = member.read(MAX_SPEC_BYTES + 1)
    except KeyError:
        raise not_ours from None
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError):
        raise PresetError(f"{path}: cannot be read as a Word document (it is damaged)") from None
    if len(xml) > MAX_SPEC_BYTES:
        raise PresetError(f"{path}: the pack's stored choices are too large")
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise PresetError(f"{path}: the pack's stored choices are damaged (they declare entities)")
    values = {}
    try:
        properties = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        raise PresetError(f"{path}: the pack's stored choices are damaged") from None
    for element in properties.iter(f"{_CUSTOM}property"):
        text = element.find(f"{_VT}lpwstr")
        values[element.get("name")] = text.text or "" if text is not None else ""
    try:
        parts = int(values[f"{SPEC_PROPERTY}.parts"])
        return "".join(values[f"{SPEC_PROPERTY}.{n}"] for n in range(1, parts + 1))
    except (KeyError, ValueError):
        raise not_ours from None


def _from_pdf(path: Path, data: bytes) -> str:
    # pypdf logs what it repairs as warnings; the message below is the one the user needs.
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        return _attached_spec(path, data)
    finally:
        log.setLevel(level)


def _attached_spec(path: Path, data: bytes) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PresetError(
                f"{path}: the PDF is password-protected; packs made by Briefing Builder are not"
            )
        attachments = reader.attachments
        if SPEC_ATTACHMENT not in attachments:
            raise PresetError(
                f"{path}: no pack choices in this file (was it made by Briefing Builder?)"
            )
        # pypdf stops inflating a stream past its limit (LimitReachedError, a PyPdfError).
        stored = attachments[SPEC_ATTACHMENT][0]
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, RecursionError, zlib.error):
        raise PresetError(f"{path}: cannot be read as a PDF (it is damaged)") from None
    if len(stored) > MAX_SPEC_BYTES:
        raise PresetError(f"{path}: the pack's stored choices are too large")
    try:
        return stored.decode("utf-8")
    except UnicodeDecodeError:
        raise PresetError(f"{path}: the pack's stored choices are damaged") from None
