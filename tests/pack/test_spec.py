"""Pack specs: JSON round trips, clear refusals, and versions."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing_builder.errors import SpecError
from briefing_builder.pack import MARKINGS, SECTIONS, PackSpec

_texts = st.text(max_size=30)
_lists = st.lists(_texts, max_size=4).map(tuple)
specs = st.builds(
    PackSpec,
    regions=_lists,
    themes=_lists,
    kinds=_lists,
    text=_texts,
    include_wider=st.booleans(),
    excluded=_lists,
    order=_lists,
    title=_texts,
    purpose=_texts,
    summary=_texts,
    points=_texts,
    background=_texts,
    handling=_texts,
    contact=_texts,
    cleared_by=_texts,
    author=_texts,
    department=_texts,
    date=st.dates().map(lambda d: d.isoformat()),
    marking=st.sampled_from(MARKINGS),
    template=_texts,
    group_by=st.sampled_from(("theme", "region")),
    sections=st.none() | st.lists(st.sampled_from(SECTIONS), unique=True).map(tuple),
)


@given(specs)
def test_any_spec_survives_a_json_round_trip(spec: PackSpec) -> None:
    assert PackSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec


def test_the_json_carries_its_format_version() -> None:
    assert PackSpec().to_dict()["format_version"] == 2


def test_a_newer_spec_is_refused_naming_both_versions() -> None:
    data = {**PackSpec().to_dict(), "format_version": 7}
    with pytest.raises(SpecError, match="format version 7, newer than this app's 2"):
        PackSpec.from_dict(data)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("regions", "west-midlands", "field 'regions': expected a list of strings"),
        ("include_wider", "yes", "field 'include_wider': expected true or false"),
        ("title", 3, "field 'title': expected a string"),
        ("marking", "SECRET", "marking 'SECRET' is not one of none, OFFICIAL, OFFICIAL-SENSITIVE"),
        ("date", "22/11/2026", "date '22/11/2026' is not a date"),
        ("sections", ["cover", "appendix"], "unknown section(s) appendix"),
    ],
)
def test_a_wrong_field_is_refused_by_name(field: str, value: object, message: str) -> None:
    with pytest.raises(SpecError, match=message.replace("(", r"\(").replace(")", r"\)")):
        PackSpec.from_dict({**PackSpec().to_dict(), field: value})


def test_the_date_defaults_to_today() -> None:
    import datetime as dt

    assert PackSpec().pack_date == dt.date.today()


def test_a_field_this_version_does_not_know_is_refused_by_name() -> None:
    """A preset that says format 1 but holds a format 2 "spec" would otherwise load empty."""
    with pytest.raises(SpecError, match=r"field\(s\) this version does not know: 'spec', 'titel'"):
        PackSpec.from_dict({**PackSpec().to_dict(), "titel": "x", "spec": {}})
