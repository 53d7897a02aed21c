"""The generation run: persons family by family, their appearances, rendered and written."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from athar.synth import sources
from athar.synth.coverage import plan
from athar.synth.pools import pools
from athar.synth.population import families
from athar.synth.writer import SOURCE_FILES, Sinks

PROGRESS_EVERY: Final = 1000  # persons between two progress callbacks


@dataclass(frozen=True, slots=True)
class SynthSummary:
    """What a run wrote: records per file, persons made and seen, and how long it took."""

    out_dir: Path
    seed: int
    persons: int  # the true population, including persons no source mentions
    observed_persons: int  # persons with at least one record
    records: dict[str, int]  # file name → rows
    seconds: float

    @property
    def total_records(self) -> int:
        return sum(self.records.values())


def generate(
    persons: int,
    seed: int,
    out_dir: Path,
    progress: Callable[[int], None] | None = None,
) -> SynthSummary:
    """Write the five source files and ``truth.csv`` for ``persons`` synthetic persons.

    Same ``seed`` and ``persons`` → byte-identical files. ``progress`` receives the number of
    persons generated so far, every ``PROGRESS_EVERY`` persons and at the end.
    """
    if persons < 0:
        raise ValueError("persons must be zero or more")
    started = time.perf_counter()
    tables = pools()
    out_dir.mkdir(parents=True, exist_ok=True)
    done = observed = 0
    next_report = PROGRESS_EVERY
    with Sinks(out_dir, persons, seed) as sinks:
        for rng, members in families(persons, seed, tables):
            for p in members:
                cov = plan(p, rng)
                rows: list[tuple[str, sources.Row]] = []
                for _ in range(cov.family_reports):
                    rows.append(("family_report", sources.family_report(p, rng, tables)))
                for stay in cov.register:
                    rows.append(("prison_register", sources.prison_register(p, stay, rng, tables)))
                for _ in range(cov.release_lists):
                    rows.append(("release_list", sources.release_list(p, rng, tables)))
                for _ in range(cov.ngo_lists):
                    rows.append(("ngo_list", sources.ngo_list(p, rng, tables)))
                for nameless in cov.deaths:
                    rows.append(("death_record", sources.death_record(p, nameless, rng, tables)))
                for kind, row in rows:
                    sinks.add(kind, p.person_id, row, rng.random())
                observed += bool(rows)
            done += len(members)
            if progress is not None and done >= next_report:
                progress(done)
                next_report = done + PROGRESS_EVERY
        counts = sinks.finish()
    if progress is not None:
        progress(done)
    return SynthSummary(
        out_dir=out_dir,
        seed=seed,
        persons=persons,
        observed_persons=observed,
        records={SOURCE_FILES[k][0]: counts[SOURCE_FILES[k][0]] for k in SOURCE_FILES},
        seconds=time.perf_counter() - started,
    )


def describe(summary: SynthSummary) -> str:
    """A short human summary of a run, for ``athar synth`` and ``athar demo``."""
    parts = ", ".join(f"{n:,} {name.removesuffix('.csv')}" for name, n in summary.records.items())
    return (
        f"{summary.total_records:,} records of {summary.observed_persons:,} persons "
        f"({summary.persons:,} generated, seed {summary.seed}) in {summary.seconds:.1f} s: "
        f"{parts}; ground truth in {summary.out_dir / 'truth.csv'}"
    )
