"""Slow work off the user interface thread, through one helper.

`run_task` runs a callable on a QThreadPool and hands its result (or its exception) back to
the main thread by signal, so no worker ever touches a widget. Tests swap in a synchronous pool
with `set_pool` (as MusicBrainz Picard's tests do), so a flow runs start to finish in one call.
"""

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class _Relay(QObject):
    """Carries a task's outcome to the main thread.

    Signals:
        done(object): the callable's return value.
        failed(object): the exception it raised.
    """

    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:
            self.relay.failed.emit(error)
        else:
            self.relay.done.emit(result)


_pool: _Pool = QThreadPool.globalInstance()
_relays: set[_Relay] = set()


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
    relay = _Relay()
    _relays.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _relays.discard(relay)
        callback(value)

    relay.done.connect(lambda result: finish(on_done, result))
    relay.failed.connect(lambda error: finish(on_failed, error))
    _pool.start(_Task(work, relay))


def wait_for_tasks(msecs: int = 30000) -> bool:
    """Waits until the pool is idle; True if it is (for a clean shutdown)."""
    if isinstance(_pool, QThreadPool):
        return _pool.waitForDone(msecs)
    return True
