"""The evidence library at size: 20,000 items loaded and queried, a 10,000-row import.

Each measure is the median of several runs, beside a baseline timed in the same run on the
same items: the same evidence as a dataset folder (`--dataset`), which is what an official
had before the library. Run: `uv run python benchmarks/bench_library.py`.
"""

import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
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

        from_library = median_seconds(lambda: load_evidence(library=library), RUNS)
        from_folder = median_seconds(lambda: load_catalogue([folder]), RUNS)
        in_library, warning = load_evidence(library=library)
        assert not warning, warning
        in_folder = load_catalogue([folder])
        assert [h.item.id for h in in_library.query(*QUERY)] == [
            h.item.id for h in in_folder.query(*QUERY)
        ]
        query_library = median_seconds(lambda: in_library.query(*QUERY), QUERY_RUNS)
        query_folder = median_seconds(lambda: in_folder.query(*QUERY), QUERY_RUNS)
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
    main()
