"""Arabic and English from gettext catalogues (``i18n/{ar,en}/LC_MESSAGES/messages.po``).

The ``.po`` files are the only form kept: they are compiled in memory with Babel when first
needed and again whenever a file changes on disk (its mtime), so there is no ``.mo`` to build
and none to go stale. ``make messages`` extracts new msgids from the code and templates.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from athar.ingest.messages import Said

CATALOGUES = Path(__file__).resolve().parent / "i18n"
DOMAIN = "messages"


@dataclass(frozen=True)
class Language:
    code: str
    direction: str  # "rtl" or "ltr"
    #: The language's own name, for the switch.
    name: str


LANGUAGES: dict[str, Language] = {
    "ar": Language("ar", "rtl", "العربية"),
    "en": Language("en", "ltr", "English"),
}
#: Arabic first.
DEFAULT = "ar"


def language(code: str | None) -> Language:
    """The language for ``code``; the default for anything unknown."""
    return LANGUAGES.get(code or "", LANGUAGES[DEFAULT])


def po_path(code: str) -> Path:
    return CATALOGUES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(code: str) -> Translations:
    """The compiled catalogue for ``code``, recompiled when its .po changed."""
    path = po_path(language(code).code)
    return _compiled(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _compiled(path: Path, _mtime: int) -> Translations:
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=path.parent.parent.name, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def translated(text: Any, gettext: Callable[[str], str]) -> str:
    """A message of the domain code (``athar.ingest.messages``) in ``gettext``'s language: a
    ``Said`` by its msgid, its ``Said`` parameters translated in turn; other text as the msgid it
    may be (a message without parameters that lost its ``Said`` on the way), else unchanged. A
    translation that does not fit its parameters shows the English."""
    if not isinstance(text, Said):
        return gettext(text) if isinstance(text, str) and text else str(text)
    if not text.params:
        return gettext(text.msgid)
    params = {k: _parameter(v, gettext) for k, v in text.params.items()}
    try:
        return gettext(text.msgid) % params
    except (KeyError, ValueError, TypeError):
        return str(text)


def _parameter(value: Any, gettext: Callable[[str], str]) -> Any:
    if isinstance(value, Said):
        return translated(value, gettext)
    if isinstance(value, list | tuple):
        return gettext(", ").join(str(_parameter(v, gettext)) for v in value)
    return value


def message_of(exc: BaseException) -> Any:
    """What ``exc`` says, as raised: its ``Said`` also when it was raised again as another
    exception (``raise HTTPException(400, str(exc)) from exc``), else its detail or text."""
    for error in (exc, exc.__cause__):
        if error is not None and error.args and isinstance(error.args[0], Said):
            return error.args[0]
    detail = getattr(exc, "detail", None)
    return detail if detail is not None else str(exc)
