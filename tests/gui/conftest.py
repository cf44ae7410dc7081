"""Fixtures for driving the real window: a synchronous thread pool, patched dialogs, a window."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRunnable, QSettings, QThreadPool

from briefing_builder.catalogue import Catalogue
from briefing_builder.gui import dialogs, workers
from briefing_builder.gui.main_window import MainWindow
from briefing_builder.pack.presets import PresetStore


class SynchronousPool:
    """Runs each task at once on the calling thread, so a flow completes within one call."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


@pytest.fixture(autouse=True)
def synchronous_pool() -> Iterator[None]:
    workers.set_pool(SynchronousPool())
    yield
    workers.set_pool(QThreadPool.globalInstance())
    assert QThreadPool.globalInstance().activeThreadCount() == 0, "a worker thread is still running"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def store(home: Path) -> PresetStore:
    return PresetStore(home / "presets")


@pytest.fixture
def window(qtbot, catalogue: Catalogue, store: PresetStore, settings: QSettings) -> MainWindow:
    shown = MainWindow(catalogue, store, settings)
    qtbot.addWidget(shown)
    return shown


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows closed at a test's end discard unsaved choices instead of asking; a test that
    checks the question patches it again."""
    monkeypatch.setattr(dialogs, "unsaved_changes", lambda *args: "discard")


@pytest.fixture(autouse=True)
def no_unanswered_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box no test answers fails the test: offscreen, it would wait for ever. A test
    that expects one patches it again."""

    def unanswered(name: str):
        def ask(*args: object) -> None:
            raise AssertionError(f"dialogs.{name} was shown and nobody answered: {args[1:]}")

        return ask

    for name in ("error", "info", "confirm", "replace_text", "pick", "choose", "text"):
        monkeypatch.setattr(dialogs, name, unanswered(name))
