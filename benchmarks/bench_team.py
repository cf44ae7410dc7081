"""A team library of 20,000 items on PostgreSQL over a local socket, against the same items in
the embedded SQLite library: opening the app (launching the interpreter to the window shown),
loading the evidence, and a query.

The server is a throwaway one, started by the script in a temporary folder as the tests start
theirs. Each figure is a median beside its baseline, measured in turns in the same run. The
app is opened with its bytecode cached, as an installed app has it, and again compiled from
source on every start, as where no bytecode was ever written (PYTHONDONTWRITEBYTECODE, issue
16). Run:
`uv run python benchmarks/bench_team.py`.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_gui import start_up
from bench_library import LIBRARY_ITEMS, PROCESS_RUNS, alternating
from synthetic import write_synthetic_dataset

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing_builder.catalogue import load_catalogue
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.store import Library
from briefing_builder.library.transfer import plan_import, run_import
from tests.helpers.postgres import running_server

RUNS = 7
OPEN = """
import tempfile
from pathlib import Path
from PySide6.QtCore import QSettings
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.store import Library
from briefing_builder.pack.presets import PresetStore
library = Library.chosen()
catalogue, warning = load_evidence(library=library)
assert not warning, warning
folder = Path(tempfile.mkdtemp())
window = MainWindow(catalogue, PresetStore(folder / "presets"),
                    QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat), library)
window.resize(1366, 768)
"""


def filled(library: Library, folder: Path) -> Library:
    run_import(plan_import(folder, library, load_catalogue()), library)
    return library


def query_seconds(home: Path, location: str) -> tuple[float, list[str]]:
    """The query's median time and hits in a process of its own (bench_library's child)."""
    child = [sys.executable, str(Path(__file__).with_name("bench_library.py")), "--query"]
    env = {**os.environ, "BRIEFING_BUILDER_LIBRARY": location}
    found = subprocess.run(
        [*child, str(home), "unused", "library"], env=env, check=True, capture_output=True
    )
    result = json.loads(found.stdout)
    return result["seconds"], result["ids"]


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch, running_server() as server:
        assert server is not None, "this machine has no PostgreSQL server programs"
        root = Path(scratch)
        folder = write_synthetic_dataset(root / "folder", LIBRARY_ITEMS)
        home = root / "home"
        os.environ["BRIEFING_BUILDER_HOME"] = str(home)
        url = server.url(server.new_database())
        team = Library(url)
        team.init()
        filled(team, folder)
        own = filled(Library.default(), folder)
        print(f"{LIBRARY_ITEMS:,} items in a team library and in the embedded one")

        load_team, load_own = alternating(
            lambda: load_evidence(library=Library(url)),
            lambda: load_evidence(library=Library(own.path)),
            RUNS,
            1,
        )
        by_team, by_own = [], []
        for _ in range(PROCESS_RUNS):
            by_team.append(query_seconds(home, url))
            by_own.append(query_seconds(home, str(own.path)))
        assert len({tuple(ids) for _, ids in by_team + by_own}) == 1, "the same hits"
        query_team = statistics.median(s for s, _ in by_team)
        query_own = statistics.median(s for s, _ in by_own)
        opens: dict[str, list[float]] = {
            key: [] for key in ("team", "own", "team, compiled", "own, compiled")
        }
        cached = {"PYTHONDONTWRITEBYTECODE": ""}
        # Python still reads the bytecode that is there; an empty cache folder makes it compile
        # every module from source, as it does on every start where none was ever written.
        compiled = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(root / "none")}
        for round_ in range(2):
            for which, location in (("team", url), ("own", str(own.path))):
                where = {"BRIEFING_BUILDER_LIBRARY": location}
                if round_ == 0:
                    start_up(OPEN, where | cached)  # writes the bytecode an installed app carries
                opens[which].append(start_up(OPEN, where | cached))
                opens[f"{which}, compiled"].append(start_up(OPEN, where | compiled))
        median = {key: statistics.median(times) for key, times in opens.items()}

    print()
    print("| measure | team (PostgreSQL) | embedded (SQLite) | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    print(
        f"| open the app, launch to window shown | {median['team']:.2f} s | "
        f"{median['own']:.2f} s | {median['team'] / median['own']:.2f}x | < 2 s |"
    )
    print(
        "| same, every module compiled from source (PYTHONDONTWRITEBYTECODE=1) | "
        f"{median['team, compiled']:.2f} s | {median['own, compiled']:.2f} s | "
        f"{median['team, compiled'] / median['own, compiled']:.2f}x | |"
    )
    print(
        f"| load the evidence (in process) | {load_team * 1000:,.0f} ms | "
        f"{load_own * 1000:,.0f} ms | {load_team / load_own:.2f}x | |"
    )
    print(
        f"| query (2 areas, 1 theme) | {query_team * 1000:.1f} ms | {query_own * 1000:.1f} ms | "
        f"{query_team / query_own:.2f}x | <= 1.2x |"
    )


if __name__ == "__main__":
    main()
