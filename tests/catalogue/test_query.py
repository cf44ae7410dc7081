"""Queries over the real dataset: matching by area, theme, kind and text, and the result order."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_builder.catalogue import Catalogue, Match
from briefing_builder.errors import UnknownNameError


def _ids(hits) -> list[str]:
    return [hit.item.id for hit in hits]


def test_a_named_west_midlands_project_is_an_exact_match_for_the_west_midlands(
    catalogue: Catalogue,
) -> None:
    hits = {h.item.id: h.match for h in catalogue.query(["West Midlands"], ["green-transition"])}
    assert hits["midlands-engine-priorities-13"] is Match.EXACT
    assert hits["midlands-engine-priorities-12"] is Match.WIDER
    assert hits["bailey-tomlinson-acss-1"] is Match.WIDER
    assert "bailey-tomlinson-acss-2" not in hits


def test_choosing_the_midlands_finds_west_midlands_items_as_narrower(catalogue: Catalogue) -> None:
    hits = {h.item.id: h.match for h in catalogue.query(["midlands"])}
    assert hits["midlands-engine-priorities-13"] is Match.NARROWER
    assert hits["midlands-engine-priorities-15"] is Match.EXACT
    assert hits["employment-rate-east-midlands"] is Match.NARROWER
    assert hits["levelling-up-white-paper-mission-1"] is Match.WIDER
    assert "employment-rate-london" not in hits


def test_a_point_about_the_north_is_wider_for_its_regions_and_absent_elsewhere(
    catalogue: Catalogue,
) -> None:
    assert "bailey-tomlinson-acss-2" in _ids(catalogue.query(["North East"]))
    assert "bailey-tomlinson-acss-2" not in _ids(catalogue.query(["London"]))


def test_no_wider_leaves_out_national_points(catalogue: Catalogue) -> None:
    hits = catalogue.query(["West Midlands"], wider=False)
    assert hits
    assert {h.match for h in hits} == {Match.EXACT}
    assert "levelling-up-white-paper-mission-1" not in _ids(hits)


def test_results_come_exact_then_narrower_then_wider(catalogue: Catalogue) -> None:
    ranks = [h.match.rank for h in catalogue.query(["The Midlands"])]
    assert ranks == sorted(ranks)
    assert {0, 1, 2} <= set(ranks)


def test_within_a_match_newer_sources_come_first(catalogue: Catalogue) -> None:
    hits = [h for h in catalogue.query(["West Midlands"], ["skills"]) if h.match is Match.WIDER]
    years = [h.item.source.published or "" for h in hits]
    assert years == sorted(years, reverse=True)


def test_ids_sort_naturally_so_mission_2_comes_before_mission_10(catalogue: Catalogue) -> None:
    ids = _ids(catalogue.query(text="By 2030"))
    missions = [i for i in ids if i.startswith("levelling-up-white-paper-mission-")]
    assert missions.index("levelling-up-white-paper-mission-2") < missions.index(
        "levelling-up-white-paper-mission-10"
    )


def test_themes_and_kinds_match_any_chosen_and_none_means_all(catalogue: Catalogue) -> None:
    everything = catalogue.query()
    assert len(everything) == len(catalogue.items)
    assert all(h.match is None for h in everything)
    two = catalogue.query(themes=["skills", "Digital infrastructure"])
    assert {t for h in two for t in h.item.themes} >= {"skills", "digital-infrastructure"}
    assert all({"skills", "digital-infrastructure"} & set(h.item.themes) for h in two)
    recommendations = catalogue.query(kinds=["recommendations"])
    assert recommendations
    assert {h.item.kind for h in recommendations} == {"recommendation"}


def test_text_needs_every_word_in_any_case_and_searches_source_titles(catalogue: Catalogue) -> None:
    assert _ids(catalogue.query(text="CABLED electric")) == ["midlands-engine-priorities-13"]
    assert catalogue.query(text="cabled ELECTRIC") == catalogue.query(text="CABLED electric")
    assert catalogue.query(text="CABLED broadband") == []
    by_source_title = _ids(catalogue.query(text="think big"))
    assert by_source_title == ["uk2070-manchester-2020-1"]


@pytest.mark.parametrize(
    "ref", ["west-midlands", "West Midlands", "WEST MIDLANDS", "TLG", "tlg", "E12000005"]
)
def test_an_area_is_found_by_id_code_or_name_in_any_case(catalogue: Catalogue, ref: str) -> None:
    assert catalogue.area(ref).id == "west-midlands"


def test_a_group_is_found_with_or_without_its_article(catalogue: Catalogue) -> None:
    assert catalogue.area("Midlands") is catalogue.area("The Midlands")


def test_an_unknown_area_suggests_close_names(catalogue: Catalogue) -> None:
    with pytest.raises(UnknownNameError, match="did you mean 'West Midlands'"):
        catalogue.query(["West Midlnds"])


@pytest.mark.parametrize(
    ("what", "call"), [("theme", {"themes": ["skils"]}), ("kind", {"kinds": ["findng"]})]
)
def test_an_unknown_theme_or_kind_suggests_close_names(
    catalogue: Catalogue, what: str, call: dict
) -> None:
    with pytest.raises(UnknownNameError, match=f"unknown {what} .*did you mean"):
        catalogue.query(**call)


@given(text=st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_any_text_filter_returns_only_items_containing_every_word(
    catalogue: Catalogue, text: str
) -> None:
    for hit in catalogue.query(text=text):
        item = hit.item
        haystack = " ".join((item.title, item.text, item.quote or "", item.source.title)).casefold()
        assert all(word in haystack for word in text.casefold().split())
