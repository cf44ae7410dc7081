"""The preset store: nothing lost, whatever the names, the files or the timing."""

import json
import multiprocessing
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import PresetError, SpecError
from briefing_builder.pack import PackSpec, Span, Text, build_pack
from briefing_builder.pack.presets import (
    LOCK,
    MAX_NAME_LENGTH,
    PRESET_FORMAT_VERSION,
    TRASH,
    PresetStore,
    file_name,
    read_preset_file,
)
from tests.pack.test_spec import specs

FIXTURES = Path(__file__).parent / "fixtures"
WM = PackSpec(regions=("west-midlands",), themes=("skills",), title="WM skills", date="2026-11-22")

names = st.text(min_size=1, max_size=MAX_NAME_LENGTH).filter(
    lambda n: n.strip() and not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in n)
)


@pytest.fixture
def store(tmp_path: Path) -> PresetStore:
    return PresetStore(tmp_path / "presets")


@given(name=names, spec=specs)
@settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
def test_any_name_and_spec_round_trip_through_the_store(
    store: PresetStore, name: str, spec: PackSpec
) -> None:
    store.save(name, spec, "a description", replace=True)
    loaded = store.load(name)
    assert loaded.name == name.strip()
    assert loaded.spec == spec
    assert loaded.description == "a description"


@pytest.mark.parametrize(
    "name",
    [
        "West Midlands / monthly",
        "Cymru: ŵŷ",
        "Brief 🚀",
        "../../etc/passwd",
        "x" * 200,
        "CON",
        "a\\b",
    ],
)
def test_awkward_names_map_to_safe_file_names(store: PresetStore, name: str) -> None:
    store.save(name, WM)
    (path,) = store.folder.glob("*.json")
    assert path.parent == store.folder
    assert path.name == file_name(name)
    assert len(path.name) < 80
    assert store.load(name).name == name


def test_saving_again_replaces_only_when_asked_and_keeps_the_creation_time(
    store: PresetStore,
) -> None:
    first = store.save("WM", WM)
    second = store.save("WM", WM.with_changes(title="New title"), replace=True)
    assert second.created == first.created
    assert store.load("WM").spec.title == "New title"


def test_each_file_carries_versions_times_name_description_and_spec(store: PresetStore) -> None:
    store.save("WM", WM, "monthly board pack")
    data = json.loads(store.path_of("WM").read_text(encoding="utf-8"))
    assert data["format_version"] == PRESET_FORMAT_VERSION
    assert {"app_version", "created", "modified", "name", "description", "spec"} <= set(data)
    assert data["spec"]["regions"] == ["west-midlands"]


def test_restoring_over_a_live_preset_is_refused(store: PresetStore) -> None:
    store.save("WM", WM)
    store.delete("WM")
    store.save("WM", WM.with_changes(title="Newer"))
    with pytest.raises(PresetError, match="rename it before restoring"):
        store.restore("WM")
    assert store.load("WM").spec.title == "Newer"


def test_a_corrupt_file_is_listed_as_unreadable_and_left_untouched(store: PresetStore) -> None:
    store.save("Good", WM)
    broken = store.folder / "broken.json"
    broken.write_text('{"format_version": 2, "name": ', encoding="utf-8")
    before = broken.read_bytes()
    entries = {e.name: e for e in store.entries()}
    assert entries["Good"].preset is not None
    assert entries["broken"].preset is None
    assert "bad JSON at line 1" in (entries["broken"].error or "")
    assert broken.read_bytes() == before


def test_an_older_format_is_migrated_on_load(tmp_path: Path) -> None:
    preset = read_preset_file(FIXTURES / "preset-format-1.json")
    assert preset.name == "North East skills (2025)"
    assert preset.spec.regions == ("north-east",)
    assert preset.spec.department == "NECA"
    assert preset.app_version == "unknown"


def test_a_newer_format_is_refused_naming_both_versions(store: PresetStore) -> None:
    store.folder.mkdir(parents=True)
    path = store.path_of("Future")
    path.write_text(
        json.dumps({"format_version": 9, "app_version": "7.0", "name": "Future"}), encoding="utf-8"
    )
    with pytest.raises(PresetError, match="format version 9, newer than this app's 2"):
        store.load("Future")
    (entry,) = store.entries()
    assert entry.preset is None
    assert "update the app" in (entry.error or "")


