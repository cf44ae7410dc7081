"""build_pack over the real dataset: what goes in the pack, in what order, and what is refused."""

import datetime as dt

import pytest

from briefing_builder.catalogue import Catalogue
from briefing_builder.errors import PackError
from briefing_builder.pack import Citation, PackSpec, Span, Text, build_pack
from briefing_builder.pack.build import Fit

PURPOSE = "Background for a visit."

WHEN = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)


def _spec(**choices: object) -> PackSpec:
    chosen = {"regions": ("west-midlands",), "date": "2026-11-22", "purpose": PURPOSE, **choices}
    return PackSpec(**chosen)  # type: ignore[arg-type]


def _ids(pack) -> list[str]:
    return [c.item.id for section in pack.evidence for c in section.items]


def test_the_same_choices_make_the_same_pack(catalogue: Catalogue) -> None:
    spec = _spec(themes=("skills",))
    assert build_pack(spec, catalogue, generated_at=WHEN) == build_pack(
        spec, catalogue, generated_at=WHEN
    )


def test_key_messages_are_what_the_official_wrote_citing_the_evidence(
    catalogue: Catalogue,
) -> None:
    spec = _spec(
        themes=("digital-infrastructure",),
        summary="1. Gigabit coverage matters [midlands-engine-priorities-16].",
    )
    pack = build_pack(spec, catalogue, generated_at=WHEN)
    (points,) = pack.blocks("summary")
    numbers = {r.source.id: r.number for r in pack.references}
    assert points.ordered
    assert points.entries == (
        (
            Text(
                (
                    Span("Gigabit coverage matters "),
                    Citation(
                        (numbers["midlands-engine-priorities"],),
                        ("midlands-engine-priorities-16",),
                    ),
                    Span("."),
                )
            ),
        ),
    )
    assert not build_pack(_spec(themes=("skills",)), catalogue, generated_at=WHEN).blocks("summary")


def test_key_facts_hold_the_regions_statistics_against_the_uk(catalogue: Catalogue) -> None:
    pack = build_pack(_spec(themes=("pay-and-employment",)), catalogue, generated_at=WHEN)
    (facts,) = pack.key_facts
    assert facts.header == ("Measure", "West Midlands", "UK", "Period", "Ref.")
    rows = {row[0].partition(" (note")[0]: row[1:] for row in facts.rows}
    reference = next(r.number for r in pack.references if r.source.id.startswith("ons-subnat"))
    assert rows["Household income per head (GDHI)"] == (
        "£18,566",
        "£21,679",
        "2021",
        f"[{reference}]",
    )
    assert rows["Employment rate, aged 16 to 64"][:3] == ("74.8%", "75.7%", "Oct 2022 to Sep 2023")


def test_evidence_is_grouped_by_theme_findings_before_recommendations(catalogue: Catalogue) -> None:
    pack = build_pack(
        _spec(themes=("skills", "digital-infrastructure")), catalogue, generated_at=WHEN
    )
    assert [s.heading for s in pack.evidence] == ["Skills and education", "Digital infrastructure"]
    for section in pack.evidence:
        assert all(c.item.kind == "finding" for c in section.findings)
        assert all(c.item.kind == "recommendation" for c in section.recommendations)
    ids = _ids(pack)
    assert len(ids) == len(set(ids)), "an item appears once, under its first chosen theme"


def test_evidence_can_be_grouped_by_region(catalogue: Catalogue) -> None:
    spec = _spec(regions=("north", "midlands"), themes=("green-transition",), group_by="region")
    pack = build_pack(spec, catalogue, generated_at=WHEN)
    headings = [s.heading for s in pack.evidence]
    assert headings[0] == "The North"
    midlands = next(s for s in pack.evidence if s.heading == "The Midlands")
    assert "midlands-engine-priorities-13" in [c.item.id for c in midlands.findings]
    north = pack.evidence[0]
    assert "bailey-tomlinson-acss-2" in [c.item.id for c in north.findings]


def test_excluded_items_are_left_out_and_counted(catalogue: Catalogue) -> None:
    pack = build_pack(
        _spec(excluded=("midlands-engine-priorities-13",)), catalogue, generated_at=WHEN
    )
    assert "midlands-engine-priorities-13" not in _ids(pack)
    assert ("Items excluded", "1") in pack.about


def test_the_manual_order_comes_first(catalogue: Catalogue) -> None:
    spec = _spec(
        themes=("skills",), order=("midlands-engine-priorities-17", "midlands-engine-priorities-12")
    )
    wider = [c.item.id for c in build_pack(spec, catalogue, generated_at=WHEN).evidence[0].wider]
    assert wider[:2] == ["midlands-engine-priorities-17", "midlands-engine-priorities-12"]


def test_sources_are_numbered_in_order_of_first_citation(catalogue: Catalogue) -> None:
    pack = build_pack(_spec(themes=("skills", "pay-and-employment")), catalogue, generated_at=WHEN)

    def cited(items: object) -> list[str]:
        return [
            source
            for c in items  # type: ignore[attr-defined]
            for source in (c.item.source.id, *(s.source.id for s in c.item.since))
        ]

    in_reading_order = [
        *(catalogue.item(i).source.id for i in ("gdhi-per-head-2021-west-midlands",)),
        *cited(c for s in pack.evidence for c in s.items),
    ]
    numbered = [r.source.id for r in pack.references]
    assert [r.number for r in pack.references] == list(range(1, len(numbered) + 1))
    assert numbered == list(dict.fromkeys(in_reading_order))


