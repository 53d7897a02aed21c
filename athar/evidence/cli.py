"""`athar sighting | evidence | facility`: the evidence domain from the terminal, thin shells over
``athar.sightings``, ``athar.evidence`` and ``athar.stats.facilities``."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from athar.cli_options import ByOption, DbOption, fail, open_store

if TYPE_CHECKING:
    from athar.store import Store

console = Console()
err = Console(stderr=True)

sighting_app = typer.Typer(help="Witnesses' sightings of detainees.", no_args_is_help=True)
evidence_app = typer.Typer(help="Attached files: scans, photos, documents.", no_args_is_help=True)
facility_app = typer.Typer(
    help="Detention facilities: events, counts, people.", no_args_is_help=True
)
event_app = typer.Typer(help="Documented events at a facility.", no_args_is_help=True)
facility_app.add_typer(event_app, name="event")


def _fail(message: object, code: int = 2) -> typer.Exit:
    return fail(message, code=code)


def _record_pk(store: Store, ref: str) -> int:
    """A record from its pk or ``source/record_id``."""
    if ref.isdigit():
        if store.record(int(ref)) is None:
            raise ValueError(f"no record {ref}")
        return int(ref)
    source, sep, record_id = ref.partition("/")
    found = store.record_by_key(source, record_id) if sep else None
    if found is None:
        raise ValueError(f"no record {ref!r} (give a pk or source/record_id)")
    return found.pk


def _when(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"capture time {text!r} is not ISO 8601 (2024-12-08T10:30+00:00)"
        ) from None
    if value.tzinfo is None:
        raise ValueError(f"capture time {text!r} needs its timezone, e.g. +03:00 or Z")
    return value


# ------------------------------------------------------------------ sightings


@sighting_app.command("add")
def sighting_add(
    facility: Annotated[str, typer.Option("--facility", help="Where: facility id or name.")],
    seen: Annotated[str, typer.Option("--seen", help="When seen (ISO, partial allowed).")],
    witness_name: Annotated[str, typer.Option("--witness-name", help="Stored encrypted.")],
    by: ByOption,
    given: Annotated[str, typer.Option("--given", help="Given name of the person seen.")] = "",
    father: Annotated[str, typer.Option("--father")] = "",
    grandfather: Annotated[str, typer.Option("--grandfather")] = "",
    family: Annotated[str, typer.Option("--family")] = "",
    full_name: Annotated[str, typer.Option("--full-name", help="When parts are not known.")] = "",
    mother: Annotated[str, typer.Option("--mother")] = "",
    sex: Annotated[str, typer.Option("--sex")] = "",
    birth: Annotated[str, typer.Option("--birth", help="Birth date or year.")] = "",
    number: Annotated[str, typer.Option("--number", help="Detainee number.")] = "",
    condition: Annotated[str, typer.Option("--condition", help="In what condition.")] = "",
    status: Annotated[str, typer.Option("--status")] = "detained",
    notes: Annotated[str, typer.Option("--notes")] = "",
    witness_contact: Annotated[str, typer.Option("--witness-contact")] = "",
    witness_relation: Annotated[str, typer.Option("--witness-relation")] = "",
    unlisted_place: Annotated[
        bool, typer.Option("--unlisted-place", help="Accept a place not in the gazetteer.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Record a witness's sighting of a person as a witness_statement record."""
    from athar.sightings import WitnessIdentity, record_sighting

    try:
        witness = WitnessIdentity(witness_name, witness_contact, witness_relation)
        with open_store(db) as store:
            done = record_sighting(
                store,
                facility=facility,
                seen_date=seen,
                condition=condition,
                witness=witness,
                by=by,
                given_name=given,
                father_name=father,
                grandfather_name=grandfather,
                family_name=family,
                full_name=full_name,
                mother_name=mother,
                sex=sex,
                birth_date=birth,
                detainee_number=number,
                status=status,
                notes=notes,
                allow_unknown_facility=unlisted_place,
            )
    except ValueError as exc:
        raise _fail(exc) from exc
    place = done.facility_id or "an unlisted place"
    console.print(f"recorded {done.key} (record {done.pk}) at {place}; run `athar link` to link it")


@sighting_app.command("witness")
def sighting_witness(
    record: Annotated[str, typer.Argument(help="Record pk or source/record_id.")],
    viewer: Annotated[str, typer.Option("--viewer", help="Who asks.")],
    role: Annotated[str, typer.Option("--role", help="The viewer's role.")],
    db: DbOption = None,
) -> None:
    """Show who witnessed a statement (its caseworker and admins only; audited)."""
    from athar.evidence.access import AccessDenied
    from athar.sightings import witness_of

    with open_store(db) as store:
        try:
            identity = witness_of(store, _record_pk(store, record), viewer, role)
        except AccessDenied as exc:
            raise _fail(exc, 3) from exc
        except (KeyError, ValueError) as exc:
            raise _fail(exc) from exc
    for name, value in vars(identity).items():
        if value:
            console.print(f"{name}: {value}")


# ------------------------------------------------------------------ attachments


