"""The web server with several processes (``athar serve --workers N``), live on loopback.

What must hold whichever process answers: a browser's session and CSRF token, a job started by
one process and followed from another (and failed, not "running" forever, when its process
dies), every search audited, and one build of the search index for all of them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner
from web_support import free_port, login

from athar import accounts
from athar.cli import app as cli
from athar.jobs import ORPHANED
from athar.store import Store
from athar.synth import generate
from athar.web.balance import LoadBoard

ATHAR = str(Path(sys.executable).with_name("athar"))
PASSWORD = "correct horse battery"
QUERIES = ("محمد", "Ahmad", "خالد الحلبي", "Omar 1980", "حسن", "Khaled")


@dataclass
class Registry:
    home: Path
    env: dict[str, str]
    token: str
    synth: Path

    @property
    def url(self) -> str:
        return f"sqlite:///{self.home / 'athar.db'}"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    """A small registry (two sources imported, not linked) with an admin and an API token."""
    home = tmp_path_factory.mktemp("workers")
    synth = home / "synth"
    generate(persons=400, seed=5, out_dir=synth)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATHAR_")} | {
        "ATHAR_DATA_DIR": str(home),
        "ATHAR_SEARCH_REFRESH_SECONDS": "1",
    }
    mp = pytest.MonkeyPatch()
    for key in [k for k in os.environ if k.startswith("ATHAR_")]:
        mp.delenv(key)
    mp.setenv("ATHAR_DATA_DIR", str(home))
    try:
        for name in ("prison_register", "family_report"):
            done = CliRunner().invoke(cli, ["import", str(synth / f"{name}.csv")])
            assert done.exit_code == 0, done.output
        with Store.open(f"sqlite:///{home / 'athar.db'}") as store:
            accounts.add_user(store, "amira", "admin", by="test", password=PASSWORD)
            token = accounts.issue_token(store, "amira", "test").secret
    finally:
        mp.undo()
    yield Registry(home, env, token, synth)


@contextmanager
def server(registry: Registry, workers: int) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``athar serve --workers N`` on a free loopback port: its base URL and process."""
    port = free_port()
    log = (registry.home / f"serve-{port}.log").open("wb")
    proc = subprocess.Popen(
        [ATHAR, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=registry.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, f"athar serve exited; see {log.name}"
            try:
                if httpx.get(base + "/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "athar serve did not start"
            time.sleep(0.2)
        yield base, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


def fresh(base: str, **kwargs: Any) -> httpx.Client:
    """A client that opens a new connection for every request: with several worker processes
    on one socket, requests are spread over them."""
    return httpx.Client(
        base_url=base, limits=httpx.Limits(max_keepalive_connections=0), timeout=60, **kwargs
    )


def workers_of(proc: subprocess.Popen[bytes]) -> list[int]:
    """The worker processes uvicorn started under ``proc``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == proc.pid and b"multiprocessing" in cmdline and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return found


def events(registry: Registry, kind: str) -> list[Any]:
    with Store.open(registry.url) as store:
        return store.events(kind)


def wait_job(client: httpx.Client, job_id: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        body: dict[str, Any] = client.get(f"/api/jobs/{job_id}", headers=headers).json()
        if body["state"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.2)


def test_two_workers_share_sessions_jobs_and_the_audit_trail(registry: Registry) -> None:
    with server(registry, workers=2) as (base, proc), fresh(base) as browser:
        assert len(workers_of(proc)) == 2
        token = login(browser, "amira", PASSWORD)  # form post: pre-session cookie + CSRF
        before = len(events(registry, "person.search"))
        for i in range(24):  # new connections: both processes answer, all know the session
            page = browser.get("/search", params={"q": QUERIES[i % len(QUERIES)]})
            assert page.status_code == 200 and 'action="/logout"' in page.text, page.status_code
        # every search is in the log, whichever process answered it
        assert len(events(registry, "person.search")) == before + 24

        csrf = {"X-CSRF-Token": token}
        data = (registry.synth / "release_list.csv").read_bytes()
        upload = browser.post(
            "/api/import",
            headers=csrf,
            files={"file": ("release_list.csv", data, "text/csv")},
        )
        assert upload.status_code == 201, upload.text
        started = browser.post(f"/api/import/{upload.json()['id']}/start", headers=csrf)
        assert started.status_code == 202, started.text
        job = wait_job(browser, started.json()["id"], {})
        assert job["state"] == "done", job
        assert sum(s["inserted"] for s in job["result"]["sources"].values()) > 0
        listed = [browser.get("/api/jobs").json()[0]["id"] for _ in range(6)]
        assert set(listed) == {job["id"]}


def test_a_job_is_followed_from_another_process_and_failed_when_its_process_dies(
    registry: Registry,
) -> None:
    bearer = {"Authorization": f"Bearer {registry.token}"}
    with (
        server(registry, workers=1) as (base_a, proc_a),
        server(registry, workers=1) as (
            base_b,
            _,
        ),
        fresh(base_a, headers=bearer) as a,
        fresh(base_b, headers=bearer) as b,
    ):
        data = (registry.synth / "ngo_list.csv").read_bytes()
        upload = a.post("/api/import", files={"file": ("ngo_list.csv", data, "text/csv")})
        job = a.post(f"/api/import/{upload.json()['id']}/start").json()
        seen = b.get(f"/api/jobs/{job['id']}")
        assert seen.status_code == 200 and seen.json()["kind"] == "import"
        assert wait_job(b, job["id"], {})["state"] == "done"

        link = a.post("/api/jobs/link").json()  # minutes of work at scale: killed at once
        assert b.post("/api/jobs/link").json()["id"] == link["id"]  # one link at a time
        os.kill(proc_a.pid, signal.SIGKILL)
        proc_a.wait()
        gone = wait_job(b, link["id"], {})
        assert (gone["state"], gone["error"]) == ("failed", ORPHANED)
        assert gone["finished"] is not None


def test_the_workers_note_their_load_on_the_board_the_server_made(registry: Registry) -> None:
    """``athar serve --workers 2`` makes one load board (``athar.web.balance``) for its workers,
    each of which holds a slot on it, and removes it when it stops."""
    with server(registry, workers=2) as (base, proc):
        deadline = time.monotonic() + 60
        while len(workers := workers_of(proc)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        boards = set()
        for pid in workers:
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            boards |= {
                v.split(b"=", 1)[1] for v in environ if v.startswith(b"ATHAR_WEB_LOAD_BOARD=")
            }
        assert len(boards) == 1
        path = Path(boards.pop().decode())
        with fresh(base) as client:
            for _ in range(6):
                assert client.get("/login").status_code == 200
        board = LoadBoard(path)
        # a worker claims its slot once its app is made (one may be later), and notes a request
        # done once its middleware is through with it, after the answer left (a worker falling
        # idle collects garbage first, ``athar.web.collector``)
        while (
            set(board.processes()) != set(workers) or set(board.processes().values()) != {0}
        ) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert set(board.processes()) == set(workers)
        assert set(board.processes().values()) == {0}  # nothing in hand now
    assert not path.exists()


def _build_in_a_process(url: str, path: str) -> tuple[int, int, int]:
    from athar.web.search_index import SharedBuild

    build = SharedBuild(Path(path))
    with Store.open(url) as store:
        index = build(store)
    return build.built, build.loaded, index.n_records


def test_the_search_index_is_built_by_one_process_and_loaded_by_the_others(
    registry: Registry, tmp_path: Path
) -> None:
    path = str(tmp_path / "search" / "index.npz")
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(3) as pool:
        outcomes = pool.starmap(_build_in_a_process, [(registry.url, path)] * 3)
    assert sorted((built, loaded) for built, loaded, _ in outcomes) == [(0, 1), (0, 1), (1, 0)]
    assert len({n for *_, n in outcomes}) == 1 and outcomes[0][2] > 0
    assert Path(path).is_file()


def _secret_in_a_process(path: str) -> bytes:
    from athar.web.app import load_secret

    return load_secret(Path(path))


def test_workers_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "web-secret.key"
    spawn = multiprocessing.get_context("spawn")
    with spawn.Pool(4) as pool:
        secrets = pool.map(_secret_in_a_process, [str(path)] * 8)
    assert len(set(secrets)) == 1 and len(secrets[0]) == 64
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["web-secret.key"]  # nothing left aside


def test_the_number_of_workers_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from athar.config import default_workers, settings

    monkeypatch.delenv("ATHAR_WEB_WORKERS", raising=False)
    assert settings().web_workers == default_workers() == max(1, min(4, os.cpu_count() or 1))
    monkeypatch.setenv("ATHAR_WEB_WORKERS", "3")
    assert settings().web_workers == 3
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("ATHAR_WEB_WORKERS", bad)
        with pytest.raises(ValueError, match=f"ATHAR_WEB_WORKERS='{bad}'.*at least 1"):
            settings()
    monkeypatch.delenv("ATHAR_WEB_WORKERS")
    refused = CliRunner().invoke(cli, ["serve", "--workers", "0"])
    assert refused.exit_code == 2 and "--workers" in refused.output


@pytest.mark.parametrize("slots", [1, 2])
def test_a_process_runs_at_most_its_search_slots_at_once(
    monkeypatch: pytest.MonkeyPatch, slots: int
) -> None:
    """Searches are CPU-bound Python: one process runs ``ATHAR_SEARCH_THREADS`` of them at once
    and queues the others (its threads would only take turns on one core)."""
    import threading

    from athar.web.search_index import search_slot

    monkeypatch.setenv("ATHAR_SEARCH_THREADS", str(slots))
    inside = 0
    most = 0
    lock = threading.Lock()
    start = threading.Barrier(6)

    def one_search() -> None:
        nonlocal inside, most
        start.wait()
        with search_slot():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.05)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=one_search) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == slots
