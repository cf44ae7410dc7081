"""Reads back the pack spec that the writers embed in every pack, so a pack can become a preset."""

import json
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from briefing_builder.errors import BriefingError, PresetError
from briefing_builder.pack import PackSpec
from briefing_builder.render.docx_writer import SPEC_PROPERTY
from briefing_builder.render.pdf_writer import SPEC_ATTACHMENT

_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_VT = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"


def read_pack_spec(path: Path) -> PackSpec:
    """The pack spec stored in a .docx or .pdf pack made by the app; PresetError if none."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text = _from_docx(path)
    elif suffix == ".pdf":
        text = _from_pdf(path)
    else:
        raise PresetError(
            f"{path}: not a pack (expected a .docx or .pdf file made by Briefing Builder)"
        )
    try:
        return PackSpec.from_dict(json.loads(text))
    except (json.JSONDecodeError, BriefingError) as error:
        raise PresetError(f"{path}: the pack's stored choices cannot be read ({error})") from None


def _from_docx(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as package:
            xml = package.read("docProps/custom.xml")
    except FileNotFoundError:
        raise PresetError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, KeyError, OSError):
        raise PresetError(
            f"{path}: no pack choices in this file (was it made by Briefing Builder?)"
        ) from None
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
        raise PresetError(
            f"{path}: no pack choices in this file (was it made by Briefing Builder?)"
        ) from None


def _from_pdf(path: Path) -> str:
    try:
        attachments = PdfReader(path).attachments
    except FileNotFoundError:
        raise PresetError(f"{path}: no such file") from None
    except (PyPdfError, OSError, ValueError):
        raise PresetError(f"{path}: cannot be read as a PDF") from None
    if SPEC_ATTACHMENT not in attachments:
        raise PresetError(
            f"{path}: no pack choices in this file (was it made by Briefing Builder?)"
        )
    try:
        return attachments[SPEC_ATTACHMENT][0].decode("utf-8")
    except UnicodeDecodeError:
        raise PresetError(f"{path}: the pack's stored choices are damaged") from None
