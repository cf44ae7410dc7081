"""The official's own words: Markdown sections parsed into the format-free blocks of a Pack.

The text is a small, safe subset of Markdown, parsed by markdown-it-py with only these rules on:
paragraphs, bulleted and numbered lists, bold, italics, links (web and mail addresses only), and
backslash escapes. Anything else (headings, HTML, code, images, tables) is printed as typed, so
untrusted text stays data. A citation is an item's id in square brackets, `[item-id]`, or
several separated by commas, `[item-one, item-two]`; it prints as the number of the item's
source in the pack's Sources list, "[3]".
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from briefing_builder.catalogue import Item
from briefing_builder.errors import PackError

AUTHORED = ("purpose", "summary", "points", "background", "handling")
"""The sections an official writes, as the command line and the pack spec name them."""
AUTHORED_LABELS = {
    "purpose": "Purpose",
    "summary": "Key messages",
    "points": "Points to make",
    "background": "Background",
    "handling": "Handling",
}
MAX_AUTHORED_CHARS = 20_000
"""The most text one authored section may hold: about eight pages of a brief."""
_LINK_SCHEMES = ("http", "https", "mailto")
_ID_PUNCTUATION = frozenset("-_.:")
_INLINE_MARKUP = frozenset("\\*_[]<>`")
"""What starts emphasis, a link, a citation, an autolink or code anywhere in a line."""
_BLOCK_MARKUP = frozenset("-+*#>=|~")
"""What starts a list, heading, quote, rule or table at the start of a line."""
_CONTROLS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


@dataclass(frozen=True, slots=True)
class Span:
    """A run of authored text, as written: plain, bold, italic or both, perhaps a link."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""
    """The web or mail address the text links to, or "" for none."""


@dataclass(frozen=True, slots=True)
class Citation:
    """A citation of evidence in the pack, printed as its sources' numbers: "[3]", "[3, 7]"."""

    references: tuple[int, ...]
    item_ids: tuple[str, ...]

    @property
    def text(self) -> str:
        """The citation as printed."""
        return f"[{', '.join(map(str, self.references))}]"


Inline = Span | Citation


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph of authored text."""

    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list; numbered from `start` when `ordered`. Each entry is one or more paragraphs;
    a list inside a list is shown as entries of the outer one."""

    ordered: bool
    entries: tuple[tuple[Text, ...], ...]
    start: int = 1


Block = Text | Bullets


@dataclass(frozen=True, slots=True)
class Authored:
    """One section the official wrote, parsed: its key (see AUTHORED) and its blocks."""

    key: str
    blocks: tuple[Block, ...]


def parse_markdown(text: str, cite: Callable[[str], int]) -> tuple[Block, ...]:
    """The blocks of a section's Markdown; `cite` gives an item id's reference number or raises
    PackError when the pack cannot cite it."""
    # Control characters go before parsing, or markdown-it would print a NUL as U+FFFD.
    return _Blocks(cite).read(_PARSER.parse(text.translate(_CONTROLS)))


def cited_ids(text: str) -> list[str]:
    """Every item id the text cites, in order, repeats left in."""
    found: list[str] = []

    def collect(item_id: str) -> int:
        found.append(item_id)
        return 0

    parse_markdown(text, collect)
    return found


def draft_points(items: Iterable[Item]) -> str:
    """Key messages drafted from the evidence: one numbered point per item, its title as a
    sentence and nothing more, citing the item. The official edits from there."""
    lines = []
    for number, item in enumerate(items, start=1):
        sentence = item.title.strip()
        if sentence and sentence[-1] not in ".?!":
            sentence += "."
        lines.append(f"{number}. {escape_markdown(sentence)} [{item.id}]")
    return "\n".join(lines)


def escape_markdown(text: str) -> str:
    """The text with a backslash before each character Markdown would read as markup, so it
    prints as typed and stays easy to edit: "R&D: 1.18 million" is unchanged."""
    return "\n".join(_escaped_line(line) for line in text.split("\n"))


def _escaped_line(line: str) -> str:
    escaped = "".join(f"\\{c}" if c in _INLINE_MARKUP else c for c in line)
    start = len(escaped) - len(escaped.lstrip())
    head = escaped[start:]
    if head[:1] in _BLOCK_MARKUP:
        return f"{escaped[:start]}\\{head}"
    digits = len(head) - len(head.lstrip("0123456789"))
    if digits and head[digits : digits + 1] in (".", ")"):
        # "2. ..." would start a numbered list: the full stop is escaped.
        return f"{escaped[: start + digits]}\\{head[digits:]}"
    return escaped


def paragraphs(blocks: Sequence[Block]) -> Iterator[Text]:
    """Every paragraph of the blocks in reading order, a list's entries' paragraphs included."""
    for block in blocks:
        if isinstance(block, Text):
            yield block
        else:
            yield from (text for entry in block.entries for text in entry)


def plain_text(blocks: Sequence[Block]) -> str:
    """The blocks as plain text, a paragraph a line, citations as printed."""
    return "\n".join("".join(i.text for i in p.inlines) for p in paragraphs(blocks))


