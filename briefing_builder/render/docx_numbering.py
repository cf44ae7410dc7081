"""Word numbering for the pack: bullets, numbered lists and numbered paragraphs as definitions
in numbering.xml that paragraphs refer to, so Word keeps the numbers right through edits."""

import copy
import functools
from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Length, Mm

BULLET = "bullet"
DECIMAL = "decimal"
PARAGRAPH_NUMBER_INDENT = Mm(10)
"""Where a numbered paragraph's text starts; its number sits at the margin."""
_LEVEL_TEXT = {BULLET: "\u2022", DECIMAL: "%1."}


class Numbering:
    """The numbering definitions of one document, to which the pack adds its own."""

    def __init__(self, document: DocumentObject) -> None:
        self._element = document.part.numbering_part.element
        self._last_abstract = max(
            _ids(self._element, "w:abstractNum", "w:abstractNumId"), default=0
        )
        self._last_num = max(_ids(self._element, "w:num", "w:numId"), default=0)

    def define(self, kind: str, left: Length, hanging: Length) -> int:
        """Adds a one-level list definition (bullets or "1.", "2." ...) with the text at `left`
        and the bullet or number `hanging` before it; returns the definition's id."""
        self._last_abstract += 1
        abstract = OxmlElement("w:abstractNum")
        abstract.set(qn("w:abstractNumId"), str(self._last_abstract))
        _add(abstract, "w:multiLevelType", "singleLevel")
        level = OxmlElement("w:lvl")
        level.set(qn("w:ilvl"), "0")
        for tag, value in (
            ("w:start", "1"),
            ("w:numFmt", kind),
            ("w:lvlText", _LEVEL_TEXT[kind]),
            ("w:lvlJc", "left"),
        ):
            _add(level, tag, value)
        properties = OxmlElement("w:pPr")
        indent = OxmlElement("w:ind")
        indent.set(qn("w:left"), str(left.twips))
        indent.set(qn("w:hanging"), str(hanging.twips))
        properties.append(indent)
        level.append(properties)
        abstract.append(level)
        # Every abstractNum comes before the first num in numbering.xml.
        first_num = self._element.find(qn("w:num"))
        if first_num is None:
            self._element.append(abstract)
        else:
            first_num.addprevious(abstract)
        return self._last_abstract

    def instance(self, definition: int, start: int | None = None) -> int:
        """Adds a list that follows a definition, restarting at `start` if given (each list of
        the same definition numbers from its own start); returns the list's id."""
        self._last_num += 1
        number = OxmlElement("w:num")
        number.set(qn("w:numId"), str(self._last_num))
        _add(number, "w:abstractNumId", str(definition))
        if start is not None:
            override = OxmlElement("w:lvlOverride")
            override.set(qn("w:ilvl"), "0")
            _add(override, "w:startOverride", str(start))
            number.append(override)
        # numIdMacAtCleanup, which Word for Mac writes, must stay the last child.
        cleanup = self._element.find(qn("w:numIdMacAtCleanup"))
        if cleanup is None:
            self._element.append(number)
        else:
            cleanup.addprevious(number)
        return self._last_num

    def definition_of(self, paragraph_style: Any) -> int | None:
        """The list definition a paragraph style's own numbering follows, if it has one."""
        properties = paragraph_style.element.pPr
        number_properties = None if properties is None else properties.numPr
        if number_properties is None or number_properties.numId is None:
            return None
        num_id = str(number_properties.numId.val)
        for number in self._element.findall(qn("w:num")):
            if number.get(qn("w:numId")) == num_id:
                reference = number.find(qn("w:abstractNumId"))
                value = "" if reference is None else reference.get(qn("w:val")) or ""
                return int(value) if value.isascii() and value.isdigit() else None
        return None


def number(element: Any, num_id: int) -> None:
    """Numbers a paragraph (or every paragraph of a paragraph style) in the list `num_id`."""
    properties = element.get_or_add_pPr()
    properties._remove_numPr()
    # A copy of a ready-made element: building it through python-docx for every numbered
    # paragraph was a twelfth of the time of writing a small pack.
    properties._insert_numPr(copy.deepcopy(_number_properties(num_id)))


@functools.cache
def _number_properties(num_id: int) -> Any:
    return parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    )


def _add(parent: Any, tag: str, value: str) -> None:
    child = OxmlElement(tag)
    child.set(qn("w:val"), value)
    parent.append(child)


def _ids(numbering: Any, tag: str, attribute: str) -> list[int]:
    """The numeric ids of numbering elements; a reference document's odd ones are passed over."""
    values = (element.get(qn(attribute)) or "" for element in numbering.findall(qn(tag)))
    return [int(value) for value in values if value.isascii() and value.isdigit()]
