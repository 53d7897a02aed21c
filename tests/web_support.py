"""Shared by the web tests: signing a TestClient in through the form; and for the browser
tests, Debian's chromium driven by Playwright against uvicorn on a free local port. One chromium
serves the whole session (the ``browser`` fixture in ``conftest.py``); each module serves its own
registry with ``serving``. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from athar.config import Settings
from athar.store import Store
from athar.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="chromium is not installed (make chromium installs it)"
)


CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def csrf_of(client: Any, path: str = "/login") -> str:
    """The CSRF token on page ``path`` of a TestClient's session."""
    match = CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return str(match.group(1))


def login(client: Any, name: str, password: str) -> str:
    """Sign a TestClient in through the form; the CSRF token of the new session."""
    response = client.post(
        "/login",
        data={"name": name, "password": password, "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client, "/password")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(config: Settings, store: Store, *, close: bool = True) -> Iterator[tuple[str, Any]]:
    """The web app on ``store`` under uvicorn in a thread: its base URL and the app.

    On leaving, background jobs are waited for first (no job may outlive the registry it works
    on), then the server stops and the store closes (unless ``close`` is false: a registry
    shared with other tests)."""
    app = create_app(config, store=store)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        jobs = getattr(app.state, "jobs", None)
        for job in jobs.jobs() if jobs else []:
            jobs.wait(job.id, timeout=120)
        server.should_exit = True
        thread.join(timeout=10)
        if close:
            store.close()


def new_page(browser: Any, width: int = 1280, height: int = 900) -> Any:
    return browser.new_page(viewport={"width": width, "height": height})


def sign_in(page: Any, base: str, name: str, password: str) -> Any:
    """Sign ``page`` in as ``name`` through the login form; the page, for chaining."""
    page.goto(base + "/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(base + "/**")
    return page


def shot(page: Any, name: str, *, full_page: bool = True) -> None:
    """A screenshot ``test-artifacts/<name>.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)


def page_errors(page: Any) -> list[str]:
    """The list the page's uncaught errors and console errors are collected into."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors
