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
3. After reportlab saves the file, `finish` writes the tree into it with pikepdf: the
   StructTreeRoot and its ParentTree, /StructParents and /Tabs /S on every page, a /Contents
   text on every link, /MarkInfo, /Lang, and XMP metadata with dc:title and the PDF/UA
   identifier. It also drops the "U+0000" entries of reportlab's ToUnicode maps, which map
   codes no text uses and which PDF/UA forbids.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name, String
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
    """Marks what each tagged flowable paints on the canvas, and remembers it for `finish`.

    Each layout pass draws the document afresh on a new canvas, which calls `start`; what the
    last pass drew is what the file holds.
    """

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        """Forgets what an earlier pass drew."""
        self.marks: dict[Element, list[Marked | Annotated]] = defaultdict(list)
        """Each element's content, in drawing order."""
        self._drawn: dict[int, Any] = {}
        """The flowables drawn so far, by id (held, so no id is reused)."""
        self._mcids: dict[int, int] = defaultdict(int)
        """The next MCID on each page."""

    def forget_flowables(self) -> None:
        """Lets go of the flowables drawn, once the last pass is done; the marks stay."""
        self._drawn.clear()

    @contextmanager
    def content(self, canvas: Canvas, flowable: Any) -> Iterator[None]:
        """Marks what is painted inside as the flowable's element's content. The same
        flowable drawn again (a table's header row repeated on a new page) stays an artifact,
        so its text is read once."""
        element = flowable.tag
        if element is None:
            raise ValueError(f"{type(flowable).__name__} has no structure element to tag it with")
        if id(flowable) in self._drawn:
            yield
            return
        self._drawn[id(flowable)] = flowable
        page = canvas.getPageNumber() - 1
        mcid = self._mcids[page]
        self._mcids[page] += 1
        annotations = len(canvas._annotationrefs)
        with _sequence(canvas, f"/{element.role} <</MCID {mcid}>>"):
            yield
        marks = self.marks[element]
        marks.append(Marked(page, mcid))
        marks += [Annotated(page, n) for n in range(annotations, len(canvas._annotationrefs))]


class TaggedCanvas(Canvas):
    """A canvas whose pages are artifacts except where the Tagger marks an element's content:
    each page's content opens an /Artifact sequence before anything is painted (even the
    initial font) and closes it last."""

    def __init__(self, *args: Any, tagger: Tagger, **kwargs: Any) -> None:
        self.tagger = tagger
        tagger.start()
        super().__init__(*args, **kwargs)

    def _make_preamble(self) -> None:
        super()._make_preamble()
        self._preamble = f"/Artifact BMC {self._preamble}"

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self.addLiteral("EMC")
        super().showPage()


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
        canvas.addLiteral("EMC /Artifact BMC")


