"""Evidence in and out of the library: spreadsheets (CSV and Excel), and dataset folders.

A spreadsheet has one row per item, its source's details in the `source_` columns (on the
source's first row; later rows may leave them blank). `docs/library.md` describes each column.
An import is planned first: the plan lists each row to add or update and every problem by row
and column, and nothing is written unless there are none.
"""

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing_builder.catalogue import Catalogue, load_catalogue
from briefing_builder.catalogue.loading import (
    Problem,
    check_item,
    check_source,
    dataset_files,
    problems_message,
)
from briefing_builder.catalogue.model import KINDS, Source
from briefing_builder.errors import DatasetError, LibraryError, UnknownNameError
from briefing_builder.files import write_together
from briefing_builder.inputs import clean_text, read_bytes, read_json
from briefing_builder.library.columns import (
    COLUMNS,
    ITEM_COLUMNS,
    LIST_SEPARATOR,
    REQUIRED_COLUMNS,
    SOURCE_COLUMNS,
)
from briefing_builder.library.store import MY_LIBRARY, Change, Contents, Library, Outcome, Row

MAX_SHEET_BYTES = 64 * 1024 * 1024
EXAMPLE_MARK = "EXAMPLE ROW"
"""How the template's example rows begin their titles; a row that still does is refused."""
_NUMBER = re.compile(r"-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")
"""A figure as people write it: 41230, 41,230 or 74.8; never 41,23."""
_EXAMPLE = {
    "source_id": "example-report-2026",
    "source_title": f"{EXAMPLE_MARK}: put your source's title here, then delete this row",
    "source_publisher": "The publisher",
    "source_authors": "First Author; Second Author",
    "source_published": "2026-11",
    "source_url": "https://www.example.org/report",
    "source_notes": "",
    "id": "example-report-2026-1",
    "kind": "finding",
    "title": f"{EXAMPLE_MARK}: a short title for the finding",
    "text": "The finding in your own words.",
    "quote": "The words of the source that the finding rests on, at most 40.",
    "locator": "p. 12",
    "regions": "West Midlands",
    "themes": "Skills",
    "caveat": "",
    "notes": "",
    "value": "",
    "unit": "",
    "period": "",
    "uk_value": "",
    "measure": "",
}
_EXAMPLE_STATISTIC = {
    **_EXAMPLE,
    "source_title": "",
    "source_publisher": "",
    "source_authors": "",
    "source_published": "",
    "source_url": "",
    "id": "example-report-2026-2",
    "kind": "statistic",
    "title": f"{EXAMPLE_MARK}: West Midlands: employment rate",
    "text": "What the figure shows, in your own words.",
    "quote": "",
    "locator": "Table 3",
    "value": "12.3",
    "unit": "% of people aged 16 to 64",
    "period": "2025",
    "uk_value": "45.6",
    "measure": "Employment rate, aged 16 to 64",
}


@dataclass(slots=True)
class ImportPlan:
    """What an import would do: the changes, and the rows each adds or updates; or problems."""

    file: Path
    changes: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    sources_updated: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    """The title of each item and source planned, by id, for a preview to show."""

    @property
    def writes(self) -> bool:
        """Whether the import would change anything."""
        return bool(self.added or self.updated or self.sources_added or self.sources_updated)

    def add_source(self, record: dict[str, Any], old: Row | None) -> None:
        """Plans a source's import: added, or a new version when it differs."""
        self.changes.append(Change("source", record, retired=bool(old and old.retired)))
        self.titles[record["id"]] = str(record.get("title", ""))
        if old is None:
            self.sources_added.append(record["id"])
        elif old.record != record:
            self.sources_updated.append(record["id"])

    def add_item(self, record: dict[str, Any], source_id: str, old: Row | None) -> None:
        """Plans an item's import: added, or a new version of the library's (still retired
        if it was), or nothing when it is the same."""
        self.changes.append(Change("item", record, source_id, bool(old and old.retired)))
        self.titles[record["id"]] = str(record.get("title", ""))
        if old is None:
            self.added.append(record["id"])
        elif old.record == record:
            self.unchanged.append(record["id"])
        else:
            self.updated.append(record["id"])


