"""Evidence in and out of the library: spreadsheets (CSV, Excel) previewed and imported all or
nothing, the template, dataset folders, and the library command line."""

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from briefing_builder.catalogue import load_catalogue
from briefing_builder.cli import main
from briefing_builder.errors import LibraryError
from briefing_builder.library.columns import COLUMNS
from briefing_builder.library.store import Change, Library
from briefing_builder.library.transfer import (
    export_folder,
    parse_number,
    plan_import,
    write_template,
)
from tests.helpers.datasets import source_document, write_source

SOURCE = {
    "source_id": "wm-skills-2026",
    "source_title": "Skills in the West Midlands",
    "source_publisher": "West Midlands Combined Authority",
    "source_authors": "Ann Smith; Ben Jones",
    "source_published": "2026-11",
    "source_url": "https://www.wmca.org.uk/skills",
}
FINDING = {
    "id": "wm-skills-2026-1",
    "kind": "finding",
    "title": "Apprenticeship starts fell",
    "text": "Apprenticeship starts fell in the region.",
    "quote": "Apprenticeship starts fell.",
    "locator": "p. 4",
    "regions": "West Midlands",
    "themes": "Skills",
}
STATISTIC = {
    "id": "wm-skills-2026-2",
    "kind": "statistic",
    "title": "West Midlands: apprenticeship starts",
    "text": "Apprenticeship starts in the year.",
    "locator": "Table 2",
    "regions": "west-midlands",
    "themes": "skills; Productivity",
    "value": "41,230",
    "unit": "starts",
    "period": "2025/26",
}


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_spreadsheet_is_previewed_then_imported_with_names_made_ids(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "evidence.csv",
        [{**SOURCE, **FINDING}, STATISTIC | {"source_id": SOURCE["source_id"]}],
    )
    library = Library.default()
    plan = plan_import(sheet, library, load_catalogue())
    assert plan.problems == []
    assert plan.added == ["wm-skills-2026-1", "wm-skills-2026-2"]
    assert not library.exists(), "a preview writes nothing"
    library.write(plan.changes)
    catalogue = library.catalogue()
    statistic = catalogue.item("wm-skills-2026-2")
    assert statistic.value == 41230
    assert parse_number("41,23") == "41,23", "commas in the wrong place are left for the check"
    assert parse_number("1,234,567.5") == 1234567.5
    assert statistic.themes == ("skills", "productivity")
    assert statistic.source.authors == ("Ann Smith", "Ben Jones")
    assert {h.item.id for h in catalogue.query(["West Midlands"], ["skills"])} >= {
        "wm-skills-2026-1",
        "wm-skills-2026-2",
    }
    again = plan_import(sheet, library, catalogue)
    assert again.unchanged == ["wm-skills-2026-1", "wm-skills-2026-2"]


def test_every_problem_is_named_by_row_and_column_and_nothing_is_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_csv(
        tmp_path / "evidence.csv",
        [
            {**SOURCE, **FINDING},
            {**STATISTIC, "source_id": SOURCE["source_id"], "value": "about 40k"},
            {**FINDING, "source_id": SOURCE["source_id"], "id": "wm-3", "quote": "w " * 41},
            {**FINDING, "source_id": SOURCE["source_id"], "id": "wm-4", "regions": "West Midland"},
            {**FINDING, "source_id": SOURCE["source_id"], "id": "level-up-industry-1"},
        ],
    )
    status, _out, err = run(capsys, "library", "import", str(sheet))
    assert status == 2
    assert "evidence.csv: row 3: column 'value': expected a number" in err
    assert "evidence.csv: row 4: column 'quote': 41 words; at most 40 are allowed" in err
    assert "row 5: column 'regions': unknown region 'West Midland'" in err
    assert (
        "row 6: column 'id': 'level-up-industry-1' is already the id of an item of 'Bundled'" in err
    )
    assert "nothing was imported" in err
    assert "Traceback" not in err
    assert not Library.default().contents().items


def test_an_excel_workbook_imports_like_a_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in (
        {**SOURCE, **FINDING},
        {**STATISTIC, "source_id": SOURCE["source_id"], "value": 41230},
    ):
        sheet.append([row.get(c) for c in COLUMNS])
    book.save(tmp_path / "evidence.xlsx")
    library = Library.default()
    plan = plan_import(tmp_path / "evidence.xlsx", library, load_catalogue())
    assert plan.problems == []
    library.write(plan.changes)
    assert library.catalogue().item("wm-skills-2026-2").value == 41230


