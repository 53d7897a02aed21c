"""What every reader returns: the header and the rows of a file, cell text verbatim."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from athar.ingest.messages import say


@dataclass(frozen=True, slots=True)
class Row:
    """One data row as the file has it; ``number`` is the row a person finds it at.

    CSV: the file line the row starts on (the first data row under a header is line 2). XLSX:
    the sheet's row number. JSON Lines: the line. A JSON array: the object's position (1-based).
    """

    number: int
    cells: dict[str, str]  # header → cell text verbatim ("" for a missing cell)
    sheet: str = ""
    extra: tuple[str, ...] = ()  # cells beyond the last header (a ragged CSV row)

    @property
    def is_empty(self) -> bool:
        return not any(v.strip() for v in self.cells.values()) and not any(
            v.strip() for v in self.extra
        )

    @property
    def where(self) -> str:
        """Where to look, as a person would say it: "row 12" or "sheet Deaths, row 12"."""
        if self.sheet:
            return say("sheet %(sheet)s, row %(row)s", sheet=self.sheet, row=self.number)
        return say("row %(row)s", row=self.number)


@dataclass(slots=True)
class Table:
    """A whole file read: headers in file order (the union over sheets), rows, how it was read."""

    path: Path
    format: str  # "csv", "xlsx", "json" or "jsonl"
    headers: list[str]
    rows: list[Row]
    encoding: str = ""  # text formats: the encoding detected
    delimiter: str = ""  # CSV: the delimiter sniffed
    sheets: list[str] = field(default_factory=list)  # XLSX: the sheets read
    notes: list[str] = field(default_factory=list)  # what the reader had to decide


def unique_headers(names: list[str]) -> tuple[list[str], list[str]]:
    """Headers made usable as keys: blanks named by position, repeats numbered; with notes.

    Repeats keep the first spelling verbatim and get " (2)", " (3)" after it, so every original
    cell still reaches ``raw`` under a name a person recognises.
    """
    out: list[str] = []
    notes: list[str] = []
    seen: set[str] = set()
    for i, name in enumerate(names, start=1):
        base = name.strip() or f"column {i}"
        candidate, n = base, 1
        while candidate in seen:
            n += 1
            candidate = f"{base} ({n})"
        if not name.strip():
            notes.append(
                say(
                    "column %(column)s has no header; its cells are kept as %(kept)r",
                    column=i,
                    kept=candidate,
                )
            )
        elif candidate != base:
            notes.append(
                say(
                    "header %(header)r repeats; column %(column)s is kept as %(kept)r",
                    header=base,
                    column=i,
                    kept=candidate,
                )
            )
        seen.add(candidate)
        out.append(candidate)
    return out, notes
