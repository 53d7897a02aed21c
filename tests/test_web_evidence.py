"""The import, job, sighting and attachment pages and their JSON twins, through HTTP (TestClient
on a real SQLite registry): who may do what, CSRF, the import report, jobs, the witness and the
images of the dead."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_evidence_support import (
    ARABIC_CSV,
    BAD_CSV,
    GOOD_CSV,
    app_client,
    as_user,
    config,
    png,
    store,
)

from athar.ingest.uploads import IGNORE, load_upload, mapping_from_choices, safe_name, uploads_dir
from athar.store import Store
from athar.web.evidence import runner

__all__ = ["app_client", "config", "store"]  # fixtures


def upload(c: TestClient, token: str, name: str, data: bytes, **form: str) -> dict:  # type: ignore[type-arg]
    response = c.post(
        "/api/import",
        files={"file": (name, data, "text/csv")},
        data=form,
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 201, response.text
    body: dict = response.json()  # type: ignore[type-arg]
    return body


def wait(c: TestClient, job_id: str) -> dict:  # type: ignore[type-arg]
    job = runner_of(c).wait(job_id, timeout=120)
    body: dict = c.get(f"/api/jobs/{job.id}").json()  # type: ignore[type-arg]
    return body


def runner_of(c: TestClient):  # type: ignore[no-untyped-def]
    class _Req:
        app = c.app

    return runner(_Req())  # type: ignore[arg-type]


# ----------------------------------------------------------------------- import


def test_a_bad_row_is_named_and_nothing_is_imported(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "caseworker")
    body = upload(c, token, "bad.csv", BAD_CSV.encode(), source="bad_list", kind="ngo_list")
    report = body["report"]
    assert report["ok"] is False and report["rows"] == 2 and report["importable"] == 1
    (problem,) = report["problems"]
    assert (
        problem["row"] == 3
        and problem["field"] == "birth_date"
        and problem["value"] == "31/02/1990"
    )
    assert body["first_rows"][1]["problems"]
    refused = c.post(f"/api/import/{body['id']}/start", headers={"X-CSRF-Token": token})
    assert refused.status_code == 409
    page = c.get(f"/import/{body['id']}")
    assert page.status_code == 200
    assert "bad.csv" in page.text and "31/02/1990" in page.text and "birth_date" in page.text
    assert 'id="start-import"' not in page.text
    started = c.post(f"/import/{body['id']}/start", data={"csrf_token": token})
    assert started.status_code == 409
    assert store.sources() == [] and store.count_records() == 0


def test_a_good_file_imports_and_the_job_reaches_done(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "caseworker")
    # the page flow: upload form → preview → import → job page
    page = c.post(
        "/import",
        files={"file": ("register.csv", GOOD_CSV.encode(), "text/csv")},
        data={"source": "sednaya_2014", "kind": "prison_register", "csrf_token": token},
        follow_redirects=False,
    )
    assert page.status_code == 303
    preview_url = page.headers["location"]
    preview = c.get(preview_url)
    assert 'id="start-import"' in preview.text and "محمد" in preview.text
    started = c.post(preview_url + "/start", data={"csrf_token": token}, follow_redirects=False)
    assert started.status_code == 303 and started.headers["location"].startswith("/jobs/")
    job_id = started.headers["location"].rsplit("/", 1)[1]
    job = wait(c, job_id)
    assert job["state"] == "done", job
    assert job["result"]["sources"]["sednaya_2014"]["inserted"] == 3
    assert job["result"]["inquiries"]["matched"] == 0
    assert store.count_records() == 3
    status = c.get(f"/jobs/{job_id}/status").text
    assert 'data-state="done"' in status and "hx-trigger" not in status
    assert "sednaya_2014" in c.get(f"/jobs/{job_id}").text
    # the same upload cannot be started twice
    again = c.post(
        f"/api/import/{preview_url.rsplit('/', 1)[1]}/start", headers={"X-CSRF-Token": token}
    )
    assert again.status_code == 409
    assert [j["id"] for j in c.get("/api/jobs").json()] == [job_id]
    kinds = [e.kind for e in store.events()]
    assert "import.upload" in kinds and "job.start" in kinds


def test_a_windows_1256_file_with_arabic_headers_maps_itself(app_client: TestClient) -> None:
    c, token = as_user(app_client, "admin")
    body = upload(c, token, "قائمة.csv", ARABIC_CSV.encode("cp1256"), source="family_list")
    assert body["encoding"].lower().replace("-", "") in ("cp1256", "windows1256")
    fields = {col["header"]: col["field"] for col in body["columns"]}
    assert fields["الاسم"] == "given_name"
    assert fields["اسم الأب"] == "father_name"
    assert fields["الكنية"] == "family_name"
    assert fields["تاريخ الميلاد"] == "birth_date"
    assert fields["الحالة"] == "status"
    assert body["report"]["ok"] is True
    assert body["first_rows"][0]["fields"]["family_name"] == "الحلبي"
    # change the mapping: the number column is the record id, the status column is dropped
    changed = c.post(
        f"/api/import/{body['id']}/mapping",
        json={"choices": {"الرقم": "record_id", "الحالة": IGNORE}},
        headers={"X-CSRF-Token": token},
    ).json()
    mapped = {col["header"]: (col["field"], col["choice"]) for col in changed["columns"]}
    assert mapped["الرقم"] == ("record_id", "record_id") and mapped["الحالة"] == ("", IGNORE)
    assert mapped["الاسم"] == ("given_name", "given_name")  # kept
    assert changed["first_rows"][0]["fields"]["record_id"] == "1"
    assert "status" not in changed["first_rows"][0]["fields"]
    bad = c.post(
        f"/api/import/{body['id']}/mapping",
        json={"choices": {"الرقم": "salary"}},
        headers={"X-CSRF-Token": token},
    )
    assert bad.status_code == 400
    job = c.post(f"/api/import/{body['id']}/start", headers={"X-CSRF-Token": token}).json()
    assert wait(c, job["id"])["state"] == "done"


def test_the_mapping_form_and_the_source_name(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "caseworker")
    body = upload(c, token, "list.csv", ARABIC_CSV.encode())
    assert "no source name" in body["error"] and body["report"] is None
    form = {"csrf_token": token, "source": "family_reports", "kind": "family_report"}
    form |= {f"col-{i}": col["choice"] for i, col in enumerate(body["columns"])}
    form["col-0"] = "record_id"
    changed = c.post(f"/import/{body['id']}", data=form, follow_redirects=False)
    assert changed.status_code == 303
    again = c.get(f"/api/import/{body['id']}").json()
    assert again["source"] == "family_reports" and again["error"] == ""
    assert again["columns"][0]["field"] == "record_id" and again["report"]["ok"]


def test_import_and_jobs_are_for_caseworkers_and_admins(app_client: TestClient) -> None:
    worker, token = as_user(app_client, "caseworker")
    staged = upload(worker, token, "g.csv", GOOD_CSV.encode(), source="s")
    for role in ("reviewer", "analyst"):
        c, tok = as_user(app_client, role)
        headers = {"X-CSRF-Token": tok}
        assert c.get("/import").status_code == 403
        assert c.get(f"/import/{staged['id']}").status_code == 403
        assert c.get("/api/jobs").status_code == 403
        files = {"file": ("g.csv", GOOD_CSV.encode(), "text/csv")}
        refused = c.post("/api/import", files=files, data={"source": "s"}, headers=headers)
        assert refused.status_code == 403 and refused.json()["reason"] == "role"
        assert c.post(f"/api/import/{staged['id']}/start", headers=headers).status_code == 403
        assert c.post("/api/jobs/link", headers=headers).status_code == 403
        assert 'href="/import"' not in c.get("/").text
    assert 'href="/import"' in worker.get("/").text


def test_every_post_needs_its_csrf_token(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "admin")
    staged = upload(c, token, "g.csv", GOOD_CSV.encode(), source="s")
    files = {"file": ("g.csv", GOOD_CSV.encode(), "text/csv")}
    posts = [
        ("/api/import", {"files": files, "data": {"source": "s"}}),
        ("/import", {"files": files, "data": {"source": "s"}}),
        (f"/api/import/{staged['id']}/mapping", {"json": {"source": "x"}}),
        (f"/import/{staged['id']}", {"data": {"source": "x"}}),
        (f"/api/import/{staged['id']}/start", {}),
        (f"/import/{staged['id']}/start", {}),
        ("/api/jobs/link", {}),
        ("/jobs/link", {}),
        ("/api/sightings", {"json": {}}),
        ("/sightings/new", {"data": {"facility": "x"}}),
        (
            "/api/attachments",
            {"files": {"file": ("a.png", png(), "image/png")}, "data": {"record": "1"}},
        ),
        ("/records/1/attachments", {"files": {"file": ("a.png", png(), "image/png")}}),
    ]
    for path, kwargs in posts:
        response = c.post(path, follow_redirects=False, **kwargs)  # type: ignore[arg-type]
        assert response.status_code == 403, path
    assert runner_of(c).jobs() == []
    assert store.sources() == []


def test_unknown_upload_and_job(app_client: TestClient) -> None:
    c, _token = as_user(app_client, "caseworker")
    assert c.get("/api/import/not-an-upload-id-at-all").status_code == 404
    assert c.get("/api/import/../../etc").status_code == 404
    assert c.get("/api/jobs/nope").status_code == 404


def test_relink_runs_in_the_background_one_at_a_time(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "caseworker")
    staged = upload(c, token, "g.csv", GOOD_CSV.encode(), source="s", kind="prison_register")
    imported = c.post(f"/api/import/{staged['id']}/start", headers={"X-CSRF-Token": token}).json()
    first = c.post("/api/jobs/link", headers={"X-CSRF-Token": token})
    assert first.status_code == 202
    second = c.post("/jobs/link", data={"csrf_token": token}, follow_redirects=False)
    assert second.headers["location"] == f"/jobs/{first.json()['id']}"  # the same run
    assert wait(c, imported["id"])["state"] == "done"
    job = wait(c, first.json()["id"])
    assert job["state"] == "done", job
    assert job["result"]["records"] == 3 and job["result"]["persons"] >= 1
    assert store.latest_run() is not None
    page = c.get(f"/jobs/{job['id']}").text
    assert 'data-state="done"' in page


# ----------------------------------------------------------------------- uploads (domain)


def test_upload_helpers(tmp_path: Path) -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\x\\قائمة.csv") == "قائمة.csv"
    assert safe_name("") == "upload"
    from io import BytesIO

    from athar.ingest.uploads import UploadError, stage_upload

    root = uploads_dir(tmp_path)
    up = stage_upload(root, "a.csv", BytesIO(b"x,y\n1,2\n"), by="me", max_bytes=100)
    assert load_upload(root, up.id).file_name == "a.csv"
    with pytest.raises(UploadError):
        stage_upload(root, "big.csv", BytesIO(b"x" * 101), by="me", max_bytes=100)
    with pytest.raises(UploadError):
        stage_upload(root, "empty.csv", BytesIO(b""), by="me", max_bytes=100)
    assert len(list(root.iterdir())) == 1  # refused uploads leave nothing behind
    mf = mapping_from_choices(root, up, ["x", "y"], {"x": "given_name", "y": IGNORE})
    assert mf.fields["given_name"] == ("x",) and mf.fields["notes"] == () and mf.ignore == ("y",)


# ----------------------------------------------------------------------- sightings

SIGHTING = {
    "facility": "Saydnaya",
    "seen_date": "2016-05",
    "condition": "very thin, a wound on the arm",
    "given_name": "خالد",
    "father_name": "عمر",
    "family_name": "الحلبي",
    "witness": {"name": "أم فادي", "contact": "+963 944 123 456", "relation": "cellmate"},
}


def test_a_sighting_and_its_witness(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "caseworker")
    made = c.post("/api/sightings", json=SIGHTING, headers={"X-CSRF-Token": token})
    assert made.status_code == 201, made.text
    s = made.json()
    assert s["witness"]["name"] == "أم فادي" and s["caseworker"] == "caseworker"
    assert s["fields"]["source_kind"] == "witness_statement" and s["facility_id"] == "sednaya"
    assert s["seen_date"] == "2016-05" and "wound" in s["condition"]
    pk = s["pk"]
    page = c.get(f"/sightings/{pk}").text
    assert "أم فادي" in page and "+963 944 123 456" in page
    admin, _ = as_user(app_client, "admin")
    assert admin.get(f"/api/sightings/{pk}").json()["witness"]["name"] == "أم فادي"
    # nobody else: not another caseworker, not a reviewer, not an analyst — on any page
    for name in ("caseworker2", "reviewer", "analyst"):
        other, _tok = as_user(app_client, name)
        answer = other.get(f"/api/sightings/{pk}").json()
        assert answer["witness"] is None and answer["witness_restricted"] is True
        for path in (
            f"/sightings/{pk}",
            f"/api/sightings/{pk}",
            f"/records/{pk}/attachments",
            f"/api/attachments?record={pk}",
        ):
            text = other.get(path).text
            assert "أم فادي" not in text and "944 123" not in text and "cellmate" not in text, path
        assert 'id="witness-restricted"' in other.get(f"/sightings/{pk}").text
    refused = [e for e in store.events(kind="witness_access_refused")]
    assert {e.actor for e in refused} == {"caseworker2", "reviewer", "analyst"}
    assert {e.actor for e in store.events(kind="witness_accessed")} == {"caseworker", "admin"}
    assert any(e.payload.get("id") == str(pk) for e in store.events(kind="record.view"))


def test_the_sighting_form(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "caseworker")
    assert 'id="sighting-form"' in c.get("/sightings/new").text
    form = {k: v for k, v in SIGHTING.items() if isinstance(v, str)}
    form |= {"witness_name": "Abu Samir", "csrf_token": token}
    unknown = c.post("/sightings/new", data=form | {"facility": "Nowhere Camp"})
    assert unknown.status_code == 400 and "Nowhere Camp" in unknown.text
    assert 'value="Abu Samir"' in unknown.text  # what was typed is kept
    no_witness = c.post("/sightings/new", data=form | {"witness_name": ""})
    assert no_witness.status_code == 400
    made = c.post("/sightings/new", data=form, follow_redirects=False)
    assert made.status_code == 303
    page = c.get(made.headers["location"]).text
    assert "Abu Samir" in page and "سجن صيدنايا العسكري" in page
    for role in ("reviewer", "analyst"):
        other, tok = as_user(app_client, role)
        assert other.get("/sightings/new").status_code == 403
        assert (
            other.post("/api/sightings", json=SIGHTING, headers={"X-CSRF-Token": tok}).status_code
            == 403
        )
    bad_date = c.post(
        "/api/sightings", json=SIGHTING | {"seen_date": "2099"}, headers={"X-CSRF-Token": token}
    )
    assert bad_date.status_code == 400
    assert c.get("/api/sightings/999999").status_code == 404


# ----------------------------------------------------------------------- attachments


def _record(c: TestClient, token: str) -> int:
    made = c.post("/api/sightings", json=SIGHTING, headers={"X-CSRF-Token": token})
    pk: int = made.json()["pk"]
    return pk


def test_images_of_the_dead_are_blurred_for_analysts(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "caseworker")
    pk = _record(c, token)
    original = png()
    added = c.post(
        "/api/attachments",
        data={"record": str(pk), "kind": "photo", "shows_dead": "true"},
        files={"file": ("body.png", original, "image/png")},
        headers={"X-CSRF-Token": token},
    )
    assert added.status_code == 201, added.text
    sha = added.json()["sha256"]
    assert added.json()["shows_dead"] and added.json()["mime_type"] == "image/png"

    analyst, _ = as_user(app_client, "analyst")
    for path in (
        f"/attachments/{sha}",
        f"/attachments/{sha}?reveal=1",
        f"/api/attachments/{sha}/content?reveal=1",
    ):
        got = analyst.get(path)
        assert got.status_code == 200
        assert got.headers["content-type"] == "image/jpeg"
        assert got.headers["x-athar-rendition"] == "blurred"
        assert got.content != original and got.content[:2] == b"\xff\xd8"
    view = analyst.get(f"/attachments/{sha}/view?reveal=1").text
    assert 'id="reveal"' not in view and "?reveal=1" not in view
    refused = store.events(kind="dead_image_reveal_refused")
    assert refused and {e.actor for e in refused} == {"analyst"}

    # the caseworker sees it blurred until they choose, then the original, never cached
    assert c.get(f"/attachments/{sha}").content != original
    assert 'id="reveal"' in c.get(f"/attachments/{sha}/view").text
    assert f"/attachments/{sha}?reveal=1" in c.get(f"/attachments/{sha}/view?reveal=1").text
    shown = c.get(f"/attachments/{sha}?reveal=1")
    assert shown.content == original and shown.headers["content-type"] == "image/png"
    assert shown.headers["cache-control"] == "no-store"
    assert shown.headers["x-athar-rendition"] == "original"
    assert [e.actor for e in store.events(kind="dead_image_revealed")] == ["caseworker"]


def test_attachments_of_a_record(app_client: TestClient, store: Store) -> None:
    c, token = as_user(app_client, "caseworker")
    pk = _record(c, token)
    scan = png((20, 20, 120))
    page = c.post(
        f"/records/{pk}/attachments",
        data={"kind": "register_scan", "csrf_token": token},
        files={"file": ("صفحة ١.png", scan, "image/png")},
        follow_redirects=False,
    )
    assert page.status_code == 303
    listed = c.get(f"/api/attachments?record={pk}").json()
    assert [a["file_name"] for a in listed] == ["صفحة ١.png"] and listed[0]["shows_dead"] is False
    sha = listed[0]["sha256"]
    # not of the dead: everyone sees it as stored
    analyst, tok = as_user(app_client, "analyst")
    got = analyst.get(f"/attachments/{sha}")
    assert got.content == scan and got.headers["content-type"] == "image/png"
    assert "صفحة ١.png" in analyst.get(f"/records/{pk}/attachments").text
    assert 'id="attach-file"' not in analyst.get(f"/records/{pk}/attachments").text
    refused = analyst.post(
        "/api/attachments",
        data={"record": str(pk)},
        files={"file": ("x.png", scan, "image/png")},
        headers={"X-CSRF-Token": tok},
    )
    assert refused.status_code == 403
    # a file that is no image or PDF is a download, never rendered
    html = b"<html><script>alert(1)</script></html>"
    c.post(
        "/api/attachments",
        data={"record": str(pk), "kind": "document"},
        files={"file": ("page.html", html, "text/html")},
        headers={"X-CSRF-Token": token},
    )
    (doc,) = [a for a in c.get(f"/api/attachments?record={pk}").json() if a["kind"] == "document"]
    served = c.get(f"/attachments/{doc['sha256']}")
    assert served.headers["content-type"] == "application/octet-stream"
    assert served.headers["content-disposition"].startswith("attachment;")
    # refusals and unknowns
    assert (
        c.post(
            "/api/attachments",
            data={"record": str(pk), "kind": "poster"},
            files={"file": ("x.png", scan, "image/png")},
            headers={"X-CSRF-Token": token},
        ).status_code
        == 400
    )
    assert c.get("/records/999999/attachments").status_code == 404
    assert c.get("/attachments/" + "0" * 64).status_code == 404
    assert c.get("/attachments/not-a-hash").status_code == 404
    assert c.get(f"/api/attachments/{sha}").json()[0]["record_pk"] == pk


def test_api_models_show_every_field_of_the_dataclasses_they_are_built_from() -> None:
    from dataclasses import fields

    from athar.sightings import WitnessIdentity
    from athar.store.evidence_api import AttachmentOut
    from athar.web.api_models import AttachmentInfo, AttachmentModel, RecordWitnessOut, WitnessOut

    def names(cls: type) -> set[str]:
        return {f.name for f in fields(cls)}

    assert set(AttachmentModel.model_fields) == names(AttachmentOut)
    assert set(AttachmentInfo.model_fields) == names(AttachmentOut) | {"url"}
    assert set(WitnessOut.model_fields) == names(WitnessIdentity)
    assert set(RecordWitnessOut.model_fields) == names(WitnessIdentity) | {"record_pk"}