def write_template(dest: Path) -> Path:
    """Writes an example import file, CSV or Excel by the name's ending, with the layout's
    columns and two example rows to replace."""
    rows = [list(COLUMNS), [_EXAMPLE[c] for c in COLUMNS], [_EXAMPLE_STATISTIC[c] for c in COLUMNS]]
    suffix = dest.suffix.lower()
    if suffix == ".csv":
        return write_together([(dest, lambda path: _write_csv(path, rows))], LibraryError)[0]
    if suffix == ".xlsx":
        return write_together([(dest, lambda path: _write_xlsx(path, rows))], LibraryError)[0]
    raise LibraryError(f"{dest}: a template is a .csv or an .xlsx file")


def _write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(rows)


def _write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook  # noqa: PLC0415 - loaded only for Excel files
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook()
    sheet = book.create_sheet("Evidence", 0)
    del book[book.sheetnames[1]]  # the blank sheet a new workbook starts with
    for row in rows:
        sheet.append([parse_number(cell) for cell in row])
    for number, name in enumerate(rows[0], start=1):
        sheet.cell(1, number).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = max(12, min(40, len(name) + 4))
    sheet.freeze_panes = "A2"
    book.save(path)


def plan_import(path: Path, library: Library, catalogue: Catalogue) -> ImportPlan:
    """What importing a spreadsheet or a dataset folder (or one source file of one) would do.

    `catalogue` is the evidence as loaded now, with the library's: ids and names are checked
    against it. Nothing is written.
    """
    if not path.exists():
        raise LibraryError(f"{path}: no such file or folder")
    if path.is_dir() or path.suffix.lower() == ".json":
        return _plan_folder(path, library)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise LibraryError(
            f"{path}: import a .csv or .xlsx spreadsheet, a dataset folder or a source's .json file"
        )
    table = _read_xlsx(path) if suffix == ".xlsx" else _read_csv(path)
    header = _header(path, table)
    rows = _records(table, header)
    return _plan_rows(path, rows, library.contents(), catalogue, set(header))


def run_import(plan: ImportPlan, library: Library) -> Outcome:
    """Writes a planned import in one transaction: every row, or, on any problem, none."""
    if plan.problems:
        message = problems_message(str(plan.file), plan.problems, "; nothing was imported")
        raise DatasetError(message, plan.problems)
    return library.write(plan.changes)


