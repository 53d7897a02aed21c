"""Background jobs shared by several server processes (``athar.jobs`` over the store's ``jobs``
table), on SQLite and PostgreSQL. Two ``JobRunner``s on two ``Store``s of one database stand for
two worker processes (each with its own connections and thread); the live multi-process server
is tested in ``test_web_workers.py``.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from databases import database_urls

from athar.jobs import ORPHANED, JobFailed, JobRunner, Progress
from athar.store import Store
from athar.store import jobs_api as stored


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_urls(request, tmp_path)


@pytest.fixture
def two(url: str) -> Iterator[tuple[JobRunner, JobRunner]]:
    """Two runners on two stores of one database: two worker processes."""
    with Store.open(url) as a, Store.open(url) as b:
        first, second = JobRunner(a, stale_seconds=60), JobRunner(b, stale_seconds=60)
        second.owner += "-second"  # one process here, but two owners as with two processes
        yield first, second
        first.stop()
        second.stop()


def gated(release: threading.Event, result: dict[str, Any] | None = None) -> Any:
    """Work that reports progress, then waits for ``release``."""

    def work(progress: Progress) -> dict[str, Any]:
        progress("checking rows", done=5, total=10)
        if not release.wait(30):
            raise JobFailed("never released")
        return result or {"ok": True}

    return work


def until(check: Any, timeout: float = 20.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached")


def test_a_job_started_in_one_process_is_followed_from_another(
    two: tuple[JobRunner, JobRunner],
) -> None:
    a, b = two
    release = threading.Event()
    job = a.submit("import", "amira", gated(release, {"sources": {"s": 3}}), total=10)
    running = until(lambda: (j := b.get(job.id)) and j.state == "running" and j.done == 5 and j)
    assert (running.message, running.total, running.percent, running.by) == (
        "checking rows",
        10,
        50,
        "amira",
    )
    assert [j.id for j in b.jobs()] == [job.id]
    release.set()
    done = b.wait(job.id, timeout=20)
    assert done.state == "done" and done.result == {"sources": {"s": 3}}
    assert done.finished is not None and done.error == ""


def test_only_one_job_runs_on_the_registry_across_processes(
    two: tuple[JobRunner, JobRunner],
) -> None:
    a, b = two
    release_a, release_b = threading.Event(), threading.Event()
    first = a.submit("import", "amira", gated(release_a))
    until(lambda: a.get(first.id).state == "running")  # type: ignore[union-attr]
    second = b.submit("import", "basel", gated(release_b))
    time.sleep(1.0)
    assert b.get(second.id).state == "queued"  # type: ignore[union-attr]
    release_a.set()
    a.wait(first.id)
    until(lambda: b.get(second.id).state == "running")  # type: ignore[union-attr]
    release_b.set()
    assert b.wait(second.id).state == "done"
    starts = {j.id: j for j in stored.list_jobs(a.store)}
    assert starts[second.id].started >= starts[first.id].finished  # type: ignore[operator]


def test_a_second_link_anywhere_is_the_same_job(two: tuple[JobRunner, JobRunner]) -> None:
    a, b = two
    release = threading.Event()
    first = a.submit("link", "amira", gated(release), single=True)
    again = b.submit("link", "basel", gated(release), single=True)
    assert again.id == first.id and again.by == "amira"
    release.set()
    a.wait(first.id)
    after = b.submit("link", "basel", gated(release), single=True)  # the first one is over
    assert after.id != first.id
    assert b.wait(after.id).state == "done"


def test_failures_are_kept_with_their_message(two: tuple[JobRunner, JobRunner]) -> None:
    a, b = two

    def refused(progress: Progress) -> dict[str, Any]:
        raise JobFailed("row 3: birth_date is not a date\nnothing was imported")

    def broken(progress: Progress) -> dict[str, Any]:
        raise KeyError("boom")

    one = a.submit("import", "amira", refused)
    two_ = a.submit("import", "amira", broken)
    assert b.wait(one.id).error == "row 3: birth_date is not a date\nnothing was imported"
    failed = b.wait(two_.id)
    assert failed.state == "failed" and failed.error == "KeyError: 'boom'"
    ok = a.submit("import", "amira", lambda progress: {"n": 1})  # the runner survived
    assert a.wait(ok.id).state == "done"


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    return int(done.stdout)


def test_a_job_whose_process_died_is_failed_and_frees_the_registry(url: str) -> None:
    import socket

    with Store.open(url) as store:
        ghost = f"{socket.gethostname()}:{dead_pid()}"
        orphan, _ = stored.add_job(store, "ghost-job", "link", "amira", ghost, single=True)
        assert stored.claim_job(store, orphan.id)  # it was running when its process died
        runner = JobRunner(store, stale_seconds=3600)  # the heartbeat rule alone would wait
        seen = runner.get(orphan.id)
        assert seen is not None and (seen.state, seen.error) == ("failed", ORPHANED)
        assert seen.finished is not None
        # the registry and the "one link at a time" rule are free again
        job = runner.submit("link", "basel", lambda progress: {"ok": True}, single=True)
        assert job.id != orphan.id
        assert runner.wait(job.id).state == "done"
        runner.stop()


def test_a_job_of_another_host_is_failed_when_its_heartbeat_stops(url: str) -> None:
    with Store.open(url) as store:
        stored.add_job(store, "far-away", "import", "amira", "elsewhere.example:4242")
        stored.claim_job(store, "far-away")
        runner = JobRunner(store, stale_seconds=1.0)
        assert runner.get("far-away").state == "running"  # type: ignore[union-attr]
        time.sleep(0.6)
        stored.beat(store, "elsewhere.example:4242")  # still alive over there
        time.sleep(0.6)
        assert runner.get("far-away").state == "running"  # type: ignore[union-attr]
        time.sleep(1.2)
        gone = runner.get("far-away")
        assert gone is not None and (gone.state, gone.error) == ("failed", ORPHANED)


def test_a_stopping_runner_fails_what_it_never_started(url: str) -> None:
    with Store.open(url) as store:
        runner = JobRunner(store)
        release = threading.Event()
        first = runner.submit("import", "amira", gated(release))
        until(lambda: runner.get(first.id).state == "running")  # type: ignore[union-attr]
        waiting = runner.submit("import", "amira", gated(release))
        runner.stop()
        left = runner.get(waiting.id)
        assert left is not None and left.state == "failed" and "stopped" in left.error
        release.set()
        assert runner.wait(first.id).state == "done"  # the running one ends normally


def test_progress_is_written_at_most_twice_a_second_unless_its_message_changes(
    url: str,
) -> None:
    with Store.open(url) as store:
        runner = JobRunner(store)
        seen: list[int] = []

        def work(progress: Progress) -> dict[str, Any]:
            for n in range(1, 2001):
                progress("checking rows", done=n)
            seen.append(stored.get_job(store, job.id).done)  # type: ignore[union-attr]
            progress("matching inquiries")
            return {}

        job = runner.submit("import", "amira", work)
        done = runner.wait(job.id)
        assert done.state == "done" and done.message == "matching inquiries"
        assert seen and 1 <= seen[0] < 2000  # throttled: not every row was a write
        runner.stop()
