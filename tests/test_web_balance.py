"""Keep-alive connections spread over the server's processes (``athar.web.balance``): each
process notes its requests in hand on a shared board, and the crowded one asks its clients to
reconnect."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from athar.web.balance import SLACK, LoadBoard, SpreadConnections


@pytest.fixture
def other_process() -> Iterator[int]:
    """A live process standing for another worker."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield proc.pid
    finally:
        proc.kill()
        proc.wait()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_board_shows_each_live_process_its_load(tmp_path: Path, other_process: int) -> None:
    path = tmp_path / "board"
    mine = LoadBoard.create(path)
    mine.claim()
    other = LoadBoard(path)
    other.claim(other_process)
    gone = LoadBoard(path)
    gone.claim(dead_pid())
    gone.set(9)  # a process that died holding requests is not counted
    mine.set(3)
    other.set(2)
    assert mine.others() == [2]
    assert sorted(LoadBoard(path).others()) == [2, 3]  # read from another opening of the file
    assert mine.crowded(2 + SLACK + 1)
    assert not mine.crowded(2 + SLACK)
    # a new process takes the dead one's slot
    assert LoadBoard(path).claim(os.getppid()) == gone.slot


def test_a_process_alone_on_its_board_is_never_crowded(tmp_path: Path) -> None:
    board = LoadBoard.create(tmp_path / "board")
    board.claim()
    board.set(50)
    assert not board.crowded(50)
    board.release()
    assert LoadBoard(tmp_path / "board").others() == []


def _app(board: LoadBoard, release: asyncio.Event) -> FastAPI:
    app = FastAPI()

    @app.get("/slow")
    async def slow() -> dict[str, bool]:
        await release.wait()
        return {"ok": True}

    app.add_middleware(SpreadConnections, board=board)
    return app


async def _answers(board: LoadBoard, n: int) -> list[str | None]:
    """``n`` requests in hand at once; each answer's Connection header."""
    release = asyncio.Event()
    transport = httpx.ASGITransport(app=_app(board, release))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        pending = [asyncio.create_task(client.get("/slow")) for _ in range(n)]
        await asyncio.sleep(0.2)  # all of them in hand
        release.set()
        answers = await asyncio.gather(*pending)
    assert all(a.status_code == 200 for a in answers)
    return [a.headers.get("connection") for a in answers]


def _two_processes(path: Path, other_pid: int, other_load: int) -> LoadBoard:
    """A new board holding this process and another with ``other_load`` requests: this one's."""
    board = LoadBoard.create(path)
    board.claim()
    other = LoadBoard(path)
    other.claim(other_pid)
    other.set(other_load)
    return board


def test_the_crowded_process_asks_clients_to_reconnect(tmp_path: Path, other_process: int) -> None:
    """Four requests in hand against an idle other process: the ones answered while this process
    still holds more than ``SLACK`` others above it are asked to close; the last are not."""
    path = tmp_path / "board"
    board = _two_processes(path, other_process, 0)
    closed = asyncio.run(_answers(board, 4))
    assert closed.count("close") == 4 - (SLACK + 1)
    assert board.others() == [0]
    assert LoadBoard(path).others() == [0, 0]  # every request counted out again


def test_a_process_as_busy_as_the_others_keeps_its_connections(
    tmp_path: Path, other_process: int
) -> None:
    board = _two_processes(tmp_path / "board", other_process, 4)
    assert asyncio.run(_answers(board, 4)) == [None] * 4
