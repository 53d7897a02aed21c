"""`athar names ...` from the outside: what an analyst types and reads."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from athar.names.cli import app

runner = CliRunner()


def test_normalize_json() -> None:
    result = runner.invoke(app, ["normalize", "--json", "محمد عبد الرحمن الحلبي", "Mo7ammad"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["script"] == "arabic"
    assert first["parts"] == {"given": "محمد", "father": "عبد الرحمن", "family": "الحلبي"}
    assert first["romanized"].startswith("Mohammad")
    assert second["units"][0]["key"] == first["units"][0]["key"]


def test_normalize_table() -> None:
    result = runner.invoke(app, ["normalize", "الحاج أحمد بن محمد الخطيب"])
    assert result.exit_code == 0
    assert "father: محمد" in result.output


def test_compare_two_names() -> None:
    result = runner.invoke(app, ["compare", "حسن", "Hussein"])
    assert result.exit_code == 0
    assert "level: different" in result.output
    result = runner.invoke(app, ["compare", "محمد", "Mhd"])
    assert "level: canonical" in result.output


def test_compare_needs_two_names_or_a_file() -> None:
    result = runner.invoke(app, ["compare", "محمد"])
    assert result.exit_code != 0


def test_compare_pairs_file(tmp_path: Path) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text("a,b\nمحمد,Mohammad\nOmar,Amer\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", "--pairs", str(src)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["level"] for r in rows] == ["canonical", "different"]
    assert float(rows[0]["score"]) > float(rows[1]["score"])


def test_compare_pairs_file_with_wrong_columns(tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("x,y\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["compare", "--pairs", str(src)])
    assert result.exit_code != 0
    # the message is boxed and wrapped to the terminal's width: read it without the box
    flat = re.sub(r"[\s│╭╮╰╯─]+", "", result.output)
    assert "missingcolumn" in flat and "bad.csv" in flat


def test_rank(tmp_path: Path) -> None:
    gallery = tmp_path / "g.csv"
    gallery.write_text(
        "id,name\nr1,محمد عبد الرحمن الحلبي\nr2,حسين خالد الخطيب\nr3,عمر سامي النجار\n",
        encoding="utf-8",
    )
    queries = tmp_path / "q.csv"
    queries.write_text(
        "id,name\nq1,Mhd Abd Al Rahman Halabi\nq2,Hussein Khaled Al-Khatib\nq3,NAJJAR Omar\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app, ["rank", "--gallery", str(gallery), "--queries", str(queries), "--top", "2"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    best = {r["query_id"]: r["gallery_id"] for r in rows if r["rank"] == "1"}
    assert best == {"q1": "r1", "q2": "r2", "q3": "r3"}
    assert all(int(r["rank"]) <= 2 for r in rows)
