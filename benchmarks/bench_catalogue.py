"""Measures the catalogue: loading 20,000 items, querying them, the CLI as a whole process.

Run by hand, never as part of the tests:

    uv run python benchmarks/bench_catalogue.py

Each measure is the median of several runs, shown beside a baseline timed in the same run on the
same data, so the ratio says what the catalogue adds over the bare work and survives a change of
machine better than the absolute figure.
"""

import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from synthetic import write_synthetic_dataset

from briefing_builder.catalogue import Catalogue, Hit, Item, load_catalogue
from briefing_builder.resources import dataset_dir

ITEMS = 20_000
LOAD_RUNS = 7
QUERY_RUNS = 50
PROCESS_RUNS = 10
QUERY_REGIONS = ("West Midlands", "the North")
QUERY_THEMES = ("skills",)
QUERY_TEXT = "apprenticeships colleges"
CLI_QUERY = ("query", "--region", "West Midlands", "--theme", "skills")


@dataclass(frozen=True, slots=True)
class Measure:
    """One line of the table: the median time, its target and the baseline, all in seconds."""

    name: str
    median: float
    target: float
    baseline: float
    baseline_name: str


def median_seconds(run: Callable[[], Any], runs: int) -> float:
    """The median wall time of `runs` calls of `run`, after one call that warms caches up."""
    run()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_load(folder: Path) -> Measure:
    """Loading and validating the bundled dataset plus `folder`, against json.loads of its files."""
    root = dataset_dir()
    files = [
        root / "dataset.json",
        root / "regions.json",
        root / "themes.json",
        *sorted((root / "sources").glob("*.json")),
        *sorted(folder.glob("*.json")),
    ]

    def parse_only() -> None:
        for path in files:
            json.loads(path.read_text(encoding="utf-8"))

    return Measure(
        name=f"load_catalogue, {ITEMS:,} synthetic items",
        median=median_seconds(lambda: load_catalogue([folder]), LOAD_RUNS),
        target=1.0,
        baseline=median_seconds(parse_only, LOAD_RUNS),
        baseline_name="read + json.loads of the same files",
    )


def measure_query(catalogue: Catalogue, text: str) -> Measure:
    """One realistic query, against a list comprehension that filters by set membership."""
    chosen = [catalogue.area(ref) for ref in QUERY_REGIONS]
    # The tags a chosen area matches: itself, the areas inside it and the areas containing it.
    tags = {
        area.id
        for area in catalogue.areas
        for wanted in chosen
        if area.footprint <= wanted.footprint or wanted.footprint <= area.footprint
    }
    themes = {catalogue.theme(ref).id for ref in QUERY_THEMES}
    words = text.casefold().split()
    entries = [
        (
            item,
            frozenset(item.regions),
            frozenset(item.themes),
            " ".join((item.title, item.text, item.quote or "", item.source.title)).casefold(),
        )
        for item in catalogue.items
    ]

    def bare_filter() -> list[Item]:
        return [
            item
            for item, item_regions, item_themes, haystack in entries
            if not themes.isdisjoint(item_themes)
            and not tags.isdisjoint(item_regions)
            and all(word in haystack for word in words)
        ]

    def query() -> list[Hit]:
        return catalogue.query(QUERY_REGIONS, QUERY_THEMES, text=text)

    found, filtered = len(query()), len(bare_filter())
    if found != filtered:
        raise RuntimeError(f"the query finds {found} items, the bare filter {filtered}")
    return Measure(
        name=f"Catalogue.query, {'text' if text else 'no text'}, {found:,} hits",
        median=median_seconds(query, QUERY_RUNS),
        target=0.020,
        baseline=median_seconds(bare_filter, QUERY_RUNS),
        baseline_name="list comprehension, set membership",
    )


def measure_process() -> Measure:
    """`briefing-builder query` on the bundled dataset as a process, against `python -c pass`."""

    def command(*args: str) -> Callable[[], None]:
        argv = [sys.executable, *args]
        return lambda: subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)

    return Measure(
        name="briefing-builder query, whole process",
        median=median_seconds(command("-m", "briefing_builder", *CLI_QUERY), PROCESS_RUNS),
        target=0.3,
        baseline=median_seconds(command("-c", "pass"), PROCESS_RUNS),
        baseline_name="python -c pass (interpreter start)",
    )


def print_table(measures: list[Measure]) -> None:
    """Prints one line per measure, then what each baseline is."""
    headers = ("measure", "median", "target", "baseline", "ratio", "met")
    rows = [
        (
            m.name,
            f"{m.median * 1000:.1f} ms",
            f"< {m.target * 1000:.0f} ms",
            f"{m.baseline * 1000:.1f} ms",
            f"{m.median / m.baseline:.1f}x",
            "yes" if m.median < m.target else "NO",
        )
        for m in measures
    ]
    widths = [max(len(row[n]) for row in [headers, *rows]) for n in range(len(headers))]
    for row in [headers, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    print()
    for m in measures:
        print(f"baseline of {m.name}: {m.baseline_name}")


def main() -> None:
    """Writes the synthetic dataset to a temporary folder, takes the measures, prints them."""
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPU(s), {platform.platform()}")
    print(f"query: regions {QUERY_REGIONS}, themes {QUERY_THEMES}, text {QUERY_TEXT!r} or none")
    process_argv = [Path(sys.executable).name, "-m", "briefing_builder", *CLI_QUERY]
    print(f"process: {shlex.join(process_argv)}\n")
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as temporary:
        folder = write_synthetic_dataset(Path(temporary), ITEMS)
        load = measure_load(folder)
        catalogue = load_catalogue([folder])
    queries = [measure_query(catalogue, QUERY_TEXT), measure_query(catalogue, "")]
    print_table([load, *queries, measure_process()])


if __name__ == "__main__":
    main()