@pytest.mark.parametrize("name", ["template.csv", "template.xlsx"])
def test_the_template_has_the_layout_and_its_example_rows_cannot_be_imported_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    status, _, _ = run(capsys, "library", "template", str(tmp_path / name))
    assert status == 0
    if name.endswith(".xlsx"):
        header = [c.value for c in next(load_workbook(tmp_path / name).active.iter_rows())]
    else:
        header = next(csv.reader((tmp_path / name).open(encoding="utf-8-sig")))
    assert tuple(header) == COLUMNS
    status, _, err = run(capsys, "library", "import", str(tmp_path / name), "--dry-run")
    assert status == 2
    assert "row 2: is an example row of the import template" in err
    status, _, err = run(capsys, "library", "template", str(tmp_path / name))
    assert status == 2
    assert "already exists: use --force" in err


def test_the_library_exports_to_a_dataset_folder_that_loads_and_imports_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_source(tmp_path / "in", source_document())
    status, out, err = run(capsys, "library", "import", str(tmp_path / "in"))
    assert status == 0, err
    assert Library.default().catalogue().item("my-evidence-1").source.origin == "My library"
    status, _, err = run(capsys, "library", "export", str(tmp_path / "out"))
    assert status == 0, err
    exported = json.loads((tmp_path / "out" / "my-evidence.json").read_text(encoding="utf-8"))
    assert exported == source_document()
    assert load_catalogue([tmp_path / "out"]).item("my-evidence-1")
    status, out, _ = run(capsys, "library", "import", str(tmp_path / "out"), "--dry-run")
    assert "0 item(s) to add, 0 to update, 1 unchanged; 0 source(s) to add, 0 to update" in out


def test_the_library_commands_add_list_show_retire_and_show_history(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(
        capsys, "library", "add-source", "--id", "wm-note", "--title", "Team note",
        "--publisher", "WMCA", "--published", "2026-11", "--url", "https://www.wmca.org.uk/note",
    )  # fmt: skip
    assert status == 0, err
    status, out, err = run(
        capsys, "library", "add-item", "--source", "wm-note", "--id", "wm-note-1",
        "--kind", "findings", "--title", "Bus use rose", "--text", "Bus use rose.",
        "--quote", "Bus use rose.", "--locator", "p. 1", "--region", "West Midlands",
        "--theme", "Transport",
    )  # fmt: skip
    assert status == 0, err
    status, out, _ = run(capsys, "library", "list", "--json")
    listed = json.loads(out)
    assert [i["id"] for i in listed["items"]] == ["wm-note-1"]
    assert listed["items"][0]["record"]["regions"] == ["west-midlands"]
    status, out, _ = run(capsys, "query", "--region", "West Midlands", "--text", "bus use rose")
    assert "wm-note-1" in out
    status, out, _ = run(capsys, "library", "retire", "wm-note-1")
    assert status == 0
    status, out, _ = run(capsys, "query", "--region", "West Midlands", "--text", "bus use rose")
    assert "wm-note-1" not in out
    status, out, _ = run(capsys, "library", "history", "wm-note-1")
    assert [line.split()[1] for line in out.splitlines()[1:]] == ["added", "retired"]
    status, out, _ = run(capsys, "library", "show", "wm-note-1")
    assert "retired (in no new pack)" in out
    status, _, err = run(capsys, "library", "add-item", "--source", "wm-note", "--id", "x",
                         "--kind", "finding", "--title", "T", "--text", "T", "--locator", "p",
                         "--region", "West Midlands", "--theme", "Transport")  # fmt: skip
    assert status == 2
    assert "field 'quote': findings and recommendations need a verbatim quote" in err
    status, _, err = run(capsys, "library", "show", "nothing-here")
    assert status == 2
    assert "holds no item or source 'nothing-here'" in err


def test_a_preset_naming_a_retired_item_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    library = Library.default()
    write_source(tmp_path / "in", source_document())
    library.write(plan_import(tmp_path / "in", library, load_catalogue()).changes)
    status, _, err = run(
        capsys, "presets", "save", "Buses", "--region", "West Midlands",
        "--exclude", "my-evidence-1",
    )  # fmt: skip
    assert status == 0, err
    library.retire("my-evidence-1")
    status, out, _ = run(capsys, "presets", "show", "Buses")
    assert (
        "retired from your library and go in no new pack: my-evidence-1 (Bus use in Walsall)" in out
    )


def test_export_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    library = Library.default()
    write_source(tmp_path / "in", source_document())
    library.write(plan_import(tmp_path / "in", library, load_catalogue()).changes)
    export_folder(library, tmp_path / "out")
    with pytest.raises(LibraryError, match="already exists: use --force"):
        export_folder(library, tmp_path / "out")
    export_folder(library, tmp_path / "out", force=True)


def test_a_damaged_workbook_is_reported_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    write_template(tmp_path / "good.xlsx")
    with (
        zipfile.ZipFile(tmp_path / "good.xlsx") as good,
        zipfile.ZipFile(tmp_path / "bad.xlsx", "w") as bad,
    ):
        for name in good.namelist():
            data = good.read(name)
            bad.writestr(name, b"<broken" if name.endswith("sheet1.xml") else data)
    (tmp_path / "text.xlsx").write_text("not a workbook", encoding="utf-8")
    for name in ("bad.xlsx", "text.xlsx"):
        status, _, err = run(capsys, "library", "import", str(tmp_path / name))
        assert status == 2, err
        assert f"{name}: cannot be read as an Excel workbook" in err
        assert "Traceback" not in err


def test_an_empty_sheet_asks_for_the_columns_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "mark.csv").write_bytes(b"\xef\xbb\xbf")
    Workbook().save(tmp_path / "empty.xlsx")
    for name in ("empty.csv", "mark.csv", "empty.xlsx"):
        status, _, err = run(capsys, "library", "import", str(tmp_path / name), "--dry-run")
        assert status == 2, err
        assert f"{name}: the first row should name the columns (source_id, " in err


