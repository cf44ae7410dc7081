"""Tagged PDF (PDF/UA-1): the PDF pack's structure tree, its marked content, and the rest of
what a screen reader needs.

reportlab draws but does not tag. Tagging takes three steps:

1. Before layout, `structure(story)` gives each flowable that paints text or a picture the
   structure element it belongs to: a heading H1 to H3, a paragraph, a table's header or data
   cell, a list's label or body, a figure with its alt text. The story is the pack in reading
   order, so the tree is too.
2. As each page is drawn, the `Tagger` marks what such a flowable paints as its element's
   content, with a marked-content identifier (MCID) on the page. Everything else on a page is
   an artifact: the page starts inside an /Artifact sequence, each element's content closes it
   and opens it again, and the marking and the page line are pagination artifacts. So rules,
   table shading and a table's header row repeated on a new page are never read out, and
   nothing is painted outside a sequence. A link annotation made while an element draws
   becomes a Link element within it.
3. As reportlab saves the file, the `TaggedCanvas` adds the tree to the objects it writes (one
   write of the file: an earlier version opened and saved it again with pikepdf, which was
   most of what tagging cost):
   the StructTreeRoot and its ParentTree, /StructParents and /Tabs /S on every page, a
   /Contents text on every link, /MarkInfo, and XMP metadata with dc:title and the PDF/UA
   identifier (reportlab writes /Lang). The fonts are `TaggedFont`s, whose ToUnicode maps
   leave out reportlab's "U+0000" entries, which map codes no text uses and which PDF/UA
   forbids.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from xml.etree import ElementTree

from reportlab.pdfbase.pdfdoc import (
    Annotation,
    PDFArray,
    PDFDictionary,
    PDFDocument,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
    PDFtrue,
)
from reportlab.pdfbase.pdfdoc import format as pdf_format
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    ListFlowable,
    PageBreak,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import LIIndenter
from reportlab.platypus.tableofcontents import TableOfContents

PDF_UA_PART = "1"
PDF_VERSION = (1, 7)
"""The PDF version that PDF/UA-1 is built on."""


@dataclass(eq=False)
class Element:
    """A structure element: its standard role ("P", "H1", "TD", ...), what PDF/UA asks of that
    role, and its kids in reading order. Its content is what the Tagger marks for it."""

    role: str
    alt: str | None = None
    """A figure's alternative text."""
    scope: str | None = None
    """A header cell's scope: "Column" or "Row"."""
    title: str | None = None
    """The element's title (/T): a contents entry's heading, which its link is described by."""
    kids: list["Element"] = field(default_factory=list)

    def add(self, role: str, **attributes: Any) -> "Element":
        """A new kid of this element, after its other kids."""
        kid = Element(role, **attributes)
        self.kids.append(kid)
        return kid


class Tagged:
    """A flowable whose painting is the content of its structure element, `tag`; the parts
    it splits into over pages keep the element. Mixed in before the flowable's class."""

    role = "P"
    """The role of the element `structure` makes for it."""
    alt: str | None = None
    tag: Element | None = None

    def drawOn(self, canvas: "TaggedCanvas", x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        if canvas.measuring:
            return
        with canvas.tagger.content(canvas, self):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)  # type: ignore[misc]
        for part in parts:
            part.tag = self.tag
        return parts


