"""How many of the held-out generator's spellings Athar reads as their Arabic name.

    python bench/heldout/name_coverage.py [--show N]

Every Latin spelling its tables give a name (English and French; the generated ʿAbd- and
-al-Din compounds left out) is compared with the name's Arabic writing by
``athar.names.compare_parts``; "same name" is a level of same key or better. The tables were
written apart from Athar's (see README.md): a spelling Athar misses here is one a relative may
write. Some of them are the generator's own conflations of two names (Salah for صالح).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import names_data

from athar.names import Level
from athar.names.similarity import compare_parts

SAME = (Level.EXACT, Level.CANONICAL, Level.KEY)
GENERATED = ("@", "%")  # markers of compounds the generator spells by rule


def spellings(table: str) -> list[tuple[str, str]]:
    """(Arabic, Latin spelling) of every line of one of the held-out name tables."""
    out = []
    for line in table.strip().splitlines():
        arabic, *latin = (part.strip() for part in line.split("|"))
        for column in latin:
            out += [(arabic, s.strip()) for s in column.split("/") if s.strip()]
    return [(a, s) for a, s in out if not s.startswith(GENERATED)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=20, help="misses to list per kind")
    args = ap.parse_args()
    tables = {
        "given": names_data.MALE + "\n" + names_data.FEMALE,
        "family": names_data.FAMILY,
    }
    for kind, table in tables.items():
        levels: Counter[str] = Counter()
        misses = []
        for arabic, latin in spellings(table):
            level, _ = compare_parts(arabic, latin)
            levels[level.name] += 1
            if level not in SAME:
                misses.append(f"{latin} ({arabic}): {level.name.lower()}")
        n = sum(levels.values())
        same = sum(levels[lv.name] for lv in SAME)
        print(f"{kind}: {n} spellings, same name {same / n:.4f}, close {levels['CLOSE'] / n:.4f}")
        for miss in misses[: args.show]:
            print("   ", miss)


if __name__ == "__main__":
    main()
