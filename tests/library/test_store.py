"""The evidence library as a store: the same checks as the bundled dataset, provenance, ids
that never collide, nothing destroyed (retire, history, restore), schema versions, and a
damaged or busy file met with a clear message."""

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from briefing_builder.catalogue import Match, load_catalogue
from briefing_builder.catalogue.loading import Problem
from briefing_builder.errors import DatasetError, LibraryBusyError, LibraryError
from briefing_builder.library import store
from briefing_builder.library.evidence import load_evidence
from briefing_builder.library.schema import SCHEMA_VERSION
from briefing_builder.library.store import MY_LIBRARY, Change, Library
from tests.helpers.datasets import source_document, write_source


def add(library: Library, document: dict[str, Any]) -> None:
    source = document["source"]
    library.write(
        [Change("source", source)]
        + [Change("item", item, source["id"]) for item in document["items"]]
    )


def test_library_items_join_the_bundled_ones_and_say_where_they_came_from(
    library: Library,
) -> None:
    add(library, source_document())
    catalogue = library.catalogue()
    hits = {h.item.id: h for h in catalogue.query(["West Midlands"], ["transport"])}
    assert hits["my-evidence-1"].match is Match.EXACT
    assert hits["my-evidence-1"].item.source.origin == library.origin
    assert hits["levelling-up-white-paper-mission-3"].item.source.origin == "Bundled"


def test_a_dataset_folder_is_named_by_its_folder(tmp_path: Path) -> None:
    write_source(tmp_path / "walsall-evidence", source_document())
    catalogue = load_catalogue([tmp_path / "walsall-evidence"])
    assert catalogue.item("my-evidence-1").source.origin == "walsall-evidence"


def _problems(error: pytest.ExceptionInfo[DatasetError]) -> list[str]:
    return [p.message for p in error.value.problems if isinstance(p, Problem)]


def refused_alike(library: Library, folder: Path, document: dict[str, Any]) -> str:
    """Has the loader (the document in a dataset folder) and the library refuse the document,
    checks they found the same problems, and returns the library's message."""
    write_source(folder, document)
    with pytest.raises(DatasetError) as by_loader:
        load_catalogue([folder])
    with pytest.raises(DatasetError) as by_library:
        add(library, document)
    assert _problems(by_library) == _problems(by_loader)
    assert _problems(by_library)
    return str(by_library.value)


@pytest.mark.parametrize(
    "fields",
    [
        {"quote": " ".join(["word"] * 41)},
        {"regions": ["west-midland"]},
        {"themes": []},
        {"kind": "opinion"},
        {"value": 3},
        {"locator": ""},
        {"quote": None},
    ],
    ids=["long-quote", "unknown-region", "no-theme", "unknown-kind", "value", "locator", "quote"],
)
def test_the_library_refuses_what_the_loader_refuses_with_the_same_message(
    library: Library, tmp_path: Path, fields: dict[str, Any]
) -> None:
    assert refused_alike(library, tmp_path, source_document(**fields))
    assert not library.contents().items, "nothing of a refused change is written"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published", "2026-13", "is not a date like 2021"),
        ("url", "https://", "'https://' is not a web address"),
        ("url", "http://[broken", "is not a web address"),
    ],
)
def test_a_source_with_a_bad_date_or_address_is_refused_with_the_loaders_message(
    library: Library, tmp_path: Path, field: str, value: str, message: str
) -> None:
    document = source_document()
    document["source"][field] = value
    assert message in refused_alike(library, tmp_path, document)


def test_a_library_item_cannot_take_a_bundled_items_id(library: Library) -> None:
    with pytest.raises(DatasetError, match="'level-up-industry-1': field 'id': already used in"):
        add(library, source_document(id="level-up-industry-1"))
    with pytest.raises(DatasetError, match="source id 'level-up-industry' is already used in"):
        add(library, source_document("level-up-industry"))


def test_an_item_belongs_to_a_library_source(library: Library) -> None:
    add(library, source_document())
    with pytest.raises(LibraryError, match="its source 'nowhere' is not in your library"):
        library.write([Change("item", source_document("x")["items"][0], "nowhere")])
    add(library, source_document("second"))
    with pytest.raises(LibraryError, match="cannot move to another source"):
        library.write([Change("item", source_document()["items"][0], "second")])