class TaggedImage(Tagged, Image):
    """A picture (the house style's logo) as a figure with its alt text."""

    role = "Figure"

    def __init__(self, *args: Any, alt: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.alt = alt


class _Label:
    """A list entry's bullet or number, drawn by reportlab's bullet drawer, as its label (Lbl)."""

    def __init__(self, drawer: Any, tag: Element) -> None:
        self.drawer = drawer
        self.value = drawer.value
        self.tag = tag

    def drawOn(  # noqa: N802 - reportlab's name
        self,
        indenter: Flowable,
        canvas: "TaggedCanvas",
        x: float,
        y: float,
        _sW: float = 0,  # noqa: N803
    ) -> None:
        with canvas.tagger.content(canvas, self):
            self.drawer.drawOn(indenter, canvas, x, y, _sW)


def structure(story: Sequence[Flowable]) -> Element:
    """The story's structure tree, its root a Document element, each flowable that paints
    given its element (`tag`) in reading order.

    A numbered list laid out as numbered paragraphs (with the house style's numbered
    paragraphs) is a list all the same: each of its paragraphs says where it belongs with a
    `list_entry` of (the list, the entry's index), and each entry is an LI whose LBody holds
    the entry's paragraphs, the number with them.
    """
    document = Element("Document")
    current: tuple[object, Element] | None = None
    """The numbered list being read and its L element."""
    body: tuple[int, Element] | None = None
    """Its entry being read and the entry's LBody."""
    for flowable in _flattened(story):
        entry = getattr(flowable, "list_entry", None)
        if entry is None:
            current = body = None
            _place(flowable, document)
            continue
        key, index = entry
        if current is None or current[0] is not key:
            current, body = (key, document.add("L")), None
        if body is None or body[0] != index:
            body = (index, current[1].add("LI").add("LBody"))
        _place(flowable, body[1])
    return document


def _flattened(story: Sequence[Flowable]) -> Iterator[Flowable]:
    for flowable in story:
        if isinstance(flowable, KeepTogether):
            yield from _flattened(flowable._content)
        else:
            yield flowable


def _place(flowable: Flowable, parent: Element) -> None:
    """Gives the flowable, and what it holds, elements under `parent`."""
    if isinstance(flowable, Tagged):
        flowable.tag = parent.add(flowable.role, alt=flowable.alt)
    elif isinstance(flowable, Table):
        _table(flowable, parent.add("Table"))
    elif isinstance(flowable, ListFlowable):
        _list(flowable, parent.add("L"))
    elif isinstance(flowable, TableOfContents):
        flowable.tag = parent.add("TOC")
    elif not isinstance(flowable, Spacer | PageBreak | CondPageBreak):
        raise TypeError(f"a PDF pack cannot tag a {type(flowable).__name__}")


def _table(table: Table, element: Element) -> None:
    """Rows (TR) of header cells (TH) and data cells (TD): the header rows' cells are column
    headers; the first `header_columns` cells of the other rows are row headers."""
    header_rows = table.repeatRows if isinstance(table.repeatRows, int) else 0
    header_columns = getattr(table, "header_columns", 0)
    for r, row in enumerate(table._cellvalues):
        tr = element.add("TR")
        for c, value in enumerate(row):
            if r < header_rows:
                cell = tr.add("TH", scope="Column")
            elif c < header_columns:
                cell = tr.add("TH", scope="Row")
            else:
                cell = tr.add("TD")
            _cell(value, cell)


def _cell(value: Any, cell: Element) -> None:
    """A cell of one flowable is that flowable's element; a cell of several holds theirs."""
    if isinstance(value, Tagged):
        value.tag = cell
    elif isinstance(value, list | tuple):
        for flowable in value:
            _place(flowable, cell)
    elif value not in (None, ""):
        raise TypeError(f"a PDF pack's table cell must hold flowables, not {value!r}")


def _list(flowables: ListFlowable, element: Element) -> None:
    """Entries (LI) of a label (Lbl: the bullet or number) and a body (LBody)."""
    body: Element | None = None
    for indenter in flowables._content:
        if not isinstance(indenter, LIIndenter):
            raise TypeError(f"a PDF pack's list cannot tag a {type(indenter).__name__}")
        drawer = indenter._bullet
        if body is None or (drawer is not None and drawer.value):
            entry = element.add("LI")
            if drawer is not None and drawer.value:
                indenter._bullet = _Label(drawer, entry.add("Lbl"))
            body = entry.add("LBody")
        _place(indenter._flowable, body)


class Marked(NamedTuple):
    """An element's content: a marked-content sequence on a page (pages count from 0)."""

    page: int
    mcid: int


class Annotated(NamedTuple):
    """A link annotation made while an element drew: the index in its page's /Annots."""

    page: int
    index: int


class Tagger:
    """Marks what each tagged flowable paints on the canvas as content of the elements of
    `root` (the story's `structure`), and remembers it for the canvas to write.

    Each layout pass draws the document afresh on a new canvas, which calls `start`; what the
    last pass drew is what the file holds.
    """

    def __init__(self, root: Element) -> None:
        self.root = root
        self.start()

    def start(self) -> None:
        """Forgets what an earlier pass drew."""
        self.marks: dict[Element, list[Marked | Annotated]] = defaultdict(list)
        """Each element's content, in drawing order."""
        self._drawn: dict[int, Any] = {}
        """The flowables drawn so far, by id (held, so no id is reused)."""
        self._mcids: dict[int, int] = defaultdict(int)
        """The next MCID on each page."""
        self._open = False
        """Whether a sequence is open."""

    def forget_flowables(self) -> None:
        """Lets go of the flowables drawn, once the pages are drawn; the marks stay."""
        self._drawn.clear()

    def content(self, canvas: Canvas, flowable: Any) -> AbstractContextManager[None]:
        """Marks what is painted inside as the flowable's element's content. The same
        flowable drawn again (a table's header row repeated on a new page) stays an artifact,
        so its text is read once.

        Sequences never nest (a tagged flowable draws no other: one that tried is refused),
        so the Tagger itself holds the open one. This runs for every paragraph drawn, and
        costs half what a generator-based context manager did (3.2 against 6.7 µs)."""
        element = flowable.tag
        if element is None:
            raise ValueError(f"{type(flowable).__name__} has no structure element to tag it with")
        if self._open:
            raise ValueError(
                f"{type(flowable).__name__} draws inside another element's content: "
                "marked content does not nest"
            )
        if id(flowable) in self._drawn:
            return nullcontext()
        self._drawn[id(flowable)] = flowable
        page = canvas.getPageNumber() - 1
        mcid = self._mcids[page]
        self._mcids[page] += 1
        self._canvas, self._role = canvas, element.role
        self._mark, self._marks = Marked(page, mcid), self.marks[element]
        self._annotations = len(canvas._annotationrefs)
        return self

    def __enter__(self) -> None:
        self._open = True
        self._canvas.addLiteral(f"EMC /{self._role} <</MCID {self._mark.mcid}>> BDC")

    def __exit__(self, *_: object) -> None:
        self._open = False
        canvas = self._canvas
        canvas.addLiteral(_ARTIFACT)
        self._marks.append(self._mark)
        annotations = len(canvas._annotationrefs)
        if annotations > self._annotations:
            page = self._mark.page
            self._marks += [Annotated(page, n) for n in range(self._annotations, annotations)]


class TaggedCanvas(Canvas):
    """A canvas whose pages are artifacts except where the Tagger marks an element's content:
    each page's content opens an /Artifact sequence before anything is painted (even the
    initial font) and closes it last. Saved, it writes the Tagger's structure tree into the
    file with the rest of what PDF/UA asks of a document."""

    def __init__(self, *args: Any, tagger: Tagger, measuring: bool = False, **kwargs: Any) -> None:
        self.tagger = tagger
        self.measuring = measuring
        """Whether the pages are only measured and never saved (the first pass of a build
        whose contents need the page numbers of a pass before): tagged flowables are laid out
        but not painted, which was half the time of that pass."""
        tagger.start()
        self.pages: list[_Page] = []
        """The pages shown so far."""
        # PDF/UA-1 is built on PDF 1.7 (ISO 32000-1), whose /Tabs the pages use; reportlab
        # would write a 1.4 header.
        super().__init__(*args, **{**kwargs, "pdfVersion": PDF_VERSION})

    def _make_preamble(self) -> None:
        super()._make_preamble()
        self._preamble = f"/Artifact BMC {self._preamble}"

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self.addLiteral("EMC")
        annotations = list(self._annotationrefs)
        super().showPage()
        page = self._doc.Pages.pages[-1]
        # Each page says where its entry in the parent tree is, and that its annotations
        # follow the structure (/Tabs /S): keys reportlab's page does not know, so added to
        # the ones it writes.
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = len(self.pages)
        page.Tabs = PDFName("S")
        self.pages.append(_Page(self._doc.Reference(page), annotations))

    def save(self) -> None:
        """Writes the file with the structure tree and the XMP metadata."""
        if len(self._code):  # a page drawn but not yet shown, which reportlab would show
            self.showPage()
        self.tagger.forget_flowables()
        document = self._doc
        _Tree(document, self.pages, self.tagger.marks).write(self.tagger.root)
        document.Catalog.Metadata = _Metadata()
        super().save()


@contextmanager
def pagination(canvas: Canvas, subtype: str) -> Iterator[None]:
    """Marks what is painted inside as a pagination artifact: "Header" or "Footer"."""
    with _sequence(canvas, f"/Artifact <</Type /Pagination /Subtype /{subtype}>>"):
        yield


@contextmanager
def _sequence(canvas: Canvas, opening: str) -> Iterator[None]:
    """Ends the page's artifact sequence, marks what is painted inside with `opening` (a tag
    and its properties), then goes back to an artifact."""
    canvas.addLiteral(f"EMC {opening} BDC")
    try:
        yield
    finally:
        canvas.addLiteral(_ARTIFACT)


_ARTIFACT = "EMC /Artifact BMC"
"""Ends a sequence and goes back to an artifact."""


class _Metadata(PDFObject):
    """The XMP metadata stream, uncompressed so that any tool can read it."""

    def format(self, document: PDFDocument) -> bytes:
        packet = _xmp(document).encode("utf-8")
        return b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream\n" % (
            len(packet),
            packet,
        )


