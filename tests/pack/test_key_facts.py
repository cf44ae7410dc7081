"""The key facts tables: one row per measure, one column per area, caveats as notes."""

import datetime as dt

from briefing_builder.catalogue import Catalogue
from briefing_builder.pack import PackSpec, build_pack

WHEN = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)


def _facts(catalogue: Catalogue, *regions: str):  # type: ignore[no-untyped-def]
    spec = PackSpec(regions=regions, kinds=("statistic",), date="2026-11-22", purpose="Facts.")
    return build_pack(spec, catalogue, generated_at=WHEN).key_facts


def _rows(table) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return {row[0].partition(" (note")[0]: row[1:] for row in table.rows}


def test_two_regions_read_across_beside_the_uk_with_units_on_every_value(
    catalogue: Catalogue,
) -> None:
    (table,) = _facts(catalogue, "west-midlands", "wales")
    assert table.header == ("Measure", "West Midlands", "Wales", "UK", "Period", "Ref.")
    rows = _rows(table)
    assert sorted(rows) == [
        "Employment rate, aged 16 to 64",
        "Household income per head (GDHI)",
        "Output per hour worked (index, UK = 100)",
        "Output per hour worked (£)",
    ]
    assert rows["Output per hour worked (index, UK = 100)"][:4] == (
        "index 87.0",
        "index 82.7",
        "index 100.0",
        "2022",
    )
    assert rows["Output per hour worked (£)"][:3] == ("£35.7", "£33.9", "£41.0")
    assert rows["Employment rate, aged 16 to 64"][:3] == ("74.8%", "74.1%", "75.7%")
    assert not any("2022" in cell for row in rows.values() for cell in row[:3])


def test_a_comparator_from_another_survey_says_so_in_its_row_and_a_note(
    catalogue: Catalogue,
) -> None:
    (table,) = _facts(catalogue, "northern-ireland")
    employment = next(row for row in table.rows if row[0].startswith("Employment rate"))
    assert employment[1:4] == ("71.9%", "75.7%", "2022 (UK: Oct 2022 to Sep 2023)")
    marks = employment[0].partition("(notes ")[2].rstrip(")").split(", ")
    notes = [table.notes[int(n) - 1] for n in marks]
    assert any("NISRA Labour Force Survey" in n and "not strictly comparable" in n for n in notes)


def test_the_same_caveat_is_one_note_however_many_rows_share_it(catalogue: Catalogue) -> None:
    (table,) = _facts(catalogue, "west-midlands")
    assert len(table.notes) == len(set(table.notes))
    productivity = [row[0] for row in table.rows if row[0].startswith("Output per hour")]
    assert {mark.rpartition(" (")[2] for mark in productivity} == {"note 1)"}


def test_a_wide_selection_turns_the_table_round(catalogue: Catalogue) -> None:
    (table,) = _facts(catalogue, "england")
    assert table.header[0] == "Area"
    areas = [row[0] for row in table.rows]
    assert len(areas) == 9 + 1 + 2
    assert areas[-3:] == ["UK", "Period", "Ref."]
    assert len(table.header) == 5
