"""Messages for people that the terminal prints in English and a page shows translated.

``say("there is no month %(month)s", month=13)`` *is* the English string "there is no month 13"
(the CLI, logs, JSON and comparisons see nothing else), and it keeps its msgid and parameters
so that the web can look the msgid up in its catalogues (``athar.web.i18n.translated``). A
message joined into other text becomes plain English again: the page then shows that English.
"""

from __future__ import annotations

from typing import Any


class Said(str):
    """English text that remembers the msgid and parameters it was made from."""

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, params: dict[str, Any] | None = None) -> Said:
        params = dict(params or {})
        english = {k: listed(v) if isinstance(v, list | tuple) else v for k, v in params.items()}
        said = super().__new__(cls, msgid % english if params else msgid)
        said.msgid = msgid
        said.params = params
        return said

    def __reduce__(self) -> tuple[Any, ...]:
        return (Said, (self.msgid, self.params))


def say(msgid: str, **params: Any) -> Said:
    """The message ``msgid`` (``%(name)s`` placeholders) with ``params`` filled in. Parameters
    that are themselves ``Said`` are translated with it; a list is written as a list ("a, b")."""
    return Said(msgid, params)


def listed(items: list[Any] | tuple[Any, ...]) -> str:
    """A list parameter in English: "row 3, row 9"."""
    return ", ".join(map(str, items))
