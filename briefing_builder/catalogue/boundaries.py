"""Region boundaries for maps: the bundled ITL1 GeoJSON, projected so the UK is not stretched.

Longitude is scaled by the cosine of the UK's mean latitude (an equirectangular projection
centred on the UK), which keeps shapes true enough at this scale. Coordinates come out in
"map units": x grows east, y grows north.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefing_builder.errors import DatasetError
from briefing_builder.resources import resources_dir

ATTRIBUTION = (
    'Region boundaries derived from "GeoJSON and TopoJSON UK Boundary Data" by Martin Chorley '
    "(https://github.com/martinjc/UK-GeoJSON), CC BY 4.0; simplified. Contains Ordnance Survey, "
    "Office for National Statistics, National Records of Scotland and LPS Intellectual Property "
    "data \u00a9 Crown copyright and database right 2016. Licensed under the Open Government "
    "Licence v3.0. Contains Ordnance Survey data \u00a9 Crown copyright and database right 2014."
)
"""The attribution the boundary data's licences require wherever the map is shown."""

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class Shape:
    """One region's outline: polygons, each an exterior ring followed by any holes."""

    itl1: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Every region's shape, and the bounds of them all, in projected map units."""

    shapes: tuple[Shape, ...]
    bounds: tuple[float, float, float, float]

    def shape(self, itl1: str) -> Shape:
        """The shape of the region with this ITL1 code."""
        return next(s for s in self.shapes if s.itl1 == itl1)


def boundaries_path() -> Path:
    """The bundled boundaries' file."""
    return resources_dir() / "map" / "uk_itl1_regions.geojson"


@cache
def load_boundaries() -> Boundaries:
    """The bundled boundaries, read once."""
    path = boundaries_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        features = data["features"]
        latitudes = [lat for f in features for ring in _rings(f["geometry"]) for _, lat in ring]
        scale = math.cos(math.radians((min(latitudes) + max(latitudes)) / 2))
        shapes = tuple(
            Shape(
                itl1=feature["properties"]["itl1_code"],
                name=feature["properties"]["name"],
                polygons=tuple(
                    tuple(tuple((lon * scale, lat) for lon, lat in ring) for ring in polygon)
                    for polygon in _polygons(feature["geometry"])
                ),
            )
            for feature in features
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise DatasetError(f"{path}: the region boundaries cannot be read ({error})") from None
    points = [p for s in shapes for polygon in s.polygons for p in polygon[0]]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Boundaries(shapes, (min(xs), min(ys), max(xs), max(ys)))


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _rings(geometry: dict[str, Any]) -> list[Any]:
    return [ring for polygon in _polygons(geometry) for ring in polygon]
