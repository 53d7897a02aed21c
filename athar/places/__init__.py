"""Where people were born, lived and were held: Syria's governorates, towns and prisons.

A pure library (it imports nothing from athar but ``athar.names.normalize``): the gazetteer tables
in both scripts with coordinates and how far to trust them, and :func:`resolve`, which turns the
labels clerks and families write ("الفرع ٢٢٧", "Saydnaya", "Deir Ezzor", "ريف حلب") into one of
them with a confidence, or None.
"""

from athar.places.address import governorate_of, resolve_address
from athar.places.gazetteer import (
    ACCURACIES,
    FACILITY_KINDS,
    LAT_RANGE,
    LON_RANGE,
    Facility,
    Governorate,
    Town,
    facilities,
    facility,
    facility_site,
    governorate,
    governorates,
    town,
    towns,
)
from athar.places.matching import (
    PlaceMatch,
    resolve,
    resolve_facility,
    resolve_place,
    unknown_facility_key,
)

__all__ = [
    "ACCURACIES",
    "FACILITY_KINDS",
    "LAT_RANGE",
    "LON_RANGE",
    "Facility",
    "Governorate",
    "PlaceMatch",
    "Town",
    "facilities",
    "facility",
    "facility_site",
    "governorate",
    "governorate_of",
    "governorates",
    "resolve",
    "resolve_address",
    "resolve_facility",
    "resolve_place",
    "town",
    "towns",
    "unknown_facility_key",
]
