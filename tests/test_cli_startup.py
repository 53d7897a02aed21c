"""`athar --help` answers at once: loading the CLI imports none of the heavy libraries (they cost
seconds), only the commands that use them do. Each check runs in a fresh interpreter, since this
one has long imported everything."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest

HEAVY = [
    "alembic",
    "argon2",
    "duckdb",
    "fastapi",
    "numpy",
    "openpyxl",
    "pandas",
    "PIL",
    "pyarrow",
    "splink",
    "sqlalchemy",
    "uvicorn",
    "yaml",
]


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}  # help on one line per option
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_loading_the_cli_imports_no_heavy_library() -> None:
    done = _python(
        "import json, sys\n"
        "import athar.cli\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_help_lists_the_commands() -> None:
    done = _python("from athar.cli import app; app(prog_name='athar')", "--help")
    assert done.returncode == 0, done.stderr
    for command in ("import", "link", "search", "serve", "user", "evidence", "inquiry", "review"):
        assert command in done.stdout


def test_user_add_help_names_the_roles() -> None:
    done = _python("from athar.cli import app; app(prog_name='athar')", "user", "add", "--help")
    assert done.returncode == 0, done.stderr
    assert "admin, caseworker, reviewer, analyst" in done.stdout


@pytest.mark.parametrize("package", ["athar.evidence", "athar.inquiries", "athar.search"])
def test_lazy_package_names_resolve(package: str) -> None:
    """These packages load their database-bound names on first use; each must still be there."""
    module = importlib.import_module(package)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    with pytest.raises(AttributeError):
        module.no_such_name  # noqa: B018
