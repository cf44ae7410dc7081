"""Loads the bundled dataset and any extra dataset folders, and checks them against the format.

Every problem names the file, the item id and the field, so a user adding evidence can find and
fix it. All problems in a load are reported together rather than one per attempt.
"""

import datetime as dt
import difflib
import gc
import json
import math
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from briefing_builder.catalogue.catalogue import Catalogue
from briefing_builder.catalogue.model import (
    AREA_KINDS,
    BUNDLED,
    KINDS,
    Area,
    Item,
    Since,
    Source,
    Theme,
)
from briefing_builder.errors import DatasetError
from briefing_builder.files import describe_os_error
from briefing_builder.inputs import read_json
from briefing_builder.resources import dataset_dir

MAX_QUOTE_WORDS = 40
FORMAT_VERSION = 1
_SHOWN_PROBLEMS = 25
_SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
"""A source id is a file name too (the dataset folder's, an export's): safe on every system,
and never two that differ only in case."""
_DATE = re.compile(r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?")
_SOURCE_FIELDS = {"id", "title", "publisher", "authors", "published", "url", "notes"}
_ITEM_FIELDS = {"id", "kind", "title", "text", "quote", "locator", "regions", "themes", "notes"}
_ITEM_OPTIONAL = {"caveat", "since"}
_STATISTIC_OPTIONAL = {"uk_value", "measure"}
_STATISTIC_FIELDS = {"value", "unit", "period", "uk_value", "measure"}
_SINCE_FIELDS = {"text", "source", "locator", "quote"}


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A source and its items in the dataset format, from somewhere other than a file: the
    evidence library. `where` begins every problem it has; `retired` names the items (or the
    source itself) kept for the record but left out of new packs."""

    where: str
    origin: str
    document: Any
    retired: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the evidence: where it is, the field when there is one, and what."""

    where: str
    message: str

    @property
    def field(self) -> str | None:
        """The field the problem is in, as every message about one begins "field 'name': "."""
        if not self.message.startswith("field '"):
            return None
        return self.message[len("field '") :].partition("'")[0]

    def within(self, where: str) -> bool:
        """Whether the problem is at `where` or inside it (an item of that source, say)."""
        return self.where == where or self.where.startswith(f"{where}: ")

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def problems_message(heading: str, problems: Sequence[Problem], then: str = "") -> str:
    """Problems as one message: "<heading> has N problem(s)<then>:", then the first 25, one a
    line."""
    shown = problems[:_SHOWN_PROBLEMS]
    lines = [f"{heading} has {len(problems)} problem(s){then}:", *(f"  {p}" for p in shown)]
    if len(problems) > len(shown):
        lines.append(f"  ... and {len(problems) - len(shown)} more")
    return "\n".join(lines)


class _Problems:
    """Collects problems during a load; `raise_if_any` turns them into one DatasetError."""

    def __init__(self, what: str = "the dataset") -> None:
        self.what = what
        self.found: list[Problem] = []

    def add(self, where: str, message: str) -> None:
        self.found.append(Problem(where, message))

    def raise_if_any(self) -> None:
        if self.found:
            raise DatasetError(problems_message(self.what, self.found), self.found)


@contextmanager
def collection_paused() -> Iterator[None]:
    """Pauses Python's cycle collector while a load makes its many objects, none of them garbage:
    at 20,000 items it ran over the whole growing heap again and again, a quarter of the load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@collection_paused()
def load_catalogue(
    extra_dirs: Iterable[Path | str] = (),
    documents: Sequence[SourceDocument] = (),
    *,
    what: str = "the dataset",
) -> Catalogue:
    """Loads and checks the bundled dataset, the source files in each extra folder, and the
    given documents (the evidence library's).

    Raises DatasetError listing every problem found, each naming its file, item and field;
    `what` names the whole in its first line.
    """
    problems = _Problems(what)
    root = dataset_dir()
    meta = _read_json(root / "dataset.json", problems)
    version = meta.get("version") if isinstance(meta, dict) else None
    if not isinstance(version, str) or not version:
        problems.add(str(root / "dataset.json"), "field 'version': expected a non-empty string")
    format_version = meta.get("format_version") if isinstance(meta, dict) else None
    if format_version != FORMAT_VERSION:
        problems.add(
            str(root / "dataset.json"),
            f"field 'format_version': this app reads format {FORMAT_VERSION}, "
            f"not {format_version!r}",
        )
    problems.raise_if_any()
    areas = _load_areas(root / "regions.json", problems)
    themes = _load_themes(root / "themes.json", problems)
    problems.raise_if_any()

    inputs: list[tuple[Path, str] | SourceDocument] = [
        (path, BUNDLED) for path in sorted((root / "sources").glob("*.json"))
    ]
    inputs.extend(documents)
    given = {Path(folder).resolve(): Path(folder) for folder in extra_dirs}
    for folder in given.values():
        origin = folder.resolve().name or str(folder)
        inputs.extend((path, origin) for path in _extra_source_files(folder, problems))
    sources, items, changes = _load_sources(
        inputs, {a.id for a in areas}, {t.id for t in themes}, problems
    )
    items = _with_changes(items, changes, {s.id: s for s in sources}, problems)
    problems.raise_if_any()
    return Catalogue(version=str(version), areas=areas, themes=themes, sources=sources, items=items)


def check_item(record: Any, source: Source, catalogue: Catalogue) -> list[Problem]:
    """What is wrong with one item record of `source`, checked by the loader's own rules against
    the catalogue's regions, themes and sources: the problems a load would report, at once, for
    a form to show beside its fields. Ids already used are for the load to find."""
    problems = _Problems()
    where = "item"
    item = _item(
        where,
        record,
        source,
        {a.id for a in catalogue.areas},
        {t.id for t in catalogue.themes},
        problems,
    )
    if item is not None:
        since = _since_records(where, record.get("since"), problems)
        sources = {s.id: s for s in (*catalogue.sources, source)}
        _with_changes([item], {item.id: (where, since)}, sources, problems)
    return problems.found


def check_source(record: Any) -> list[Problem]:
    """What is wrong with one source record, by the loader's own rules."""
    problems = _Problems()
    _source("source", record, problems)
    return problems.found


def _load_sources(
    inputs: Sequence[tuple[Path, str] | SourceDocument],
    area_ids: set[str],
    theme_ids: set[str],
    problems: _Problems,
) -> tuple[list[Source], list[Item], dict[str, tuple[str, list[dict[str, str]]]]]:
    """Every source and item of the files (each with its origin) and documents, checked, with
    the `since` records of each item to resolve once all are loaded."""
    sources: list[Source] = []
    items: list[Item] = []
    changes: dict[str, tuple[str, list[dict[str, str]]]] = {}
    seen_items: dict[str, str] = {}
    seen_sources: dict[str, str] = {}
    for entry in inputs:
        if isinstance(entry, SourceDocument):
            where, stem, document, origin = entry.where, None, entry.document, entry.origin
            retired = entry.retired
        else:
            path, origin = entry
            where, stem, document = str(path), path.stem, _read_json(path, problems)
            retired = frozenset()
            if document is None:
                continue
        loaded = _source_file(
            where, stem, document, area_ids, theme_ids, problems, origin=origin, retired=retired
        )
        if loaded is None:
            continue
        source, source_items, source_changes = loaded
        if source.id in seen_sources:
            problems.add(
                where, f"source id {source.id!r} is already used in {seen_sources[source.id]}"
            )
            continue
        seen_sources[source.id] = where
        sources.append(source)
        for item in source_items:
            if item.id in seen_items:
                problems.add(
                    f"{where}: item {item.id!r}",
                    f"field 'id': already used in {seen_items[item.id]}",
                )
                continue
            seen_items[item.id] = where
            items.append(item)
            if item.id in source_changes:
                changes[item.id] = (f"{where}: item {item.id!r}", source_changes[item.id])
    return sources, items, changes


def _with_changes(
    items: list[Item],
    changes: dict[str, tuple[str, list[dict[str, str]]]],
    sources: dict[str, Source],
    problems: _Problems,
) -> list[Item]:
    """Gives each item its `since` entries, once every source they cite is loaded."""
    updated = []
    for item in items:
        if item.id not in changes:
            updated.append(item)
            continue
        where, records = changes[item.id]
        since = []
        for number, record in enumerate(records, start=1):
            source = sources.get(record["source"])
            if source is None:
                hint = difflib.get_close_matches(record["source"], sorted(sources), n=1)
                problems.add(
                    f"{where}: since #{number}",
                    f"field 'source': no source has the id {record['source']!r}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else ""),
                )
                continue
            if source.id == item.source.id:
                problems.add(
                    f"{where}: since #{number}",
                    "field 'source': a change since publication needs a later source than the "
                    "item's own",
                )
                continue
            since.append(Since(record["text"], source, record["locator"], record["quote"]))
        updated.append(replace(item, since=tuple(since)))
    return updated


def _extra_source_files(folder: Path, problems: _Problems) -> list[Path]:
    if not folder.is_dir():
        why = "not a folder" if folder.exists() else "does not exist"
        problems.add(str(folder), f"{why} (give a folder of source files with --dataset)")
        return []
    if (folder / "regions.json").exists() or (folder / "themes.json").exists():
        problems.add(
            str(folder),
            "is a whole dataset folder; extra datasets add source files only "
            "(give the folder that holds them, without regions.json and themes.json)",
        )
        return []
    try:
        files = dataset_files(folder)
    except OSError as error:
        problems.add(str(folder), f"cannot be read ({describe_os_error(error)})")
        return []
    if not files:
        problems.add(str(folder), "holds no source files (*.json, or sources/*.json)")
    return files


def dataset_files(folder: Path) -> list[Path]:
    """The source files of a dataset folder: its *.json files, and those in sources/."""
    # Listed by hand, as glob() takes a folder it cannot read for an empty one.
    files = _json_files(folder)
    if (folder / "sources").is_dir():
        files += _json_files(folder / "sources")
    return files


def _json_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix == ".json" and not p.is_dir())


def _read_json(path: Path, problems: _Problems) -> Any:
    try:
        return read_json(path, DatasetError)
    except DatasetError as error:
        problems.add(str(path), str(error).removeprefix(f"{path}: "))
        return None


def _fields(
    where: str,
    record: Any,
    required: set[str],
    optional: set[str],
    problems: _Problems,
    *,
    partial: bool = False,
) -> dict[str, Any] | None:
    """Checks a record is an object with the required fields and no unknown ones.

    Returns the record, or None if it cannot be read further. With `partial`, a record with
    missing fields is still returned, so the fields it does have are checked in the same load.
    """
    if not isinstance(record, dict):
        problems.add(where, "expected an object")
        return None
    missing = sorted(required - record.keys())
    for name in missing:
        problems.add(where, f"field {name!r} is missing")
    for name in sorted(record.keys() - required - optional):
        hint = difflib.get_close_matches(name, sorted(required | optional), n=1)
        problems.add(
            where,
            f"field {name!r} is not part of the format"
            + (f" (did you mean {hint[0]!r}?)" if hint else ""),
        )
    return None if missing and not partial else record


def _text(
    where: str, record: dict[str, Any], name: str, problems: _Problems, *, empty: bool = False
) -> str:
    if name not in record:
        return ""
    value = record[name]
    if not isinstance(value, str) or (not empty and not value.strip()):
        problems.add(where, f"field {name!r}: expected {'a' if empty else 'a non-empty'} string")
        return ""
    return value


def _optional_text(
    where: str, record: dict[str, Any], name: str, problems: _Problems
) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.add(where, f"field {name!r}: expected a non-empty string or null")
        return None
    return value


def _id_list(where: str, record: dict[str, Any], name: str, problems: _Problems) -> tuple[str, ...]:
    if name not in record:
        return ()
    value = record[name]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.add(where, f"field {name!r}: expected a list of strings")
        return ()
    # Interned: the same few ids are on every item, and queries look each one up.
    return tuple(sys.intern(v) for v in value)


def _known(
    where: str, name: str, ids: Iterable[str], vocabulary: set[str], what: str, problems: _Problems
) -> None:
    for value in ids:
        if value not in vocabulary:
            hint = difflib.get_close_matches(value, sorted(vocabulary), n=1)
            problems.add(
                where,
                f"field {name!r}: unknown {what} {value!r}"
                + (f" (did you mean {hint[0]!r}?)" if hint else ""),
            )


def _load_areas(path: Path, problems: _Problems) -> list[Area]:
    records = _read_json(path, problems)
    if records is None:
        return []
    if not isinstance(records, list):
        problems.add(str(path), "expected a list of areas")
        return []
    raw: list[dict[str, Any]] = []
    for index, record in enumerate(records):
        area_id = record.get("id") if isinstance(record, dict) else None
        where = (
            f"{path}: area {area_id!r}"
            if isinstance(area_id, str)
            else f"{path}: area #{index + 1}"
        )
        fields = _fields(
            where, record, {"id", "name", "kind", "itl1", "gss", "within"}, {"members"}, problems
        )
        if fields is None:
            continue
        _text(where, fields, "name", problems)
        if fields["kind"] not in AREA_KINDS:
            problems.add(
                where, f"field 'kind': {fields['kind']!r} is not one of {', '.join(AREA_KINDS)}"
            )
        if (fields["kind"] == "group") != ("members" in fields):
            problems.add(where, "field 'members': groups, and only groups, list their members")
        raw.append({**fields, "where": where})
    ids = [r["id"] for r in raw]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(str(path), f"area id {duplicate!r} is used more than once")
    known = set(ids)
    for r in raw:
        _known(
            r["where"],
            "within",
            _id_list(r["where"], r, "within", problems),
            known,
            "area",
            problems,
        )
        if "members" in r:
            _known(
                r["where"],
                "members",
                _id_list(r["where"], r, "members", problems),
                known,
                "area",
                problems,
            )
    if problems.found:
        return []
    return _with_footprints(raw, problems)


def _with_footprints(raw: list[dict[str, Any]], problems: _Problems) -> list[Area]:
    """Works out which ITL1 regions each area covers, and checks each 'within' claim against it."""
    leaves = {r["id"] for r in raw if r["itl1"]}
    footprint: dict[str, frozenset[str]] = {r["id"]: frozenset({r["id"]}) for r in raw if r["itl1"]}
    for r in raw:
        if r["kind"] != "group" and r["id"] not in footprint:
            footprint[r["id"]] = frozenset(
                leaf for leaf in leaves if r["id"] in _leaf_within(raw, leaf)
            )
    for r in raw:
        if r["kind"] == "group":
            footprint[r["id"]] = frozenset().union(
                *(footprint.get(m, frozenset()) for m in r["members"])
            )
    areas = []
    for r in raw:
        if not footprint[r["id"]]:
            problems.add(r["where"], "covers no ITL1 region (nothing lies within it)")
        for container in r["within"]:
            if not footprint[r["id"]] <= footprint.get(container, frozenset()):
                problems.add(r["where"], f"field 'within': does not lie within {container!r}")
        areas.append(
            Area(
                id=r["id"],
                name=r["name"],
                kind=r["kind"],
                itl1=r["itl1"],
                gss=r["gss"],
                within=tuple(r["within"]),
                members=tuple(r.get("members", ())),
                footprint=footprint[r["id"]],
            )
        )
    return areas


def _leaf_within(raw: list[dict[str, Any]], leaf: str) -> list[str]:
    return next(r["within"] for r in raw if r["id"] == leaf)


def _load_themes(path: Path, problems: _Problems) -> list[Theme]:
    records = _read_json(path, problems)
    if records is None:
        return []
    if not isinstance(records, list):
        problems.add(str(path), "expected a list of themes")
        return []
    themes = []
    for index, record in enumerate(records):
        theme_id = record.get("id") if isinstance(record, dict) else None
        where = (
            f"{path}: theme {theme_id!r}"
            if isinstance(theme_id, str)
            else f"{path}: theme #{index + 1}"
        )
        fields = _fields(where, record, {"id", "name", "description"}, set(), problems)
        if fields is not None:
            themes.append(
                Theme(
                    id=_text(where, fields, "id", problems),
                    name=_text(where, fields, "name", problems),
                    description=_text(where, fields, "description", problems),
                )
            )
    ids = [t.id for t in themes]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.add(str(path), f"theme id {duplicate!r} is used more than once")
    return themes


def _source_file(
    where: str,
    stem: str | None,
    document: Any,
    area_ids: set[str],
    theme_ids: set[str],
    problems: _Problems,
    *,
    origin: str = BUNDLED,
    retired: frozenset[str] = frozenset(),
) -> tuple[Source, list[Item], dict[str, list[dict[str, str]]]] | None:
    """The source, its items, and each item's `since` records (resolved once all are loaded).
    `stem` is the name of the file the source is in, which its id must match; `retired` names
    the items, or the source, kept but left out of new packs."""
    top = _fields(where, document, {"source", "items"}, set(), problems)
    if top is None:
        return None
    source = _source(f"{where}: source", top["source"], problems, origin)
    if source is None:
        return None
    if stem is not None and source.id != stem:
        problems.add(
            f"{where}: source",
            f"field 'id': {source.id!r} should match the file name {stem!r}",
        )
    if not isinstance(top["items"], list):
        problems.add(where, "field 'items': expected a list of items")
        return None
    items = []
    changes: dict[str, list[dict[str, str]]] = {}
    for index, record in enumerate(top["items"]):
        item_id = record.get("id") if isinstance(record, dict) else None
        item_where = (
            f"{where}: item {item_id!r}"
            if isinstance(item_id, str)
            else f"{where}: item #{index + 1}"
        )
        item = _item(
            item_where,
            record,
            source,
            area_ids,
            theme_ids,
            problems,
            retired=source.id in retired or item_id in retired,
        )
        if item is not None:
            items.append(item)
            since = _since_records(item_where, record.get("since"), problems)
            if since:
                changes[item.id] = since
    return source, items, changes


def _since_records(where: str, value: Any, problems: _Problems) -> list[dict[str, str]]:
    """The `since` entries of an item, checked for shape; their sources are checked later."""
    if value is None:
        return []
    if not isinstance(value, list):
        problems.add(where, "field 'since': expected a list of changes")
        return []
    records = []
    for number, record in enumerate(value, start=1):
        entry_where = f"{where}: since #{number}"
        fields = _fields(entry_where, record, _SINCE_FIELDS, set(), problems, partial=True)
        if fields is None:
            continue
        before = len(problems.found)
        texts = {name: _text(entry_where, fields, name, problems) for name in _SINCE_FIELDS}
        if len(texts["quote"].split()) > MAX_QUOTE_WORDS:
            problems.add(
                entry_where,
                f"field 'quote': {len(texts['quote'].split())} words; "
                f"at most {MAX_QUOTE_WORDS} are allowed",
            )
        if len(problems.found) == before:
            records.append(texts)
    return records


def _source(where: str, record: Any, problems: _Problems, origin: str = BUNDLED) -> Source | None:
    fields = _fields(where, record, _SOURCE_FIELDS, set(), problems, partial=True)
    if fields is None:
        return None
    source_id = _text(where, fields, "id", problems)
    if source_id and not _SOURCE_ID.fullmatch(source_id):
        problems.add(
            where,
            f"field 'id': {source_id!r} should be lower-case letters, digits and dashes, "
            "such as 'wmca-skills-2026'",
        )
    published = _optional_text(where, fields, "published", problems)
    if published is not None and not _DATE.fullmatch(published):
        problems.add(
            where,
            f"field 'published': {published!r} is not a date like 2021, 2021-09 or 2021-09-14",
        )
    elif published is not None and not _on_the_calendar(published):
        problems.add(where, f"field 'published': {published!r} is not a day of that month")
    url = _optional_text(where, fields, "url", problems)
    if url is not None and not _web_address(url):
        problems.add(where, f"field 'url': {url!r} is not a web address (http:// or https://)")
    notes = _text(where, fields, "notes", problems, empty=True)
    if "published" in fields and published is None and not notes.strip():
        problems.add(where, "field 'notes': a source without a date must say why in its notes")
    if "url" in fields and url is None and not notes.strip():
        problems.add(where, "field 'notes': a source without an address must say why in its notes")
    return Source(
        id=source_id,
        title=_text(where, fields, "title", problems),
        publisher=_text(where, fields, "publisher", problems),
        authors=_id_list(where, fields, "authors", problems),
        published=published,
        url=url,
        notes=notes,
        origin=origin,
    )


def _on_the_calendar(text: str) -> bool:
    """Whether a date of the form 2021, 2021-09 or 2021-09-14 exists (not 2021-02-30)."""
    if len(text) < len("2021-09-14"):  # a year, or a month: the pattern has checked it
        return True
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _web_address(url: str) -> bool:
    """Whether the text is a web page's address: http or https, a host, no spaces."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # a malformed address, such as an unclosed [
        return False
    return parts.scheme in ("http", "https") and bool(host) and not any(c.isspace() for c in url)


def _item(
    where: str,
    record: Any,
    source: Source,
    area_ids: set[str],
    theme_ids: set[str],
    problems: _Problems,
    *,
    retired: bool = False,
) -> Item | None:
    kind = record.get("kind") if isinstance(record, dict) else None
    statistic = kind == "statistic"
    required = _ITEM_FIELDS | ({"value", "unit", "period"} if statistic else set())
    if not statistic and isinstance(record, dict):
        for name in sorted(_STATISTIC_FIELDS & record.keys()):
            problems.add(where, f"field {name!r}: only statistics carry it")
        record = {k: v for k, v in record.items() if k not in _STATISTIC_FIELDS}
    optional = _ITEM_OPTIONAL | (_STATISTIC_OPTIONAL if statistic else set())
    fields = _fields(where, record, required, optional, problems, partial=True)
    if fields is None:
        return None
    before = len(problems.found)
    if kind not in KINDS:
        problems.add(where, f"field 'kind': {kind!r} is not one of {', '.join(KINDS)}")
    quote = fields.get("quote")
    if quote is None and "quote" in fields and not statistic:
        problems.add(where, "field 'quote': findings and recommendations need a verbatim quote")
    elif quote is not None:
        quote = _text(where, fields, "quote", problems)
        if len(quote.split()) > MAX_QUOTE_WORDS:
            problems.add(
                where,
                f"field 'quote': {len(quote.split())} words; at most {MAX_QUOTE_WORDS} are allowed",
            )
    regions = _id_list(where, fields, "regions", problems)
    themes = _id_list(where, fields, "themes", problems)
    if "regions" in fields and not regions:
        problems.add(where, "field 'regions': name at least one region")
    if "themes" in fields and not themes:
        problems.add(where, "field 'themes': name at least one theme")
    _known(where, "regions", regions, area_ids, "region", problems)
    _known(where, "themes", themes, theme_ids, "theme", problems)
    numbers: dict[str, float] = {}
    if statistic:
        for name in ("value", "uk_value"):
            value = fields.get(name)
            if name not in fields or (name == "uk_value" and value is None):
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                problems.add(where, f"field {name!r}: expected a number")
            elif not math.isfinite(value):
                problems.add(where, f"field {name!r}: expected a number, not {value!r}")
            else:
                numbers[name] = value
    item = Item(
        id=_text(where, fields, "id", problems),
        kind=str(kind),
        title=_text(where, fields, "title", problems),
        text=_text(where, fields, "text", problems),
        quote=quote,
        locator=_text(where, fields, "locator", problems),
        regions=regions,
        themes=themes,
        notes=_text(where, fields, "notes", problems, empty=True),
        source=source,
        value=numbers.get("value"),
        unit=_text(where, fields, "unit", problems) if statistic else None,
        period=_text(where, fields, "period", problems) if statistic else None,
        uk_value=numbers.get("uk_value"),
        caveat=_text(where, fields, "caveat", problems),
        measure=_measure(where, fields, problems) if statistic else "",
        retired=retired,
    )
    return item if len(problems.found) == before else None


def _measure(where: str, fields: dict[str, Any], problems: _Problems) -> str:
    """What a statistic measures: its `measure`, else its title without the area in front
    ("West Midlands: employment rate" measures "Employment rate")."""
    if "measure" in fields:
        return _text(where, fields, "measure", problems)
    title = fields.get("title")
    if not isinstance(title, str):
        return ""
    rest = title.partition(": ")[2] or title
    return rest[:1].upper() + rest[1:]


def dataset_version() -> str:
    """The bundled dataset's version, read without loading the whole dataset."""
    path = dataset_dir() / "dataset.json"
    try:
        version = json.loads(path.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatasetError(f"{path}: cannot read the dataset version ({error})") from None
    return str(version)
