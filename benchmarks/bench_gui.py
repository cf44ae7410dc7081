"""Measures the window: start-up, refreshing the table, and how long the event loop stalls.

Run by hand on a display, or headless with QT_QPA_PLATFORM=offscreen:

    QT_QPA_PLATFORM=offscreen uv run python benchmarks/bench_gui.py

Each figure sits beside a baseline measured in the same run: a bare PySide6 window's start-up,
the catalogue query alone, and the event loop's longest gap while idle.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from synthetic import write_synthetic_dataset

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication

from briefing_builder.catalogue import load_catalogue
from briefing_builder.gui import dialogs
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.gui.workers import run_task
from briefing_builder.pack import PackSpec
from briefing_builder.pack.presets import PresetStore
from briefing_builder.render import export_pack

STARTS = 5
REFRESHES = 30
ITEMS = 20_000

_APP_START = """
import time, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
{make}
window.show()
QTimer.singleShot(0, lambda: (print(time.perf_counter()), app.quit()))
app.exec()
"""
_BARE = "from PySide6.QtWidgets import QMainWindow\nwindow = QMainWindow()"
_APP = """
import tempfile
from pathlib import Path
from PySide6.QtCore import QSettings
from briefing_builder.catalogue import load_catalogue
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.pack.presets import PresetStore
folder = Path(tempfile.mkdtemp())
window = MainWindow(load_catalogue(), PresetStore(folder / "presets"),
                    QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
window.resize(1366, 768)
"""


def start_up(make: str, env: dict[str, str] | None = None) -> float:
    """Seconds from launching the interpreter to the first shown window, median of STARTS
    runs. The child prints the time it showed the window on the same clock (perf_counter is
    the system's monotonic clock on Linux and macOS), so closing the app is not counted."""
    times = []
    for _ in range(STARTS):
        launched = time.perf_counter()
        output = subprocess.run(
            [sys.executable, "-c", _APP_START.format(make=make)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        )
        times.append(float(output.stdout.split()[-1]) - launched)
    return statistics.median(times)


def refresh_times(app: QApplication, folder: Path) -> tuple[float, float, int]:
    """Median ms to refresh the table after a region change, and for the bare query alone."""
    catalogue = load_catalogue([folder])
    window = MainWindow(
        catalogue,
        PresetStore(folder / "presets"),
        QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat),
    )
    window.show()
    regions = ["west-midlands", "north-east", "wales", "london"]
    window_times, query_times = [], []
    for n in range(REFRESHES):
        area = regions[n % len(regions)]
        window.regions.set_chosen([])
        started = time.perf_counter()
        window.regions.set_checked(area, True)
        app.processEvents()
        window_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        catalogue.query([area])
        query_times.append(time.perf_counter() - started)
        window.preview.timer.stop()
    rows = window.model.rowCount()
    dialogs.unsaved_changes = lambda *_args: "discard"  # the ticks made here are not kept
    window.close()
    return statistics.median(window_times) * 1000, statistics.median(query_times) * 1000, rows


def longest_stall(work: Callable[[], object] | None) -> float:
    """The longest gap, in ms, between ticks of a 5 ms timer while `work` runs on the pool."""
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    probe = QTimer(interval=5)
    probe.timeout.connect(tick)
    probe.start()
    # Wait in an event loop, as the app does.
    loop = QEventLoop()
    if work is not None:
        run_task(work, lambda _result: loop.quit(), lambda _error: loop.quit())
    else:
        QTimer.singleShot(2000, loop.quit)
    loop.exec()
    probe.stop()
    return max(gaps) if gaps else 0.0


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    bare, full = start_up(_BARE), start_up(_APP)
    folder = Path(tempfile.mkdtemp(prefix="bench-gui-"))
    write_synthetic_dataset(folder / "data", ITEMS)
    window_ms, query_ms, rows = refresh_times(app, folder / "data")
    catalogue = load_catalogue()
    spec = PackSpec(
        regions=("west-midlands",),
        themes=("skills", "green-transition"),
        purpose="Benchmark brief.",
    )
    idle = longest_stall(None)
    export = longest_stall(lambda: export_pack(spec, catalogue, {"pdf": folder / "pack.pdf"}))
    rows_out = [
        (
            "start-up to first shown window",
            f"{full:.2f} s",
            "< 1.5 s",
            f"bare window {bare:.2f} s",
            f"{full / bare:.1f}x",
            full < 1.5,
        ),
        (
            f"table refresh, {ITEMS:,} items ({rows:,} rows)",
            f"{window_ms:.1f} ms",
            "< 50 ms",
            f"query alone {query_ms:.1f} ms",
            f"{window_ms / query_ms:.1f}x",
            window_ms < 50,
        ),
        (
            "longest event-loop stall during a PDF export",
            f"{export:.0f} ms",
            "< 100 ms",
            f"idle {idle:.0f} ms",
            f"{export / max(idle, 1):.1f}x",
            export < 100,
        ),
    ]
    print(f"{'measure':46} {'median':>9} {'target':>9}  {'baseline':24} {'ratio':>6}  met")
    for name, value, target, baseline, ratio, met in rows_out:
        print(
            f"{name:46} {value:>9} {target:>9}  {baseline:24} {ratio:>6}  {'yes' if met else 'NO'}"
        )


if __name__ == "__main__":
    main()