def _citation_rule(state: StateInline, silent: bool) -> bool:
    """markdown-it inline rule: `[id]` or `[id, id]` where every id is id-shaped and the
    brackets are not a link's (`[text](address)`)."""
    start = state.pos
    if state.src[start] != "[":
        return False
    end = state.src.find("]", start + 1, state.posMax)
    if end < 0:
        return False
    following = state.src[end + 1 : end + 2]
    if following in ("(", "["):
        return False
    ids = [part.strip() for part in state.src[start + 1 : end].replace(";", ",").split(",")]
    if not ids or not all(_id_shaped(i) for i in ids):
        return False
    if not silent:
        token = state.push("citation", "", 0)
        token.meta = {"ids": ids}
    state.pos = end + 1
    return True


def _id_shaped(text: str) -> bool:
    """Could this be an item id: letters, digits and - _ . : only, with at least one letter
    and one punctuation mark, as every id in the dataset has ("bailey-tomlinson-2021-1")."""
    return (
        bool(text)
        and all(c.isascii() and (c.isalnum() or c in _ID_PUNCTUATION) for c in text)
        and any(c.isalpha() for c in text)
        and any(c in _ID_PUNCTUATION for c in text)
    )


class _Parser(MarkdownIt):
    """markdown-it with only the subset's rules on, citations, and web and mail links only."""

    def __init__(self) -> None:
        super().__init__("zero", {"maxNesting": 20})
        self.enable(["list", "emphasis", "link", "escape", "autolink", "newline"])
        self.inline.ruler.before("link", "citation", _citation_rule)

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        """Only web and mail addresses become links; any other stays text."""
        return urlsplit(url).scheme.lower() in _LINK_SCHEMES


_PARSER = _Parser()


class _Blocks:
    """Turns markdown-it's token stream into blocks."""

    def __init__(self, cite: Callable[[str], int]) -> None:
        self.cite = cite

    def read(self, tokens: list[Token]) -> tuple[Block, ...]:
        blocks: list[Block] = []
        lists: list[tuple[bool, int, list[list[Text]]]] = []
        for token in tokens:
            if token.type in ("bullet_list_open", "ordered_list_open"):
                if not lists:
                    ordered = token.type == "ordered_list_open"
                    start = int(token.attrGet("start") or 1) if ordered else 1
                    lists.append((ordered, start, []))
                else:
                    lists.append(lists[-1])
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                ordered, start, entries = lists.pop()
                # An entry with no words ("-" alone on a line) is not an entry.
                kept = tuple(tuple(e) for e in entries if e)
                if not lists and kept:
                    blocks.append(Bullets(ordered, kept, min(start, 10**6)))
            elif token.type == "list_item_open":
                lists[-1][2].append([])
            elif token.type == "inline":
                paragraph = Text(tuple(self._inlines(token.children or [])))
                if not paragraph.inlines:
                    continue
                if lists:
                    entries = lists[-1][2]
                    if not entries:
                        entries.append([])
                    entries[-1].append(paragraph)
                else:
                    blocks.append(paragraph)
        return tuple(blocks)

    def _inlines(self, tokens: list[Token]) -> list[Inline]:
        inlines: list[Inline] = []
        bold = italic = 0
        link: list[str] = []
        for token in tokens:
            kind = token.type
            if kind in ("text", "code_inline"):
                self._text(inlines, token.content, bold > 0, italic > 0, link[-1] if link else "")
            elif kind in ("softbreak", "hardbreak"):
                self._text(
                    inlines,
                    " " if kind == "softbreak" else "\n",
                    bold > 0,
                    italic > 0,
                    link[-1] if link else "",
                )
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "link_open":
                link.append(str(token.attrGet("href") or ""))
            elif kind == "link_close":
                link.pop()
            elif kind == "citation":
                ids = tuple(token.meta["ids"])
                numbers = sorted({self.cite(item_id) for item_id in ids})
                inlines.append(Citation(tuple(numbers), ids))
        return inlines

    @staticmethod
    def _text(inlines: list[Inline], text: str, bold: bool, italic: bool, link: str) -> None:
        """Adds text, joined to the span before when it looks the same; a mail address written
        as <mailto:...> prints without its scheme."""
        if link.startswith("mailto:") and text == link:
            text = text.removeprefix("mailto:")
        if not text:
            return
        last = inlines[-1] if inlines else None
        if isinstance(last, Span) and (last.bold, last.italic, last.link) == (bold, italic, link):
            inlines[-1] = Span(last.text + text, bold, italic, link)
        else:
            inlines.append(Span(text, bold, italic, link))


def citation_error(section: str, item_id: str, item: Item | None) -> PackError:
    """The message for a citation the pack cannot print: an item left out, or no item at all."""
    label = AUTHORED_LABELS.get(section, section)
    if item is None:
        return PackError(
            f"{label} cites [{item_id}], but no item of the evidence has that id: check the "
            f"id, or write \\[{item_id}\\] to print the square brackets as typed"
        )
    return PackError(
        f"{label} cites \u201c{item.title}\u201d [{item_id}], which is not in this pack: "
        "include it, or take the citation out"
    )
