"""Writes synthetic evidence datasets in the real format, of any size, for the benchmarks.

The folder it writes loads with `load_catalogue([folder])` and with
`briefing-builder query --dataset folder`. Regions and themes come from the bundled vocabularies;
everything else is made up from a fixed seed, so the same arguments write the same files.

    uv run python benchmarks/synthetic.py OUT_DIR --items N [--seed S]
"""

import argparse
import json
import random
from pathlib import Path
from typing import Any

from briefing_builder.catalogue import MAX_QUOTE_WORDS, load_catalogue

ITEMS_PER_SOURCE = 100
_WORDS = (
    "apprenticeships", "broadband", "business", "capital", "cities", "clusters", "colleges",
    "communities", "councils", "deal", "devolution", "earnings", "employers", "energy", "exports",
    "firms", "funding", "graduates", "growth", "health", "households", "housing", "hydrogen",
    "infrastructure", "innovation", "investment", "jobs", "labour", "manufacturing", "markets",
    "mayors", "output", "pay", "places", "procurement", "productivity", "rail", "regions",
    "research", "retrofit", "schools", "skills", "spending", "suppliers", "technology", "towns",
    "training", "transport", "universities", "wages", "workers", "workforce",
)  # fmt: skip
_FILLER = ("the", "of", "and", "in", "for", "to", "a", "with", "across", "more", "less", "than")
_KINDS = ("finding", "recommendation", "statistic")
_KIND_WEIGHTS = (45, 20, 35)
_UNITS = ("£ per head", "%", "index (UK = 100)", "£ million", "jobs", "hours")
_PUBLISHERS = ("Institute for Regional Studies", "Office for Local Statistics", "Growth Commission")


def write_synthetic_dataset(folder: Path, items: int, seed: int = 0) -> Path:
    """Writes `items` items into source files of ITEMS_PER_SOURCE items each; returns the folder.

    The folder is created if needed and must hold no source files yet, so that a stale, larger
    dataset is never measured by mistake.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob("*.json")):
        raise FileExistsError(f"{folder} already holds source files; give an empty folder")
    catalogue = load_catalogue()
    area_ids = [area.id for area in catalogue.areas]
    theme_ids = [theme.id for theme in catalogue.themes]
    rng = random.Random(seed)
    for number, start in enumerate(range(0, items, ITEMS_PER_SOURCE), start=1):
        source_id = f"synthetic-{seed}-{number:05d}"
        count = min(ITEMS_PER_SOURCE, items - start)
        document = {
            "source": _source(rng, source_id),
            "items": [
                _item(rng, f"{source_id}-{n}", area_ids, theme_ids) for n in range(1, count + 1)
            ],
        }
        path = folder / f"{source_id}.json"
        path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def _source(rng: random.Random, source_id: str) -> dict[str, Any]:
    return {
        "id": source_id,
        "title": _sentence(rng, 5, 12, end=""),
        "publisher": rng.choice(_PUBLISHERS),
        "authors": [f"Author {rng.randint(1, 500)}" for _ in range(rng.randint(0, 3))],
        "published": _date(rng),
        "url": f"https://example.org/evidence/{source_id}",
        "notes": "",
    }


def _item(rng: random.Random, item_id: str, areas: list[str], themes: list[str]) -> dict[str, Any]:
    kind = rng.choices(_KINDS, _KIND_WEIGHTS)[0]
    record: dict[str, Any] = {
        "id": item_id,
        "kind": kind,
        "title": _sentence(rng, 4, 10, end=""),
        "text": _sentence(rng, 15, 40),
        "quote": _sentence(rng, 6, MAX_QUOTE_WORDS),
        "locator": f"Page {rng.randint(1, 200)}",
        "regions": rng.sample(areas, rng.choice((1, 1, 1, 1, 2, 3))),
        "themes": rng.sample(themes, rng.choice((1, 1, 2, 2, 3))),
        "notes": "",
    }
    if kind == "statistic":
        year = rng.randint(2010, 2024)
        record.update(
            quote=None if rng.random() < 0.8 else record["quote"],
            value=round(rng.uniform(0, 200), 1),
            unit=rng.choice(_UNITS),
            period=rng.choice((str(year), f"{year}/{(year + 1) % 100:02d}")),
            uk_value=None if rng.random() < 0.3 else round(rng.uniform(0, 200), 1),
        )
    return record


def _sentence(rng: random.Random, shortest: int, longest: int, end: str = ".") -> str:
    """Between `shortest` and `longest` words, about half of them policy words."""
    words = [
        rng.choice(_WORDS) if rng.random() < 0.5 else rng.choice(_FILLER)
        for _ in range(rng.randint(shortest, longest))
    ]
    return " ".join(words).capitalize() + end


def _date(rng: random.Random) -> str:
    """A date of one of the forms the format allows: 2021, 2021-09 or 2021-09-14."""
    year, month, day = rng.randint(2010, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"))


def main() -> None:
    """Writes a synthetic dataset from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="an empty or new folder")
    parser.add_argument("--items", type=int, required=True, metavar="N", help="how many items")
    parser.add_argument("--seed", type=int, default=0, help="the random seed (default 0)")
    args = parser.parse_args()
    try:
        folder = write_synthetic_dataset(args.out_dir, args.items, args.seed)
    except FileExistsError as error:
        parser.error(str(error))
    files = len(list(folder.glob("*.json")))
    print(f"wrote {args.items} items in {files} source files to {folder}")


if __name__ == "__main__":
    main()
