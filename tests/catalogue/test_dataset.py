"""The bundled dataset: the vocabularies, and every item traced back to the reference files."""

import csv
import re
from pathlib import Path

import pytest

from briefing_builder.catalogue import MAX_QUOTE_WORDS, Catalogue, Item

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


VERIFIED_HERE = Path(__file__).parents[2] / "docs" / "verified.md"
"""The record of the sources this project verified itself, beside the shared ones."""


def _verified(shared: Path) -> str:
    return (shared / "data" / "sources_verified.md").read_text(
        encoding="utf-8"
    ) + VERIFIED_HERE.read_text(encoding="utf-8")


def test_every_quote_is_verbatim_in_the_reference_files(catalogue: Catalogue, shared: Path) -> None:
    reference = _normalise(
        " ".join(p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt")))
        + _verified(shared)
    )
    quotes = [(item.id, item.quote) for item in catalogue.items if item.quote] + [
        (f"{item.id} since {change.source.id}", change.quote)
        for item in catalogue.items
        for change in item.since
    ]
    missing = [
        (where, part)
        for where, quote in quotes
        for part in _normalise(quote).split("\u2026")
        if part.strip() and part.strip() not in reference
    ]
    assert missing == []


def test_every_source_address_is_one_the_verified_sources_give(
    catalogue: Catalogue, shared: Path
) -> None:
    verified = _verified(shared)
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
    assert green.regions == ("england",)


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
        ("gva-per-hour-index-2022-london", "Do not compare or chart"),
        ("ons-regional-labour-productivity-2021-1", "Do not compare or chart"),
        ("ons-regional-labour-productivity-2021-2", "earlier release and data vintage"),
        ("isc-levelling-up-lessons-1", "41 UK sub-regions"),
        ("bailey-tomlinson-acss-1", "not UK-wide"),
    ],
)
def test_items_carry_the_caveats_a_reader_needs(
    catalogue: Catalogue, item_id: str, caveat: str
) -> None:
    assert caveat in catalogue.item(item_id).caveat


# The fact-check of issue 9: each kind of fault has a check that would catch it again.


def _own_words(item: Item) -> list[str]:
    """The dataset's own words about an item (not the source's quote, which stays verbatim)."""
    return [item.title, item.text, item.caveat, *(c.text for c in item.since)]


def test_every_source_has_a_date_or_says_why_not(catalogue: Catalogue) -> None:
    undated = [s.id for s in catalogue.sources if s.published is None and not s.notes.strip()]
    assert undated == []
    unverified = [
        s.id for s in catalogue.sources if s.published and "date was not verified" in s.notes
    ]
    assert unverified == []


def test_every_locator_locates(catalogue: Catalogue) -> None:
    locators = [(i.id, i.locator) for i in catalogue.items] + [
        (i.id, c.locator) for i in catalogue.items for c in i.since
    ]
    vague = [(where, loc) for where, loc in locators if re.fullmatch(r"(\w+ )?text", loc, re.I)]
    assert vague == []


def test_titles_in_square_brackets_say_why(catalogue: Catalogue) -> None:
    described = [s for s in catalogue.sources if s.title.startswith("[")]
    assert [s.id for s in described if "title is a description" not in s.notes] == []


def test_items_from_secondary_sources_say_why_they_are_kept(catalogue: Catalogue) -> None:
    secondary = [i for i in catalogue.items if "(secondary)" in i.source.notes]
    assert secondary
    unexplained = [
        i.id for i in secondary if "Kept from this secondary source because" not in i.notes
    ]
    assert unexplained == []


def test_a_later_source_says_what_changed_since(catalogue: Catalogue) -> None:
    for item in catalogue.items:
        for change in item.since:
            assert change.source.id != item.source.id, item.id
            if item.source.published and change.source.published:
                assert change.source.published[:4] >= item.source.published[:4], item.id


@pytest.mark.parametrize(
    "words",
    ["LEP", "Industrial Strategy Council", "Shared Prosperity Fund", "Innovation Accelerator"],
)
def test_items_that_rest_on_a_body_or_scheme_since_changed_say_so(
    catalogue: Catalogue, words: str
) -> None:
    resting = [i for i in catalogue.items if words in f"{i.title} {i.text} {i.quote or ''}"]
    assert resting
    assert [i.id for i in resting if not i.since] == []


def test_the_missions_are_dated_as_the_white_paper_dates_them(catalogue: Catalogue) -> None:
    missions = [i for i in catalogue.items if i.source.id == "levelling-up-white-paper"]
    assert len(missions) == 12
    assert "by 2035" in catalogue.item("levelling-up-white-paper-mission-7").quote
    claims = [i.id for i in catalogue.items if "all by 2030" in i.text or "all to be" in i.text]
    assert claims == []
    assert all(m.since for m in missions)


def test_named_speakers_are_named(catalogue: Catalogue) -> None:
    for number in (4, 5, 6):
        item = catalogue.item(f"zenoot-level-up-industry-{number}")
        assert item.text.startswith("Ben Carpenter Merritt"), item.id
        assert "Policy Connect describes" not in item.text


def test_quotes_are_whole_where_a_word_matters(catalogue: Catalogue) -> None:
    assert "regional inequalities" in catalogue.item("uk2070-sheffield-2020-1").quote


def test_statements_of_need_are_findings(catalogue: Catalogue) -> None:
    for number in (5, 11):
        assert catalogue.item(f"midlands-engine-priorities-{number}").kind == "finding"


def test_numbers_and_words_follow_gov_uk_style(catalogue: Catalogue) -> None:
    abbreviated = re.compile(r"£\d+(\.\d+)?(bn|m)\b")
    for item in catalogue.items:
        for text in _own_words(item):
            assert not abbreviated.search(text), (item.id, text)
            assert "well-being" not in text.casefold(), (item.id, text)
            assert "Local Enterprise Partnership" not in text, (item.id, text)


def test_statistics_name_regions_as_a_sentence_does(catalogue: Catalogue) -> None:
    for item in catalogue.items:
        if item.kind != "statistic":
            continue
        area = catalogue.area(item.regions[0])
        if area.kind == "region" and area.name.split()[0] in {"North", "South", "East", "West"}:
            assert f"in the {area.name}" in item.text, item.id


def test_authors_are_people_so_citations_name_their_surnames(catalogue: Catalogue) -> None:
    bodies = ("Commission", "Council", "Team", "Association", "Office", "Policy Connect")
    for source in catalogue.sources:
        assert not any(word in a for a in source.authors for word in bodies), source.id
    assert (
        catalogue.item("bailey-tomlinson-2021-1").source.citation == "Bailey and Tomlinson (2021)"
    )
    assert catalogue.item("level-up-industry-1").source.citation == (
        "Manufacturing Commission, Policy Connect (2020)"
    )
