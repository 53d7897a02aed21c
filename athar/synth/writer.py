"""Sources written to CSV in shuffled order, with record ids and ground truth, in bounded memory.

Rows arrive family by family; written in that order, relatives would sit next to each other and a
linker could cheat on row order or record ids. So each row goes to a random bucket on disk, each
bucket is shuffled in memory at the end, and record ids are given in the final order.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path
from random import Random
from types import TracebackType
from typing import Final, Protocol

from athar.records import CANONICAL_FIELDS

SOURCE_FILES: Final = {
    "family_report": ("family_report.csv", "FR"),
    "prison_register": ("prison_register.csv", "PR"),
    "release_list": ("release_list.csv", "RL"),
    "ngo_list": ("ngo_list.csv", "NG"),
    "death_record": ("death_record.csv", "DR"),
}
TRUTH_FILE: Final = "truth.csv"
PERSONS_PER_BUCKET: Final = 40_000  # keeps a bucket of the largest source under ~50k rows
FLUSH_ROWS: Final = 20_000  # rows buffered per source before they go to their bucket files
_TMP: Final = ".synth-tmp"


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[str], /) -> object: ...


class _Source:
    """One source's rows, spread over buckets; ``finish`` writes them shuffled."""

    def __init__(self, kind: str, tmp: Path, buckets: int) -> None:
        self.kind = kind
        self._tmp = tmp
        self._buffers: list[list[list[str]]] = [[] for _ in range(buckets)]
        self._pending = 0

    def _bucket_file(self, bucket: int) -> Path:
        return self._tmp / f"{self.kind}.{bucket}.csv"

    def add(self, person_id: str, row: Mapping[str, str], roll: float) -> None:
        bucket = int(roll * len(self._buffers))
        self._buffers[bucket].append([person_id, *(row.get(f, "") for f in CANONICAL_FIELDS)])
        self._pending += 1
        if self._pending >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        for bucket, rows in enumerate(self._buffers):
            if rows:
                with self._bucket_file(bucket).open("a", encoding="utf-8", newline="") as fh:
                    csv.writer(fh).writerows(rows)
                rows.clear()
        self._pending = 0

    def finish(self, out: Path, prefix: str, truth: _RowWriter, seed: int) -> int:
        count = 0
        with out.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(CANONICAL_FIELDS)
            for bucket, buffered in enumerate(self._buffers):
                rows: list[list[str]] = []
                path = self._bucket_file(bucket)
                if path.exists():
                    with path.open(encoding="utf-8", newline="") as bf:
                        rows.extend(csv.reader(bf))
                    path.unlink()
                rows.extend(buffered)
                buffered.clear()
                Random(f"{seed}/{self.kind}/{bucket}").shuffle(rows)
                for row in rows:
                    count += 1
                    record_id = f"{prefix}-{count:07d}"
                    row[1] = record_id  # column 0 is the person id, then the canonical fields
                    writer.writerow(row[1:])
                    truth.writerow((record_id, row[0]))
        return count


class Sinks:
    """The five source files and the truth file of one generation run."""

    def __init__(self, out_dir: Path, persons: int, seed: int) -> None:
        self._out = out_dir
        self._seed = seed
        self._tmp = out_dir / _TMP
        if self._tmp.exists():
            shutil.rmtree(self._tmp)
        self._tmp.mkdir(parents=True)
        buckets = max(1, -(-persons // PERSONS_PER_BUCKET))
        self._sources = {kind: _Source(kind, self._tmp, buckets) for kind in SOURCE_FILES}

    def add(self, kind: str, person_id: str, row: Mapping[str, str], roll: float) -> None:
        """Queue a row; ``roll`` (uniform in [0, 1)) chooses its bucket."""
        self._sources[kind].add(person_id, row, roll)

    def finish(self) -> dict[str, int]:
        """Write every file in shuffled order with record ids; returns rows per file name."""
        counts: dict[str, int] = {}
        with (self._out / TRUTH_FILE).open("w", encoding="utf-8", newline="") as fh:
            truth = csv.writer(fh, lineterminator="\n")
            truth.writerow(("record_id", "person_id"))
            for kind, source in self._sources.items():
                name, prefix = SOURCE_FILES[kind]
                counts[name] = source.finish(self._out / name, prefix, truth, self._seed)
        return counts

    def __enter__(self) -> Sinks:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)