def test_retiring_keeps_an_item_but_leaves_it_out_of_every_query(library: Library) -> None:
    add(library, source_document())
    assert library.retire("my-evidence-1") == "item"
    catalogue = library.catalogue()
    assert "my-evidence-1" not in {h.item.id for h in catalogue.query()}
    kept = catalogue.item("my-evidence-1")
    assert kept.retired
    assert kept.title == "Bus use in Walsall"
    with pytest.raises(LibraryError, match="already retired"):
        library.retire("my-evidence-1")
    library.retire("my-evidence-1", retired=False)
    assert "my-evidence-1" in {h.item.id for h in library.catalogue().query()}


def test_retiring_a_source_retires_its_items(library: Library) -> None:
    add(library, source_document())
    assert library.retire("my-evidence") == "source"
    catalogue = library.catalogue()
    assert catalogue.item("my-evidence-1").retired
    assert not [h for h in catalogue.query() if h.item.source.id == "my-evidence"]


def test_every_change_keeps_the_previous_version_and_one_can_be_restored(
    library: Library,
) -> None:
    document = source_document()
    add(library, document)
    item = document["items"][0]
    library.write([Change("item", {**item, "title": "Bus use in Walsall, 2026"}, "my-evidence")])
    library.retire("my-evidence-1")
    versions = library.history("my-evidence-1")
    assert [(v.version, v.change) for v in versions] == [
        (1, "added"),
        (2, "edited"),
        (3, "retired"),
    ]
    assert versions[0].record == item
    assert versions[1].record["title"] == "Bus use in Walsall, 2026"
    assert all(v.changed_by and v.changed_at.endswith("+00:00") for v in versions)
    assert library.restore("my-evidence-1", 1) == 4
    restored = library.catalogue().item("my-evidence-1")
    assert restored.title == "Bus use in Walsall"
    assert restored.retired, "restoring a version's words does not bring a retired item back"
    assert library.history("my-evidence-1")[-1].change == "restored 1"
    with pytest.raises(LibraryError, match=r"has no version 9 \(it has 1, 2, 3, 4\)"):
        library.restore("my-evidence-1", 9)


def test_writing_the_same_record_again_makes_no_new_version(library: Library) -> None:
    document = source_document()
    add(library, document)
    outcome = library.write([Change("item", document["items"][0], "my-evidence")])
    assert outcome.unchanged == ("my-evidence-1",)
    assert len(library.history("my-evidence-1")) == 1


def test_no_library_file_is_made_until_something_is_saved(file_library: Library) -> None:
    catalogue, warning = load_evidence()
    assert warning == ""
    assert len(catalogue.items) == len(load_catalogue().items)
    assert not file_library.exists()


