"""``Store``: every read and write of Athar's database goes through here (see the package doc)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from types import TracebackType
from typing import Any, Self

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Row,
    Table,
    and_,
    bindparam,
    func,
    insert,
    select,
    union_all,
    update,
)
from sqlalchemy.sql import ColumnElement, Select

from athar.records import CANONICAL_FIELDS, STATUSES, Record
from athar.store.accounts_api import AccountsMixin
from athar.store.counts_api import CountsMixin
from athar.store.engine import WRITE_OPTION, make_engine
from athar.store.facility_api import FacilityCountsMixin
from athar.store.migrate import migrate
from athar.store.models import (
    Base,
    Decision,
    Event,
    Link,
    LinkRun,
    Membership,
    Person,
    RecordKey,
    RecordRow,
    Source,
    UTCDateTime,
    utcnow,
)
from athar.store.persons import inherit, person_id
from athar.store.types import (
    VERDICTS,
    DecisionConflict,
    DecisionOut,
    EventOut,
    ImportOutcome,
    LinkIn,
    LinkOut,
    LinkRunInfo,
    PersonSummary,
    SourceInfo,
    StoredRecord,
    Violation,
)

ROWS = Base.metadata.tables["record_rows"]
MEMBERSHIPS = Base.metadata.tables["memberships"]
LINKS = Base.metadata.tables["links"]
KEYS = Base.metadata.tables["records"]
PERSONS = Base.metadata.tables["persons"]

#: Rows per INSERT batch, and per fetch when reading many.
BATCH = 5_000
#: Keys per ``IN (...)`` list: well under SQLite's and PostgreSQL's parameter limits.
IN_CHUNK = 900

#: Canonical fields kept as record_rows columns of the same name (``source`` is the source's name).
TEXT_FIELDS: tuple[str, ...] = tuple(f for f in CANONICAL_FIELDS if f not in ("source",))
#: ``Record`` attribute → record_rows column for the importer's normalized values.
NORMALIZED: dict[str, str] = {
    "birth_date": "birth_date_norm",
    "event_date": "event_date_norm",
    "status": "status_norm",
    "facility_id": "facility_id",
    "birth_place_id": "birth_place_id",
    "governorate_id": "governorate_id",
    "residence_id": "residence_id",
    "detainee_number": "detainee_number_norm",
    "national_id": "national_id_norm",
    "sex": "sex_norm",
}
#: Columns of ``Store.records_table()``, in order.
RECORD_COLUMNS: tuple[str, ...] = (
    "pk",
    "row_id",
    "source",
    "source_version",
    *TEXT_FIELDS,
    *NORMALIZED.values(),
    "row_number",
    "sheet",
)
_INT_COLUMNS = frozenset({"pk", "row_id", "source_id", "source_version", "row_number"})
#: What a row says, compared between versions to count changed records.
_CONTENT: tuple[str, ...] = (*TEXT_FIELDS, *NORMALIZED.values(), "raw_json")


def dumps(value: Any) -> str:
    """JSON text as people read it: Arabic stays Arabic, key order stays."""
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _json_default(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy / arrow scalars from linkage
        return value.item()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _chunks(items: Sequence[Any], size: int = IN_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _pair(a: int, b: int) -> tuple[int, int]:
    if a == b:
        raise ValueError(f"a pair needs two records, got {a} twice")
    return (a, b) if a < b else (b, a)


class Store(AccountsMixin, CountsMixin, FacilityCountsMixin):
    """Athar's database. Open with ``Store.open()``; close, or use as a context manager.

    Each method is one transaction. Safe to share between threads (each call takes its own
    connection from the pool).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    # ---------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, url: str | None = None, *, upgrade: bool = True) -> Store:
        """Connect to ``url`` (default: ``ATHAR_DATABASE_URL``, else ``./athar.db``), creating the
        SQLite file if needed and bringing the schema to the newest migration."""
        if url is None:
            from athar.config import settings

            url = settings().database_url
        engine = make_engine(url)
        if upgrade:
            migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A write transaction. On SQLite it takes the write lock up front (``BEGIN IMMEDIATE``),
        waiting its turn, instead of failing midway when another writer committed since it read."""
        with self._engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                yield conn

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self._engine.dialect.name

    @property
    def url(self) -> str:
        """The database URL with any password hidden, for messages."""
        return self._engine.url.render_as_string(hide_password=True)

    # ---------------------------------------------------------------- sources and records

    def import_source(
        self,
        name: str,
        kind: str,
        file_name: str,
        file_hash: str,
        imported_by: str,
        records: Iterable[Record],
        progress: Callable[[int], None] | None = None,
    ) -> ImportOutcome:
        """Store one file's records as a version of source ``name``, all or nothing.

        The same file again (same name and hash) writes nothing; if it was an older version, that
        version becomes current again. A new hash is the next version: its rows become current and
        the previous version's stay stored. Records keep their pk across versions by
        ``record_id``, so links, persons and decisions carry over.
        """
        if not name or not file_hash:
            raise ValueError("a source needs a name and a file hash")
        with self._write() as conn:
            seen = conn.execute(
                select(Source.id, Source.version, Source.current, Source.row_count).where(
                    Source.name == name, Source.file_hash == file_hash
                )
            ).first()
            if seen is not None:
                return self._reimport(conn, name, seen.id, seen.version, seen.current, imported_by)
            previous = conn.execute(
                select(Source.id, Source.version, Source.row_count).where(
                    Source.name == name, Source.current
                )
            ).first()
            version = 1 + (
                conn.execute(select(func.max(Source.version)).where(Source.name == name)).scalar()
                or 0
            )
            source_id = conn.execute(
                insert(Source)
                .values(
                    name=name,
                    kind=kind,
                    version=version,
                    file_name=file_name,
                    file_hash=file_hash,
                    imported_at=utcnow(),
                    imported_by=imported_by,
                    row_count=0,
                    current=False,
                )
                .returning(Source.id)
            ).scalar_one()
            keys: dict[str, int] = {
                rid: pk
                for rid, pk in conn.execute(
                    select(RecordKey.record_id, RecordKey.id).where(RecordKey.source_name == name)
                )
            }
            before: dict[int, int] = {}
            if previous is not None:
                content = [ROWS.c[c] for c in _CONTENT]
                rows = conn.execute(
                    select(RecordRow.record_pk, *content).where(RecordRow.source_id == previous.id)
                )
                before = {row[0]: hash(tuple(row[1:])) for row in rows}
            writer = _RowWriter(conn, name, kind, source_id, keys, before)
            batch: list[Record] = []
            for record in records:
                batch.append(record)
                if len(batch) >= BATCH:
                    writer.write(batch)
                    batch.clear()
                    if progress is not None:
                        progress(writer.inserted)
            if batch:
                writer.write(batch)
            if progress is not None:
                progress(writer.inserted)
            conn.execute(
                update(Source).where(Source.id == source_id).values(row_count=writer.inserted)
            )
            _make_current(conn, name, source_id)
            outcome = ImportOutcome(
                source_id=source_id,
                version=version,
                inserted=writer.inserted,
                already_imported=False,
                superseded=previous.row_count if previous is not None else 0,
                new=writer.new,
                changed=writer.changed,
                unchanged=writer.unchanged,
                removed=len(before.keys() - writer.pks),
            )
            _log(
                conn,
                "source_imported",
                {
                    "source": name,
                    "kind": kind,
                    "version": version,
                    "source_id": source_id,
                    "file_name": file_name,
                    "file_hash": file_hash,
                    "rows": outcome.inserted,
                    "superseded_version": previous.version if previous is not None else None,
                    "new": outcome.new,
                    "changed": outcome.changed,
                    "unchanged": outcome.unchanged,
                    "removed": outcome.removed,
                },
                imported_by,
            )
            return outcome

    def _reimport(
        self, conn: Connection, name: str, source_id: int, version: int, current: bool, by: str
    ) -> ImportOutcome:
        if current:
            return ImportOutcome(source_id, version, 0, already_imported=True)
        previous = conn.execute(
            select(Source.version, Source.row_count).where(Source.name == name, Source.current)
        ).first()
        _make_current(conn, name, source_id)
        _log(
            conn,
            "source_reinstated",
            {
                "source": name,
                "version": version,
                "source_id": source_id,
                "superseded_version": previous.version if previous is not None else None,
            },
            by,
        )
        return ImportOutcome(
            source_id,
            version,
            0,
            already_imported=True,
            superseded=previous.row_count if previous is not None else 0,
            reinstated=True,
        )

    def sources(self) -> list[SourceInfo]:
        """Every version of every source, by name then version."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(Source).order_by(Source.name, Source.version))
            return [
                SourceInfo(
                    id=r.id,
                    name=r.name,
                    kind=r.kind,
                    version=r.version,
                    file_name=r.file_name,
                    file_hash=r.file_hash,
                    imported_at=r.imported_at,
                    imported_by=r.imported_by,
                    row_count=r.row_count,
                    current=r.current,
                )
                for r in rows
            ]

    def record(self, pk: int) -> StoredRecord | None:
        """The record with this pk, as its current source version has it (else its latest)."""
        return self.records_by_pk([pk]).get(pk)

    def record_by_key(self, source: str, record_id: str) -> StoredRecord | None:
        with self._engine.connect() as conn:
            pk = conn.execute(
                select(RecordKey.id).where(
                    RecordKey.source_name == source, RecordKey.record_id == record_id
                )
            ).scalar()
        return None if pk is None else self.record(pk)

    def records_by_pk(self, pks: Iterable[int]) -> dict[int, StoredRecord]:
        """The records with these pks (unknown pks are left out)."""
        wanted = sorted(set(pks))
        best: dict[int, Row[Any]] = {}
        with self._engine.connect() as conn:
            for chunk in _chunks(wanted):
                for row in conn.execute(_row_select().where(RecordRow.record_pk.in_(chunk))):
                    held = best.get(row.record_pk)
                    if held is None or (row.current, row.source_version) > (
                        held.current,
                        held.source_version,
                    ):
                        best[row.record_pk] = row
        return {pk: _stored(row) for pk, row in best.items()}

    def current_records(self, batch_size: int = BATCH) -> Iterator[StoredRecord]:
        """Every current record (rows of the current version of each source), in pk order."""
        stmt = _row_select().where(Source.current).order_by(RecordRow.record_pk)
        with self._engine.connect() as conn:
            result = conn.execution_options(yield_per=batch_size).execute(stmt)
            for row in result:
                yield _stored(row)

    def count_records(self, current_only: bool = True) -> int:
        with self._engine.connect() as conn:
            if not current_only:
                return conn.execute(select(func.count()).select_from(RecordKey)).scalar_one()
            return conn.execute(
                select(func.count())
                .select_from(RecordRow)
                .join(Source, Source.id == RecordRow.source_id)
                .where(Source.current)
            ).scalar_one()

    def records_table(
        self,
        columns: Sequence[str] | None = None,
        *,
        with_person: bool = False,
        facility_id: str | None = None,
        batch_size: int = 50_000,
    ) -> pa.Table:
        """The current records as an Arrow table for linkage, search and statistics.

        Columns are ``RECORD_COLUMNS`` (or the chosen subset): canonical fields as written under
        their own names, the importer's normalized values as ``*_norm`` / ``*_id``. With
        ``with_person``, also ``person_id`` (null for a record in no person). Rows in pk order
        when ``pk`` is among the columns. One transaction, so one consistent snapshot. With
        ``facility_id``, only the records placed at that facility.
        """
        names = list(RECORD_COLUMNS if columns is None else columns)
        unknown = set(names) - set(RECORD_COLUMNS)
        if unknown:
            raise ValueError(f"unknown record columns: {sorted(unknown)}")
        if with_person and "person_id" not in names:
            names.append("person_id")
        # the source's name and version come from a small lookup, not a join per row
        fetched = [n for n in names if n not in ("source", "source_version")]
        if len(fetched) < len(names):
            fetched.append("source_id")
        types = [pa.int64() if n in _INT_COLUMNS else pa.string() for n in fetched]
        schema = pa.schema(list(zip(fetched, types, strict=True)))
        with self._engine.connect() as conn:
            current = conn.execute(
                select(Source.id, Source.name, Source.version).where(Source.current)
            ).all()
            # by source, then pk: the (source_id, record_pk) index serves it without a sort
            stmt = (
                select(*(_column(n) for n in fetched))
                .select_from(RecordRow)
                .where(RecordRow.source_id.in_([c.id for c in current]))
                .order_by(RecordRow.source_id, RecordRow.record_pk)
            )
            if facility_id is not None:
                stmt = stmt.where(RecordRow.facility_id == facility_id)
            if with_person:
                stmt = stmt.outerjoin(
                    Membership,
                    and_(
                        Membership.record_pk == RecordRow.record_pk,
                        Membership.ended_run_id.is_(None),
                    ),
                )
            if conn.dialect.name == "postgresql":
                table = _copy_to_arrow(conn, stmt, schema)
            else:
                table = _fetch_to_arrow(conn, stmt, schema, batch_size)
        if "source_id" in fetched:
            where = pc.index_in(table.column("source_id"), pa.array([c.id for c in current]))
            lookup = {
                "source": pa.array([c.name for c in current], pa.string()),
                "source_version": pa.array([c.version for c in current], pa.int64()),
            }
            table = pa.table(
                {n: lookup[n].take(where) if n in lookup else table.column(n) for n in names}
            )
        return table.sort_by("pk") if "pk" in names else table

    def save_features(self, features: Mapping[int, Any]) -> int:
        """Keep derived name features (any JSON value) on each record's current row; returns how
        many rows were updated. Features are derived: they may be rewritten at any time."""
        pks = sorted(features)
        with self._write() as conn:
            rows = _current_row_ids(conn, pks)
            params = [{"rid": rows[pk], "f": dumps(features[pk])} for pk in pks if pk in rows]
            for batch in _chunks(params, BATCH):
                conn.execute(
                    update(ROWS)
                    .where(ROWS.c.id == bindparam("rid"))
                    .values(features_json=bindparam("f")),
                    list(batch),
                )
            return len(params)

    def features_of(self, pks: Iterable[int]) -> dict[int, Any]:
        """The saved features of these records' current rows (records without any are left out)."""
        wanted = sorted(set(pks))
        out: dict[int, Any] = {}
        with self._engine.connect() as conn:
            for chunk in _chunks(wanted):
                rows = conn.execute(
                    select(RecordRow.record_pk, RecordRow.features_json)
                    .join(Source, Source.id == RecordRow.source_id)
                    .where(
                        Source.current,
                        RecordRow.record_pk.in_(chunk),
                        RecordRow.features_json.is_not(None),
                    )
                )
                out.update((pk, json.loads(text)) for pk, text in rows if text is not None)
        return out

    # ---------------------------------------------------------------- linkage runs and links

    def save_link_run(
        self,
        threshold: float,
        settings: Mapping[str, Any] | None = None,
        stats: Mapping[str, Any] | None = None,
        *,
        finished: bool = False,
        kind: str = "linkage",
    ) -> int:
        """Start recording a linkage run; returns its id. Call ``finish_link_run`` when done (or
        pass ``finished=True`` when everything is known already)."""
        now = utcnow()
        with self._write() as conn:
            run_id = conn.execute(
                insert(LinkRun)
                .values(
                    started_at=now,
                    finished_at=now if finished else None,
                    threshold=threshold,
                    settings_json=dumps(dict(settings or {})),
                    stats_json=dumps(dict(stats or {})),
                    kind=kind,
                )
                .returning(LinkRun.id)
            ).scalar_one()
            _log(conn, "link_run_started", {"run_id": run_id, "threshold": threshold}, "athar")
            return run_id

    def finish_link_run(self, run_id: int, stats: Mapping[str, Any] | None = None) -> None:
        """Mark a run complete, merging ``stats`` into what it had. Links of the latest finished
        run are what ``links_for`` and ``link_between`` answer from."""
        with self._write() as conn:
            old = conn.execute(select(LinkRun.stats_json).where(LinkRun.id == run_id)).scalar()
            if old is None:
                raise KeyError(f"no link run {run_id}")
            merged = {**json.loads(old), **dict(stats or {})}
            conn.execute(
                update(LinkRun)
                .where(LinkRun.id == run_id)
                .values(finished_at=utcnow(), stats_json=dumps(merged))
            )
            _log(conn, "link_run_finished", {"run_id": run_id, "stats": merged}, "athar")

    def link_run(self, run_id: int) -> LinkRunInfo | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(LinkRun).where(LinkRun.id == run_id)).first()
        return None if row is None else _run_info(row)

    def latest_run(self, finished_only: bool = True) -> LinkRunInfo | None:
        """The most recent (finished) linkage run."""
        stmt = select(LinkRun).where(LinkRun.kind == "linkage").order_by(LinkRun.id.desc()).limit(1)
        if finished_only:
            stmt = stmt.where(LinkRun.finished_at.is_not(None))
        with self._engine.connect() as conn:
            row = conn.execute(stmt).first()
        return None if row is None else _run_info(row)

    def save_links(self, run_id: int, links: Iterable[LinkIn]) -> int:
        """Store scored pairs of a run, all or nothing; returns how many. A pair given twice in one
        run is an error."""
        count = 0
        seen: set[tuple[int, int]] = set()
        with self._write() as conn:
            batch: list[dict[str, Any]] = []
            for link in links:
                a, b = _pair(link.a, link.b)
                if (a, b) in seen:
                    raise ValueError(f"pair {a}~{b} given twice for run {run_id}")
                seen.add((a, b))
                batch.append(
                    {
                        "run_id": run_id,
                        "a": a,
                        "b": b,
                        "match_probability": float(link.match_probability),
                        "match_weight": float(link.match_weight),
                        "rule": link.rule,
                        "explanation_json": dumps(link.explanation),
                    }
                )
                if len(batch) >= BATCH:
                    _bulk_insert(conn, LINKS, batch)
                    count += len(batch)
                    batch = []
            if batch:
                _bulk_insert(conn, LINKS, batch)
                count += len(batch)
        return count

    def links_for(self, pk: int, run_id: int | None = None) -> list[LinkOut]:
        """The links of one record in a run (default: the latest finished run), strongest first."""
        with self._engine.connect() as conn:
            run = run_id if run_id is not None else _default_run(conn)
            if run is None:
                return []
            rows = conn.execute(_links_of_record(), {"run": run, "pk": pk})
            return [_link_out(r) for r in rows]

    def link_between(self, a: int, b: int, run_id: int | None = None) -> LinkOut | None:
        lo, hi = _pair(a, b)
        with self._engine.connect() as conn:
            run = run_id if run_id is not None else _default_run(conn)
            if run is None:
                return None
            row = conn.execute(
                select(Link).where(Link.run_id == run, Link.a == lo, Link.b == hi)
            ).first()
        return None if row is None else _link_out(row)

    # ---------------------------------------------------------------- persons

    def assign_persons(
        self,
        run_id: int,
        clusters: Iterable[Iterable[int]],
        *,
        by: str = "athar",
        check_decisions: bool = True,
    ) -> dict[int, str]:
        """Record the persons a run found; returns record pk → person id.

        ``clusters`` partition the records (singletons included): a record in no cluster leaves
        its person. Ids follow ``persons.inherit``; new ids are never a retired one; a person
        left with no records is retired. With ``check_decisions`` (the default) clusters that
        split a pair a reviewer called the same, or join a pair called different, are refused
        (``DecisionConflict``) and nothing is written.
        """
        groups = [tuple(sorted(set(c))) for c in clusters]
        groups = [g for g in groups if g]
        cluster_of: dict[int, int] = {}
        for index, group in enumerate(groups):
            for pk in group:
                if pk in cluster_of:
                    raise ValueError(f"record {pk} is in two clusters")
                cluster_of[pk] = index
        with self._write() as conn:
            if conn.execute(select(LinkRun.id).where(LinkRun.id == run_id)).first() is None:
                raise KeyError(f"no link run {run_id}")
            if check_decisions:
                violations = _violations(_current_decisions(conn), cluster_of)
                if violations:
                    raise DecisionConflict(violations)
            open_rows = conn.execute(
                select(Membership.record_pk, Membership.person_id, Membership.id).where(
                    Membership.ended_run_id.is_(None)
                )
            ).all()
            previous = {pk: pid for pk, pid, _ in open_rows}
            membership_id = {pk: mid for pk, _, mid in open_rows}
            active = dict(
                conn.execute(select(Person.id, Person.seq).where(Person.retired_at.is_(None))).all()
            )
            chosen = inherit(groups, previous, active)
            next_seq = 1 + (conn.execute(select(func.max(Person.seq))).scalar() or 0)
            now = utcnow()
            new_persons: list[dict[str, Any]] = []
            result: dict[int, str] = {}
            for index, group in enumerate(groups):
                pid = chosen[index]
                if pid is None:
                    pid = person_id(next_seq)
                    new_persons.append(
                        {
                            "id": pid,
                            "seq": next_seq,
                            "created_at": now,
                            "created_run_id": run_id,
                            "retired_at": None,
                            "retired_run_id": None,
                        }
                    )
                    next_seq += 1
                for pk in group:
                    result[pk] = pid
            moved = [pk for pk, pid in result.items() if previous.get(pk) != pid]
            left = [pk for pk in previous if pk not in result]
            ended = [{"mid": membership_id[pk]} for pk in (*moved, *left) if pk in membership_id]
            kept = {pid for pid in chosen if pid is not None}
            retired = sorted(set(active) - kept)
            for batch in _chunks(new_persons, BATCH):
                _bulk_insert(conn, PERSONS, batch)
            table = MEMBERSHIPS
            for batch in _chunks(ended, BATCH):
                conn.execute(
                    update(table).where(table.c.id == bindparam("mid")).values(ended_run_id=run_id),
                    list(batch),
                )
            opened = [
                {"record_pk": pk, "person_id": result[pk], "run_id": run_id, "ended_run_id": None}
                for pk in moved
            ]
            for batch in _chunks(opened, BATCH):
                _bulk_insert(conn, MEMBERSHIPS, batch)
            for chunk in _chunks(retired):
                conn.execute(
                    update(Person)
                    .where(Person.id.in_(chunk))
                    .values(retired_at=now, retired_run_id=run_id)
                )
            _log(
                conn,
                "persons_assigned",
                {
                    "run_id": run_id,
                    "clusters": len(groups),
                    "records": len(result),
                    "kept": len(kept),
                    "new": len(new_persons),
                    "retired": len(retired),
                    "moved": len(moved),
                    "left": len(left),
                },
                by,
            )
            return result

    def person_of(self, pk: int) -> str | None:
        with self._engine.connect() as conn:
            return conn.execute(
                select(Membership.person_id).where(
                    Membership.record_pk == pk, Membership.ended_run_id.is_(None)
                )
            ).scalar()

    def persons_of(self, pks: Iterable[int]) -> dict[int, str]:
        """Record pk → current person id, for the records that have one."""
        wanted = sorted(set(pks))
        out: dict[int, str] = {}
        with self._engine.connect() as conn:
            for chunk in _chunks(wanted):
                out.update(
                    conn.execute(
                        select(Membership.record_pk, Membership.person_id).where(
                            Membership.record_pk.in_(chunk), Membership.ended_run_id.is_(None)
                        )
                    ).all()
                )
        return out

    def person_records(self, person: str) -> list[int]:
        """The pks of a person's records now (empty for a retired or unknown id)."""
        with self._engine.connect() as conn:
            return list(
                conn.execute(
                    select(Membership.record_pk)
                    .where(Membership.person_id == person, Membership.ended_run_id.is_(None))
                    .order_by(Membership.record_pk)
                ).scalars()
            )

    def person_retired(self, person: str) -> bool | None:
        """True if the id was retired, False if in use, None if it never existed."""
        with self._engine.connect() as conn:
            row = conn.execute(select(Person.retired_at).where(Person.id == person)).first()
        return None if row is None else row.retired_at is not None

    def successors(self, person: str) -> list[str]:
        """Where a retired person's records are now (so an old link to it can lead on)."""
        with self._engine.connect() as conn:
            last = (
                select(Membership.record_pk)
                .where(Membership.person_id == person, Membership.ended_run_id.is_not(None))
                .scalar_subquery()
            )
            return list(
                conn.execute(
                    select(Membership.person_id)
                    .where(Membership.record_pk.in_(last), Membership.ended_run_id.is_(None))
                    .group_by(Membership.person_id)
                    .order_by(func.count().desc(), Membership.person_id)
                ).scalars()
            )

    def persons_summary(self) -> list[PersonSummary]:
        """Every current person with its number of records and of distinct sources."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    Membership.person_id,
                    func.count(),
                    func.count(func.distinct(RecordKey.source_name)),
                )
                .join(RecordKey, RecordKey.id == Membership.record_pk)
                .where(Membership.ended_run_id.is_(None))
                .group_by(Membership.person_id)
                .order_by(Membership.person_id)
            )
            return [PersonSummary(pid, n, s) for pid, n, s in rows]

    # ---------------------------------------------------------------- human decisions

    def add_decision(self, a: int, b: int, verdict: str, reason: str, by: str) -> int:
        """Record a reviewer's verdict on a pair ("same", "different", "unsure"); the newest
        verdict on a pair is the one in force. Returns the decision id."""
        if verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
        lo, hi = _pair(a, b)
        with self._write() as conn:
            known = conn.execute(select(RecordKey.id).where(RecordKey.id.in_((lo, hi)))).all()
            if len(known) != 2:
                raise KeyError(f"no record {lo if (lo,) not in known else hi}")
            decision_id = conn.execute(
                insert(Decision)
                .values(
                    a=lo,
                    b=hi,
                    verdict=verdict,
                    reason=reason,
                    decided_by=by,
                    decided_at=utcnow(),
                    undoes_id=None,
                )
                .returning(Decision.id)
            ).scalar_one()
            _log(
                conn,
                "decision",
                {"decision_id": decision_id, "a": lo, "b": hi, "verdict": verdict},
                by,
            )
            return decision_id

    def undo_decision(self, decision_id: int, by: str, reason: str = "") -> int:
        """Undo a decision by a new row; the pair falls back to its previous verdict, if any.
        Returns the id of the undoing row."""
        with self._write() as conn:
            target = conn.execute(
                select(Decision.a, Decision.b, Decision.verdict).where(Decision.id == decision_id)
            ).first()
            if target is None:
                raise KeyError(f"no decision {decision_id}")
            if target.verdict == "undo":
                raise ValueError("an undo cannot be undone; record the verdict again instead")
            done = conn.execute(select(Decision.id).where(Decision.undoes_id == decision_id))
            if done.first() is not None:
                raise ValueError(f"decision {decision_id} is already undone")
            undo_id = conn.execute(
                insert(Decision)
                .values(
                    a=target.a,
                    b=target.b,
                    verdict="undo",
                    reason=reason,
                    decided_by=by,
                    decided_at=utcnow(),
                    undoes_id=decision_id,
                )
                .returning(Decision.id)
            ).scalar_one()
            _log(
                conn,
                "decision_undone",
                {"decision_id": undo_id, "undoes": decision_id, "a": target.a, "b": target.b},
                by,
            )
            return undo_id

    def decisions(self, current_only: bool = True) -> list[DecisionOut]:
        """With ``current_only``, the verdict in force for each pair that has one (undone
        decisions and "undo" rows left out); else every row ever written, oldest first."""
        with self._engine.connect() as conn:
            if current_only:
                return _current_decisions(conn)
            return [_decision_out(r) for r in conn.execute(select(Decision).order_by(Decision.id))]

    def decision_history(self, a: int, b: int) -> list[DecisionOut]:
        lo, hi = _pair(a, b)
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(Decision).where(Decision.a == lo, Decision.b == hi).order_by(Decision.id)
            )
            return [_decision_out(r) for r in rows]

    def check_clusters(self, clusters: Iterable[Iterable[int]]) -> list[Violation]:
        """The decisions these clusters would go against (empty: they respect every one)."""
        cluster_of = {pk: index for index, group in enumerate(clusters) for pk in group}
        with self._engine.connect() as conn:
            return _violations(_current_decisions(conn), cluster_of)

    # ---------------------------------------------------------------- events

    def log_event(self, kind: str, payload: Mapping[str, Any], actor: str) -> int:
        with self._write() as conn:
            return _log(conn, kind, payload, actor)

    def events(
        self, kind: str | None = None, after: int = 0, limit: int | None = None
    ) -> list[EventOut]:
        """Events oldest first; ``after`` an event id to read only what came since."""
        stmt = select(Event).where(Event.id > after).order_by(Event.id)
        if kind is not None:
            stmt = stmt.where(Event.kind == kind)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._engine.connect() as conn:
            return [
                EventOut(r.id, r.at, r.actor, r.kind, json.loads(r.payload_json))
                for r in conn.execute(stmt)
            ]


# -------------------------------------------------------------------- helpers


class _RowWriter:
    """Writes an import's records in batches: new record identities first, then the rows."""

    def __init__(
        self,
        conn: Connection,
        name: str,
        kind: str,
        source_id: int,
        keys: dict[str, int],
        before: dict[int, int],
    ) -> None:
        self.conn = conn
        self.name = name
        self.kind = kind
        self.source_id = source_id
        self.keys = keys
        self.before = before
        self.pks: set[int] = set()
        self.ids: set[str] = set()
        self.last_key = 0  # the highest pk this import has created
        self.inserted = self.new = self.changed = self.unchanged = 0

    def write(self, batch: list[Record]) -> None:
        fresh: list[dict[str, Any]] = []
        for record in batch:
            rid = self._check(record)
            if rid not in self.keys:
                fresh.append(
                    {"source_name": self.name, "record_id": rid, "first_source_id": self.source_id}
                )
        if fresh:
            # COPY/executemany, then read the new pks back: far faster than INSERT … RETURNING
            _bulk_insert(self.conn, KEYS, fresh)
            made = self.conn.execute(
                select(RecordKey.record_id, RecordKey.id).where(
                    RecordKey.first_source_id == self.source_id, RecordKey.id > self.last_key
                )
            ).all()
            self.keys.update((rid, pk) for rid, pk in made)
            self.last_key = max(pk for _, pk in made)
        rows = []
        for record in batch:
            pk = self.keys[record.record_id]
            self.pks.add(pk)
            row = self._row(record, pk)
            old = self.before.get(pk)
            if old is None:
                self.new += 1
            elif old == hash(tuple(row[c] for c in _CONTENT)):
                self.unchanged += 1
            else:
                self.changed += 1
            rows.append(row)
        _bulk_insert(self.conn, ROWS, rows)
        self.inserted += len(rows)

    def _check(self, record: Record) -> str:
        where = f"row {record.row_number}" + (f" of sheet {record.sheet}" if record.sheet else "")
        extra = record.fields.keys() - set(CANONICAL_FIELDS)
        if extra:
            raise ValueError(f"{where}: fields outside the canonical record: {sorted(extra)}")
        rid = record.record_id
        if not rid:
            raise ValueError(f"{where}: empty record_id (importers must give every record one)")
        if rid in self.ids:
            raise ValueError(f"{where}: record_id {rid!r} appears twice in source {self.name!r}")
        self.ids.add(rid)
        given = record.fields.get("source", "")
        if given and given != self.name:
            raise ValueError(f"{where}: record says source {given!r}, importing {self.name!r}")
        if record.status not in STATUSES:
            raise ValueError(f"{where}: status {record.status!r} is not one of {STATUSES}")
        if record.sex not in ("m", "f", ""):
            raise ValueError(f"{where}: sex {record.sex!r} is not 'm', 'f' or ''")
        return rid

    def _row(self, record: Record, pk: int) -> dict[str, Any]:
        row: dict[str, Any] = {f: record.fields.get(f, "") for f in TEXT_FIELDS}
        row["source_kind"] = row["source_kind"] or self.kind
        for attr, column in NORMALIZED.items():
            row[column] = getattr(record, attr)
        row.update(
            record_pk=pk,
            source_id=self.source_id,
            row_number=record.row_number,
            sheet=record.sheet,
            raw_json=dumps(record.raw),
            features_json=None,
        )
        return row


