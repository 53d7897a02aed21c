"""Evidence: content-addressed files with their chain of custody, images of the dead shown only
blurred unless a caseworker or admin asks, and documented events at facilities with sources."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from databases import database_urls
from PIL import Image, ImageDraw, ImageStat
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from athar.cli import app
from athar.evidence import (
    AccessDenied,
    BlobCorrupt,
    BlobStore,
    add_attachment,
    add_facility_event,
    attachment_image,
    facility_page,
)
from athar.sightings import WitnessIdentity, record_sighting
from athar.store import Store
from athar.store.engine import normalize_url
from athar.store.evidence_api import add_attachment_row, attachments

runner = CliRunner()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_urls(request, tmp_path)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    for name in ("ATHAR_KEY_FILE", "ATHAR_BLOB_DIR", "ATHAR_BLUR_DIR", "ATHAR_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@pytest.fixture
def store(url: str, home: Path) -> Iterator[Store]:
    with Store.open(url) as opened:
        yield opened


@pytest.fixture
def record(store: Store) -> int:
    return record_sighting(
        store,
        facility="sednaya",
        seen_date="2016",
        condition="",
        witness=WitnessIdentity("W"),
        by="cw1",
        given_name="Khaled",
        family_name="Al-Halabi",
    ).pk


def photo(path: Path, seed: int = 0) -> Path:
    """A detailed test image: sharp stripes and text-like blocks a blur must wash out."""
    im = Image.new("RGB", (400, 300), "white")
    draw = ImageDraw.Draw(im)
    for x in range(0, 400, 6):
        draw.line([(x, 0), (x, 300)], fill=(0, 0, 0) if (x // 6) % 2 else (200, 30, seed % 255))
    draw.rectangle([120, 90, 280, 210], fill=(250, 220, 180))
    im.save(path, "PNG")
    return path


def edge_energy(data: bytes) -> float:
    """Mean absolute difference between neighbouring pixels: high for sharp images."""
    with Image.open(io.BytesIO(data)) as im:
        grey = im.convert("L").resize((200, 150))
    shifted = grey.transform(grey.size, Image.Transform.AFFINE, (1, 0, 1, 0, 1, 0))
    diff = Image.frombytes(
        "L",
        grey.size,
        bytes(abs(a - b) for a, b in zip(grey.tobytes(), shifted.tobytes(), strict=True)),
    )
    return ImageStat.Stat(diff).mean[0]


# ------------------------------------------------------------------ the blob store


def test_blobs_are_content_addressed_deduplicated_and_verified(tmp_path: Path) -> None:
    blobs = BlobStore(tmp_path / "blobs")
    first = photo(tmp_path / "a.png")
    copy = tmp_path / "same-bytes-other-name.png"
    copy.write_bytes(first.read_bytes())
    sha = hashlib.sha256(first.read_bytes()).hexdigest()
    stored = blobs.put(first)
    again = blobs.put(copy)
    assert (stored.sha256, stored.new, again.new) == (sha, True, False)
    assert stored.path == tmp_path / "blobs" / sha[:2] / sha[2:]
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == [stored.path]
    assert blobs.verify(sha) == first.stat().st_size
    # a stored copy altered behind Athar's back is found out, and not silently trusted
    stored.path.chmod(0o640)
    stored.path.write_bytes(b"tampered")
    with pytest.raises(BlobCorrupt, match=sha):
        blobs.verify(sha)
    with pytest.raises(BlobCorrupt):
        blobs.put(first)
    with pytest.raises(BlobCorrupt):
        blobs.read(sha)
    with pytest.raises(ValueError, match="SHA-256"):
        blobs.path_of("../../etc/passwd")


# ------------------------------------------------------------------ attachments


def test_attaching_keeps_the_chain_of_custody_and_is_idempotent(
    store: Store, record: int, home: Path
) -> None:
    scan = photo(home / "register-page-12.png")
    row = add_attachment(
        store, scan, by="cw1", kind="register_scan", shows_dead=False, record=record
    )
    assert row.sha256 == hashlib.sha256(scan.read_bytes()).hexdigest()
    assert (row.file_name, row.mime_type, row.size) == (
        "register-page-12.png",
        "image/png",
        scan.stat().st_size,
    )
    assert (row.record_pk, row.added_by, row.added_at.tzinfo is not None) == (record, "cw1", True)
    assert (home / "blobs" / row.sha256[:2] / row.sha256[2:]).is_file()
    again = add_attachment(
        store, scan, by="cw2", kind="register_scan", shows_dead=False, record=record
    )
    assert again.id == row.id and again.added_by == "cw1"
    on_facility = add_attachment(
        store, scan, by="cw2", kind="photo", shows_dead=False, facility="Saydnaya"
    )
    assert on_facility.id != row.id and on_facility.facility_id == "sednaya"
    assert len(attachments(store, sha256=row.sha256)) == 2
    logged = store.events(kind="attachment_added")
    assert [e.payload["attachment_id"] for e in logged] == [row.id, on_facility.id]
    assert logged[0].actor == "cw1" and logged[0].payload["sha256"] == row.sha256


def test_attachment_targets_are_checked(store: Store, record: int, home: Path) -> None:
    scan = photo(home / "p.png")
    with pytest.raises(ValueError, match="exactly one"):
        add_attachment(
            store, scan, by="x", kind="photo", shows_dead=False, record=record, facility="sednaya"
        )
    with pytest.raises(ValueError, match="exactly one"):
        add_attachment(store, scan, by="x", kind="photo", shows_dead=False)
    with pytest.raises(KeyError, match="no record"):
        add_attachment(store, scan, by="x", kind="photo", shows_dead=False, record=999_999)
    with pytest.raises(ValueError, match="unknown detention facility"):
        add_attachment(store, scan, by="x", kind="photo", shows_dead=False, facility="Atlantis")
    with pytest.raises(ValueError, match="kind"):
        add_attachment(store, scan, by="x", kind="selfie", shows_dead=False, record=record)
    with pytest.raises(FileNotFoundError):
        add_attachment(
            store, home / "missing.png", by="x", kind="photo", shows_dead=False, record=record
        )
    assert attachments(store) == []


def test_images_of_the_dead_are_blurred_except_for_a_caseworker_who_asks(
    store: Store, record: int, home: Path
) -> None:
    original = photo(home / "body.png").read_bytes()
    row = add_attachment(
        store, home / "body.png", by="cw1", kind="photo", shows_dead=True, record=record
    )
    for role, reveal in [
        ("analyst", False),
        ("analyst", True),
        ("researcher", True),
        ("caseworker", False),
    ]:
        shown = attachment_image(store, row.sha256, role, reveal, viewer="someone")
        assert shown.blurred and shown.mime_type == "image/jpeg"
        assert shown.data != original
        assert original not in shown.data
    blurred = attachment_image(store, row.sha256, "analyst").data
    assert edge_energy(blurred) < 0.2 * edge_energy(original)
    with Image.open(io.BytesIO(blurred)) as im:
        assert not im.getexif()
    assert list((home / "blurred").rglob("*.jpg"))  # cached by hash
    for role in ("caseworker", "admin"):
        revealed = attachment_image(store, row.sha256, role, reveal=True, viewer=f"a {role}")
        assert not revealed.blurred and revealed.data == original
    assert [e.actor for e in store.events(kind="dead_image_revealed")] == [
        "a caseworker",
        "a admin",
    ]
    assert len(store.events(kind="dead_image_reveal_refused")) == 2


def test_other_images_are_shown_as_they_are(store: Store, record: int, home: Path) -> None:
    original = photo(home / "scan.png", seed=9).read_bytes()
    row = add_attachment(
        store, home / "scan.png", by="cw1", kind="register_scan", shows_dead=False, record=record
    )
    shown = attachment_image(store, row.sha256, "analyst")
    assert not shown.blurred and shown.data == original and shown.mime_type == "image/png"


def test_a_file_of_the_dead_that_is_no_image_is_never_shown_to_others(
    store: Store, record: int, home: Path
) -> None:
    report = home / "autopsy.pdf"
    report.write_bytes(b"%PDF-1.4 synthetic autopsy report")
    row = add_attachment(store, report, by="cw1", kind="document", shows_dead=True, record=record)
    assert row.mime_type == "application/pdf"
    with pytest.raises(AccessDenied):
        attachment_image(store, row.sha256, "analyst")
    assert attachment_image(store, row.sha256, "admin", reveal=True).data == report.read_bytes()
    with pytest.raises(KeyError):
        attachment_image(store, "0" * 64, "admin")


def test_evidence_tables_are_append_only(store: Store, record: int, url: str) -> None:
    add_attachment_row(
        store, sha256="a" * 64, file_name="f", mime_type="x/y", size=1, kind="photo",
        shows_dead=False, by="cw1", record_pk=record,
    )  # fmt: skip
    engine = create_engine(normalize_url(url))
    try:
        for sql in ("DELETE FROM attachments", "UPDATE attachments SET shows_dead = false"):
            with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
                conn.execute(text(sql))
    finally:
        engine.dispose()


# ------------------------------------------------------------------ facility events


def test_facility_events_keep_their_sources(store: Store, home: Path) -> None:
    statement = home / "statement.txt"
    statement.write_text("Synthetic account of the liberation.", encoding="utf-8")
    event = add_facility_event(
        store,
        "صيدنايا",
        "liberation",
        "08/12/2024",
        "Detainees freed.",
        by="researcher-1",
        urls=["https://example.org/report"],
        files=[statement],
    )
    assert (event.facility_id, event.kind, event.date) == ("sednaya", "liberation", "2024-12-08")
    by_kind = {("url" if s.url else "file"): s for s in event.sources}
    assert by_kind["url"].url == "https://example.org/report"
    sha = hashlib.sha256(statement.read_bytes()).hexdigest()
    assert by_kind["file"].sha256 == sha and by_kind["file"].title == "statement.txt"
    assert all(s.added_by == "researcher-1" for s in event.sources)
    add_facility_event(store, "sednaya", "mass_execution", "2016", "", by="researcher-1")
    page = facility_page(store, "Saydnaya")
    assert [e.kind for e in page.events] == ["mass_execution", "liberation"]  # by date
    assert [a.sha256 for a in page.attachments] == [sha]
    assert page.facility.aliases and page.facility.accuracy == "exact_site"
    kinds = [e.kind for e in store.events() if e.kind.startswith("facility_event")]
    assert kinds == [
        "facility_event_added",
        "facility_event_source_added",
        "facility_event_source_added",
        "facility_event_added",
    ]


@pytest.mark.parametrize(
    ("facility", "kind", "date", "urls", "message"),
    [
        ("Atlantis", "battle", "2013", [], "unknown detention facility"),
        ("sednaya", "picnic", "2013", [], "event kind"),
        ("sednaya", "battle", "2013-13-45", [], "event date"),
        ("sednaya", "battle", "2013", ["javascript:alert(1)"], "http"),
    ],
)
def test_bad_events_are_refused(
    store: Store, facility: str, kind: str, date: str, urls: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        add_facility_event(store, facility, kind, date, "", by="r", urls=urls)
    assert facility_page(store, "sednaya").events == ()


# ------------------------------------------------------------------ command line


def test_cli_files_events_and_facility_page(home: Path) -> None:
    scan = photo(home / "wall.png")
    added = runner.invoke(
        app, ["evidence", "add-file", str(scan), "--facility", "sednaya", "--by", "cw1",
              "--captured", "2024-12-09T10:00+03:00"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    sha = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert sha in added.output
    event = runner.invoke(
        app, ["facility", "event", "add", "sednaya", "--kind", "liberation", "--date", "2024-12",
              "--url", "https://example.org/a", "--by", "cw1"],
    )  # fmt: skip
    assert event.exit_code == 0, event.output
    assert "1 source(s)" in event.output
    shown = runner.invoke(app, ["facility", "show", "sednaya", "--json"])
    assert shown.exit_code == 0, shown.output
    page = json.loads(shown.output)
    assert page["facility"]["id"] == "sednaya"
    assert page["events"][0]["sources"][0]["url"] == "https://example.org/a"
    assert page["attachments"][0]["sha256"] == sha
    assert page["attachments"][0]["captured_at"].startswith("2024-12-09 07:00")
    assert runner.invoke(app, ["evidence", "verify"]).exit_code == 0
    bad = runner.invoke(app, ["evidence", "add-file", str(scan), "--facility", "sednaya",
                              "--by", "cw1", "--captured", "2024-12-09"])  # fmt: skip
    assert bad.exit_code == 2 and "timezone" in bad.output
