"""Athar's database: the only place that knows table layouts or writes SQL.

The rest of Athar opens a ``Store`` and calls its methods; each is one transaction.
SQLite (WAL, foreign keys on) is the embedded default (``ATHAR_DATABASE_URL`` unset →
``$ATHAR_DATA_DIR/athar.db``); PostgreSQL works through the same setting
(``postgresql://…`` is read as ``postgresql+psycopg://…``). ``Store.open`` migrates to the newest
schema with the Alembic migrations shipped in ``athar/store/migrations``.

Tables
    ``sources``      one row per *version* of a source file: name, kind, version, file name,
                     sha256, imported at/by, row count, and ``current`` (one version per name).
    ``records``      a record's lasting identity, (source name, record_id) → ``pk``. Everything
                     else (links, persons, decisions) refers to this pk.
    ``record_rows``  the record as one version wrote it: canonical fields as written, the
                     importer's normalized values (``*_norm``, ``*_id``), the original row verbatim
                     (``raw_json``), row number and sheet; ``features_json`` is derived by linkage.
    ``link_runs``    threshold, settings, statistics of each linkage run.
    ``links``        scored pairs per run (a < b): probability, weight, rule, explanation.
    ``persons``      stable ids ``P-000123``; retired, never deleted or reused.
    ``memberships``  record → person from the run that put it there to the run that moved it.
    ``decisions``    reviewers' verdicts per pair (same / different / unsure) and their undoing.
    ``events``       the append-only log of imports, runs, assignments and decisions.
    ``users``, ``api_tokens``, ``web_sessions``  accounts of the web app (``accounts.py``,
                     migration 0002_accounts; methods in ``accounts_api.py``): hashes only.
    ``jobs``         background imports and re-links, shared by the web server's processes
                     (``jobs_table.py``, migration 0006_jobs; functions in ``jobs_api.py``).

Versions of a source. Importing a file is one transaction: a failure anywhere leaves nothing.
The same file again (same name and sha256) is a no-op. A changed file becomes version n+1 and
the current one; the older version's rows stay stored but are no longer current, so linkage
reads only the newest list. Because a record's pk is its (source, record_id), a record that is
still in the new version keeps its pk, and with it its person, links and decisions; a record the
new version dropped stops being current (and leaves its person at the next run). Importing the
file of an older version again makes that version current again (the last file given wins).

Persons. ``assign_persons`` takes a run's clusters and keeps ids stable (``persons.inherit``):
each cluster keeps the id most of its records had, a split keeps it on the larger part, a merge
keeps the id contributing most (ties: the older id). Clusters that go against a current human
decision are refused, so a pair called different is never merged and a pair called the same is
never split, whatever linkage does.

Nothing is deleted. Corrections are new rows: a new source version, a new decision (or an
"undo" row), a membership closed by a later run, a person retired. Database triggers (migration
0001) refuse DELETE on sources, records, record_rows, persons, decisions and events, and UPDATE of
records, decisions, events and the imported content of record_rows, on both databases.
"""

# the evidence tables join Base.metadata here, so migrations and the models test see them
from athar.store import evidence as _evidence_tables  # noqa: F401
from athar.store import jobs_table as _jobs_table  # noqa: F401
from athar.store.accounts_api import AccountError, TokenInfo, UserInfo
from athar.store.api import RECORD_COLUMNS, Store
from athar.store.migrate import migrate
from athar.store.types import (
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
    Verdict,
    Violation,
)

__all__ = [
    "RECORD_COLUMNS",
    "AccountError",
    "DecisionConflict",
    "DecisionOut",
    "EventOut",
    "ImportOutcome",
    "LinkIn",
    "LinkOut",
    "LinkRunInfo",
    "PersonSummary",
    "SourceInfo",
    "Store",
    "StoredRecord",
    "TokenInfo",
    "UserInfo",
    "Verdict",
    "Violation",
    "migrate",
]
