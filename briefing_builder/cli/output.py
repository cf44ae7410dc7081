"""How the command line prints: tables within 100 columns, or JSON."""

import json
import textwrap
from collections.abc import Sequence
from typing import Any

WIDTH = 100
_GAP = "  "


def print_json(records: list[dict[str, Any]] | dict[str, Any]) -> None:
    """Prints records as indented JSON, keeping non-ASCII text readable."""
    print(json.dumps(records, indent=2, ensure_ascii=False))


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: int = -1) -> None:
    """Prints rows within WIDTH columns; column `wrap` takes the room the others leave and wraps."""
    widths = [max(len(headers[n]), *(len(r[n]) for r in rows)) for n in range(len(headers))]
    wrap %= len(headers)
    others = sum(widths) - widths[wrap] + len(_GAP) * (len(widths) - 1)
    widths[wrap] = max(16, min(widths[wrap], WIDTH - others))
    for row in [headers, *rows]:
        cells = [
            textwrap.wrap(cell, widths[n]) if n == wrap else [cell] for n, cell in enumerate(row)
        ]
        for line in range(max(len(c) for c in cells)):
            parts = [
                (c[line] if line < len(c) else "").ljust(widths[n]) for n, c in enumerate(cells)
            ]
            print(_GAP.join(parts).rstrip())