def finish(path: Path, root: Element, tagger: Tagger, title: str, lang: str) -> None:
    """Writes the structure tree and the rest of PDF/UA's requirements into the saved PDF."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        _Tree(pdf, tagger).write(root, lang)
        _drop_null_unicode(pdf)
        # The document information stays as reportlab wrote it; the XMP metadata repeats it
        # (reportlab's /Trapped has no XMP equivalent, an empty field says nothing) with the
        # PDF/UA identifier.
        information = {k: v for k, v in pdf.docinfo.items() if k != "/Trapped" and str(v)}
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as metadata:
            metadata.load_from_docinfo(information)
            metadata["dc:title"] = _xml_text(title)
            metadata["pdfuaid:part"] = PDF_UA_PART
        pdf.save(path)


def _xml_text(text: str) -> str:
    """The text as XML can hold it: a lone surrogate (from a mis-encoded command line)
    becomes U+FFFD."""
    return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")


class _Tree:
    """Writes elements as structure element dictionaries, collecting the parent tree."""

    def __init__(self, pdf: pikepdf.Pdf, tagger: Tagger) -> None:
        self.pdf = pdf
        self.pages = [page.obj for page in pdf.pages]
        self.marks = tagger.marks
        self.by_mcid: list[list[Any]] = [[] for _ in self.pages]
        """Each page's elements by MCID: the page's entry in the parent tree."""
        self.links: list[Any] = []
        """The Link elements, one per annotation: parent tree entries after the pages'."""
        self.notes = 0

    def write(self, root: Element, lang: str) -> None:
        tree_root = self.pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = self._element(root, tree_root)
        tree_root.K = document if document is not None else Array()
        nums: list[Any] = []
        for n, (page, elements) in enumerate(zip(self.pages, self.by_mcid, strict=True)):
            if None in elements:
                raise ValueError(f"page {n + 1} has content that no structure element holds")
            page.StructParents = n
            page.Tabs = Name.S
            nums += [n, self.pdf.make_indirect(Array(elements))]
        nums += [item for k, link in enumerate(self.links) for item in (len(self.pages) + k, link)]
        tree_root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=Array(nums)))
        tree_root.ParentTreeNextKey = len(self.pages) + len(self.links)
        catalog = self.pdf.Root
        catalog.StructTreeRoot = tree_root
        catalog.MarkInfo = Dictionary(Marked=True)
        catalog.Lang = String(lang)

    def _element(self, element: Element, parent: Any) -> Any:
        """The element's dictionary, or None when neither it nor its kids hold content."""
        written = self.pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent)
        )
        kids: list[Any] = []
        for mark in self.marks.get(element, ()):
            if isinstance(mark, Marked):
                kids.append(Dictionary(Type=Name.MCR, Pg=self.pages[mark.page], MCID=mark.mcid))
                self._claim(mark, written)
            else:
                kids.append(self._link(mark, element, written))
        kids += filter(None, (self._element(kid, written) for kid in element.kids))
        if not kids:
            return None
        written.K = Array(kids)
        if element.alt is not None:
            written.Alt = String(element.alt)
        if element.title is not None:
            written.T = String(element.title)
        if element.scope is not None:
            written.A = Dictionary(O=Name.Table, Scope=Name("/" + element.scope))
        if element.role == "Note":
            self.notes += 1
            written.ID = String(f"note-{self.notes}")
        return written

    def _claim(self, mark: Marked, written: Any) -> None:
        elements = self.by_mcid[mark.page]
        elements += [None] * (mark.mcid + 1 - len(elements))
        elements[mark.mcid] = written

    def _link(self, mark: Annotated, element: Element, parent: Any) -> Any:
        """A Link element for the annotation, which is described by its address or, inside
        the contents, by the heading it goes to."""
        page = self.pages[mark.page]
        annotation = page.Annots[mark.index]
        action = annotation.get("/A")
        uri = action.get("/URI") if action is not None else None
        description = str(uri) if uri is not None else f"Go to {element.title or 'the page'}"
        annotation.Contents = String(description)
        annotation.StructParent = len(self.pages) + len(self.links)
        link = self.pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem,
                S=Name.Link,
                P=parent,
                K=Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)]),
            )
        )
        self.links.append(link)
        return link


_MAX_ENTRIES = 100
"""A ToUnicode map's most entries in one block (ISO 32000-1, 9.10.3)."""


def _drop_null_unicode(pdf: pikepdf.Pdf) -> None:
    """Rewrites each font's ToUnicode map (reportlab's, one block of entries a line each)
    without its entries to U+0000, in blocks of at most 100 entries."""
    fonts = {
        font.objgen: font
        for page in pdf.pages
        for font in page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary()).values()
    }
    for font in fonts.values():
        stream = font.get("/ToUnicode")
        if stream is None:
            continue
        lines = stream.read_bytes().split(b"\n")
        start = next(n for n, line in enumerate(lines) if line.endswith(b"beginbfchar"))
        end = lines.index(b"endbfchar", start)
        entries = [line for line in lines[start + 1 : end] if not line.endswith(b" <0000>")]
        if len(entries) == end - start - 1:
            continue
        blocks: list[bytes] = []
        for n in range(0, len(entries), _MAX_ENTRIES):
            chunk = entries[n : n + _MAX_ENTRIES]
            blocks += [b"%d beginbfchar" % len(chunk), *chunk, b"endbfchar"]
        stream.write(b"\n".join([*lines[:start], *blocks, *lines[end + 1 :]]))
