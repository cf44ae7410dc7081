"""The key facts tables: one row per measure, one column per area, to read across.

The columns are the chosen areas that have statistics, then each nation that contains them and
has figures of its own, then the UK. A wide selection (more than five areas) turns the table round,
one row per area, so it never becomes a long list of one region per row. Where a row's figures
are for different periods, its period cell names each; caveats become numbered notes under it.
"""

from collections.abc import Callable, Sequence

from briefing_builder.catalogue import Area, Catalogue, Item
from briefing_builder.pack.model import FactTable

MAX_COLUMNS = 5
"""The most areas a table shows side by side before it is turned round."""
NO_VALUE = "\u2014"
REFERENCE = "Ref."
"""The heading of the column (or row) that gives each figure's source number."""


def fact_tables(
    statistics: Sequence[Item], catalogue: Catalogue, number: Callable[[Item], int]
) -> tuple[FactTable, ...]:
    """The key facts tables for these statistics. `number` gives an item's reference number."""
    if not statistics:
        return ()
    by_measure: dict[str, dict[str, Item]] = {}
    for item in statistics:
        for region in item.regions:
            by_measure.setdefault(item.measure, {}).setdefault(region, item)
    order = {area.id: n for n, area in enumerate(catalogue.areas)}
    chosen = sorted({r for cells in by_measure.values() for r in cells}, key=order.__getitem__)
    comparators = _comparators(catalogue, chosen, by_measure)
    rows = [
        _Row(measure, {**cells, **dict(_compared(catalogue, measure, comparators))})
        for measure, cells in by_measure.items()
    ]
    uk_fallback = {
        row.measure: next(i for i in row.cells.values() if i.regions[0] in chosen) for row in rows
    }
    columns = [catalogue.area(a) for a in (*chosen, *comparators)]
    if "uk" not in comparators and "uk" not in chosen:
        columns.append(catalogue.area("uk"))
    notes: list[str] = []
    if len(chosen) <= MAX_COLUMNS:
        return (_across(rows, columns, uk_fallback, number, notes),)
    if len(rows) <= MAX_COLUMNS:
        return (_turned(rows, columns, uk_fallback, number, notes),)
    extra = columns[len(chosen) :]
    return tuple(
        _across(rows, [*columns[start : start + MAX_COLUMNS], *extra], uk_fallback, number, notes)
        for start in range(0, len(chosen), MAX_COLUMNS)
    )


def figure(value: float, unit: str) -> str:
    """A figure with its unit for a table cell: £18,566, 74.8%, index 87.0, 1,200 people."""
    number = f"{value:,}"
    if unit.startswith("£"):
        return f"£{number}"
    if unit.startswith("%"):
        return f"{number}%"
    if unit.startswith("index"):
        return f"index {number}"
    return f"{number} {unit}"


class _Row:
    """One measure's statistics by area id."""

    def __init__(self, measure: str, cells: dict[str, Item]) -> None:
        self.measure = measure
        self.cells = cells


def _comparators(
    catalogue: Catalogue, chosen: list[str], by_measure: dict[str, dict[str, Item]]
) -> list[str]:
    """The nations that contain a chosen area and have figures of their own, then the UK."""
    containing = [
        a.id
        for a in catalogue.areas
        if a.kind == "nation"
        and a.id not in chosen
        and any(catalogue.area(c).footprint < a.footprint for c in chosen)
    ]
    return [
        a
        for a in [*containing, "uk"]
        if a not in chosen and any(_compared(catalogue, m, [a]) for m in by_measure)
    ]


def _compared(catalogue: Catalogue, measure: str, areas: Sequence[str]) -> list[tuple[str, Item]]:
    """The catalogue's statistics of this measure for these areas, where it has them."""
    return [(area, item) for area in areas if (item := catalogue.statistic(measure, area))]


def _cell(row: _Row, area: Area, uk_fallback: dict[str, Item]) -> tuple[str, Item | None]:
    item = row.cells.get(area.id)
    if item is not None and item.value is not None:
        return figure(item.value, item.unit or ""), item
    fallback = uk_fallback[row.measure]
    if area.kind == "uk" and fallback.uk_value is not None:
        return figure(fallback.uk_value, fallback.unit or ""), fallback
    return NO_VALUE, None


def _period(row: _Row, columns: Sequence[Area], uk_fallback: dict[str, Item]) -> str:
    """The row's period; where some figures are for another period, those areas are named:
    "Oct 2022 to Sep 2023 (Northern Ireland: 2022)"."""
    periods: dict[str, list[str]] = {}
    for area in columns:
        _, item = _cell(row, area, uk_fallback)
        if item is not None and item.period:
            periods.setdefault(item.period, []).append(column_name(area))
    if len(periods) <= 1:
        return next(iter(periods), "")
    common = max(periods, key=lambda p: len(periods[p]))
    others = "; ".join(f"{', '.join(names)}: {p}" for p, names in periods.items() if p != common)
    return f"{common} ({others})"


def column_name(area: Area) -> str:
    """An area's name as a table heading: "West Midlands", "UK"."""
    return "UK" if area.kind == "uk" else area.name


def _references(
    row: _Row, columns: Sequence[Area], uk_fallback: dict[str, Item], number: Callable[[Item], int]
) -> str:
    numbers = sorted(
        {number(item) for area in columns if (item := _cell(row, area, uk_fallback)[1])}
    )
    return ", ".join(f"[{n}]" for n in numbers)


def _note_marks(
    row: _Row, columns: Sequence[Area], uk_fallback: dict[str, Item], notes: list[str]
) -> str:
    """Adds the caveats of a row's figures to the notes; returns the row's marks, " (note 1)"."""
    marks = []
    for area in columns:
        item = _cell(row, area, uk_fallback)[1]
        if item is None or not item.caveat:
            continue
        if item.caveat not in notes:
            notes.append(item.caveat)
        marks.append(notes.index(item.caveat) + 1)
    marks = sorted(set(marks))
    if not marks:
        return ""
    word = "note" if len(marks) == 1 else "notes"
    return f" ({word} {', '.join(map(str, marks))})"


def _across(
    rows: Sequence[_Row],
    columns: Sequence[Area],
    uk_fallback: dict[str, Item],
    number: Callable[[Item], int],
    notes: list[str],
) -> FactTable:
    shown = list(notes)
    body = []
    for row in rows:
        marks = _note_marks(row, columns, uk_fallback, shown)
        body.append(
            (
                row.measure + marks,
                *(_cell(row, area, uk_fallback)[0] for area in columns),
                _period(row, columns, uk_fallback),
                _references(row, columns, uk_fallback, number),
            )
        )
    header = ("Measure", *(column_name(a) for a in columns), "Period", REFERENCE)
    return FactTable(header, tuple(body), _numbered(shown))


def _turned(
    rows: Sequence[_Row],
    columns: Sequence[Area],
    uk_fallback: dict[str, Item],
    number: Callable[[Item], int],
    notes: list[str],
) -> FactTable:
    header = (
        "Area",
        *(row.measure + _note_marks(row, columns, uk_fallback, notes) for row in rows),
    )
    body = [
        (column_name(area), *(_cell(row, area, uk_fallback)[0] for row in rows)) for area in columns
    ]
    body.append(("Period", *(_period(row, columns, uk_fallback) for row in rows)))
    body.append((REFERENCE, *(_references(row, columns, uk_fallback, number) for row in rows)))
    return FactTable(header, tuple(body), _numbered(notes))


def _numbered(notes: Sequence[str]) -> tuple[str, ...]:
    return tuple(f"Note {n}: {note}" for n, note in enumerate(notes, start=1))