def test_a_library_newer_than_the_app_is_refused_naming_both_versions(
    file_library: Library,
) -> None:
    add(file_library, source_document())
    with sqlite3.connect(file_library.path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '7'")
    before = file_library.path.read_bytes()
    with pytest.raises(
        LibraryError,
        match=rf"the library is schema 7, newer than this app reads \(schema {SCHEMA_VERSION}\)",
    ):
        Library(file_library.path).contents()
    with pytest.raises(LibraryError, match="schema 7"):
        add(Library(file_library.path), source_document("other"))
    catalogue, warning = load_evidence()
    assert "schema 7" in warning
    assert "my-evidence-1" not in {i.id for i in catalogue.items}
    assert file_library.path.read_bytes() == before


def test_an_older_library_is_backed_up_beside_it_then_migrated(file_library: Library) -> None:
    file_library.path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(file_library.path) as connection:  # a file_library from before schema 1
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    add(file_library, source_document())
    backup = file_library.path.with_name("library.sqlite.schema-0.bak")
    assert backup.is_file()
    with sqlite3.connect(backup) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    assert tables == {"alembic_version"}
    assert file_library.catalogue().item("my-evidence-1")


def test_a_damaged_library_is_reported_with_its_path_and_left_untouched(
    file_library: Library,
) -> None:
    add(file_library, source_document())
    damaged = bytearray(file_library.path.read_bytes())
    damaged[:16] = b"not a database!!"
    file_library.path.write_bytes(bytes(damaged))
    for name in ("library.sqlite-wal", "library.sqlite-shm"):
        file_library.path.with_name(name).unlink(missing_ok=True)
    catalogue, warning = load_evidence()
    assert str(file_library.path) in warning
    assert "damaged" in warning
    assert len(catalogue.items) == len(load_catalogue().items), "the bundled evidence still loads"
    with pytest.raises(LibraryError, match="damaged"):
        add(Library(file_library.path), source_document("other"))
    assert file_library.path.read_bytes() == bytes(damaged)


def test_a_library_whose_evidence_has_problems_is_left_out_with_the_reason(
    file_library: Library,
) -> None:
    add(file_library, source_document())
    with sqlite3.connect(file_library.path) as connection:
        record = json.dumps({**source_document()["items"][0], "themes": ["no-such-theme"]})
        connection.execute("UPDATE items SET record = ?", (record,))
    catalogue, warning = load_evidence()
    assert "unknown theme 'no-such-theme'" in warning
    assert len(catalogue.items) == len(load_catalogue().items)


def test_a_second_writer_is_told_the_library_is_busy(
    file_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(file_library, source_document())
    monkeypatch.setattr(store, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(file_library.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LibraryBusyError, match="the library is busy"):
            add(Library(file_library.path), source_document("other"))
        assert Library(file_library.path).catalogue().item("my-evidence-1"), "reading never waits"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    add(Library(file_library.path), source_document("other"))


def test_an_item_may_cite_a_change_recorded_by_another_library_source(library: Library) -> None:
    add(library, source_document("earlier"))
    later = source_document("later")["source"]
    item = {
        **source_document("earlier")["items"][0],
        "id": "earlier-2",
        "since": [
            {"text": "Fares rose again.", "source": "later", "locator": "p. 1", "quote": "rose"}
        ],
    }
    library.write([Change("source", later)])
    library.write([Change("item", item, "earlier")])
    assert library.catalogue().item("earlier-2").since[0].source.id == "later"
    library.write([Change("item", {**item, "title": "Edited"}, "earlier")])


def test_a_library_source_that_collides_is_left_out_alone_and_named(file_library: Library) -> None:
    add(file_library, source_document("fine"))
    add(file_library, source_document("clashes"))
    taken = json.dumps({**source_document()["source"], "id": "level-up-industry"})
    with sqlite3.connect(
        file_library.path
    ) as connection:  # as if a new bundled dataset took its id
        connection.execute(
            "UPDATE sources SET id = 'level-up-industry', record = ? WHERE id = 'clashes'",
            (taken,),
        )
        connection.execute(
            "UPDATE items SET source_id = 'level-up-industry' WHERE source_id = 'clashes'"
        )
    catalogue, warning = load_evidence()
    assert catalogue.item("fine-1").source.origin == MY_LIBRARY
    assert "1 source(s) of your evidence library" in warning
    assert "'level-up-industry'" in warning
    assert "clashes-1" not in {i.id for i in catalogue.items}


def test_a_source_id_is_a_safe_file_name(library: Library) -> None:
    with pytest.raises(DatasetError, match="should be lower-case letters, digits and dashes"):
        add(library, source_document("../escaped"))
    with pytest.raises(DatasetError, match="should be lower-case letters, digits and dashes"):
        add(library, source_document("Mixed-Case"))


def test_a_figure_must_be_a_finite_number(library: Library) -> None:
    document = source_document(kind="statistic", quote=None, value=float("nan"), unit="%")
    document["items"][0]["period"] = "2025"
    with pytest.raises(DatasetError, match="field 'value': expected a number, not nan"):
        add(library, document)


def test_an_id_cannot_be_both_a_source_and_an_item(library: Library) -> None:
    add(library, source_document())
    with pytest.raises(LibraryError, match="the id is already an item's"):
        library.write([Change("source", {**source_document()["source"], "id": "my-evidence-1"})])


def test_an_edit_made_from_an_old_version_is_refused_saying_who_changed_it(
    library: Library,
) -> None:
    document = source_document()
    add(library, document)
    item = document["items"][0]
    library.write([Change("item", {**item, "title": "Theirs"}, "my-evidence", base=1)])
    with pytest.raises(
        LibraryError,
        match=r"was changed by .* on \d+ \w+ 20\d\d at \d\d:\d\d.* \(version 2\) after you opened",
    ):
        library.write([Change("item", {**item, "title": "Mine"}, "my-evidence", base=1)])
    assert library.catalogue().item("my-evidence-1").title == "Theirs"
    with pytest.raises(LibraryError, match="the library already has an item 'my-evidence-1'"):
        library.write([Change("item", item, "my-evidence", base=0)])


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("2026-02-30", "is not a day of that month"),
        ("2025-02-29", "is not a day of that month"),
        ("2026-13", "is not a date like 2021"),
        ("2026-1", "is not a date like 2021"),
    ],
)
def test_a_date_that_is_not_on_the_calendar_is_refused(
    library: Library, date: str, why: str
) -> None:
    document = source_document()
    document["source"]["published"] = date
    with pytest.raises(DatasetError, match=f"{date!r} {why}"):
        add(library, document)
    document["source"]["published"] = "2024-02-29"
    add(library, document)
