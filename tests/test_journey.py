"""The detention journey of synthetic persons: events by kind and status, partial dates,
transfers, uncertain order, last known place, status with its evidence."""

from __future__ import annotations

from athar.journey import date_bounds, event_kind, journey, last_known, status_of
from athar.records import CANONICAL_FIELDS, Record


def rec(
    kind: str,
    date: str = "",
    status: str = "unknown",
    facility: str = "",
    number: str = "",
    written: str = "",
) -> Record:
    fields = {f: "" for f in CANONICAL_FIELDS}
    fields |= {"source": f"{kind}_src", "source_kind": kind, "status": written}
    return Record(
        fields=fields,
        raw={},
        row_number=1,
        event_date=date,
        status=status,
        facility_id=facility,
        detainee_number=number,
    )


def kinds(records: list[Record]) -> list[tuple[str, int]]:
    return [(e.kind, e.record_pk) for e in journey(enumerate(records, start=1))]


def test_bounds_of_partial_dates() -> None:
    assert date_bounds("2013") == ("2013-01-01", "2013-12-31")
    assert date_bounds("2013-06") == ("2013-06-01", "2013-06-31")
    assert date_bounds("2013-06-25") == ("2013-06-25", "2013-06-25")


def test_event_kind_by_source_kind_then_status() -> None:
    assert event_kind(rec("family_report", status="missing")) == "arrest"
    assert event_kind(rec("prison_register", status="released")) == "detention"
    assert event_kind(rec("witness_statement")) == "sighting"
    assert event_kind(rec("release_list")) == "release"
    assert event_kind(rec("death_record")) == "death"
    assert event_kind(rec("court_list", status="deceased")) == "death"
    assert event_kind(rec("court_list")) == "report"


def test_arrest_detention_transfer_sighting_release() -> None:
    records = [
        rec("release_list", "2016-01-19", "released"),
        rec("prison_register", "2013-08-19", "detained", "mp_balouni", "989"),
        rec("family_report", "2013-04-02", "missing"),
        rec("prison_register", "2013-04-10", "detained", "afi_mezzeh", "11/2013"),
        rec("witness_statement", "2015-03", "detained", "sednaya"),
        rec("prison_register", "2015-06-01", "detained", "sednaya", "77"),
    ]
    events = journey(enumerate(records, start=1))
    assert [(e.kind, e.record_pk) for e in events] == [
        ("arrest", 3),
        ("detention", 4),
        ("transfer", 2),
        ("sighting", 5),
        ("detention", 6),  # the sighting already placed the person at Sednaya
        ("release", 1),
    ]
    transfer = events[2]
    assert (transfer.from_facility_id, transfer.facility_id) == ("afi_mezzeh", "mp_balouni")
    assert transfer.detainee_number == "989"
    assert not any(e.uncertain_order for e in events)
    known = last_known(events)
    assert known is not None
    assert (known.date, known.kind, known.record_pk) == ("2016-01-19", "release", 1)
    assert (known.facility_id, known.place_date) == ("sednaya", "2015-06-01")
    finding = status_of(events)
    assert finding.status == "released"
    assert finding.supporting == (1,)
    assert finding.others == (2, 3, 4, 5, 6)


def test_overlapping_partial_dates_are_marked_uncertain_and_undated_come_last() -> None:
    records = [
        rec("prison_register", "2013", "detained", "mi_227"),
        rec("family_report", "2013-06-25", "detained"),
        rec("ngo_list", "", "missing"),
        rec("prison_register", "2014-02-01", "detained", "sednaya"),
    ]
    events = journey(enumerate(records, start=1))
    assert [(e.kind, e.record_pk, e.uncertain_order) for e in events] == [
        ("detention", 1, True),
        ("arrest", 2, True),
        ("transfer", 4, False),
        ("arrest", 3, True),
    ]
    known = last_known(events)
    assert known is not None and (known.date, known.facility_id) == ("2014-02-01", "sednaya")


def test_same_day_is_ordered_by_kind_without_doubt() -> None:
    records = [rec("release_list", "2014-05-01"), rec("family_report", "2014-05-01")]
    assert [(e.kind, e.uncertain_order) for e in journey(enumerate(records, 1))] == [
        ("arrest", False),
        ("release", False),
    ]


def test_death_wins_and_later_traces_contradict_it() -> None:
    records = [
        rec("family_report", "2012-03", "missing"),
        rec("prison_register", "2012-04-01", "deceased", "sednaya", "5"),
        rec("death_record", "2014-01-10", "deceased", "sednaya", "5"),
        rec("witness_statement", "2015-02", "detained", "sednaya"),
        rec("release_list", "2013-01-01", "released"),
    ]
    events = journey(enumerate(records, start=1))
    assert events[-1].kind == "sighting"
    finding = status_of(events)
    assert finding.status == "deceased"
    assert finding.supporting == (2, 3)
    assert finding.contradicting == (4,)
    assert finding.others == (1, 4, 5)


def test_an_interim_release_followed_by_detention_is_not_a_release() -> None:
    records = [
        rec("family_report", "2012", "detained"),
        rec("release_list", "2013-02-01", "released"),
        rec("prison_register", "2013-09-01", "detained", "sednaya"),
    ]
    finding = status_of(journey(enumerate(records, 1)))
    assert finding.status == "detained"
    assert finding.supporting == (1, 3)
    assert finding.others == (2,)


def test_missing_unknown_and_empty() -> None:
    assert (
        status_of(journey(enumerate([rec("ngo_list", "2014", "missing")], 1))).status == "missing"
    )
    assert status_of(journey(enumerate([rec("ngo_list", "2014")], 1))).status == "unknown"
    assert journey([]) == []
    assert last_known([]) is None
    assert last_known(journey(enumerate([rec("ngo_list")], 1))) is None


def test_a_register_that_names_the_next_facility_is_the_last_known_place_after_it() -> None:
    """ "منقول إلى سجن صيدنايا" at the end of branch 235's line: the family is told he was taken
    on to Sednaya, unless a later record places him elsewhere."""
    moved = "منقول إلى سجن صيدنايا"
    records = [
        rec("family_report", "2013-02-01", "missing"),
        rec("prison_register", "2013-02-03", "detained", "mi_235", "4412", moved),
    ]
    events = journey(enumerate(records, start=1))
    assert [(e.kind, e.moved_to_facility_id) for e in events] == [
        ("arrest", ""),
        ("detention", "sednaya"),
    ]
    found = last_known(events)
    assert found is not None
    assert (found.facility_id, found.moved_to_facility_id) == ("mi_235", "sednaya")

    later = [*records, rec("prison_register", "2013-09-10", "detained", "sednaya", "88/2013")]
    found = last_known(journey(enumerate(later, start=1)))
    assert found is not None
    assert (found.facility_id, found.moved_to_facility_id) == ("sednaya", "")
    # A status that names the record's own facility, or no place Athar knows, moves no one.
    same = rec("prison_register", "2013-02-03", "detained", "sednaya", "1", "محول إلى صيدنايا")
    nowhere = rec("prison_register", "2013-02-03", "detained", "mi_235", "2", "نقل إلى المشفى")
    assert [e.moved_to_facility_id for e in journey(enumerate([same, nowhere]))] == ["", ""]
