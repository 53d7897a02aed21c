"""The dry run: how each header is mapped and the first rows as they will be stored."""

from __future__ import annotations

from athar.ingest.pipeline import Prepared
from athar.records import CANONICAL_FIELDS, Record

# Canonical field → the Record attribute holding its parsed form, shown after an arrow.
_PARSED = {
    "birth_date": "birth_date",
    "event_date": "event_date",
    "status": "status",
    "sex": "sex",
    "facility": "facility_id",
    "birth_place": "birth_place_id",
    "governorate": "governorate_id",
    "residence": "residence_id",
    "detainee_number": "detainee_number",
    "national_id": "national_id",
}


def _width(texts: list[str]) -> int:
    return max((len(t) for t in texts), default=0)


def _record_lines(rec: Record) -> list[str]:
    lines = []
    for name in CANONICAL_FIELDS:
        value = rec.fields.get(name, "")
        parsed = str(getattr(rec, _PARSED[name], "")) if name in _PARSED else value
        if not value and not (name == "status" and parsed != "unknown"):
            continue
        shown = value if parsed == value else f"{value} → {parsed or '?'}"
        lines.append(f"    {name}: {shown}")
    return lines


def dry_run_summary(prepared: Prepared, rows: int = 5) -> str:
    """Plain text for the terminal: file, header → field table, first ``rows`` rows, report."""
    t, report = prepared.table, prepared.report
    how_read = ", ".join(
        x
        for x in (
            t.format,
            t.encoding,
            f"delimiter {t.delimiter!r}" if t.delimiter else "",
            f"sheets {', '.join(t.sheets)}" if t.sheets else "",
        )
        if x
    )
    out = [f"{prepared.path} ({how_read}), sha256 {prepared.sha256[:12]}", "", "columns:"]
    width = _width([c.header for c in prepared.mapping.columns])
    for c in prepared.mapping.columns:
        target = c.field or "-"
        event = f" ({c.event})" if c.event else ""
        out.append(f"  {c.header.ljust(width)}  → {target.ljust(16)} {c.how}{event}")
    by_place = {(r.sheet, r.row_number): r for r in prepared.records}
    problems = report.problems_by_row()
    out += ["", f"first {min(rows, len(t.rows))} of {len(t.rows)} row(s) as they will be stored:"]
    for row in t.rows[:rows]:
        rec = by_place.get((row.sheet, row.number))
        if rec is None:
            why = "; ".join(p.what for p in problems.get((row.sheet, row.number), []))
            out.append(f"  {row.where}: NOT IMPORTED: {why}")
            continue
        out.append(f"  {row.where}:")
        out += _record_lines(rec)
    out += ["", report.summary()]
    return "\n".join(out)