@evidence_app.command("add-file")
def evidence_add_file(
    file: Annotated[Path, typer.Argument(help="The file (scan, photo, document).", exists=True)],
    by: ByOption,
    record: Annotated[str | None, typer.Option("--record", help="pk or source/record_id.")] = None,
    facility: Annotated[str | None, typer.Option("--facility", help="Facility id/name.")] = None,
    event: Annotated[int | None, typer.Option("--event", help="Facility event id.")] = None,
    kind: Annotated[str, typer.Option("--kind", help="register_scan, photo, document…")] = "photo",
    shows_dead: Annotated[
        bool, typer.Option("--shows-dead", help="An image of the dead: shown blurred.")
    ] = False,
    captured: Annotated[
        str | None, typer.Option("--captured", help="When captured, ISO with timezone.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Store a file by its SHA-256 and attach it to a record, facility or event."""
    from athar.evidence import add_attachment

    with open_store(db) as store:
        try:
            row = add_attachment(
                store,
                file,
                by=by,
                kind=kind,
                shows_dead=shows_dead,
                record=_record_pk(store, record) if record is not None else None,
                facility=facility,
                event=event,
                captured_at=_when(captured),
            )
        except (KeyError, ValueError) as exc:
            raise _fail(exc) from exc
    console.print(f"{row.sha256}  {row.mime_type}  {row.size:,} bytes  (attachment {row.id})")


@evidence_app.command("verify")
def evidence_verify(db: DbOption = None) -> None:
    """Re-hash every attached file; exit 1 if one is missing or altered."""
    from athar.evidence import BlobCorrupt, BlobStore
    from athar.store.evidence_api import attachments

    blobs = BlobStore.default()
    bad = 0
    with open_store(db) as store:
        shas = sorted({a.sha256 for a in attachments(store)})
    for sha in shas:
        try:
            blobs.verify(sha)
        except (BlobCorrupt, FileNotFoundError) as exc:
            err.print(f"[red]{exc}[/red]")
            bad += 1
    console.print(f"{len(shas) - bad} of {len(shas)} files intact")
    if bad:
        raise typer.Exit(1)


# ------------------------------------------------------------------ facilities


@event_app.command("add")
def facility_event_add(
    facility: Annotated[str, typer.Argument(help="Facility id or name.")],
    kind: Annotated[str, typer.Option("--kind", help="liberation, battle, mass_execution…")],
    by: ByOption,
    date: Annotated[str, typer.Option("--date", help="ISO, partial allowed.")] = "",
    description: Annotated[str, typer.Option("--description")] = "",
    url: Annotated[list[str] | None, typer.Option("--url", help="A source link (repeat).")] = None,
    file: Annotated[
        list[Path] | None, typer.Option("--file", help="A source file (repeat).")
    ] = None,
    captured: Annotated[
        str | None, typer.Option("--captured", help="When the sources were captured (ISO).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Document an event at a facility, with its sources."""
    from athar.evidence import add_facility_event

    with open_store(db) as store:
        try:
            event = add_facility_event(
                store,
                facility,
                kind,
                date,
                description,
                by=by,
                urls=url or [],
                files=file or [],
                captured_at=_when(captured),
            )
        except (KeyError, ValueError, FileNotFoundError) as exc:
            raise _fail(exc) from exc
    console.print(
        f"event {event.id}: {event.kind} at {event.facility_id} {event.date or '(undated)'}, "
        f"{len(event.sources)} source(s)"
    )


@facility_app.command("show")
def facility_show(
    facility: Annotated[str, typer.Argument(help="Facility id or name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable.")] = False,
    db: DbOption = None,
) -> None:
    """A facility: names, aliases, place, counts, arrivals per year, events and sources."""
    from dataclasses import asdict

    from athar.evidence import facility_page

    with open_store(db) as store:
        try:
            page = facility_page(store, facility)
        except ValueError as exc:
            raise _fail(exc) from exc
    if as_json:
        typer.echo(json.dumps(asdict(page), ensure_ascii=False, default=str, indent=1))
        return
    f, s = page.facility, page.stats
    console.print(f"[bold]{f.name_en}[/bold] — {f.name_ar}  ({f.id}, {f.kind})")
    console.print(f"aliases: {' | '.join(f.aliases)}")
    console.print(f"at {f.lat}, {f.lon} ({f.accuracy}); {f.city}, {f.governorate}")
    console.print(
        f"{s.records:,} records, {s.persons:,} persons, {s.unlinked:,} not yet linked; "
        f"documented {s.first_date or '?'} … {s.last_date or '?'}"
    )
    if s.arrivals:
        console.print("arrivals: " + ", ".join(f"{y}: {n}" for y, n in s.arrivals.items()))
    for e in page.events:
        console.print(f"- event {e.id} {e.date or '(undated)'} {e.kind}: {e.description}")
        for src in e.sources:
            where = src.url or f"file {src.sha256}"
            console.print(f"    source: {where} (added by {src.added_by}, {src.added_at:%Y-%m-%d})")
    for a in page.attachments:
        console.print(f"- file {a.file_name} {a.sha256[:12]}… ({a.kind}, added by {a.added_by})")


@facility_app.command("people")
def facility_people(
    facility: Annotated[str, typer.Argument(help="Facility id or name.")],
    page: Annotated[int, typer.Option("--page", min=1)] = 1,
    per_page: Annotated[int, typer.Option("--per-page", min=1, max=1000)] = 50,
    db: DbOption = None,
) -> None:
    """The people documented at a facility, a page at a time."""
    from athar.stats.facilities import people_at

    with open_store(db) as store:
        try:
            result = people_at(store, facility, page, per_page)
        except ValueError as exc:
            raise _fail(exc) from exc
    console.print(f"{result.total:,} people at {result.facility_id}; page {page}/{result.pages}")
    for p in result.people:
        who = p.person_id or f"record {p.record_pks[0]}"
        span = p.first_date if p.first_date == p.last_date else f"{p.first_date}…{p.last_date}"
        console.print(f"{who}\t{p.name}\t{span}\t{','.join(p.statuses)}")


@facility_app.command("geojson")
def facility_geojson(
    output: Annotated[Path | None, typer.Option("--output", help="File (default: stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Every facility with its counts as a GeoJSON FeatureCollection, for the map."""
    from athar.stats.facilities import facilities_geojson

    with open_store(db) as store:
        text = json.dumps(facilities_geojson(store), ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        console.print(f"wrote {output}")
