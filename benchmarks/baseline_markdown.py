"""The Pandoc baseline for bench_packs.py: a pack's content as Markdown, and a reference document.

`pack_markdown` writes what the app's Word pack holds, in the same order: the title (in Word's
Title style), the purpose and details, a page break, the contents as a plain list of the level-1
headings, a page break, the key messages as bullets, a key facts pipe table, the evidence as
headings, paragraphs and block quotes, the sources and an "about" table. `reference_docx` gives
Pandoc a reference document (Pandoc's own, with the house style's page size and margins, the
marking in the header and "Page X of Y" fields in the footer), so the header and footer match.

Pandoc then only converts: `pandoc pack.md --from markdown --to docx --reference-doc ref.docx`.
"""

import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

from baseline_docx import set_up_page
from baseline_text import (
    after_text,
    cover_details,
    outline,
    parts,
    scope_line,
)
from docx import Document

from briefing_builder.pack import Pack
from briefing_builder.render import HouseStyle

_PAGE_BREAK = '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```'
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~^$@\"'])")


def pack_markdown(pack: Pack) -> str:
    """The pack's content as Pandoc Markdown."""
    lines = ['::: {custom-style="Title"}', _text(pack.title), ":::", ""]
    if pack.purpose:
        lines += [_text(pack.purpose), ""]
    for label, value in cover_details(pack):
        lines += [f"**{_text(label)}:** {_text(value)}", ""]
    lines += [_PAGE_BREAK, "", "# Contents", ""]
    for heading in outline(pack):
        lines += [_text(heading), ""]
    lines += [_PAGE_BREAK, ""]
    if pack.key_facts:
        lines += ["# Key facts", ""]
        for facts in pack.key_facts:
            lines += [_row(_text(c) for c in facts.header), _row(["---"] * len(facts.header))]
            lines += [_row(_text(cell) for cell in row) for row in facts.rows]
            lines += ["", *(line for note in facts.notes for line in (_text(note), ""))]
    for group in pack.evidence:
        lines += [f"# {_text(group.heading)}", ""]
        for label, cited_items in parts(group):
            if not cited_items:
                continue
            lines += [f"## {label}", ""]
            for cited in cited_items:
                item = cited.item
                lines += [f"### {_text(item.title)}", "", _text(scope_line(cited)), ""]
                lines += [f"{_text(item.text)} \\[{cited.reference}\\]", ""]
                if item.quote:
                    attribution = f"{item.source.citation}, {item.locator}"
                    quote = f"*\u201c{_text(item.quote)}\u201d*"
                    lines += [f"> {quote} \u2014 {_text(attribution)}", ""]
                for line in after_text(cited):
                    lines += [_text(line), ""]
    lines += ["# Sources", ""]
    for reference in pack.references:
        text = (
            f"\\[{reference.number}\\] {_text(reference.creator)} ({_text(reference.year)}) "
            f"*{_text(reference.source.title)}*."
        )
        if reference.publisher:
            text += f" {_text(reference.publisher)}."
        if reference.source.url:
            text += f" Available at: {_text(reference.source.url)}"
        lines += [text, ""]
    lines += ["# About this pack", "", _row(["", ""]), _row(["---", "---"])]
    lines += [_row((_text(label), _text(value))) for label, value in pack.about]
    return "\n".join(lines) + "\n"


def reference_docx(style: HouseStyle, marking: str, date: str, dest: Path) -> Path:
    """Pandoc's default reference document with the pack's page, header and footer."""
    default = subprocess.run(
        ["pandoc", "--print-default-data-file", "reference.docx"], capture_output=True, check=True
    ).stdout
    dest.write_bytes(default)
    document = Document(str(dest))
    set_up_page(document, style, marking, date)
    document.save(str(dest))
    return dest


def _text(text: str) -> str:
    """Plain text as Markdown: punctuation that Markdown reads as markup escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"
