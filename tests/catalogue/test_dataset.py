"""The bundled dataset: the vocabularies, and every item traced back to the reference files."""

import csv
import re
from pathlib import Path

import pytest

from briefing_builder.catalogue import MAX_QUOTE_WORDS, Catalogue

ITL1 = {
    "TLC": ("North East", "E12000001"),
    "TLD": ("North West", "E12000002"),
    "TLE": ("Yorkshire and The Humber", "E12000003"),
    "TLF": ("East Midlands", "E12000004"),
    "TLG": ("West Midlands", "E12000005"),
    "TLH": ("East of England", "E12000006"),
    "TLI": ("London", "E12000007"),
    "TLJ": ("South East", "E12000008"),
    "TLK": ("South West", "E12000009"),
    "TLL": ("Wales", "W92000004"),
    "TLM": ("Scotland", "S92000003"),
    "TLN": ("Northern Ireland", "N92000002"),
}


def _normalise(text: str) -> str:
    """Folds typographic quotes and runs of white space, which differ between copies of a text."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return re.sub(r"\s+", " ", text).strip()


def test_the_twelve_itl1_regions_have_their_ons_names_and_codes(catalogue: Catalogue) -> None:
    regions = {a.itl1: (a.name, a.gss) for a in catalogue.areas if a.itl1}
    assert regions == ITL1


def test_england_the_uk_and_the_groups_nest_as_the_sources_speak_of_them(
    catalogue: Catalogue,
) -> None:
    assert catalogue.area("England").gss == "E92000001"
    assert catalogue.area("United Kingdom").gss == "K02000001"
    assert len(catalogue.area("uk").footprint) == 12
    assert len(catalogue.area("england").footprint) == 9
    assert set(catalogue.area("The Midlands").members) == {"east-midlands", "west-midlands"}
    assert set(catalogue.area("The North").members) == {
        "north-east",
        "north-west",
        "yorkshire-and-the-humber",
    }
    assert set(catalogue.area("Greater South East").members) == {
        "london",
        "south-east",
        "east-of-england",
    }
    outside = catalogue.area("England outside London and the South East").footprint
    assert outside == catalogue.area("england").footprint - {"london", "south-east"}


def test_there_are_between_8_and_15_themes_each_described(catalogue: Catalogue) -> None:
    assert 8 <= len(catalogue.themes) <= 15
    assert all(t.description for t in catalogue.themes)


def test_every_item_names_a_known_source_regions_and_themes(catalogue: Catalogue) -> None:
    areas = {a.id for a in catalogue.areas}
    themes = {t.id for t in catalogue.themes}
    assert {item.source for item in catalogue.items} <= set(catalogue.sources)
    for item in catalogue.items:
        assert item.regions, item.id
        assert set(item.regions) <= areas, item.id
        assert item.themes, item.id
        assert set(item.themes) <= themes, item.id


def test_every_quote_has_at_most_40_words(catalogue: Catalogue) -> None:
    too_long = [i.id for i in catalogue.items if i.quote and len(i.quote.split()) > MAX_QUOTE_WORDS]
    assert too_long == []


def test_findings_and_recommendations_all_carry_a_quote(catalogue: Catalogue) -> None:
    assert all(i.quote for i in catalogue.items if i.kind != "statistic")


def test_every_quote_is_verbatim_in_the_reference_files(catalogue: Catalogue, shared: Path) -> None:
    reference = _normalise(
        " ".join(p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt")))
        + (shared / "data" / "sources_verified.md").read_text(encoding="utf-8")
    )
    missing = [
        (item.id, part)
        for item in catalogue.items
        if item.quote
        for part in _normalise(item.quote).split("\u2026")
        if part.strip() and part.strip() not in reference
    ]
    assert missing == []


def test_every_source_address_is_one_the_verified_sources_give(
    catalogue: Catalogue, shared: Path
) -> None:
    verified = (shared / "data" / "sources_verified.md").read_text(encoding="utf-8")
    unlisted = [s.id for s in catalogue.sources if s.url and s.url not in verified]
    assert unlisted == []


def test_the_seed_corrections_are_applied(catalogue: Catalogue) -> None:
    recommendations = [i for i in catalogue.items if i.source.id == "level-up-industry"]
    assert len(recommendations) == 5
    assert all(i.kind == "recommendation" for i in recommendations)
    note = catalogue.item("midlands-engine-priorities-1").source.notes
    assert "University of Bath" in note
    green = catalogue.item("bailey-tomlinson-acss-1")
    assert "authors" in green.text
    assert "1.18 million" in green.text


def test_statistics_match_the_regional_figures(catalogue: Catalogue, shared: Path) -> None:
    with (shared / "data" / "itl1_regional_stats.csv").open(encoding="utf-8") as f:
        rows = {row["itl1_code"]: row for row in csv.DictReader(f)}
    columns = {
        "gva-per-hour-index-2022": "gva_per_hour_index_uk100_2022_current_price_unsmoothed",
        "gva-per-hour-2022": "gva_per_hour_gbp_2022_current_price_unsmoothed",
        "gdhi-per-head-2021": "gdhi_per_head_gbp_2021",
        "employment-rate": "employment_rate_16_64_pct",
    }
    statistics = [i for i in catalogue.items if i.kind == "statistic"]
    assert len(statistics) == len(columns) * len(rows)
    for item in statistics:
        (region,) = item.regions
        code = catalogue.area(region).itl1 or "UKX"
        measure = next(m for m in columns if item.id == f"{m}-{region}")
        assert item.value == float(rows[code][columns[measure]]), item.id
        expected_uk = None if code == "UKX" else float(rows["UKX"][columns[measure]])
        assert item.uk_value == expected_uk, item.id
        assert item.unit, item.id
        assert item.period, item.id


@pytest.mark.parametrize(
    ("item_id", "caveat"),
    [
        ("employment-rate-northern-ireland", "not strictly comparable"),
        ("gva-per-hour-index-2022-london", "Do not mix"),
        ("ons-regional-labour-productivity-2021-1", "do not compare"),
    ],
)
def test_statistics_carry_the_caveats_of_their_source(
    catalogue: Catalogue, item_id: str, caveat: str
) -> None:
    assert caveat in catalogue.item(item_id).notes