def _xmp(document: PDFDocument) -> str:
    """XMP metadata repeating the document information, with the PDF/UA identifier. An empty
    field says nothing and is left out; reportlab's /Trapped has no XMP equivalent. Like all
    the text given to the tags, the information is clean already (render.text.clean, which
    the writer applies), so XML can hold it."""
    info, stamp = document.info, document._timeStamp
    year, month, day, hour, minute, second = stamp.YMDhms
    date = (
        f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
        f"{stamp.dhh:+03d}:{stamp.dmm:02d}"
    )
    description = ElementTree.Element(
        _qualified("rdf", "Description"), {_qualified("rdf", "about"): ""}
    )

    def add(name: str, value: str, container: str | None = None) -> None:
        if not value:
            return
        field = ElementTree.SubElement(description, _qualified(*name.split(":")))
        if container is None:
            field.text = value
            return
        item = ElementTree.SubElement(
            ElementTree.SubElement(field, _qualified("rdf", container)), _qualified("rdf", "li")
        )
        if container == "Alt":
            item.set(_qualified("xml", "lang"), "x-default")
        item.text = value

    add("dc:title", info.title, "Alt")
    add("dc:creator", info.author, "Seq")
    add("dc:description", info.subject, "Alt")
    add("pdf:Keywords", info.keywords)
    add("pdf:Producer", info.producer)
    add("xmp:CreatorTool", info.creator)
    add("xmp:CreateDate", date)
    add("xmp:ModifyDate", date)
    add("pdfuaid:part", PDF_UA_PART)
    meta = ElementTree.Element(_qualified("x", "xmpmeta"))
    ElementTree.SubElement(meta, _qualified("rdf", "RDF")).append(description)
    packet = ElementTree.tostring(meta, encoding="unicode")
    return (
        f'<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n{packet}\n<?xpacket end="w"?>'
    )


_NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
for _prefix, _uri in _NAMESPACES.items():
    if _prefix != "xml":
        ElementTree.register_namespace(_prefix, _uri)


def _qualified(prefix: str, name: str) -> str:
    return f"{{{_NAMESPACES[prefix]}}}{name}"


class _Page(NamedTuple):
    """A page as shown: its reference and its annotations'."""

    reference: PDFObjectReference
    annotations: list[PDFObjectReference]


class _Tree:
    """Writes the elements that hold content as structure element objects of the document,
    with the parent tree.

    A pack has tens of thousands of elements, so each is formatted as soon as it is made:
    bytes, which the garbage collector never visits, rather than an object per element (and
    per kid) that reportlab would format later.
    """

    def __init__(
        self,
        document: PDFDocument,
        pages: list[_Page],
        marks: dict[Element, list["Marked | Annotated"]],
    ) -> None:
        self.document = document
        self.pages = pages
        self.page_references = [self._reference(page.reference.name) for page in pages]
        self.marks = marks
        self.by_mcid: list[list[bytes | None]] = [[] for _ in pages]
        """Each page's elements by MCID: the page's entry in the parent tree."""
        self.links: list[bytes] = []
        """The Link elements, one per annotation: parent tree entries after the pages'."""
        self.notes = 0
        self.count = 0
        """The objects named so far."""

    def write(self, root: Element) -> None:
        tree_root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
        reference = self.document.Reference(tree_root)
        holding: set[Element] = set()
        if self._holding(root, holding):
            name = self._name()
            self._element(root, name, self._reference(reference.name), holding)
            tree_root["K"] = PDFObjectReference(name)
        else:
            tree_root["K"] = PDFArray([])
        entries: list[bytes] = []
        for n, elements in enumerate(self.by_mcid):
            if None in elements:
                raise ValueError(f"page {n + 1} has content that no structure element holds")
            entries.append(b"%d [%s]" % (n, b" ".join(filter(None, elements))))
        entries += [b"%d %s" % (len(self.pages) + k, link) for k, link in enumerate(self.links)]
        parent_tree = self._name(b"<< /Nums [%s] >>" % b"\n".join(entries))
        tree_root["ParentTree"] = PDFObjectReference(parent_tree)
        tree_root["ParentTreeNextKey"] = len(self.pages) + len(self.links)
        catalog = self.document.Catalog
        catalog.StructTreeRoot = reference
        catalog.MarkInfo = PDFDictionary({"Marked": PDFtrue})

    def _holding(self, element: Element, holding: set[Element]) -> bool:
        """Whether the element or any of its kids holds content; adds those that do to
        `holding`."""
        held = element in self.marks
        for kid in element.kids:
            held = self._holding(kid, holding) or held
        if held:
            holding.add(element)
        return held

    def _name(self, content: bytes = b"") -> str:
        """Registers a new object with the document and gives its name. An element is
        registered before its kids, so that they can refer to it, and its content replaced
        once they are written."""
        self.count += 1
        name = f"StructElem{self.count}"
        self.document.Reference(content, name)
        return name

    def _reference(self, name: str) -> bytes:
        """A reference to the named object, as the file writes it."""
        return b"%d %d R" % self.document.idToObjectNumberAndVersion[name]

    def _element(self, element: Element, name: str, parent: bytes, holding: set[Element]) -> bytes:
        """Writes the element (named `name`, which holds content) and its kids that do, and
        gives a reference to it."""
        reference = self._reference(name)
        kids: list[bytes] = []
        for mark in self.marks.get(element, ()):
            if isinstance(mark, Marked):
                page = self.page_references[mark.page]
                kids.append(b"<< /Type /MCR /Pg %s /MCID %d >>" % (page, mark.mcid))
                self._claim(mark, reference)
            else:
                kids.append(self._link(mark, element, reference))
        kids += [
            self._element(kid, self._name(), reference, holding)
            for kid in element.kids
            if kid in holding
        ]
        attributes: dict[str, PDFObject] = {}
        if element.alt is not None:
            attributes["Alt"] = PDFString(element.alt)
        if element.title is not None:
            attributes["T"] = PDFString(element.title)
        if element.scope is not None:
            attributes["A"] = PDFDictionary(
                {"O": PDFName("Table"), "Scope": PDFName(element.scope)}
            )
        if element.role == "Note":
            self.notes += 1
            attributes["ID"] = PDFString(f"note-{self.notes}")
        entries = b"".join(
            b" /%s %s" % (key.encode("ascii"), pdf_format(value, self.document))
            for key, value in attributes.items()
        )
        self.document.idToObject[name] = b"<< /Type /StructElem /S /%s /P %s /K [%s]%s >>" % (
            element.role.encode("ascii"),
            parent,
            b" ".join(kids),
            entries,
        )
        return reference

    def _claim(self, mark: "Marked", reference: bytes) -> None:
        elements = self.by_mcid[mark.page]
        elements += [None] * (mark.mcid + 1 - len(elements))
        elements[mark.mcid] = reference

    def _link(self, mark: "Annotated", element: Element, parent: bytes) -> bytes:
        """A Link element for the annotation, which is described by its address or, inside
        the contents, by the heading it goes to."""
        annotation = self.pages[mark.page].annotations[mark.index]
        objects = self.document.idToObject
        written = objects[annotation.name]
        # A link to a place in the pack is reportlab's LinkAnnotation, which makes its
        # dictionary as the file is written; a web link is a dictionary already.
        dictionary = written.Dict() if isinstance(written, Annotation) else written
        action = dictionary.dict.get("A")
        uri = action.dict.get("URI") if action is not None else None
        description = uri.s if uri is not None else f"Go to {element.title or 'the page'}"
        dictionary["Contents"] = PDFString(description)
        dictionary["StructParent"] = len(self.pages) + len(self.links)
        objects[annotation.name] = dictionary
        link = self._reference(
            self._name(
                b"<< /Type /StructElem /S /Link /P %s /K [<< /Type /OBJR /Pg %s /Obj %s >>] >>"
                % (parent, self.page_references[mark.page], self._reference(annotation.name))
            )
        )
        self.links.append(link)
        return link


