"""GeoJSON for the map, built from the gazetteer: plain dicts, ready for ``json.dumps``.

Points carry how far they can be trusted (``accuracy``, see ``athar.places.ACCURACIES``), so a
map can say "approximate" instead of pretending a branch's position is known to the metre.
``python -m athar.stats.geo governorates`` writes the governorate seats the offline base layer
ships (``athar/web/static/geo/governorates.geojson``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import Any

from athar.places import governorates

#: Decimal places kept in coordinates: about 10 m, finer than any point in the gazetteer.
PRECISION = 4


def point(lon: float, lat: float, properties: Mapping[str, Any], id: str) -> dict[str, Any]:
    """A GeoJSON Point feature (RFC 7946: longitude first)."""
    return {
        "type": "Feature",
        "id": id,
        "geometry": {
            "type": "Point",
            "coordinates": [round(lon, PRECISION), round(lat, PRECISION)],
        },
        "properties": dict(properties),
    }


def collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def governorates_geojson() -> dict[str, Any]:
    """Syria's 14 governorates as points at their seats (no polygons are shipped)."""
    return collection(
        [
            point(
                g.lon,
                g.lat,
                {
                    "id": g.id,
                    "name_ar": g.name_ar,
                    "name_en": g.name_en,
                    "accuracy": "governorate_seat",
                },
                id=g.id,
            )
            for g in governorates()
        ]
    )


def main(argv: list[str]) -> int:
    if argv != ["governorates"]:
        print("usage: python -m athar.stats.geo governorates", file=sys.stderr)
        return 2
    print(json.dumps(governorates_geojson(), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
