"""The evidence library at size: 20,000 items loaded and queried, a 10,000-row import.

Each measure is the median of several runs, beside a baseline timed in the same run on the
same items: the same evidence as a dataset folder (`--dataset`), which is what an official
had before the library. Loads are timed in turns; each query is timed in a process of its own
(library and folder in turns), since with both catalogues in one process the second one's
memory slowed the first one's query by up to 40%. Run: `uv run python benchmarks/bench_library.py`.
"""

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_catalogue import median_seconds
from synthetic import write_synthetic_dataset

from briefing_builder.catalogue import load_catalogue
from briefing_builder.library.columns import COLUMNS
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.store import Library
from briefing_builder.library.transfer import plan_import, run_import

LIBRARY_ITEMS = 20_000
IMPORT_ROWS = 10_000
RUNS = 7
QUERY_RUNS = 50
PROCESS_RUNS = 5
QUERY = (["West Midlands", "the North"], ["skills"])


def alternating(
    first: Callable[[], Any], second: Callable[[], Any], rounds: int, calls: int
) -> tuple[float, float]:
    """The median time of one call of each, timed in turns (`calls` calls a turn), so that the
    machine's drift during the run weighs on both alike."""
    times: tuple[list[float], list[float]] = ([], [])
    first()
    second()
    for _ in range(rounds):
        for run, kept in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            for _ in range(calls):
                run()
            kept.append((time.perf_counter() - start) / calls)
    return statistics.median(times[0]), statistics.median(times[1])


def sheet_rows(folder: Path, limit: int) -> list[dict[str, Any]]:
    """The first `limit` items of a dataset folder as rows of the import layout."""
    rows: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        source = document["source"]
        for number, item in enumerate(document["items"]):
            row = dict.fromkeys(COLUMNS, "")
            if number == 0:
                row.update(
                    {
                        "source_title": source["title"],
                        "source_publisher": source["publisher"],
                        "source_authors": "; ".join(source["authors"]),
                        "source_published": source["published"] or "",
                        "source_url": source["url"] or "",
                        "source_notes": source["notes"],
                    }
                )
            row["source_id"] = source["id"]
            for name in COLUMNS[7:]:
                value = item.get(name)
                if isinstance(value, list):
                    value = "; ".join(value)
                row[name] = "" if value is None else value
            rows.append(row)
            if len(rows) == limit:
                return rows
    return rows


def process_seconds(home: Path, *extra: str) -> float:
    """The median wall time of a whole `briefing-builder query` process."""
    command = [sys.executable, "-m", "briefing_builder", "query", "--region", "West Midlands"]
    command += ["--theme", "skills", *extra]
    env = {**os.environ, "BRIEFING_BUILDER_HOME": str(home)}

    def run() -> None:
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)

    return median_seconds(run, PROCESS_RUNS)


def time_query(which: str, home: Path, folder: Path) -> None:
    """In a process of its own, so the other catalogue's memory cannot weigh on it: loads the
    evidence one way and prints the query's median time and its hits as JSON."""
    os.environ["BRIEFING_BUILDER_HOME"] = str(home)
    catalogue = load_evidence()[0] if which == "library" else load_catalogue([folder])
    seconds = median_seconds(lambda: catalogue.query(*QUERY), QUERY_RUNS)
    ids = [hit.item.id for hit in catalogue.query(*QUERY)]
    print(json.dumps({"seconds": seconds, "ids": ids}))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        folder = write_synthetic_dataset(root / "folder", LIBRARY_ITEMS)
        home = root / "home"
        os.environ["BRIEFING_BUILDER_HOME"] = str(home)
        library = Library.default()
        start = time.perf_counter()
        run_import(plan_import(folder, library, load_catalogue()), library)
        filled = time.perf_counter() - start
        print(f"filled the library with {LIBRARY_ITEMS:,} items in {filled:.1f} s")

        from_library, from_folder = alternating(
            lambda: load_evidence(library=library), lambda: load_catalogue([folder]), RUNS, 1
        )
        child = [sys.executable, __file__, "--query", str(home), str(folder)]
        by_library, by_folder = [], []
        for _ in range(PROCESS_RUNS):
            for which, kept in (("library", by_library), ("folder", by_folder)):
                found = subprocess.run([*child, which], check=True, capture_output=True, text=True)
                kept.append(json.loads(found.stdout))
        assert len({tuple(r["ids"]) for r in by_library + by_folder}) == 1, "the same hits"
        query_library = statistics.median(r["seconds"] for r in by_library)
        query_folder = statistics.median(r["seconds"] for r in by_folder)
        process_library = process_seconds(home)
        process_folder = process_seconds(root / "empty-home", "--dataset", str(folder))

        rows = sheet_rows(folder, IMPORT_ROWS)
        sheet = root / "import.csv"
        with sheet.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        imports = []
        for run in range(3):
            os.environ["BRIEFING_BUILDER_HOME"] = str(root / f"import-{run}")
            fresh = Library.default()
            start = time.perf_counter()
            plan = plan_import(sheet, fresh, load_catalogue())
            run_import(plan, fresh)
            imports.append(time.perf_counter() - start)
            assert len(fresh.contents().items) == IMPORT_ROWS

    print()
    print("| measure | library | dataset folder | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print(
        f"| load {LIBRARY_ITEMS:,} items + bundled | {from_library * 1000:,.0f} ms | "
        f"{from_folder * 1000:,.0f} ms | {from_library / from_folder:.2f}x | < 1 s |"
    )
    print(
        f"| query (2 areas, 1 theme) | {query_library * 1000:.1f} ms | "
        f"{query_folder * 1000:.1f} ms | {query_library / query_folder:.2f}x | <= 1.2x |"
    )
    print(
        f"| whole `query` process | {process_library * 1000:,.0f} ms | "
        f"{process_folder * 1000:,.0f} ms | {process_library / process_folder:.2f}x | |"
    )
    print(
        f"| import {IMPORT_ROWS:,}-row CSV, one transaction | "
        f"{statistics.median(imports):.2f} s (runs: {', '.join(f'{t:.2f}' for t in imports)}) "
        "| | | < 10 s |"
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--query"]:
        time_query(sys.argv[4], Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
