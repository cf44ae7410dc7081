"""Slow work off the user interface thread, through one helper.

`run_task` runs a callable on a QThreadPool and hands its result (or its exception) back on the
main thread, so no worker ever touches a widget. Tests swap in a synchronous pool with
`set_pool` (as MusicBrainz Picard's tests do), so a flow runs start to finish in one call.

Work that takes long carries a `Progress`: the worker reports how far it has got, the main
thread reads it (a progress dialog polls it) and may cancel it, and the worker's next report
then raises `Cancelled`, so the work stops where it is and writes nothing.

The worker never calls into Qt: it only runs the callable and marks the task finished, and a
timer on the main thread collects finished tasks and calls back, so no Qt object is shared
between threads. tests/gui/test_workers.py runs real pool threads in a fresh process.
"""

import threading
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QCoreApplication, QRunnable, QThreadPool, QTimer

POLL_MS = 20
"""How often the main thread looks for finished tasks; well under what a person notices."""


class Cancelled(Exception):  # noqa: N818 - what happened, in the user's word
    """The user cancelled the work; nothing it was writing was kept."""


class Progress:
    """How far a piece of work has got, shared by the worker and the main thread.

    The worker calls `report`; the main thread reads `done`, `total` and `label` and may call
    `cancel`. Plain attributes under a lock: no Qt object crosses between the threads.
    """

    def __init__(self, total: int = 0, label: str = "") -> None:
        self._lock = threading.Lock()
        self._done = 0
        self._total = total
        self._label = label
        self._cancelled = threading.Event()

    def report(self, done: int, total: int | None = None, label: str | None = None) -> None:
        """Records progress; raises Cancelled if the user has cancelled."""
        if self._cancelled.is_set():
            raise Cancelled
        with self._lock:
            self._done = done
            if total is not None:
                self._total = total
            if label is not None:
                self._label = label

    def check(self) -> None:
        """Raises Cancelled if the user has cancelled."""
        if self._cancelled.is_set():
            raise Cancelled

    def cancel(self) -> None:
        """Asks the work to stop at its next report."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether the user has cancelled."""
        return self._cancelled.is_set()

    def read(self) -> tuple[int, int, str]:
        """Done, total (0 when unknown) and the line that says what is being done."""
        with self._lock:
            return self._done, self._total, self._label


class _Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class _Task(QRunnable):
    """Runs the work and keeps its outcome for the main thread to collect."""

    def __init__(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[BaseException], None],
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it, so it is freed on the main thread
        self.work = work
        self.on_done = on_done
        self.on_failed = on_failed
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished = threading.Event()

    def run(self) -> None:
        try:
            self.result = self.work()
        except Exception as error:
            self.error = error
        finally:
            self.finished.set()

    def report(self) -> None:
        """Calls the callback for the outcome (on the main thread)."""
        if self.error is not None:
            self.on_failed(self.error)
        else:
            self.on_done(self.result)


_pool: _Pool = QThreadPool.globalInstance()
_running: list[_Task] = []
_timer: QTimer | None = None


def set_pool(pool: _Pool) -> None:
    """Replaces the thread pool (tests use one that runs tasks at once)."""
    global _pool  # noqa: PLW0603 - the one switch tests need
    _pool = pool


def run_task(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None],
) -> None:
    """Runs `work` on the pool; calls `on_done` or `on_failed` on the main thread afterwards."""
    task = _Task(work, on_done, on_failed)
    _running.append(task)
    _pool.start(task)
    if task.finished.is_set():
        _collect()
    else:
        _poll().start()


def wait_for_tasks(msecs: int = 30000) -> bool:
    """Waits until the pool is idle, then reports every finished task's outcome on this
    thread, so callbacks run while their widgets still exist; True if the pool is idle."""
    idle = _pool.waitForDone(msecs) if isinstance(_pool, QThreadPool) else True
    _collect()
    return idle


def tasks_running() -> int:
    """How many tasks have not reported yet."""
    return len(_running)


def _poll() -> QTimer:
    global _timer  # noqa: PLW0603 - one timer, made on first use on the main thread
    if _timer is None:
        # Owned by the application, so Qt deletes it with the application and never after it.
        _timer = QTimer(QCoreApplication.instance(), interval=POLL_MS)
        _timer.timeout.connect(_collect)
    return _timer


def _collect() -> None:
    # One at a time, each removed before it reports: a callback that raises (a bug, shown to
    # the user) leaves the other finished tasks to report on the next tick.
    for task in [task for task in _running if task.finished.is_set()]:
        _running.remove(task)
        if not _running and _timer is not None:
            _timer.stop()
        task.report()
