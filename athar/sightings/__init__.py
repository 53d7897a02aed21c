"""Sightings: a survivor's statement that they saw someone in detention — who, where, when, in what
condition — recorded by a caseworker as a ``witness_statement`` record that links like any other,
with the witness's identity encrypted apart from it."""

from athar.sightings.record import (
    InvalidSighting,
    RecordedSighting,
    UnknownFacility,
    WitnessIdentity,
    record_sighting,
    witness_of,
)

__all__ = [
    "InvalidSighting",
    "RecordedSighting",
    "UnknownFacility",
    "WitnessIdentity",
    "record_sighting",
    "witness_of",
]
