"""The library under a killed process and two writers at once: it is always as it was before
a change or after it, and a committed change is never lost."""

import multiprocessing
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from briefing_builder.library.store import Change, Library
from tests.helpers.datasets import source_document

_ROWS = 300


def _import_many(path: str, batch: int) -> None:
    """A child: imports a batch of items in one transaction, then edits each of them one by one."""
    library = Library(Path(path))
    document = source_document(f"batch-{batch}")
    item = document["items"][0]
    changes = [Change("source", document["source"])] + [
        Change("item", {**item, "id": f"batch-{batch}-{n}"}, f"batch-{batch}") for n in range(_ROWS)
    ]
    library.write(changes)
    for n in range(_ROWS):
        record = {**item, "id": f"batch-{batch}-{n}", "title": f"Edited {n}"}
        library.write([Change("item", record, f"batch-{batch}")])


def _state(path: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Each item's version, and its newest version in the history, read straight from SQLite."""
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        items = dict(connection.execute("SELECT id, version FROM items"))
        newest = dict(
            connection.execute(
                "SELECT id, MAX(version) FROM history WHERE entity = 'item' GROUP BY id"
            )
        )
    return items, newest


@pytest.mark.slow
def test_killing_a_writer_at_random_points_leaves_the_library_whole() -> None:
    library = Library.default()
    library.write([Change("source", source_document("first")["source"])])
    context = multiprocessing.get_context("fork")
    rng = random.Random(14)
    for batch in range(30):
        child = context.Process(target=_import_many, args=(str(library.path), batch))
        child.start()
        time.sleep(rng.uniform(0.0, 0.6))
        os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join()
        items, newest = _state(library.path)
        mine = {i: v for i, v in items.items() if i.startswith(f"batch-{batch}-")}
        assert len(mine) in (0, _ROWS), f"kill {batch}: half an import was left ({len(mine)})"
        assert items == newest, f"kill {batch}: an item and its history disagree"
        assert Library(library.path).catalogue()  # the loader still reads every row
    assert len(set(items.values())) > 1, "some kills landed among the edits"


def _edit_shared(path: str, writer: int, edits: int, results: "multiprocessing.Queue[str]") -> None:
    library = Library(Path(path))
    item = source_document("shared")["items"][0]
    for n in range(edits):
        own = {**item, "id": f"own-{writer}-{n}"}
        shared = {**item, "title": f"Writer {writer}, edit {n}"}
        library.write([Change("item", own, "shared"), Change("item", shared, "shared")])
        results.put(f"{writer}-{n}")


@pytest.mark.slow
def test_writers_at_once_never_lose_a_committed_change() -> None:
    library = Library.default()
    document = source_document("shared")
    library.write(
        [Change("source", document["source"]), Change("item", document["items"][0], "shared")]
    )
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    writers, edits = 4, 40
    children = [
        context.Process(target=_edit_shared, args=(str(library.path), w, edits, results))
        for w in range(writers)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join()
        assert child.exitcode == 0
    committed = {results.get(timeout=5) for _ in range(writers * edits)}
    assert len(committed) == writers * edits
    items, newest = _state(library.path)
    assert items == newest
    assert {f"own-{c}" for c in committed} <= set(items)
    assert items["shared-1"] == 1 + writers * edits, "every shared edit made its own version"
    assert len(library.history("shared-1")) == 1 + writers * edits
