"""Small user datasets written into a test's temporary folder."""

import json
from pathlib import Path
from typing import Any


def source_document(source_id: str = "my-evidence", **item_fields: Any) -> dict[str, Any]:
    """A valid source file with one finding; keyword arguments replace the item's fields."""
    item = {
        "id": f"{source_id}-1",
        "kind": "finding",
        "title": "Bus use in Walsall",
        "text": "Bus use in Walsall rose after fares were capped.",
        "quote": "Bus use rose after fares were capped.",
        "locator": "Page 3",
        "regions": ["west-midlands"],
        "themes": ["transport"],
        "notes": "",
    }
    item.update(item_fields)
    return {
        "source": {
            "id": source_id,
            "title": "Local transport review",
            "publisher": "Walsall Council",
            "authors": [],
            "published": "2026-10",
            "url": "https://example.org/review",
            "notes": "",
        },
        "items": [item],
    }


def write_source(folder: Path, document: dict[str, Any] | str, name: str | None = None) -> Path:
    """Writes a source file (a document, or raw text) named after its source id unless named."""
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(document, str):
        path = folder / f"{name}.json"
        path.write_text(document, encoding="utf-8")
    else:
        path = folder / f"{name or document['source']['id']}.json"
        path.write_text(json.dumps(document), encoding="utf-8")
    return path
