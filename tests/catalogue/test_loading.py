"""Loading extra dataset folders, and the messages a user sees when a file is wrong."""

from pathlib import Path

import pytest

from briefing_builder.catalogue import Match, load_catalogue
from briefing_builder.errors import DatasetError
from tests.helpers.datasets import source_document, write_source


def test_an_extra_folder_adds_its_evidence_to_the_bundled_dataset(tmp_path: Path) -> None:
    write_source(tmp_path, source_document())
    catalogue = load_catalogue([tmp_path])
    hits = {h.item.id: h.match for h in catalogue.query(["West Midlands"], ["transport"])}
    assert hits["my-evidence-1"] is Match.EXACT
    assert "levelling-up-white-paper-mission-3" in hits
    assert catalogue.item("my-evidence-1").source.publisher == "Walsall Council"


def test_source_files_may_also_sit_in_a_sources_subfolder(tmp_path: Path) -> None:
    write_source(tmp_path / "sources", source_document())
    assert load_catalogue([tmp_path]).item("my-evidence-1")


def test_bad_json_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = write_source(tmp_path, '{\n  "source": {,\n}', name="broken")
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    assert f"{path}: bad JSON at line 2, column 14" in str(error.value)


def test_an_unknown_region_names_file_item_field_and_a_suggestion(tmp_path: Path) -> None:
    path = write_source(tmp_path, source_document(regions=["west-midland"]))
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    message = str(error.value)
    assert (
        f"{path}: item 'my-evidence-1': field 'regions': unknown region 'west-midland'" in message
    )
    assert "did you mean 'west-midlands'" in message


def test_an_item_id_used_twice_names_both_files(tmp_path: Path) -> None:
    first = write_source(tmp_path, source_document("first", id="shared-id"))
    second = write_source(tmp_path, source_document("second", id="shared-id"))
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    assert f"{second}: item 'shared-id': field 'id': already used in {first}" in str(error.value)


def test_an_id_already_in_the_bundled_dataset_is_refused(tmp_path: Path) -> None:
    write_source(tmp_path, source_document(id="level-up-industry-1"))
    with pytest.raises(
        DatasetError,
        match=r"'level-up-industry-1': field 'id': already used in .*level-up-industry\.json",
    ):
        load_catalogue([tmp_path])


def test_a_source_id_must_match_its_file_name(tmp_path: Path) -> None:
    write_source(tmp_path, source_document(), name="other-name")
    with pytest.raises(DatasetError, match="'my-evidence' should match the file name 'other-name'"):
        load_catalogue([tmp_path])


def test_only_statistics_carry_a_value(tmp_path: Path) -> None:
    write_source(tmp_path, source_document(value=3))
    with pytest.raises(
        DatasetError, match="item 'my-evidence-1': field 'value': only statistics carry it"
    ):
        load_catalogue([tmp_path])


def test_every_problem_in_a_load_is_reported_together(tmp_path: Path) -> None:
    write_source(tmp_path, source_document("one", kind="opinion"))
    write_source(tmp_path, source_document("two", themes=["skils"]))
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    message = str(error.value)
    assert "2 problem(s)" in message
    assert "field 'kind': 'opinion' is not one of finding, recommendation, statistic" in message
    assert "unknown theme 'skils' (did you mean 'skills'?)" in message


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda p: p / "missing", "does not exist"),
        (lambda p: (p / "a.txt", (p / "a.txt").touch())[0], "not a folder"),
    ],
)
def test_a_dataset_that_is_not_a_folder_is_refused(tmp_path: Path, make, why: str) -> None:
    with pytest.raises(DatasetError, match=why):
        load_catalogue([make(tmp_path)])


def test_an_empty_folder_is_refused_rather_than_silently_ignored(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="holds no source files"):
        load_catalogue([tmp_path])


def test_problems_in_the_source_and_its_items_are_reported_together(tmp_path: Path) -> None:
    document = source_document(regions=["nowhere"])
    document["source"]["published"] = "March 2020"
    write_source(tmp_path, document)
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    message = str(error.value)
    assert "field 'published': 'March 2020' is not a date" in message
    assert "field 'regions': unknown region 'nowhere'" in message


def test_a_whole_dataset_folder_is_refused_with_a_hint(tmp_path: Path) -> None:
    write_source(tmp_path, source_document())
    (tmp_path / "regions.json").write_text("[]", encoding="utf-8")
    with pytest.raises(
        DatasetError, match="is a whole dataset folder; extra datasets add source files"
    ):
        load_catalogue([tmp_path])


