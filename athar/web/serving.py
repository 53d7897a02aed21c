"""Running the web app under uvicorn, in one process or several (``athar serve --workers N``).

Python answers one CPU-bound request at a time per process (search and the person page are
CPU-bound), so a server with several cores runs several worker processes. Everything two
requests of one user may need to agree on lives outside a process's memory: sessions and API
tokens in the store, CSRF tokens derived from the secret file, background jobs in the store
(``athar.jobs``), the search index on disk with one process building it at a time
(``athar.web.search_index``). Each worker holds its own copy of the search index in memory.
The workers note their load on a shared board (``athar.web.balance``), so that clients that
keep their connections open do not all queue on one of them.

Before the workers start, the parent process brings the database to the newest schema and
creates the secret file, so that workers starting together never race to do either.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from athar.config import Settings
from athar.store import Store
from athar.web.balance import LoadBoard

#: What uvicorn imports in each worker process (``create_app()`` reads the environment).
APP_FACTORY = "athar.web.app:create_app"


def prepare(settings: Settings) -> None:
    """Migrate the registry and make the web secret, once, before any worker starts."""
    from athar.web.app import load_secret

    Store.open(settings.database_url).close()
    load_secret(settings.secret_file)


def run(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve until interrupted: ``workers`` processes (1: this process itself)."""
    import uvicorn

    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    prepare(settings)
    common = {"host": host, "port": port, "proxy_headers": True, "log_level": "info"}
    if workers == 1:
        from athar.web.app import create_app

        uvicorn.run(create_app(settings), **common)  # type: ignore[arg-type]
    else:
        with tempfile.TemporaryDirectory(prefix="athar-serve-") as tmp:
            board = LoadBoard.create(Path(tmp) / "load-board")
            os.environ["ATHAR_WEB_LOAD_BOARD"] = str(board.path)  # what the workers read
            try:
                uvicorn.run(
                    APP_FACTORY,
                    factory=True,
                    workers=workers,
                    timeout_worker_healthcheck=settings.web_worker_timeout,
                    **common,  # type: ignore[arg-type]
                )
            finally:
                os.environ.pop("ATHAR_WEB_LOAD_BOARD", None)
