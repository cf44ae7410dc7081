"""The selected item shown in full: text, figure, quote, citation with a working link, notes."""

import html

from briefing_builder.catalogue import Item, format_figure
from briefing_builder.pack import Reference


def detail_html(item: Item) -> str:
    """The selected item as HTML: every string escaped, since dataset text is data, never markup."""
    e = html.escape
    source = item.source
    cited = Reference(0, source)  # cited as in a pack's source list
    citation = f"{e(cited.creator)} ({cited.year}) <i>{e(source.title)}</i>."
    if cited.publisher:
        citation += f" {e(cited.publisher)}."
    if source.url:
        citation += f' <a href="{e(source.url, quote=True)}">{e(source.url)}</a>'
    parts = [f"<h3>{e(item.title)}</h3>", f"<p>{e(item.text)}</p>"]
    if item.value is not None and item.unit:
        figure = format_figure(item.value, item.unit)
        if item.uk_value is not None:
            figure += f" (UK {format_figure(item.uk_value, item.unit, bare=True)})"
        parts.append(f"<p><b>{e(figure)}</b>, {e(item.period or '')}</p>")
    if item.quote:
        parts.append(f"<blockquote>\u201c{e(item.quote)}\u201d</blockquote>")
    parts.append(f"<p><b>Source:</b> {citation} {e(item.locator)}.</p>")
    if item.notes:
        parts.append(f"<p><b>Notes:</b> {e(item.notes)}</p>")
    return "".join(parts)
