"""The bundled region boundaries: every shape is a known region, and the whole UK is there."""

from briefing_builder.catalogue import Catalogue
from briefing_builder.catalogue.boundaries import load_boundaries


def test_every_feature_code_matches_a_region(catalogue: Catalogue) -> None:
    shapes = load_boundaries().shapes
    regions = {a.itl1: a for a in catalogue.areas if a.itl1}
    assert sorted(s.itl1 for s in shapes) == sorted(regions)
    for shape in shapes:
        assert shape.name == regions[shape.itl1].name


def test_northern_ireland_shetland_and_scilly_are_on_the_map() -> None:
    boundaries = load_boundaries()
    left, bottom, _, top = boundaries.bounds
    northern_ireland = [x for p in boundaries.shape("TLN").polygons for x, _ in p[0]]
    wales = [x for p in boundaries.shape("TLL").polygons for x, _ in p[0]]
    assert len(northern_ireland) > 300
    assert left <= min(northern_ireland) < min(wales)
    assert top > 60.7  # Shetland
    assert bottom < 49.95  # the Isles of Scilly


def test_the_projection_keeps_the_uk_from_looking_stretched() -> None:
    left, bottom, right, top = load_boundaries().bounds
    # Spanning about 10 degrees of longitude and 11 of latitude, the UK is taller than wide
    # once longitude is scaled by the cosine of its mean latitude (about 0.57).
    assert 0.5 < (right - left) / (top - bottom) < 0.6
