"""A server process collects garbage and freezes its caches when it falls idle, not in the
middle of a request (``athar.web.collector``). Each scenario runs in a fresh interpreter
(``collector_scenarios.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from collector_scenarios import CACHE

from athar.config import settings
from athar.web.app import create_app
from athar.web.collector import CollectWhenIdle

HERE = Path(__file__).parent


def _scenario(name: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / "collector_scenarios.py"), name],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_an_idle_process_collects_and_freezes_what_grew_and_a_busy_one_waits() -> None:
    out = _scenario("idle")
    assert out["busy"]["settled"] == 0  # another request was still in hand
    assert out["settled"] == 1
    assert out["frozen"] >= CACHE > out["busy"]["frozen"]
    assert out["oldest"] < 1_000  # later full passes walk only what is newer
    assert out["garbage_freed"]


def test_a_cycle_frozen_alive_is_freed_when_the_process_thaws() -> None:
    out = _scenario("thaw")
    assert out["frozen_garbage_kept"]  # the cost of freezing, until the thaw
    assert out["freed_at_thaw"]
    assert out["settled"] == 2
    assert out["frozen"] >= CACHE


def test_the_app_collects_when_idle_unless_turned_off(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setenv("ATHAR_DATA_DIR", str(tmp_path))
    on = create_app(settings())
    assert any(m.cls is CollectWhenIdle for m in on.user_middleware)
    on.state.store.close()
    monkeypatch.setenv("ATHAR_WEB_GC_SETTLE_OBJECTS", "0")
    off = create_app(settings())
    assert not any(m.cls is CollectWhenIdle for m in off.user_middleware)
    off.state.store.close()
