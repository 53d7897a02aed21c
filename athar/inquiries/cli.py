"""`athar inquiry add | list | show | status | alerts | candidate`: families' inquiries."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from athar.cli_options import ByOption, DbOption, fail, open_store
from athar.records import display_name

app = typer.Typer(help="Families' inquiries: register, match, follow.", no_args_is_help=True)
console = Console()
err = Console(stderr=True)


def _refuse(exc: Exception) -> typer.Exit:
    return fail(exc, label="refused")


@app.command("add")
def add_command(
    requester: Annotated[str, typer.Option("--requester", help="Who asks.")],
    consent_how: Annotated[str, typer.Option("--consent-how", help="How consent was given.")],
    name: Annotated[str, typer.Option("--name", help="The sought person's full name.")] = "",
    given: Annotated[str, typer.Option("--given")] = "",
    father: Annotated[str, typer.Option("--father")] = "",
    grandfather: Annotated[str, typer.Option("--grandfather")] = "",
    family: Annotated[str, typer.Option("--family")] = "",
    mother: Annotated[str, typer.Option("--mother")] = "",
    sex: Annotated[str, typer.Option("--sex", help="m or f.")] = "",
    birth: Annotated[str, typer.Option("--birth", help="Birth date or year.")] = "",
    birth_place: Annotated[str, typer.Option("--birth-place")] = "",
    governorate: Annotated[str, typer.Option("--governorate")] = "",
    last_seen_place: Annotated[str, typer.Option("--last-seen-place")] = "",
    last_seen_date: Annotated[str, typer.Option("--last-seen-date")] = "",
    notes: Annotated[str, typer.Option("--notes")] = "",
    relation: Annotated[str, typer.Option("--relation", help="Requester's relation.")] = "",
    contact: Annotated[str, typer.Option("--contact", help="Phone, address (encrypted).")] = "",
    consent: Annotated[bool, typer.Option("--consent/--no-consent")] = False,
    consent_date: Annotated[str, typer.Option("--consent-date")] = "",
    assign: Annotated[str, typer.Option("--assign", help="Caseworker in charge.")] = "",
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Register a family's inquiry and match it against the registry at once."""
    from athar.inquiries.service import InquiryRefused, register_inquiry

    sought = {
        "full_name": name,
        "given_name": given,
        "father_name": father,
        "grandfather_name": grandfather,
        "family_name": family,
        "mother_name": mother,
        "sex": sex,
        "birth_date": birth,
        "birth_place": birth_place,
        "governorate": governorate,
        "last_seen_place": last_seen_place,
        "last_seen_date": last_seen_date,
        "notes": notes,
    }
    with open_store(db) as store:
        try:
            inquiry_id, found = register_inquiry(
                store,
                sought,
                requester_name=requester,
                requester_relation=relation,
                contact=contact,
                consent_given=consent,
                consent_how=consent_how,
                consent_date=consent_date,
                assigned_to=assign or by,
                by=by,
            )
        except InquiryRefused as exc:
            raise _refuse(exc) from exc
    console.print(f"inquiry {inquiry_id} registered; {len(found)} candidate(s) found")


@app.command("list")
def list_command(
    status: Annotated[str | None, typer.Option("--status")] = None,
    assigned: Annotated[str | None, typer.Option("--assigned")] = None,
    db: DbOption = None,
) -> None:
    """List inquiries."""
    from athar.store.casework_api import inquiries

    with open_store(db) as store:
        rows = inquiries(store, [status] if status else None, assigned)
    table = Table("id", "sought", "status", "assigned", "created")
    for r in rows:
        table.add_row(
            str(r.id),
            display_name(r.fields),
            r.status,
            r.assigned_to,
            r.created_at.strftime("%Y-%m-%d"),
        )
    console.print(table)


