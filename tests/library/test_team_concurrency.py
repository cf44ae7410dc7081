"""Eight processes editing one team library at once, on a real PostgreSQL server: every
committed change is there, every refused one was reported to its maker, and the history
accounts for all of them."""

import multiprocessing
import random
from collections import Counter

import pytest

from briefing_builder.errors import LibraryError, PresetError
from briefing_builder.library.presets import TeamPresetStore, preset_key
from briefing_builder.library.store import Change, Library
from briefing_builder.pack import PackSpec
from tests.helpers.datasets import source_document
from tests.helpers.postgres import Server

WRITERS, EDITS = 8, 100
SHARED_ITEM, SHARED_PRESET = "team-1", "Team monthly"


def _edit(url: str, writer: int, results: "multiprocessing.Queue[tuple[int, str, str]]") -> None:
    """A child: 100 edits, in a random mix, of its own item and preset and the shared ones,
    each shared edit made from the version it read; reports each as committed or refused."""
    library = Library(url)
    presets = TeamPresetStore(library)
    item = source_document("team")["items"][0]
    rng = random.Random(writer)
    for n in range(EDITS):
        target = rng.choice(["own item", "shared item", "own preset", "shared preset"])
        title = f"Writer {writer}, edit {n}"
        try:
            if target == "own item":
                record = {**item, "id": f"own-{writer}", "title": title}
                library.write([Change("item", record, "team")])
            elif target == "shared item":
                base = library.row("item", SHARED_ITEM).version
                library.write([Change("item", {**item, "title": title}, "team", base=base)])
            elif target == "own preset":
                presets.save(f"Own {writer}", PackSpec(title=title), replace=True)
            else:
                base = presets.version(SHARED_PRESET)
                presets.save(SHARED_PRESET, PackSpec(title=title), replace=True, base=base)
        except (LibraryError, PresetError) as error:
            results.put((writer, target, f"refused: {error}"))
        else:
            results.put((writer, target, title))


@pytest.mark.slow
def test_eight_writers_at_once_lose_nothing_and_the_history_accounts_for_every_edit(
    postgres_server: Server,
) -> None:
    url = postgres_server.url(postgres_server.new_database())
    library = Library(url)
    library.init()
    document = source_document("team")
    library.write(
        [Change("source", document["source"]), Change("item", document["items"][0], "team")]
    )
    TeamPresetStore(library).save(SHARED_PRESET, PackSpec(title="First"))
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    children = [context.Process(target=_edit, args=(url, w, results)) for w in range(WRITERS)]
    for child in children:
        child.start()
    reports = [results.get(timeout=300) for _ in range(WRITERS * EDITS)]
    for child in children:
        child.join()
        assert child.exitcode == 0
    committed = [(w, t, what) for w, t, what in reports if not what.startswith("refused")]
    refused = [(w, t, what) for w, t, what in reports if what.startswith("refused")]
    assert len(committed) + len(refused) == WRITERS * EDITS, "every edit was reported"
    assert refused, "some shared edits were made from a version another writer had replaced"
    assert all(t.startswith("shared") for _, t, _ in refused), "own edits never conflict"
    for _, _, why in refused:
        assert "was changed by" in why or "the library is busy" in why, why

    contents = library.contents()
    kept = Counter((w, t) for w, t, _ in committed)
    for writer in range(WRITERS):
        versions = library.history(f"own-{writer}") if kept[writer, "own item"] else []
        assert len(versions) == kept[writer, "own item"], "each own edit is one version"
        if versions:
            last = [what for w, t, what in committed if (w, t) == (writer, "own item")][-1]
            assert contents.items[f"own-{writer}"].record["title"] == last
        own = TeamPresetStore(library)
        if kept[writer, "own preset"]:
            assert len(own.history(f"Own {writer}")) == kept[writer, "own preset"]
    shared_items = sum(n for (_, t), n in kept.items() if t == "shared item")
    shared_presets = sum(n for (_, t), n in kept.items() if t == "shared preset")
    item_history = library.history(SHARED_ITEM)
    assert len(item_history) == 1 + shared_items, "the first version, then each committed edit"
    assert contents.items[SHARED_ITEM].version == 1 + shared_items
    assert {v.record["title"] for v in item_history[1:]} == {
        what for _, t, what in committed if t == "shared item"
    }
    preset_history = TeamPresetStore(library).history(SHARED_PRESET)
    assert len(preset_history) == 1 + shared_presets
    assert contents.presets[preset_key(SHARED_PRESET)].version == 1 + shared_presets
    assert {v.record["spec"]["title"] for v in preset_history[1:]} == {
        what for _, t, what in committed if t == "shared preset"
    }
