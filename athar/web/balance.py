"""Spreading keep-alive connections over the server's worker processes (``athar serve --workers``).

A connection stays with the process that accepted it, for as long as the client keeps it open.
Clients that arrive together are often all accepted by the one process that woke first (it
takes every pending connection at once), and a few busy clients then queue on one core while
the other idles: at a million records, eight searching clients made one process spend 30 s of
CPU and the other 5 s, and every answer waited for the busy one.

So each process writes how many requests it has in hand to a small shared file (the load
board, one slot per process), and a process holding more than one request above the least
busy of the others answers with ``Connection: close``. The client's next request opens a new
connection, which any process may take; once the processes hold about as much as each other
none is asked to close, and connections stay open as before.
"""

from __future__ import annotations

import fcntl
import mmap
import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Processes a board has room for (``athar serve`` starts at most a few).
SLOTS = 64
_SLOT = struct.Struct("<qq")  # pid, requests in hand
_LOAD = struct.Struct("<q")
#: Requests a process may hold above the least busy other one before it asks a client to go.
SLACK = 1


class LoadBoard:
    """The shared file of the server's processes and the requests each has in hand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size < SLOTS * _SLOT.size:
                os.ftruncate(fd, SLOTS * _SLOT.size)
            self._map = mmap.mmap(fd, SLOTS * _SLOT.size)
        finally:
            os.close(fd)
        self.slot: int | None = None

    @classmethod
    def create(cls, path: Path) -> LoadBoard:
        """A new, empty board at ``path`` (what ``athar serve`` makes before its workers)."""
        path.write_bytes(bytes(SLOTS * _SLOT.size))
        return cls(path)

    def claim(self, pid: int | None = None) -> int:
        """Take a free slot (or one whose process has died) for ``pid`` (default: this one)."""
        pid = pid or os.getpid()
        with self.path.open("rb") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                for k in range(SLOTS):
                    held, _ = _SLOT.unpack_from(self._map, k * _SLOT.size)
                    if held == pid or held == 0 or not _alive(held):
                        _SLOT.pack_into(self._map, k * _SLOT.size, pid, 0)
                        self.slot = k
                        return k
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        raise RuntimeError(f"the load board {self.path} has no free slot")

    def release(self) -> None:
        """Give this process's slot back (on shutdown)."""
        if self.slot is not None:
            _SLOT.pack_into(self._map, self.slot * _SLOT.size, 0, 0)
            self.slot = None

    def set(self, load: int) -> None:
        """Write this process's requests in hand to its slot (none once released)."""
        if self.slot is not None:
            _LOAD.pack_into(self._map, self.slot * _SLOT.size + 8, load)

    def processes(self) -> dict[int, int]:
        """Each live process on the board (this one included) and the requests it holds."""
        return {pid: load for _, pid, load in self._live()}

    def others(self) -> list[int]:
        """What each other live process holds."""
        return [load for k, _, load in self._live() if k != self.slot]

    def _live(self) -> Iterator[tuple[int, int, int]]:
        """(slot, pid, requests in hand) of each live process on the board."""
        for k in range(SLOTS):
            pid, load = _SLOT.unpack_from(self._map, k * _SLOT.size)
            if pid and _alive(pid):
                yield k, pid, load

    def crowded(self, mine: int) -> bool:
        """Whether ``mine`` (this process's other requests) is above the least busy other
        process by more than ``SLACK``."""
        others = self.others()
        return bool(others) and mine > min(others) + SLACK


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class SpreadConnections:
    """ASGI middleware: counts this process's requests in hand on the board, and asks the
    client to reconnect (``Connection: close``) when this process is the crowded one."""

    def __init__(self, app: ASGIApp, board: LoadBoard) -> None:
        self.app = app
        self.board = board
        self.in_hand = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.in_hand += 1
        self.board.set(self.in_hand)

        async def send_spread(message: Message) -> None:
            if message["type"] == "http.response.start" and self.board.crowded(self.in_hand - 1):
                headers: list[Any] = list(message.get("headers", []))
                headers.append((b"connection", b"close"))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_spread)
        finally:
            self.in_hand -= 1
            self.board.set(self.in_hand)