def test_sections_that_are_off_are_not_built(catalogue: Catalogue) -> None:
    spec = _spec(
        themes=("pay-and-employment",),
        sections=("cover", "key-facts", "sources"),
        points="- Not printed: the points section is off.",
    )
    pack = build_pack(spec, catalogue, generated_at=WHEN)
    assert pack.evidence == ()
    assert pack.key_facts
    assert not pack.blocks("points")
    assert {r.source.id for r in pack.references} == {
        catalogue.item(row_id).source.id for row_id in ("gdhi-per-head-2021-west-midlands",)
    }


def test_about_names_the_choices_and_versions(catalogue: Catalogue) -> None:
    pack = build_pack(_spec(text="digital"), catalogue, generated_at=WHEN, preset_name="Monthly WM")
    about = dict(pack.about)
    assert about["Evidence dataset"] == f"version {catalogue.version}"
    assert about["Regions"] == "West Midlands"
    assert about["Text filter"] == "digital"
    assert about["Generated"] == "22 November 2026 at 09:30"
    assert about["Preset"] == "Monthly WM"


def test_no_marking_means_none_printed(catalogue: Catalogue) -> None:
    assert build_pack(_spec(marking="none"), catalogue, generated_at=WHEN).marking is None


def test_a_selection_that_matches_nothing_is_refused_with_a_hint(catalogue: Catalogue) -> None:
    with pytest.raises(PackError, match=r"no evidence matches this selection .*use fewer words"):
        build_pack(_spec(text="no such words"), catalogue)


def test_a_selection_with_everything_excluded_is_refused(catalogue: Catalogue) -> None:
    hits = catalogue.query(["west-midlands"], text="CABLED")
    spec = _spec(text="CABLED", excluded=tuple(h.item.id for h in hits))
    with pytest.raises(PackError, match="all 1 matching items are excluded"):
        build_pack(spec, catalogue)


def test_grouped_by_region_each_item_goes_where_it_matches_best(catalogue: Catalogue) -> None:
    spec = _spec(regions=("north-east", "north"), themes=("green-transition",), group_by="region")
    evidence = build_pack(spec, catalogue, generated_at=WHEN).evidence
    sections = {s.heading: [c.item.id for c in s.items] for s in evidence}
    assert list(sections) == ["North East", "The North", "Wider context: England and the UK"]
    wider = sections["Wider context: England and the UK"]
    assert "bailey-tomlinson-acss-2" in sections["The North"]
    assert "midlands-engine-priorities-3" in wider
    assert not any(i in sections["North East"] for i in wider)
    assert all(c.wider for c in evidence[-1].items)


def test_statistics_about_a_wider_area_are_not_counted_as_in_the_pack(catalogue: Catalogue) -> None:
    spec = _spec(regions=("north-east",), kinds=("statistic",), text="united kingdom")
    with pytest.raises(PackError, match="no evidence matches this selection"):
        build_pack(spec, catalogue)


def test_a_pack_with_every_section_off_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(PackError, match="every section is turned off"):
        build_pack(_spec(sections=()), catalogue)


def test_findings_alone_in_a_style_without_an_evidence_section_are_refused(
    catalogue: Catalogue,
) -> None:
    spec = _spec(kinds=("finding",), sections=("cover", "key-messages", "key-facts", "sources"))
    with pytest.raises(PackError, match="findings and recommendations need the evidence section"):
        build_pack(spec, catalogue)


def test_a_style_that_fits_a_page_keeps_the_cited_items_and_says_what_it_left_out(
    catalogue: Catalogue,
) -> None:
    points = "- Procurement [midlands-engine-priorities-3]"
    spec = _spec(themes=("green-transition",), points=points)
    full = build_pack(spec, catalogue, generated_at=WHEN)
    pack = build_pack(spec, catalogue, generated_at=WHEN, fit=Fit("One-pager", 2))
    kept = _ids(pack)
    assert len(kept) == 2
    assert "midlands-engine-priorities-3" in kept
    left = [i for i in _ids(full) if i not in kept]
    (note,) = pack.left_out
    assert note == (
        f"{len(left)} finding(s) and recommendation(s): not cited, about a wider area or later "
        "in your order"
    )
    assert build_pack(spec, catalogue, generated_at=WHEN, fit=Fit("One-pager", 50)).left_out == ()


def test_what_the_official_cites_stays_even_past_the_limit(catalogue: Catalogue) -> None:
    points = "- Both [midlands-engine-priorities-3, midlands-engine-priorities-2]"
    spec = _spec(themes=("green-transition",), points=points)
    pack = build_pack(spec, catalogue, generated_at=WHEN, fit=Fit("One-pager", 1))
    assert sorted(_ids(pack)) == ["midlands-engine-priorities-2", "midlands-engine-priorities-3"]