def _read_csv(path: Path) -> list[list[Any]]:
    data = read_bytes(path, LibraryError, limit=MAX_SHEET_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise LibraryError(
            f"{path}: not UTF-8 text (byte {problem.start + 1} cannot be read); "
            "save the spreadsheet as CSV UTF-8"
        ) from None
    try:
        table = list(csv.reader(io.StringIO(clean_text(text), newline="")))
    except csv.Error as problem:
        raise LibraryError(f"{path}: cannot be read as CSV ({problem})") from None
    return table


def _read_xlsx(path: Path) -> list[list[Any]]:
    from zipfile import BadZipFile  # noqa: PLC0415

    from openpyxl import load_workbook  # noqa: PLC0415 - loaded only for Excel files

    read_bytes(path, LibraryError, limit=MAX_SHEET_BYTES)  # a readable, regular file of a sane size
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        try:
            table = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    # A damaged workbook fails in many ways: a bad zip, a missing part, bad XML (SyntaxError
    # covers ElementTree's and lxml's), a value of a kind openpyxl does not expect.
    except (BadZipFile, KeyError, ValueError, TypeError, IndexError, SyntaxError, OSError) as e:
        raise LibraryError(f"{path}: cannot be read as an Excel workbook ({e})") from None
    return table


def _header(path: Path, table: Sequence[Sequence[Any]]) -> list[str]:
    """The column names of row 1; LibraryError saying what is wrong with them (an empty
    sheet has none)."""
    if not table or not any(_cell(c) for c in table[0]):
        raise LibraryError(f"{path}: the first row should name the columns ({', '.join(COLUMNS)})")
    header = [_cell(c) for c in table[0]]
    problems = []
    for name in REQUIRED_COLUMNS:
        if name not in header:
            problems.append(f"column {name!r} is missing")
    for name in header:
        if name and name not in COLUMNS:
            problems.append(f"column {name!r} is not part of the layout")
    repeated = sorted({n for n in header if n and header.count(n) > 1})
    problems += [f"column {name!r} appears more than once" for name in repeated]
    if problems:
        raise LibraryError(
            f"{path}: row 1: " + "; ".join(problems) + f" (the columns: {', '.join(COLUMNS)})"
        )
    return header


def _records(
    table: Sequence[Sequence[Any]], header: list[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row by its spreadsheet number (the header is row 1), as {column: cell}, with blank
    cells left out and blank rows skipped."""
    for number, row in enumerate(table[1:], start=2):
        record = {
            header[n]: value
            for n, value in enumerate(row)
            if n < len(header) and header[n] and _cell(value)
        }
        extra = [v for v in row[len(header) :] if _cell(v)]
        if extra:
            record["?"] = extra
        if record:
            yield number, record


def _cell(value: Any) -> str:
    """A cell's text: numbers as written, dates as YYYY-MM-DD, whitespace trimmed."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value)).strip()


def _plan_rows(
    path: Path,
    rows: Iterator[tuple[int, dict[str, Any]]],
    contents: Contents,
    catalogue: Catalogue,
    columns: set[str],
) -> ImportPlan:
    """The plan for a spreadsheet's rows. An item already in the library keeps the fields the
    sheet has no column for (and its `since`, which no sheet has): a sheet of corrected titles
    does not wipe the caveats."""
    plan = ImportPlan(path)
    others = {s.id: s for s in catalogue.sources if s.origin != MY_LIBRARY}
    other_items = {i.id: i for i in (*catalogue.items, *catalogue.retired)}
    new_sources: dict[str, tuple[int, dict[str, Any]]] = {}
    item_rows: dict[str, int] = {}
    for number, row in rows:
        where = f"{path.name}: row {number}"
        problems = plan.problems
        if "?" in row:
            problems.append(Problem(where, "has cells beyond the named columns"))
        if any(_cell(row.get(c)).startswith(EXAMPLE_MARK) for c in ("title", "source_title")):
            problems.append(
                Problem(
                    where,
                    "is an example row of the import template: replace it with your own "
                    "evidence, or delete it",
                )
            )
            continue
        source_id = _cell(row.get("source_id"))
        if not source_id:
            problems.append(Problem(where, "column 'source_id' is empty"))
            continue
        if source_id in others:
            problems.append(
                Problem(
                    where,
                    f"column 'source_id': {source_id!r} is a source of "
                    f"{others[source_id].origin!r}; library items belong to library sources",
                )
            )
            continue
        source = _source_for(where, number, source_id, row, contents, new_sources, plan)
        record = _item_record(row, catalogue)
        item_id = str(record.get("id", ""))
        if item_id in item_rows:
            problems.append(
                Problem(
                    where, f"column 'id': {item_id!r} is also the id on row {item_rows[item_id]}"
                )
            )
            continue
        item_rows[item_id] = number
        known = other_items.get(item_id)
        if known is not None and known.source.origin != MY_LIBRARY:
            problems.append(
                Problem(
                    where,
                    f"column 'id': {item_id!r} is already the id of an item of "
                    f"{known.source.origin!r} ({known.source.id})",
                )
            )
            continue
        mine = contents.items.get(item_id)
        if mine is not None and mine.source_id != source_id:
            problems.append(
                Problem(
                    where,
                    f"column 'id': {item_id!r} is an item of the library source "
                    f"{mine.source_id!r}, not {source_id!r}",
                )
            )
            continue
        problems += [_in_columns(where, p) for p in check_item(record, source, catalogue)]
        if mine is not None:
            kept = {
                name: value
                for name, value in mine.record.items()
                if name == "since" or (name in ITEM_COLUMNS and name not in columns)
            }
            record = {**record, **kept}
            # A blank cell for a field the library's record never had is no change.
            for name in [n for n, v in record.items() if v in (None, "") and n not in mine.record]:
                del record[name]
        plan.add_item(record, source_id, mine)
    if not plan.changes and not plan.problems:  # a header alone
        plan.problems.append(Problem(path.name, "holds no rows of evidence below its header"))
    return plan


def _source_for(
    where: str,
    number: int,
    source_id: str,
    row: dict[str, Any],
    contents: Contents,
    new_sources: dict[str, tuple[int, dict[str, Any]]],
    plan: ImportPlan,
) -> Source:
    """The source a row's item belongs to: given on this row, on an earlier one, or already in
    the library. A source's details given on a row are checked, and change the library's."""
    given = {c for c in SOURCE_COLUMNS[1:] if _cell(row.get(c))}
    record: dict[str, Any] = {
        "id": source_id,
        "title": _cell(row.get("source_title")),
        "publisher": _cell(row.get("source_publisher")),
        "authors": split_names(row.get("source_authors")),
        "published": _cell(row.get("source_published")) or None,
        "url": _cell(row.get("source_url")) or None,
        "notes": _cell(row.get("source_notes")),
    }
    if source_id in new_sources:
        first, earlier = new_sources[source_id]
        if given and record != earlier:
            plan.problems.append(
                Problem(
                    where,
                    f"the source columns differ from row {first}'s for {source_id!r}: "
                    "give a source's details once, or the same on every row",
                )
            )
        record = earlier  # the row's item is still checked, so all its problems are listed
    elif given:
        plan.problems += [_in_columns(where, p, "source_") for p in check_source(record)]
        new_sources[source_id] = (number, record)
        plan.add_source(record, contents.sources.get(source_id))
    elif source_id in contents.sources:
        record = contents.sources[source_id].record
    else:
        plan.problems.append(
            Problem(
                where,
                f"column 'source_id': {source_id!r} is not in the library; give its "
                "source_title, source_publisher and the other source columns on its first row",
            )
        )  # the row's item is still checked, against the source as the row gives it
    return Source(
        id=source_id,
        title=str(record["title"]),
        publisher=str(record["publisher"]),
        authors=tuple(record["authors"]),
        published=record["published"],
        url=record["url"],
        notes=str(record["notes"]),
        origin=MY_LIBRARY,
    )


def _item_record(row: dict[str, Any], catalogue: Catalogue) -> dict[str, Any]:
    """An item record in the dataset format from a row's cells: names of regions and themes
    made ids, numbers made numbers; what cannot be made so is left for the check to report."""
    record: dict[str, Any] = {
        "id": _cell(row.get("id")),
        "kind": _cell(row.get("kind")).casefold(),
        "title": _cell(row.get("title")),
        "text": _cell(row.get("text")),
        "quote": _cell(row.get("quote")) or None,
        "locator": _cell(row.get("locator")),
        "regions": [vocabulary_id(catalogue.area, n) for n in split_names(row.get("regions"))],
        "themes": [vocabulary_id(catalogue.theme, n) for n in split_names(row.get("themes"))],
        "notes": _cell(row.get("notes")),
    }
    if record["kind"] in (f"{k}s" for k in KINDS):
        record["kind"] = record["kind"][:-1]
    if _cell(row.get("caveat")):
        record["caveat"] = _cell(row.get("caveat"))
    for name in ("value", "uk_value"):
        if _cell(row.get(name)):
            record[name] = parse_number(row[name])
    for name in ("unit", "period", "measure"):
        if _cell(row.get(name)):
            record[name] = _cell(row[name])
    return record


def parse_number(value: Any) -> Any:
    """A figure as written ("41,230", "74.8") as a number; what is not one is left as text,
    for the check to report."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    text = _cell(value)
    if not _NUMBER.fullmatch(text):
        return text
    text = text.replace(",", "")
    return float(text) if "." in text else int(text)


def split_names(value: Any) -> list[str]:
    """The names in a cell or a field, separated by semicolons."""
    return [part.strip() for part in _cell(value).split(LIST_SEPARATOR) if part.strip()]


def vocabulary_id(lookup: Callable[[str], Any], name: str) -> str:
    """The id of a region or theme named by `name` (`catalogue.area` or `.theme`), or the name
    as given, for the check to report with the closest names."""
    try:
        return str(lookup(name).id)
    except UnknownNameError:
        return name


def _in_columns(where: str, problem: Problem, prefix: str = "") -> Problem:
    """A problem found by the loader's checks, said of the spreadsheet's row and column."""
    column = problem.field
    message = problem.message
    if column is not None:
        message = f"column {prefix + column!r}" + message[len(f"field {column!r}") :]
    inner = problem.where.partition(": ")[2]
    return Problem(f"{where}: {inner}" if inner else where, message)


def _plan_folder(path: Path, library: Library) -> ImportPlan:
    """A dataset folder (or one source file), checked by the loader as `--dataset` would be,
    then planned as changes to the library."""
    plan = ImportPlan(path)
    try:
        if path.is_dir():
            load_catalogue([path])
        else:
            _check_one_file(path)
    except DatasetError as error:
        plan.problems += [p for p in error.problems if isinstance(p, Problem)] or [
            Problem(str(path), str(error))
        ]
        return plan
    documents = _folder_documents(path)
    contents = library.contents()
    for document in documents:
        source = document["source"]
        plan.add_source(source, contents.sources.get(source["id"]))
        for record in document["items"]:
            old = contents.items.get(record["id"])
            if old is not None and old.source_id != source["id"]:
                plan.problems.append(
                    Problem(
                        f"{path}: item {record['id']!r}",
                        f"field 'id': already used by the library source {old.source_id!r}",
                    )
                )
                continue
            plan.add_item(record, source["id"], old)
    return plan


def _check_one_file(path: Path) -> None:
    """Checks one source file as the loader checks a dataset folder's (from a copy in a
    folder of its own; the messages name the user's file)."""
    import shutil  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / path.name
        shutil.copy(path, copy)
        try:
            load_catalogue([folder])
        except DatasetError as error:
            problems = [
                Problem(p.where.replace(str(copy), str(path)), p.message)
                for p in error.problems
                if isinstance(p, Problem)
            ]
            raise DatasetError(str(error).replace(str(copy), str(path)), problems) from None


def _folder_documents(path: Path) -> list[dict[str, Any]]:
    if not path.is_dir():
        return [read_json(path, LibraryError)]
    return [read_json(file, LibraryError) for file in dataset_files(path)]


def export_folder(
    library: Library, folder: Path, source_id: str | None = None, *, force: bool = False
) -> list[Path]:
    """Writes the library, or one of its sources, as a dataset folder: one `<source>.json`
    file per source, in use items only. Files already there are kept unless `force`."""
    contents = library.contents()
    if source_id is not None and source_id not in contents.sources:
        raise LibraryError(f"the library holds no source {source_id!r}")
    documents = [
        {
            "source": d.document["source"],
            "items": [i for i in d.document["items"] if i["id"] not in d.retired],
        }
        for d in contents.documents()
        if source_id in (None, d.document["source"]["id"])
        and d.document["source"]["id"] not in d.retired
    ]
    if not documents:
        raise LibraryError("the library holds no sources to export")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryError(f"{folder}: cannot create the folder ({error.strerror})") from None
    writes = []
    for document in documents:
        dest = folder / f"{document['source']['id']}.json"
        if dest.exists() and not force:
            raise LibraryError(f"{dest} already exists: use --force to replace it")
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        writes.append((dest, _writer(text)))
    return write_together(writes, LibraryError)


def _writer(text: str) -> Callable[[Path], object]:
    return lambda path: path.write_text(text, encoding="utf-8")