def test_a_value_of_nan_is_refused_as_bad_json(tmp_path: Path) -> None:
    path = write_source(tmp_path, '{"source": {}, "items": [{"value": NaN}]}', name="nan")
    with pytest.raises(
        DatasetError, match=f"{path}: bad JSON: NaN is not a number that JSON allows"
    ):
        load_catalogue([tmp_path])


def test_an_item_missing_a_field_still_has_its_other_fields_checked(tmp_path: Path) -> None:
    document = source_document(regions=["west-midland"], themes=["transprot"])
    del document["items"][0]["locator"]
    write_source(tmp_path, document)
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    message = str(error.value)
    assert "3 problem(s)" in message
    assert "field 'locator' is missing" in message
    assert "unknown region 'west-midland'" in message
    assert "unknown theme 'transprot'" in message


def test_a_file_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    path = write_source(tmp_path, source_document())
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_catalogue([tmp_path]).item("my-evidence-1")


def test_a_folder_given_twice_is_read_once(tmp_path: Path) -> None:
    write_source(tmp_path, source_document())
    catalogue = load_catalogue([tmp_path, tmp_path / "."])
    assert catalogue.item("my-evidence-1")


# Caveats and changes since publication


def _change(**fields: str) -> dict[str, str]:
    return {
        "text": "The council ended the fare cap in 2027.",
        "source": "my-later-evidence",
        "locator": "Paragraph 1",
        "quote": "The fare cap ended.",
        **fields,
    }


def _later_source() -> dict[str, object]:
    later = source_document("my-later-evidence")
    later["items"] = []
    return later


def test_an_item_carries_its_caveat_and_what_changed_since(tmp_path: Path) -> None:
    write_source(tmp_path, source_document(caveat="A six-month trial.", since=[_change()]))
    write_source(tmp_path, _later_source())
    item = load_catalogue([tmp_path]).item("my-evidence-1")
    assert item.caveat == "A six-month trial."
    (change,) = item.since
    assert change.text == "The council ended the fare cap in 2027."
    assert change.source.id == "my-later-evidence"
    assert (change.locator, change.quote) == ("Paragraph 1", "The fare cap ended.")


def test_an_older_folder_without_the_new_fields_still_loads(tmp_path: Path) -> None:
    write_source(tmp_path, source_document())
    item = load_catalogue([tmp_path]).item("my-evidence-1")
    assert (item.caveat, item.since) == ("", ())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            _change(source="my-latr-evidence"),
            "since #1: field 'source': no source has the id 'my-latr-evidence' "
            "(did you mean 'my-later-evidence'?)",
        ),
        (_change(source="my-evidence"), "since #1: field 'source': a change since publication"),
        (_change(quote=" ".join(["word"] * 41)), "since #1: field 'quote': 41 words"),
        ({"text": "Ended.", "source": "my-later-evidence"}, "since #1: field 'locator' is missing"),
        (_change(when="2027"), "since #1: field 'when' is not part of the format"),
    ],
)
def test_a_wrong_change_since_names_the_item_the_entry_and_the_field(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    path = write_source(tmp_path, source_document(since=[change]))
    write_source(tmp_path, _later_source())
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    assert f"{path}: item 'my-evidence-1': {message}" in str(error.value)


def test_an_empty_caveat_is_refused(tmp_path: Path) -> None:
    write_source(tmp_path, source_document(caveat=" "))
    with pytest.raises(DatasetError, match="field 'caveat': expected a non-empty string"):
        load_catalogue([tmp_path])


def test_a_source_without_a_date_or_address_must_say_why(tmp_path: Path) -> None:
    document = source_document()
    document["source"].update(published=None, url=None)
    write_source(tmp_path, document)
    with pytest.raises(DatasetError) as error:
        load_catalogue([tmp_path])
    assert "a source without a date must say why in its notes" in str(error.value)
    assert "a source without an address must say why in its notes" in str(error.value)


def test_a_statistic_without_a_measure_measures_what_its_title_says(tmp_path: Path) -> None:
    statistic = {"kind": "statistic", "quote": None, "value": 12.5, "unit": "%", "period": "2026"}
    write_source(tmp_path, source_document(title="Walsall: bus use, share of trips", **statistic))
    assert load_catalogue([tmp_path]).item("my-evidence-1").measure == "Bus use, share of trips"