_MAX_ENTRIES = 100
"""A ToUnicode map's most entries in one block (ISO 32000-1, 9.10.3)."""


class TaggedFont(TTFont):
    """A TrueType font whose ToUnicode maps have no entries to U+0000: reportlab maps the codes
    no text uses to it, and PDF/UA forbids that."""

    def addObjects(self, doc: PDFDocument) -> None:  # noqa: N802 - reportlab's name
        fonts = doc.idToObject["BasicFonts"].dict
        before = set(fonts)
        super().addObjects(doc)
        for name in fonts.keys() - before:
            stream = doc.idToObject[fonts[name].ToUnicode.name]
            stream.content = _without_null_entries(stream.content)


def _without_null_entries(cmap: str) -> str:
    """A ToUnicode map (reportlab's, one block of entries a line each) without its entries to
    U+0000, in blocks of at most 100 entries."""
    lines = cmap.split("\n")
    start = next(n for n, line in enumerate(lines) if line.endswith("beginbfchar"))
    end = lines.index("endbfchar", start)
    entries = [line for line in lines[start + 1 : end] if not line.endswith(" <0000>")]
    blocks: list[str] = []
    for n in range(0, len(entries), _MAX_ENTRIES):
        chunk = entries[n : n + _MAX_ENTRIES]
        blocks += [f"{len(chunk)} beginbfchar", *chunk, "endbfchar"]
    return "\n".join([*lines[:start], *blocks, *lines[end + 1 :]])