def test_importing_checks_the_whole_file_before_writing(store: PresetStore, tmp_path: Path) -> None:
    bad = tmp_path / "shared.json"
    bad.write_text(
        json.dumps(
            {
                "format_version": 2,
                "name": "Shared",
                "spec": {"format_version": 1, "marking": "SECRET"},
            }
        )
    )
    with pytest.raises(PresetError, match="marking 'SECRET'"):
        store.import_file(bad)
    assert store.entries() == []


def test_export_then_import_under_a_new_name(store: PresetStore, tmp_path: Path) -> None:
    store.save("WM", WM, "for the board")
    shared = store.export_file("WM", tmp_path / "wm-preset.json")
    imported = store.import_file(shared, "WM (from Sam)")
    assert imported.spec == WM
    assert imported.description == "for the board"


def _save_many(folder: str, title: str) -> None:
    store = PresetStore(Path(folder))
    for _ in range(40):
        store.save("Shared", WM.with_changes(title=title * 500), replace=True)


@pytest.mark.slow
def test_two_processes_saving_at_once_leave_a_whole_file(store: PresetStore) -> None:
    store.save("Shared", WM)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(str(store.folder), t)) for t in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert all(worker.exitcode == 0 for worker in workers)
    title = store.load("Shared").spec.title
    assert title in ("a" * 500, "b" * 500)
    left = [p.name for p in store.folder.iterdir() if p.name not in (TRASH, LOCK)]
    assert left == [file_name("Shared")]


def test_deleting_two_presets_of_the_same_name_keeps_both_in_the_trash(store: PresetStore) -> None:
    store.save("Leeds", WM.with_changes(title="first"))
    store.delete("Leeds")
    store.save("Leeds", WM.with_changes(title="second"))
    store.delete("Leeds")
    assert len(list(store.trash.glob("*.json"))) == 2
    assert store.deleted() == ["Leeds"]
    assert store.restore("Leeds").spec.title == "second"


def _preset_document(**changes: object) -> str:
    document = {
        "format_version": PRESET_FORMAT_VERSION,
        "app_version": "0.1.0",
        "created": "2026-12-01T10:00:00+00:00",
        "modified": "2026-12-01T10:00:00+00:00",
        "name": "Odd",
        "description": "",
        "spec": WM.to_dict(),
    }
    return json.dumps({**document, **changes})


HOSTILE_PRESETS = {
    "deep brackets": "[" * 100_000,
    "a 5,000-digit version": '{"format_version": ' + "7" * 5000 + ', "name": "Odd"}',
    "a version that is true": _preset_document(format_version=True),
    "a number for modified": _preset_document(modified=20261201),
    "a list for modified": _preset_document(modified=["2026"]),
    "an object for created": _preset_document(created={"day": 1}),
    "a deep spec": _preset_document(spec=json.loads("[" * 60 + "]" * 60)),
}


@pytest.mark.parametrize("content", HOSTILE_PRESETS.values(), ids=HOSTILE_PRESETS)
def test_a_hostile_preset_is_listed_unreadable_untouched_and_the_rest_work(
    store: PresetStore, content: str
) -> None:
    store.save("Good", WM)
    odd = store.path_of("Odd")
    odd.write_text(content, encoding="utf-8")
    entries = {e.path.name: e for e in store.entries()}
    assert entries[odd.name].preset is None
    assert entries[odd.name].error
    assert store.load("Good").spec == WM
    with pytest.raises(PresetError):
        store.rename("Odd", "Renamed")
    assert odd.read_text(encoding="utf-8") == content
    assert not store.exists("Renamed")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_or_a_link_among_the_presets_is_listed_not_read(store: PresetStore) -> None:
    store.save("Good", WM)
    os.mkfifo(store.folder / "pipe.json")
    (store.folder / "zero.json").symlink_to("/dev/zero")
    errors = {e.path.name: e.error for e in store.entries()}
    assert errors == {
        "pipe.json": "not a file (a named pipe)",
        "zero.json": "a link, not a preset file (links in the store are not followed)",
        store.path_of("Good").name: None,
    }


