"""A server process's search slots (``athar.web.search_index.FairSlots``): searches that wait
for a slot get it in the order they came; a newcomer never overtakes them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from athar.web.search_index import FairSlots


def _queued(slots: FairSlots, n: int) -> None:
    deadline = time.monotonic() + 10
    while slots.waiting() < n:
        assert time.monotonic() < deadline, "the waiters never queued"
        time.sleep(0.001)


def _finishes(work: Callable[[], None]) -> None:
    """Run ``work`` in a thread of its own and fail, not hang, if it blocks."""
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "blocked: a slot was lost"


def test_a_freed_slot_goes_to_the_search_that_waited_not_to_a_newcomer() -> None:
    slots = FairSlots(1)
    order: list[str] = []

    def waiter() -> None:
        with slots:
            order.append("waiter")

    def scene() -> None:
        slots.__enter__()
        thread = threading.Thread(target=waiter, daemon=True)
        thread.start()
        _queued(slots, 1)
        slots.__exit__(None, None, None)
        with slots:  # a search that arrives as the slot is freed
            order.append("newcomer")
        thread.join(10)

    _finishes(scene)
    assert order == ["waiter", "newcomer"]


def _run(slots: FairSlots, held: int, n: int) -> tuple[list[int], int]:
    """``n`` searches queued while ``held`` slots are taken, then let go: the order they got a
    slot in, and the most that searched at once."""
    order: list[int] = []
    inside = most = 0
    lock = threading.Lock()

    def search(k: int) -> None:
        nonlocal inside, most
        with slots:
            with lock:
                order.append(k)
                inside += 1
                most = max(most, inside)
            time.sleep(0.002)
            with lock:
                inside -= 1

    for _ in range(held):
        slots.__enter__()
    threads = []
    for k in range(n):
        threads.append(threading.Thread(target=search, args=(k,)))
        threads[-1].start()
        _queued(slots, k + 1)
    for _ in range(held):
        slots.__exit__(None, None, None)
    for t in threads:
        t.join(10)
    return order, most


def test_waiters_are_served_in_the_order_they_came() -> None:
    order, most = _run(FairSlots(1), 1, 8)
    assert order == list(range(8))
    assert most == 1


def test_no_more_search_at_once_than_slots_and_no_slot_lost() -> None:
    slots = FairSlots(2)
    order, most = _run(slots, 2, 8)
    assert sorted(order) == list(range(8))
    assert most <= 2
    assert slots.waiting() == 0

    def both() -> None:  # both slots are free again
        with slots, slots:
            pass

    _finishes(both)
