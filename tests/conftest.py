"""Fixtures shared across test modules (helpers live in the ``*_support`` modules)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from web_support import CHROMIUM, LAUNCH_ARGS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for every browser test of the session (pages are per test)."""
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (make chromium installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            launched.close()
