"""The selected item shown in full: where it applies, text, figure, quote, citation with a working
link, where the item came from, caveat, what has changed since, and the editors' notes."""

import html

from briefing_builder.catalogue import Item, Source, format_figure
from briefing_builder.pack import Reference


def detail_html(item: Item, applies_to: str = "") -> str:
    """The selected item as HTML: every string escaped, since dataset text is data, never markup.

    `applies_to` is where it applies relative to the chosen areas, as the evidence table says.
    """
    e = html.escape
    parts = [f"<h3>{e(item.title)}</h3>"]
    if applies_to:
        parts.append(f"<p><b>Applies to:</b> {e(applies_to)}</p>")
    parts.append(f"<p>{e(item.text)}</p>")
    if item.value is not None and item.unit:
        figure = format_figure(item.value, item.unit)
        if item.uk_value is not None:
            figure += f" (UK {format_figure(item.uk_value, item.unit, bare=True)})"
        parts.append(f"<p><b>{e(figure)}</b>, {e(item.period or '')}</p>")
    if item.quote:
        parts.append(f"<blockquote>\u201c{e(item.quote)}\u201d</blockquote>")
    parts.append(f"<p><b>Source:</b> {_citation(item.source)} {e(item.locator)}.</p>")
    parts.append(f"<p><b>From:</b> {e(item.source.origin)}</p>")
    if item.caveat:
        parts.append(f"<p><b>Caveat:</b> {e(item.caveat)}</p>")
    for change in item.since:
        parts.append(
            f"<p><b>Since publication:</b> {e(change.text)} ({_citation(change.source)})</p>"
        )
    if item.notes:
        parts.append(f"<p><b>Editors' notes:</b> {e(item.notes)}</p>")
    return "".join(parts)


def _citation(source: Source) -> str:
    """A source cited as in a pack's source list, with a working link or "No public copy found"."""
    e = html.escape
    cited = Reference(0, source)
    citation = f"{e(cited.creator)} ({cited.year}) <i>{e(source.title)}</i>."
    if cited.publisher:
        citation += f" {e(cited.publisher)}."
    if source.url:
        citation += f' <a href="{e(source.url, quote=True)}">{e(source.url)}</a>'
    else:
        citation += " No public copy found."
    return citation