def test_a_version_that_is_true_is_refused_and_the_file_kept(store: PresetStore) -> None:
    store.folder.mkdir(parents=True)
    path = store.path_of("Odd")
    path.write_text(_preset_document(format_version=True), encoding="utf-8")
    with pytest.raises(PresetError, match="no valid format_version"):
        store.load("Odd")
    assert path.read_text(encoding="utf-8") == _preset_document(format_version=True)
    with pytest.raises(SpecError, match="no valid format_version"):
        PackSpec.from_dict({**WM.to_dict(), "format_version": True})


def test_saving_over_a_newer_versions_preset_keeps_it_in_the_trash(store: PresetStore) -> None:
    store.folder.mkdir(parents=True)
    path = store.path_of("Future")
    future = json.dumps({"format_version": 9, "app_version": "7.0", "name": "Future"})
    path.write_text(future, encoding="utf-8")
    store.save("Future", WM, replace=True)
    assert store.load("Future").spec == WM
    (kept,) = store.trash.glob("*.json")
    assert kept.read_text(encoding="utf-8") == future


def test_text_with_lone_surrogates_is_saved_with_replacement_characters(
    store: PresetStore,
) -> None:
    spec = WM.with_changes(title="Pack \udcff", purpose="for \ud800 the board")
    preset = store.save("bad\udcffname", spec, "about \udfff")
    assert preset.name == "bad\ufffdname"
    loaded = store.load("bad\udcffname")
    assert (loaded.spec.title, loaded.spec.purpose) == ("Pack \ufffd", "for \ufffd the board")
    assert loaded.description == "about \ufffd"


def test_exporting_over_an_existing_file_needs_replace(store: PresetStore, tmp_path: Path) -> None:
    store.save("WM", WM)
    shared = tmp_path / "shared.json"
    shared.write_text("mine", encoding="utf-8")
    with pytest.raises(PresetError, match="already exists: use --force"):
        store.export_file("WM", shared)
    assert shared.read_text(encoding="utf-8") == "mine"
    store.export_file("WM", shared, replace=True)
    assert read_preset_file(shared).spec == WM


def test_a_presets_folder_or_trash_that_is_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "presets").write_text("not a folder")
    with pytest.raises(PresetError, match="is a file, where the presets need a folder"):
        PresetStore(tmp_path / "presets").save("WM", WM)
    store = PresetStore(tmp_path / "other")
    store.save("WM", WM)
    store.trash.write_text("not a folder")
    with pytest.raises(PresetError, match="is a file, where the presets need a folder"):
        store.delete("WM")
    assert store.load("WM").spec == WM


def test_a_preset_file_put_in_the_folder_by_hand_can_be_used(store: PresetStore) -> None:
    store.save("Good", WM)
    by_hand = store.folder / "board.json"
    by_hand.write_text(_preset_document(name="Board"), encoding="utf-8")
    (store.folder / "nested.json").write_text("[" * 1000, encoding="utf-8")
    assert store.load("board").spec == WM
    with pytest.raises(PresetError, match=r"nested\.json: nested too deeply"):
        store.load("nested")
    store.rename("Board", "Board (old)")
    assert not by_hand.exists()
    assert store.load("Board (old)").spec == WM
    store.delete("Board (old)")
    assert [e.name for e in store.entries()] == ["Good", "nested"]


def test_a_link_in_the_store_is_never_followed(store: PresetStore, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(_preset_document(name="Linked"), encoding="utf-8")
    store.folder.mkdir(parents=True)
    store.path_of("Linked").symlink_to(elsewhere)
    with pytest.raises(PresetError, match="a link, not a preset file"):
        store.load("Linked")


def test_saving_a_name_taken_in_another_case_names_the_saved_one(store: PresetStore) -> None:
    store.save("a", WM)
    with pytest.raises(PresetError, match="a preset called 'a' already exists"):
        store.save("A", WM)


def test_a_preset_saved_before_briefs_had_sections_loads_with_them_empty(
    catalogue: Catalogue,
) -> None:
    preset = read_preset_file(FIXTURES / "preset-format-2-spec-1.json")
    spec = preset.spec
    assert (spec.summary, spec.points, spec.background, spec.handling) == ("", "", "", "")
    assert "points" in (spec.sections or ())
    pack = build_pack(spec, catalogue)
    (purpose,) = pack.blocks("purpose")
    assert purpose == Text((Span("For the board: *draft*"),)), "printed as it was typed"
