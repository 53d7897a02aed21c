"""What an import found: problems per row (which refuse the file), notes for the whole file.

Row problems name the row as a person finds it, the field and the value; values the import could
not map (a status, a facility, a sex) are counted once per distinct value, since a list that
writes "مسفر" a thousand times needs one answer, not a thousand lines.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from athar.ingest.table import Row

# File-level tallies of values kept as written but not understood, by what they were meant as.
UNMAPPED_KINDS = (
    "status",
    "facility",
    "birth_place",
    "governorate",
    "sex",
    "national_id",
    "source_kind",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a row cannot be imported."""

    row: int
    field: str  # canonical field, or "" for the whole row
    problem: str
    value: str = ""
    sheet: str = ""

    @property
    def what(self) -> str:
        """The problem without its place: "birth_date: ... ('31/02/1990')"."""
        field = f"{self.field}: " if self.field else ""
        value = f" ({self.value!r})" if self.value else ""
        return f"{field}{self.problem}{value}"

    def __str__(self) -> str:
        where = f"sheet {self.sheet}, row {self.row}" if self.sheet else f"row {self.row}"
        return f"{where}: {self.what}"


@dataclass
class Report:
    """The outcome of turning one file's rows into records."""

    path: Path
    rows: int = 0  # data rows read
    imported: int = 0  # records built (rows without problems)
    problems: list[Problem] = field(default_factory=list)
    bad_rows: list[Row] = field(default_factory=list)  # verbatim, for the reject file
    notes: list[str] = field(default_factory=list)
    unmapped_headers: list[str] = field(default_factory=list)
    unmapped: dict[str, Counter[str]] = field(
        default_factory=lambda: {k: Counter() for k in UNMAPPED_KINDS}
    )

    @property
    def ok(self) -> bool:
        """True when no row has a problem; otherwise the file is refused unless told to skip."""
        return not self.problems

    def problems_by_row(self) -> dict[tuple[str, int], list[Problem]]:
        """Problems grouped by (sheet, row)."""
        out: dict[tuple[str, int], list[Problem]] = {}
        for p in self.problems:
            out.setdefault((p.sheet, p.row), []).append(p)
        return out

    def summary(self, limit: int = 50) -> str:
        """A plain-text account for the terminal: counts, problems (first ``limit``), notes."""
        lines = [
            f"{self.path}: {self.rows} row(s) read, {self.imported} importable, "
            f"{len(self.bad_rows)} with problems"
        ]
        lines += [f"  {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more problem(s)")
        if self.unmapped_headers:
            lines.append("columns kept only in raw: " + ", ".join(self.unmapped_headers))
        for kind, counts in self.unmapped.items():
            if counts:
                shown = ", ".join(f"{v!r} ×{n}" for v, n in counts.most_common())
                lines.append(f"{kind} values not understood (kept as written): {shown}")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)


def write_rejects(report: Report, path: Path | str) -> int:
    """Write the rows with problems verbatim, plus ``row`` and ``problem`` columns, as CSV.

    UTF-8 with a byte-order mark, so that Excel shows the Arabic; written to a temporary file
    and renamed, so a crash never leaves half a reject file. Returns the number of rows written.
    """
    path = Path(path)
    headers: dict[str, None] = {}
    for row in report.bad_rows:
        headers.update(dict.fromkeys(row.cells))
    names = list(headers)
    extras = max((len(r.extra) for r in report.bad_rows), default=0)
    with_sheet = any(r.sheet for r in report.bad_rows)
    by_row = report.problems_by_row()
    fd, tmp = tempfile.mkstemp(prefix=".rejects-", suffix=".csv", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(
                [
                    *names,
                    *(f"extra {i}" for i in range(1, extras + 1)),
                    *(["sheet"] if with_sheet else []),
                    "row",
                    "problem",
                ]
            )
            for row in report.bad_rows:
                problems = "; ".join(
                    f"{p.field}: {p.problem}" if p.field else p.problem
                    for p in by_row.get((row.sheet, row.number), [])
                )
                writer.writerow(
                    [
                        *(row.cells.get(h, "") for h in names),
                        *(row.extra[i] if i < len(row.extra) else "" for i in range(extras)),
                        *([row.sheet] if with_sheet else []),
                        row.number,
                        problems,
                    ]
                )
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(report.bad_rows)