@app.command("show")
def show_command(
    inquiry_id: Annotated[int, typer.Argument(help="Inquiry id.")],
    role: Annotated[str, typer.Option("--role", help="Viewer's role.")] = "caseworker",
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Show an inquiry as its page does (a death only once a caseworker confirmed it)."""
    from athar.inquiries.service import InquiryRefused
    from athar.inquiries.view import inquiry_view

    with open_store(db) as store:
        try:
            view = inquiry_view(store, inquiry_id, role, by)
        except InquiryRefused as exc:
            raise _refuse(exc) from exc
    outcome = f" ({view.outcome})" if view.outcome else ""
    console.print(f"[bold]inquiry {view.id}[/bold]: {display_name(view.sought)}")
    console.print(f"status: {view.status}{outcome}; assigned to {view.assigned_to or '—'}")
    console.print(f"asked by {view.requester_name} ({view.requester_relation or '—'})")
    if view.contact is not None:
        console.print(f"contact: {view.contact}")
    for c in view.candidates:
        console.print(
            f"candidate {c.candidate_id}: {c.person_id or '(not linked yet)'} "
            f"score {c.score:.3f} [{c.state}]"
        )
        for r in c.records:
            facts = ", ".join(f"{k}: {v}" for k, v in r.fields.items())
            console.print(f"   {r.source}:{r.record_id} {r.name} — {facts}")
    for e in view.events:
        move = f"{e.from_status} → {e.to_status}" if e.to_status else ""
        console.print(f"  {e.at:%Y-%m-%d %H:%M} {e.actor}: {e.kind} {move} {e.reason}".rstrip())


@app.command("status")
def status_command(
    inquiry_id: Annotated[int, typer.Argument(help="Inquiry id.")],
    new: Annotated[
        str, typer.Argument(help="open, candidates, confirmed, family_informed, closed")
    ],
    reason: Annotated[str, typer.Option("--reason", help="Why (required).")] = "",
    outcome: Annotated[
        str | None, typer.Option("--outcome", help="With confirmed: alive, released, deceased.")
    ] = None,
    person: Annotated[str | None, typer.Option("--person", help="With confirmed.")] = None,
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Move an inquiry to a new status (illegal moves are refused)."""
    from athar.inquiries.service import InquiryRefused, change_status
    from athar.inquiries.status import IllegalMove

    with open_store(db) as store:
        try:
            change_status(
                store, inquiry_id, new, reason=reason, by=by, outcome=outcome, person=person
            )
        except (InquiryRefused, IllegalMove) as exc:
            raise _refuse(exc) from exc
    console.print(f"inquiry {inquiry_id}: {new}")


@app.command("alerts")
def alerts_command(
    user: Annotated[str, typer.Argument(help="The caseworker.")],
    db: DbOption = None,
) -> None:
    """New candidates on a caseworker's inquiries."""
    from athar.inquiries.service import alerts_for

    with open_store(db) as store:
        alerts = alerts_for(store, user)
    if not alerts:
        console.print(f"no new candidates for {user}")
        return
    table = Table("inquiry", "sought", "candidate", "person", "score", "found")
    for a in alerts:
        table.add_row(
            str(a.inquiry_id),
            a.sought,
            str(a.candidate_id),
            a.person_id or "(not linked yet)",
            f"{a.score:.3f}",
            a.found_at.strftime("%Y-%m-%d %H:%M"),
        )
    console.print(table)


@app.command("candidate")
def candidate_command(
    candidate_id: Annotated[int, typer.Argument(help="Candidate id.")],
    state: Annotated[str, typer.Argument(help="seen or dismissed")],
    by: ByOption = "cli",
    db: DbOption = None,
) -> None:
    """Mark a candidate seen (alert read) or dismissed (not the sought person)."""
    from athar.inquiries.service import InquiryRefused, set_candidate

    with open_store(db) as store:
        try:
            set_candidate(store, candidate_id, state, by)
        except InquiryRefused as exc:
            raise _refuse(exc) from exc
    console.print(f"candidate {candidate_id}: {state}")


@app.command("rematch")
def rematch_command(by: ByOption = "cli", db: DbOption = None) -> None:
    """Match every live inquiry again (runs by itself after import and link)."""
    from athar.inquiries.matching import rematch_open_inquiries

    with open_store(db) as store:
        summary = rematch_open_inquiries(store, by=by)
    report_rematch(summary.matched, sum(len(v) for v in summary.new.values()), summary.note)


def report_rematch(matched: int, new: int, note: str) -> None:
    if note:
        console.print(f"inquiries: {note}")
    elif matched:
        console.print(f"inquiries: {matched} matched again, {new} new candidate(s)")
