"""Where each item applies: scope labels, local before wider, and areas with no evidence named."""

import datetime as dt
import re

import pytest

from briefing_builder.catalogue import Catalogue
from briefing_builder.pack import PackSpec, build_pack
from briefing_builder.pack.build import spec_for_region, title_for_region

WHEN = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)
ENGLAND_ALONE = ("england", "english")


def _pack(catalogue: Catalogue, **choices: object):  # type: ignore[no-untyped-def]
    spec = PackSpec(date="2026-11-22", purpose="For a test.", **choices)  # type: ignore[arg-type]
    return build_pack(spec, catalogue, generated_at=WHEN)


def _everything(pack) -> list:  # type: ignore[no-untyped-def]
    return [c for s in pack.evidence for c in s.items]


def test_a_wales_pack_marks_its_uk_wide_evidence_as_such(catalogue: Catalogue) -> None:
    pack = _pack(catalogue, regions=("wales",))
    cited = _everything(pack)
    uk_wide = [c for c in cited if c.item.regions == ("uk",)]
    assert uk_wide
    assert all(c.scope == "UK-wide" and c.wider for c in uk_wide)
    assert all(c.scope == "Wales" and not c.wider for c in cited if "wales" in c.item.regions)
    assert all(c.scope for c in cited)


@pytest.mark.parametrize("nation", ["wales", "scotland", "northern-ireland"])
def test_no_england_only_evidence_reaches_a_devolved_nations_pack(
    catalogue: Catalogue, nation: str
) -> None:
    pack = _pack(catalogue, regions=(nation,))
    for cited in _everything(pack):
        item = cited.item
        footprint = frozenset().union(*(catalogue.area(r).footprint for r in item.regions))
        assert nation in footprint, item.id
        words = f"{item.title} {item.text} {item.quote}".casefold()
        if any(word in words for word in ENGLAND_ALONE):
            # Named only beside the UK-wide aim it qualifies, as Mission 6 does.
            assert re.search(r"\bUK\b", item.quote or ""), item.id


def test_items_about_the_chosen_area_come_first_then_the_wider_under_a_sub_heading(
    catalogue: Catalogue,
) -> None:
    pack = _pack(catalogue, regions=("west-midlands",), themes=("green-transition",))
    (section,) = pack.evidence
    assert [c.scope for c in section.findings] == ["West Midlands"]
    assert section.wider
    assert all(c.wider for c in section.wider)
    assert section.wider_heading == "Wider context: the Midlands, England and the UK"
    assert {c.scope for c in section.wider} == {"The Midlands", "England", "UK-wide"}
    kinds = [c.item.kind for c in section.wider]
    assert kinds == sorted(kinds, key=lambda kind: kind != "finding")


def test_choosing_a_group_labels_its_regions_evidence_with_the_region(
    catalogue: Catalogue,
) -> None:
    pack = _pack(catalogue, regions=("midlands",), themes=("green-transition",))
    local = [c for s in pack.evidence for c in (*s.findings, *s.recommendations)]
    assert {c.scope for c in local} == {"The Midlands", "West Midlands"}


def test_an_area_with_no_evidence_of_its_own_is_named_on_the_cover(catalogue: Catalogue) -> None:
    pack = _pack(catalogue, regions=("east-of-england",), themes=("green-transition",))
    assert pack.coverage == ("No evidence in this dataset is about the East of England alone.",)
    assert ("Coverage", pack.coverage[0]) in pack.cover_details


def test_a_group_with_no_evidence_about_it_as_a_whole_says_so(catalogue: Catalogue) -> None:
    pack = _pack(catalogue, regions=("greater-south-east",))
    assert pack.coverage == (
        "No evidence in this dataset is about the Greater South East as a whole: the items "
        "shown for it are about areas within it.",
    )
    assert _pack(catalogue, regions=("midlands",)).coverage == ()


def test_grouped_by_region_a_region_without_items_keeps_its_section_and_says_why(
    catalogue: Catalogue,
) -> None:
    pack = _pack(
        catalogue,
        regions=("east-of-england", "west-midlands"),
        themes=("green-transition",),
        group_by="region",
    )
    headings = [s.heading for s in pack.evidence]
    assert headings[:2] == ["East of England", "West Midlands"]
    assert headings[2].startswith("Wider context: ")
    empty = pack.evidence[0]
    assert empty.items == ()
    assert empty.note.startswith("No evidence in this dataset is about the East of England alone")


def test_the_cover_says_how_current_the_evidence_is(catalogue: Catalogue) -> None:
    pack = _pack(catalogue, regions=("north-east",), kinds=("statistic",))
    assert pack.evidence_as_at == "June 2024"
    assert ("Evidence as at", "June 2024") in pack.cover_details


def test_every_change_since_publication_cites_its_later_source(catalogue: Catalogue) -> None:
    pack = _pack(catalogue, regions=("west-midlands",))
    numbers = {r.source.id: r.number for r in pack.references}
    changed = [c for c in _everything(pack) if c.item.since]
    assert changed
    for cited in changed:
        assert [ch.text for ch in cited.changes] == [s.text for s in cited.item.since]
        assert [ch.reference for ch in cited.changes] == [
            numbers[s.source.id] for s in cited.item.since
        ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Green growth in {region}", "Green growth in Wales"),
        ("Board briefing", "Board briefing: Wales"),
        ("{region} and {region}", "Wales and Wales"),
    ],
)
def test_a_pack_of_a_set_made_one_per_region_is_titled_for_its_region(
    title: str, expected: str
) -> None:
    assert title_for_region(title, "Wales") == expected


def test_the_spec_for_one_region_has_that_region_and_its_title(catalogue: Catalogue) -> None:
    spec = PackSpec(regions=("wales", "scotland"), title="Skills in {region}")
    one = spec_for_region(spec, catalogue.area("scotland"))
    assert (one.regions, one.title) == (("scotland",), "Skills in Scotland")
