"""How figures read: the unit placed as a reader expects, the dataset's own precision kept."""

import pytest

from briefing_builder.catalogue import format_figure


@pytest.mark.parametrize(
    ("value", "unit", "full", "bare"),
    [
        (18566, "£ per head", "£18,566 per head", "£18,566"),
        (35.7, "£ per hour worked", "£35.7 per hour worked", "£35.7"),
        (74.8, "% of people aged 16 to 64", "74.8% of people aged 16 to 64", "74.8%"),
        (87.0, "index (UK = 100)", "87.0 index (UK = 100)", "87.0"),
        (62, "journeys per head", "62 journeys per head", "62"),
        (3.14159, "tonnes", "3.14159 tonnes", "3.14159"),
    ],
)
def test_a_figure_reads_with_its_unit(value: float, unit: str, full: str, bare: str) -> None:
    assert format_figure(value, unit) == full
    assert format_figure(value, unit, bare=True) == bare
