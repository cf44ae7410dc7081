"""The worker helper on real threads: results come back on the main thread; nothing crashes."""

import os
import subprocess
import sys

import pytest

SCRIPT = """
import threading, sys
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from briefing_builder.gui.workers import run_task, wait_for_tasks
app = QApplication(sys.argv)
main = threading.current_thread()
results, threads = [], []
def work(n):
    if n % 10 == 0:
        raise ValueError(n)
    return sum(range(20000)) + n
for n in range(60):
    loop = QEventLoop()
    def done(value, loop=loop):
        results.append(value); threads.append(threading.current_thread()); loop.quit()
    run_task(lambda n=n: work(n), done, done)
    if len(results) <= n:
        loop.exec()
assert wait_for_tasks()
assert all(t is main for t in threads), "a callback ran off the main thread"
assert sum(isinstance(r, ValueError) for r in results) == 6, results
assert results[1] == sum(range(20000)) + 1
print("ok")
"""


@pytest.mark.slow
def test_tasks_on_real_threads_report_on_the_main_thread_and_exit_cleanly() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"
    assert "Fatal Python error" not in result.stderr


VOID_CALLS = """
import briefing_builder.gui
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QCheckBox
app = QApplication([])
point = QPointF()
box = QCheckBox()
for _ in range(100_000):
    point.setX(1.0)
    app.processEvents()
    # Calls that return a bool wear out True and False the same way.
    box.blockSignals(True)
    box.isChecked()
print("ok")
"""


@pytest.mark.slow
def test_a_long_session_of_qt_calls_does_not_crash_the_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", VOID_CALLS],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Fatal Python error" not in result.stderr
