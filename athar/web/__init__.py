"""Athar's web application: FastAPI + Jinja2 + HTMX, Arabic first. See ``docs/web.md``.

``create_app`` (app.py) builds it; each page or API area is a ``Section`` (sections.py): a router
module in ``routers/`` listed once in ``app.SECTIONS``.
"""

from athar.web.app import create_app

__all__ = ["create_app"]