def _bulk_insert(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows: PostgreSQL's COPY (an order of magnitude faster than row-by-row
    statements), else the driver's executemany. Rows must all have the same keys."""
    if not rows:
        return
    names = list(rows[0])
    quote = conn.dialect.identifier_preparer.quote
    if conn.dialect.name != "postgresql":
        if any(isinstance(table.c[n].type, UTCDateTime) for n in names):
            conn.execute(insert(table), list(rows))  # let SQLAlchemy render the timestamps
            return
        # the driver's executemany on plain values: SQLAlchemy's per-row parameter handling
        # would be a third of an import's time
        columns = ", ".join(quote(n) for n in names)
        marks = ", ".join("?" for _ in names)
        sqlite: Any = conn.connection.driver_connection
        cursor = sqlite.cursor()
        try:
            cursor.executemany(
                f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})",
                [[r[n] for n in names] for r in rows],
            )
        finally:
            cursor.close()
        return
    sql = f"COPY {quote(table.name)} ({', '.join(quote(n) for n in names)}) FROM STDIN"
    driver: Any = conn.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row([row[n] for n in names])


def _fetch_to_arrow(
    conn: Connection, stmt: Select[Any], schema: pa.Schema, batch_size: int
) -> pa.Table:
    """A query as Arrow through the driver's own cursor (in the connection's transaction),
    column by column per batch; skipping SQLAlchemy's row objects saves a third of the time."""
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    driver: Any = conn.connection.driver_connection
    cursor = driver.cursor()
    batches: list[pa.RecordBatch] = []
    try:
        cursor.execute(sql)
        while chunk := cursor.fetchmany(batch_size):
            arrays = [
                pa.array(values, type=field.type)
                for values, field in zip(zip(*chunk, strict=True), schema, strict=True)
            ]
            batches.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
    finally:
        cursor.close()
    return pa.Table.from_batches(batches, schema=schema)


