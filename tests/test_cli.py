"""The `athar` command as installed: every command has --help, demo and synth work end to end."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from athar.cli import app

runner = CliRunner()

COMMANDS = [
    [],
    ["names"],
    ["names", "normalize"],
    ["names", "compare"],
    ["names", "rank"],
    ["places"],
    ["places", "resolve"],
    ["places", "list"],
    ["synth"],
    ["demo"],
    ["version"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "athar")
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "athar"
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True)
    assert "names" in out.stdout and "synth" in out.stdout


def test_synth_through_the_cli(tmp_path: Path) -> None:
    result = runner.invoke(app, ["synth", str(tmp_path), "--persons", "300", "--seed", "5"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "truth.csv").open(encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    assert truth and set(truth[0]) == {"record_id", "person_id"}


def test_demo_builds_and_describes(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    before = os.environ.get("ATHAR_DATA_DIR")
    result = runner.invoke(app, ["demo", "--out", str(out), "--persons", "200"])
    assert os.environ.get("ATHAR_DATA_DIR") == before  # the caller's registry is left alone
    assert result.exit_code == 0, result.output
    assert "linked" in result.output and (out / "athar.db").exists()
