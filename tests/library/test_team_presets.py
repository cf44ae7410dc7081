"""Team presets: what the preset files promise (names, format versions, migration, nothing
lost) holds for the presets in a library, on SQLite and on PostgreSQL; and each has a version,
so an edit made from an old one is refused, naming who changed it and when."""

import json
from pathlib import Path

import pytest

from briefing_builder.errors import PresetError
from briefing_builder.library import store as library_store
from briefing_builder.library.presets import TeamPresetStore, preset_key
from briefing_builder.library.store import Change, Library
from briefing_builder.pack import PackSpec
from briefing_builder.pack.presets import PresetStore, file_name

FIXTURES = Path(__file__).resolve().parents[1] / "pack" / "fixtures"
WM = PackSpec(regions=("west-midlands",), themes=("skills",), title="WM skills", date="2026-11-22")


@pytest.fixture(params=["files", "team"])
def any_store(
    request: pytest.FixtureRequest, tmp_path: Path, library: Library
) -> PresetStore | TeamPresetStore:
    """The same promises, kept by the preset files and by a library's presets."""
    if request.param == "files":
        return PresetStore(tmp_path / "presets")
    return TeamPresetStore(library)


@pytest.fixture
def team(library: Library) -> TeamPresetStore:
    return TeamPresetStore(library)


def test_names_are_unique_regardless_of_case(any_store: PresetStore | TeamPresetStore) -> None:
    any_store.save("WM monthly", WM, "board")
    with pytest.raises(PresetError, match="'WM monthly' already exists"):
        any_store.save("wm MONTHLY", WM)
    assert any_store.load("Wm Monthly").name == "WM monthly"
    assert any_store.exists("wm monthly")


def test_a_name_too_long_or_empty_is_refused(any_store: PresetStore | TeamPresetStore) -> None:
    with pytest.raises(PresetError, match="at most 200 characters"):
        any_store.save("x" * 201, WM)
    with pytest.raises(PresetError, match="needs a name"):
        any_store.save("   ", WM)


def test_replacing_keeps_the_creation_time_and_description(
    any_store: PresetStore | TeamPresetStore,
) -> None:
    first = any_store.save("WM", WM, "monthly board pack")
    second = any_store.save("WM", WM.with_changes(title="New title"), replace=True)
    assert second.created == first.created
    assert any_store.load("WM").spec.title == "New title"
    assert any_store.load("WM").description == "monthly board pack"


def test_rename_duplicate_delete_and_restore(any_store: PresetStore | TeamPresetStore) -> None:
    any_store.save("WM", WM)
    any_store.rename("WM", "West Midlands monthly")
    assert not any_store.exists("WM")
    any_store.duplicate("West Midlands monthly", "Copy")
    assert any_store.load("Copy").spec == WM
    any_store.delete("Copy")
    assert not any_store.exists("Copy")
    assert [e.name for e in any_store.entries()] == ["West Midlands monthly"]
    assert any_store.deleted()[0] == "Copy"
    assert any_store.restore("Copy").spec == WM
    assert any_store.exists("Copy")
    any_store.rename("Copy", "COPY")
    assert [e.name for e in any_store.entries()] == ["COPY", "West Midlands monthly"]


def test_export_then_import_under_a_new_name(
    any_store: PresetStore | TeamPresetStore, tmp_path: Path
) -> None:
    any_store.save("WM", WM, "shared")
    exported = any_store.export_file("WM", tmp_path / "wm.json")
    other = PresetStore(tmp_path / "elsewhere")
    assert other.import_file(exported, "WM copy").spec == WM
    assert any_store.import_file(FIXTURES / "preset-format-1.json").spec.regions == ("north-east",)


def test_a_team_preset_of_an_older_format_is_migrated_and_a_newer_one_left_alone(
    team: TeamPresetStore,
) -> None:
    older = json.loads((FIXTURES / "preset-format-1.json").read_text(encoding="utf-8"))
    newer = {"format_version": 9, "app_version": "7.0", "name": "Future"}
    team.library.write(
        [
            Change("preset", older, key=preset_key(older["name"])),
            Change("preset", newer, key=preset_key("Future")),
        ],
        check=False,
        entities=("preset",),
    )
    assert team.load("North East skills (2025)").spec.department == "NECA"
    future = next(e for e in team.entries() if e.name == "Future")
    assert future.preset is None
    assert "format version 9, newer than this app's" in (future.error or "")
    with pytest.raises(PresetError, match="update the app"):
        team.load("Future")
    assert team.library.contents(("preset",)).presets[preset_key("Future")].record == newer


def test_an_edit_from_an_old_version_is_refused_naming_who_changed_it(
    team: TeamPresetStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    team.save("WM", WM)
    opened = team.version("WM")
    monkeypatch.setattr(
        library_store.locations, "setting", lambda key: "Team lead" if key == "display_name" else ""
    )
    team.save("WM", WM.with_changes(title="Fixed by the lead"), replace=True, base=opened)
    with pytest.raises(
        PresetError,
        match=r"changed by Team lead on \d+ \w+ 20\d\d at \d\d:\d\d .*after you opened version 1",
    ):
        team.save("WM", WM.with_changes(title="Mine"), replace=True, base=opened)
    assert team.load("WM").spec.title == "Fixed by the lead"
    team.save("WM", WM.with_changes(title="Mine"), replace=True, base=team.version("WM"))
    history = team.history("WM")
    assert [v.version for v in history] == [1, 2, 3]
    assert history[1].changed_by == "Team lead"
    assert [v.record["spec"]["title"] for v in history] == [
        "WM skills",
        "Fixed by the lead",
        "Mine",
    ]


def test_saving_over_a_deleted_preset_keeps_it_in_the_history(team: TeamPresetStore) -> None:
    team.save("WM", WM, "the first")
    team.delete("WM")
    team.save("WM", WM.with_changes(title="Newer"))
    with pytest.raises(PresetError, match="in use: nothing to restore"):
        team.restore("WM")
    changes = [(v.change, v.record["description"]) for v in team.history("WM")]
    assert changes == [("added", "the first"), ("deleted", "the first"), ("edited", "")]


def test_a_key_is_the_file_name_a_preset_of_that_name_would_have() -> None:
    assert preset_key("West Midlands / monthly") + ".json" == file_name("West Midlands / monthly")


def test_saving_over_a_preset_renamed_or_deleted_since_it_was_opened_is_refused(
    team: TeamPresetStore,
) -> None:
    team.save("WM", WM)
    opened = team.version("WM")
    team.rename("WM", "WM monthly")
    with pytest.raises(PresetError, match=r"'WM' was renamed or deleted by .* after you opened it"):
        team.save("WM", WM.with_changes(title="Mine"), replace=True, base=opened)
    assert not team.exists("WM")
    opened = team.version("WM monthly")
    team.delete("WM monthly")
    with pytest.raises(PresetError, match="after you opened it; nothing was saved"):
        team.save("WM monthly", WM, replace=True, base=opened)
    assert "WM monthly" in team.deleted()


def test_offline_the_team_presets_come_from_the_last_copy(team: TeamPresetStore) -> None:
    if not team.library.team:
        pytest.skip("only a team library has an offline copy")
    team.save("WM", WM, "kept")
    team.library.contents()  # a read, kept as the copy
    offline = TeamPresetStore(Library(team.library.url))
    offline.library.offline_copy()
    assert offline.load("WM").description == "kept"
    with pytest.raises(PresetError, match="Team library offline"):
        offline.save("Another", WM)