def _copy_to_arrow(conn: Connection, stmt: Select[Any], schema: pa.Schema) -> pa.Table:
    """A PostgreSQL query as Arrow through ``COPY … TO STDOUT`` in CSV: the server writes, Arrow's
    C++ reader parses; no Python object per value. NULL is an unquoted empty field, "" a quoted
    one, so the two stay apart."""
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    buffer = io.BytesIO()
    driver: Any = conn.connection.driver_connection
    copy_sql = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with driver.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for data in copy:
            buffer.write(data)
    buffer.seek(0)
    if not buffer.getbuffer().nbytes:
        return schema.empty_table()
    return pa_csv.read_csv(
        buffer,
        read_options=pa_csv.ReadOptions(column_names=schema.names),
        parse_options=pa_csv.ParseOptions(newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=schema,
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )


def _make_current(conn: Connection, name: str, source_id: int) -> None:
    """Make one version the current one of its source (switching the flag, nothing deleted)."""
    conn.execute(update(Source).where(Source.name == name, Source.current).values(current=False))
    conn.execute(update(Source).where(Source.id == source_id).values(current=True))


def _log(conn: Connection, kind: str, payload: Mapping[str, Any], actor: str) -> int:
    return conn.execute(
        insert(Event)
        .values(at=utcnow(), actor=actor, kind=kind, payload_json=dumps(dict(payload)))
        .returning(Event.id)
    ).scalar_one()


def _column(name: str) -> ColumnElement[Any]:
    if name == "pk":
        return RecordRow.record_pk.label("pk")
    if name == "row_id":
        return RecordRow.id.label("row_id")
    if name == "source_id":
        return RecordRow.source_id.label("source_id")
    if name == "person_id":
        return Membership.person_id.label("person_id")
    return ROWS.c[name]


def _row_select() -> Any:
    return select(
        RecordRow,
        Source.name.label("source_name"),
        Source.version.label("source_version"),
        Source.current.label("current"),
    ).join(Source, Source.id == RecordRow.source_id)


def _stored(row: Row[Any]) -> StoredRecord:
    fields = {f: getattr(row, f) for f in TEXT_FIELDS}
    fields["source"] = row.source_name
    normalized = {attr: getattr(row, column) for attr, column in NORMALIZED.items()}
    record = Record(
        fields={f: fields[f] for f in CANONICAL_FIELDS},
        raw=json.loads(row.raw_json),
        row_number=row.row_number,
        sheet=row.sheet,
        **normalized,
    )
    return StoredRecord(
        pk=row.record_pk,
        row_id=row.id,
        source_id=row.source_id,
        source_version=row.source_version,
        current=bool(row.current),
        record=record,
    )


def _current_row_ids(conn: Connection, pks: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in _chunks(pks):
        out.update(
            conn.execute(
                select(RecordRow.record_pk, RecordRow.id)
                .join(Source, Source.id == RecordRow.source_id)
                .where(Source.current, RecordRow.record_pk.in_(chunk))
            ).all()
        )
    return out


@cache
def _links_of_record() -> Any:
    """A record's links in a run, strongest first, built once (the person page asks for each of
    a person's records: building the statement cost more than running it).

    Two index lookups, not one OR: with ``a = ? OR b = ?`` SQLite walks every link of the run
    (0.1 s a record at a million records)."""
    run, pk = bindparam("run", type_=Integer), bindparam("pk", type_=Integer)
    found = union_all(
        select(Link).where(Link.run_id == run, Link.a == pk),
        select(Link).where(Link.run_id == run, Link.b == pk),
    ).subquery()
    return select(found).order_by(found.c.match_weight.desc(), found.c.a, found.c.b)


def _default_run(conn: Connection) -> int | None:
    linkage = LinkRun.kind == "linkage"
    finished = conn.execute(
        select(func.max(LinkRun.id)).where(linkage, LinkRun.finished_at.is_not(None))
    ).scalar()
    if finished is not None:
        return finished
    return conn.execute(select(func.max(LinkRun.id)).where(linkage)).scalar()


def _run_info(row: Row[Any]) -> LinkRunInfo:
    return LinkRunInfo(
        id=row.id,
        started_at=row.started_at,
        finished_at=row.finished_at,
        threshold=row.threshold,
        settings=json.loads(row.settings_json),
        stats=json.loads(row.stats_json),
    )


def _link_out(row: Row[Any]) -> LinkOut:
    return LinkOut(
        run_id=row.run_id,
        a=row.a,
        b=row.b,
        match_probability=row.match_probability,
        match_weight=row.match_weight,
        rule=row.rule,
        explanation=json.loads(row.explanation_json),
    )


def _decision_out(row: Row[Any]) -> DecisionOut:
    return DecisionOut(
        id=row.id,
        a=row.a,
        b=row.b,
        verdict=row.verdict,
        reason=row.reason,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        undoes=row.undoes_id,
    )


def _current_decisions(conn: Connection) -> list[DecisionOut]:
    """The verdict in force per pair: its newest decision that no later row undid."""
    rows = [_decision_out(r) for r in conn.execute(select(Decision).order_by(Decision.id))]
    undone = {d.undoes for d in rows if d.undoes is not None}
    current: dict[tuple[int, int], DecisionOut] = {}
    for d in rows:
        if d.verdict != "undo" and d.id not in undone:
            current[(d.a, d.b)] = d
    return sorted(current.values(), key=lambda d: (d.a, d.b))


def _violations(decisions: list[DecisionOut], cluster_of: Mapping[int, int]) -> list[Violation]:
    out = []
    for d in decisions:
        if d.verdict not in ("same", "different") or d.a not in cluster_of or d.b not in cluster_of:
            continue
        together = cluster_of[d.a] == cluster_of[d.b]
        if together != (d.verdict == "same"):
            out.append(Violation(d.a, d.b, d.verdict, d.id))
    return out


__all__ = ["RECORD_COLUMNS", "Store"]
