"""Inquiries: registration and matching, alerts only for new candidates after an import, the
status machine, the encrypted contact, and death never shown before a caseworker confirms it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from casework_registry import build, rows, runner, truth, use_copy
from casework_web import death_person
from databases import database_urls
from sqlalchemy import text

from athar.cli import app
from athar.inquiries import (
    InquiryRefused,
    alerts_for,
    change_status,
    death_evidence,
    inquiry_view,
    register_inquiry,
    set_candidate,
)
from athar.inquiries.status import IllegalMove
from athar.records import CANONICAL_FIELDS, Record
from athar.store import Store
from athar.store.casework_api import (
    FoundCandidate,
    candidates,
    contact_of,
    create_inquiry,
    inquiry,
    keep_candidates,
)

FIRST = ("prison_register", "family_report", "ngo_list", "death_record")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("inquiry_registry")
    build(home, FIRST)  # the release list comes later, as a new import
    return home


@pytest.fixture
def registry(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from use_copy(built, tmp_path, monkeypatch)


def sought_from(row: dict[str, str]) -> dict[str, str]:
    keep = ("full_name", "given_name", "father_name", "family_name", "mother_name", "birth_date")
    return {k: row[k] for k in keep if row.get(k)}


def register(store: Store, sought: dict[str, str], user: str = "huda") -> tuple[int, list[int]]:
    return register_inquiry(
        store,
        sought,
        requester_name="أم أحمد",
        requester_relation="mother",
        contact="+963 933 000 111, حي الميدان",
        consent_given=True,
        consent_how="signed form",
        assigned_to=user,
        by=user,
    )


def test_contact_is_encrypted_apart_and_read_only_by_caseworkers(registry: Path) -> None:
    row = rows(registry, "prison_register")[0]
    with Store.open() as store:
        inquiry_id, _ = register(store, sought_from(row))
        engine = store._engine
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT * FROM inquiry_contacts")).all()
            inq = conn.execute(text("SELECT * FROM inquiries")).all()
        assert len(raw) == 1
        dump = repr(raw) + repr(inq)
        # the whole number, not a fragment a timestamp's microseconds may hold by chance
        assert "933 000 111" not in dump and "الميدان" not in dump
        assert b"933 000 111" not in bytes(contact_of(store, inquiry_id) or b"")
        view = inquiry_view(store, inquiry_id, "caseworker", "huda")
        assert view.contact == "+963 933 000 111, حي الميدان"
        assert inquiry_view(store, inquiry_id, "volunteer").contact is None
        assert "inquiry_contact_read" in [e.kind for e in store.events()]


def test_registration_matches_at_once(registry: Path) -> None:
    row = next(r for r in rows(registry, "prison_register") if r["given_name"])
    with Store.open() as store:
        inquiry_id, found = register(store, sought_from(row))
        person = store.person_of(store.record_by_key(row["source"], row["record_id"]).pk)  # type: ignore[union-attr]
        held = candidates(store, inquiry_id)
        assert found and person in {c.person_id for c in held}
        assert inquiry(store, inquiry_id).status == "candidates"  # type: ignore[union-attr]
        assert {a.candidate_id for a in alerts_for(store, "huda")} == set(found)
        assert alerts_for(store, "someone_else") == []


def test_bad_inquiries_are_refused(registry: Path) -> None:
    with Store.open() as store:
        with pytest.raises(InquiryRefused, match="needs a name"):
            register(store, {"birth_date": "1980"})
        with pytest.raises(InquiryRefused, match="birth_date '31/02/1990' is not a date"):
            register(store, {"full_name": "محمد الحلبي", "birth_date": "31/02/1990"})
        with pytest.raises(InquiryRefused, match="consent"):
            register_inquiry(
                store,
                {"full_name": "محمد الحلبي"},
                requester_name="x",
                requester_relation="",
                contact="",
                consent_given=False,
                consent_how="",
                by="huda",
            )


def test_rematch_after_import_alerts_only_new_candidates(registry: Path) -> None:
    owners = truth(registry)
    seen_before = {owners[r["record_id"]] for s in FIRST for r in rows(registry, s)}
    target = next(
        r
        for r in rows(registry, "release_list")
        if owners[r["record_id"]] not in seen_before and (r["full_name"] or r["given_name"])
    )
    with Store.open() as store:
        inquiry_id, _ = register(store, sought_from(target))
        for c in candidates(store, inquiry_id):
            set_candidate(store, c.id, "seen", "huda")
        assert alerts_for(store, "huda") == []
    result = runner.invoke(app, ["import", str(registry / "synth" / "release_list.csv")])
    assert result.exit_code == 0, result.output
    assert "matched again" in result.output
    with Store.open() as store:
        pk = store.record_by_key(target["source"], target["record_id"]).pk  # type: ignore[union-attr]
        alerts = alerts_for(store, "huda")
        assert alerts and all(a.inquiry_id == inquiry_id for a in alerts)
        hit = [a for a in alerts if pk in a.records]
        assert hit and hit[0].person_id is None  # imported, not linked yet
        assert all(
            c.state == "seen"
            for c in candidates(store, inquiry_id)
            if c.id not in {a.candidate_id for a in alerts}
        )
        for a in alerts:
            set_candidate(store, a.candidate_id, "seen", "huda")
    result = runner.invoke(app, ["link"])  # the record gets a person: the same candidate
    assert result.exit_code == 0, result.output
    with Store.open() as store:
        person = store.person_of(pk)
        mine = [c for c in candidates(store, inquiry_id) if pk in c.records]
        assert len(mine) == 1 and mine[0].person_id == person and mine[0].state == "seen"
        assert all(pk not in a.records for a in alerts_for(store, "huda"))


def test_status_machine(registry: Path) -> None:
    row = next(r for r in rows(registry, "prison_register") if r["given_name"])
    with Store.open() as store:
        inquiry_id, _ = register(store, sought_from(row))
        person = candidates(store, inquiry_id)[0].person_id
        with pytest.raises(IllegalMove, match="cannot go from 'candidates' to 'family_informed'"):
            change_status(store, inquiry_id, "family_informed", reason="x", by="huda")
        with pytest.raises(IllegalMove, match="needs an outcome"):
            change_status(store, inquiry_id, "confirmed", reason="x", by="huda", person=person)
        with pytest.raises(IllegalMove, match="not a candidate"):
            change_status(
                store,
                inquiry_id,
                "confirmed",
                reason="x",
                by="huda",
                outcome="alive",
                person="P-999999",
            )
        with pytest.raises(InquiryRefused, match="needs a reason"):
            change_status(store, inquiry_id, "closed", reason=" ", by="huda")
        change_status(
            store,
            inquiry_id,
            "confirmed",
            reason="photo",
            by="huda",
            outcome="released",
            person=person,
        )
        change_status(store, inquiry_id, "family_informed", reason="called", by="huda")
        now = inquiry(store, inquiry_id)
        assert now is not None and now.status == "family_informed" and now.outcome == "released"
        view = inquiry_view(store, inquiry_id, "caseworker", "huda")
        assert [e.to_status for e in view.events if e.kind == "status"] == [
            "candidates",
            "confirmed",
            "family_informed",
        ]
        assert "inquiry_status" in [e.kind for e in store.events()]
    result = runner.invoke(app, ["inquiry", "status", str(inquiry_id), "open", "--reason", "x"])
    assert result.exit_code == 1 and "cannot go from" in result.output


def test_death_is_never_shown_before_a_caseworker_confirms_it(registry: Path) -> None:
    with Store.open() as store:
        person, deaths, named = death_person(store)
        fields = store.record(named[0]).record.fields  # type: ignore[union-attr]
        inquiry_id, _ = register(store, sought_from(dict(fields)))
        assert person in {c.person_id for c in candidates(store, inquiry_id)}
        death_ids = {store.record(pk).record.fields["record_id"] for pk in deaths}  # type: ignore[union-attr]

        def hides_death(role: str) -> None:
            view = inquiry_view(store, inquiry_id, role, "huda")
            text_of = repr(view)
            assert not view.death_shown
            assert "deceased" not in text_of and "death_record" not in text_of
            assert not any(i in text_of for i in death_ids)
            shown = [c for c in view.candidates if c.person_id == person]
            assert shown and all(r.pk not in deaths for r in shown[0].records)

        for role in ("caseworker", "admin", "volunteer", "family"):
            hides_death(role)
        evidence = death_evidence(store, inquiry_id, "caseworker", "huda")
        assert {r.pk for r in evidence} >= set(deaths)
        with pytest.raises(InquiryRefused, match="may not read death evidence"):
            death_evidence(store, inquiry_id, "volunteer", "v")
        # confirming "alive" does not open the door
        change_status(
            store, inquiry_id, "confirmed", reason="seen", by="huda", outcome="alive", person=person
        )
        hides_death("caseworker")
        change_status(store, inquiry_id, "candidates", reason="wrong", by="huda")
        change_status(
            store,
            inquiry_id,
            "confirmed",
            reason="death certificate matches",
            by="huda",
            outcome="deceased",
            person=person,
        )
        view = inquiry_view(store, inquiry_id, "volunteer")
        assert view.death_shown and view.outcome == "deceased"
        shown = next(c for c in view.candidates if c.person_id == person)
        assert set(deaths) <= {r.pk for r in shown.records}
        change_status(store, inquiry_id, "family_informed", reason="visited", by="huda")
        assert inquiry_view(store, inquiry_id, "family").death_shown
        # a confirmation taken back hides the death again, with the words that spoke of it
        change_status(store, inquiry_id, "closed", reason="family withdrew", by="huda")
        hides_death("caseworker")
        assert "death certificate" not in repr(inquiry_view(store, inquiry_id, "caseworker"))


def test_inquiry_cli(registry: Path) -> None:
    row = next(r for r in rows(registry, "prison_register") if r["given_name"])
    args = ["inquiry", "add", "--requester", "أبو خالد", "--consent-how", "oral, recorded"]
    result = runner.invoke(app, [*args, "--given", row["given_name"], "--consent"])
    assert result.exit_code == 0, result.output
    assert "inquiry 1 registered" in result.output
    result = runner.invoke(app, [*args, "--given", "x"])
    assert result.exit_code == 1 and "consent" in result.output
    for command in (["inquiry", "list"], ["inquiry", "show", "1"], ["inquiry", "alerts", "cli"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
    assert "أبو خالد" in runner.invoke(app, ["inquiry", "show", "1"]).output


# ------------------------------------------------------------------ store level, both databases


@pytest.fixture(params=["sqlite", "postgresql"])
def bare_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    for url in database_urls(request, tmp_path):
        with Store.open(url) as store:
            yield store


def _records(store: Store) -> None:
    recs = []
    for i in range(3):
        fields = dict.fromkeys(CANONICAL_FIELDS, "")
        fields.update(record_id=f"R{i}", source="s", source_kind="ngo_list", given_name=f"n{i}")
        recs.append(Record(fields=fields, raw={}, row_number=i + 1))
    store.import_source("s", "ngo_list", "s.csv", "h", "t", recs)


def test_casework_tables_on_both_databases(bare_store: Store) -> None:
    store = bare_store
    _records(store)
    inquiry_id = create_inquiry(
        store,
        {"full_name": "محمد", "requester_name": "أم محمد"},
        consent_given=True,
        contact_encrypted=b"\x00sealed",
        assigned_to="huda",
        by="huda",
    )
    assert contact_of(store, inquiry_id) == b"\x00sealed"
    first = keep_candidates(
        store, inquiry_id, [FoundCandidate(None, (1,), 0.7, {})], run_id=None, by="athar"
    )
    again = keep_candidates(
        store,
        inquiry_id,
        [FoundCandidate("P-000001", (1, 2), 0.8, {}), FoundCandidate(None, (3,), 0.6, {})],
        run_id=None,
        by="athar",
    )
    assert len(first) == 1 and len(again) == 1  # record 1 is the same candidate, now a person
    held = {c.person_id: c for c in candidates(store, inquiry_id)}
    assert held["P-000001"].records == [1, 2] and held["P-000001"].state == "new"
    with pytest.raises(Exception, match="append-only"), store._engine.begin() as conn:
        conn.execute(text("DELETE FROM inquiries"))
    with pytest.raises(Exception, match="append-only"), store._engine.begin() as conn:
        conn.execute(text("UPDATE inquiry_events SET reason = 'x'"))
    with pytest.raises(KeyError, match="no inquiry 99"):
        keep_candidates(store, 99, [], run_id=None, by="x")