def test_a_sheet_that_corrects_only_a_source_says_so_and_writes_it(tmp_path: Path) -> None:
    library = Library.default()
    first = write_csv(tmp_path / "first.csv", [{**SOURCE, **FINDING}])
    library.write(plan_import(first, library, load_catalogue()).changes)
    corrected = write_csv(
        tmp_path / "corrected.csv", [{**SOURCE, **FINDING, "source_title": "Skills, corrected"}]
    )
    plan = plan_import(corrected, library, library.catalogue())
    assert plan.sources_updated == ["wm-skills-2026"]
    assert plan.unchanged == ["wm-skills-2026-1"]
    assert plan.writes
    library.write(plan.changes)
    assert library.catalogue().item("wm-skills-2026-1").source.title == "Skills, corrected"


@pytest.mark.parametrize(
    "command",
    ["list", "show", "add-source", "add-item", "template", "import", "export", "retire",
     "history", "restore"],
)  # fmt: skip
def test_every_library_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["library", command, "--help"])
    assert done.value.code == 0
    assert "usage: briefing-builder library" in capsys.readouterr().out


def test_restore_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = Library.default()
    write_source(tmp_path / "in", source_document())
    library.write(plan_import(tmp_path / "in", library, load_catalogue()).changes)
    item = source_document()["items"][0]
    library.write([Change("item", {**item, "title": "Edited"}, "my-evidence")])
    status, out, err = run(capsys, "library", "restore", "my-evidence-1", "1")
    assert status == 0, err
    assert out == "Restored version 1 of 'my-evidence-1' as version 3\n"
    assert library.catalogue().item("my-evidence-1").title == item["title"]
    status, _, err = run(capsys, "library", "restore", "my-evidence-1", "9")
    assert status == 2
    assert "has no version 9 (it has 1, 2, 3)" in err


def test_an_import_keeps_what_the_sheet_has_no_column_for(tmp_path: Path) -> None:
    library = Library.default()
    first = write_csv(tmp_path / "first.csv", [{**SOURCE, **FINDING, "caveat": "Provisional."}])
    library.write(plan_import(first, library, load_catalogue()).changes)
    titles = tmp_path / "titles.csv"
    titles.write_text(
        "source_id,id,kind,title,text,quote,locator,regions,themes\n"
        "wm-skills-2026,wm-skills-2026-1,finding,Starts fell,Starts fell.,"
        "Apprenticeship starts fell.,p. 4,West Midlands,Skills\n",
        encoding="utf-8",
    )
    plan = plan_import(titles, library, library.catalogue())
    assert plan.updated == ["wm-skills-2026-1"]
    library.write(plan.changes)
    item = library.catalogue().item("wm-skills-2026-1")
    assert item.title == "Starts fell"
    assert item.caveat == "Provisional."


def test_a_source_file_import_names_the_users_file(tmp_path: Path) -> None:
    path = write_source(tmp_path, source_document(quote=" ".join(["word"] * 41)))
    plan = plan_import(path, Library.default(), load_catalogue())
    assert [str(p) for p in plan.problems] == [
        f"{path}: item 'my-evidence-1': field 'quote': 41 words; at most 40 are allowed"
    ]


def test_a_rows_source_problem_does_not_hide_its_items_problems(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "evidence.csv",
        [
            {**SOURCE, **FINDING},
            {**SOURCE, **FINDING, "source_title": "Other", "id": "wm-2", "locator": ""},
            {**FINDING, "source_id": "unknown-source", "id": "wm-3", "themes": ""},
        ],
    )
    found = [str(p) for p in plan_import(sheet, Library.default(), load_catalogue()).problems]
    assert "evidence.csv: row 3: column 'locator': expected a non-empty string" in found
    assert any(p.startswith("evidence.csv: row 3: the source columns differ") for p in found)
    assert "evidence.csv: row 4: column 'themes': name at least one theme" in found
    assert any(
        "row 4: column 'source_id': 'unknown-source' is not in the library" in p for p in found
    )
