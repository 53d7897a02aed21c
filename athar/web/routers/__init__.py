"""Thin routers: ``pages_*`` answer browsers with templates, ``api_*`` answer JSON under /api.
Each module ends with ``section = Section(...)``; ``athar.web.app.SECTIONS`` lists them."""
