"""JSON (an array of objects, or {"records": [...]}) and JSON Lines (one object a line)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from athar.ingest.encoding import read_text
from athar.ingest.errors import IngestError
from athar.ingest.messages import say
from athar.ingest.table import Row, Table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _table(path: Path, fmt: str, encoding: str, objects: list[tuple[int, dict[str, Any]]]) -> Table:
    if not objects:
        raise IngestError(path, say("the file holds no records"))
    headers: dict[str, None] = {}
    for _, obj in objects:
        headers.update(dict.fromkeys(str(k) for k in obj))
    names = list(headers)
    rows = [Row(number=n, cells={h: _text(obj.get(h)) for h in names}) for n, obj in objects]
    return Table(path, fmt, names, rows, encoding=encoding)


def _records_of(data: Any, path: Path) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if isinstance(data.get("records"), list):
            return list(data["records"])
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1:
            return lists[0]
    raise IngestError(path, say('expected a list of objects or {"records": [...]}'))


def read_json(path: Path) -> Table:
    """A JSON array of objects (one per record), or an object holding one under "records"."""
    text, encoding = read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise IngestError(path, say("invalid JSON (%(why)s)", why=e.msg), line=e.lineno) from e
    objects: list[tuple[int, dict[str, Any]]] = []
    for i, item in enumerate(_records_of(data, path), start=1):
        if not isinstance(item, dict):
            raise IngestError(
                path,
                say(
                    "record %(record)s is not an object but %(type)s",
                    record=i,
                    type=type(item).__name__,
                ),
            )
        objects.append((i, item))
    return _table(path, "json", encoding, objects)


def read_json_lines(path: Path) -> Table:
    """JSON Lines: one object per line; blank lines are separators."""
    text, encoding = read_text(path)
    objects: list[tuple[int, dict[str, Any]]] = []
    for n, line in enumerate(text.split("\n"), start=1):  # not splitlines: U+2028 is data
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            raise IngestError(path, say("invalid JSON (%(why)s)", why=e.msg), line=n) from e
        if not isinstance(item, dict):
            raise IngestError(
                path, say("not an object but %(type)s", type=type(item).__name__), line=n
            )
        objects.append((n, item))
    return _table(path, "jsonl", encoding, objects)
