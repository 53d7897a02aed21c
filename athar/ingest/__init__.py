"""Import: files from the field (CSV, XLSX, JSON) → canonical records, and what went wrong.

Pure functions, no database: ``read_table`` reads a file verbatim, ``map_headers`` maps its
Arabic, English or French headers onto the canonical fields, ``build_records`` parses and checks
each row, and ``prepare_import`` does all three. Storing the records is the store's job.
"""

from athar.ingest.build import build_records, row_id
from athar.ingest.dates import parse_date
from athar.ingest.errors import IngestError
from athar.ingest.kinds import KIND_DEFAULTS, KindDefaults, defaults
from athar.ingest.mapping import Column, Mapping, MappingFile, load_mapping_file, map_headers
from athar.ingest.pipeline import Prepared, prepare_import
from athar.ingest.preview import dry_run_summary
from athar.ingest.readers import detect_format, file_hash, read_table
from athar.ingest.report import Problem, Report, write_rejects
from athar.ingest.status import (
    map_status,
    sighting_facility,
    transfer_destination,
    transfer_facility,
)
from athar.ingest.table import Row, Table
from athar.ingest.values import (
    is_placeholder,
    normalize_national_id,
    normalize_number,
    normalize_sex,
)

__all__ = [
    "KIND_DEFAULTS",
    "Column",
    "IngestError",
    "KindDefaults",
    "Mapping",
    "MappingFile",
    "Prepared",
    "Problem",
    "Report",
    "Row",
    "Table",
    "build_records",
    "defaults",
    "detect_format",
    "dry_run_summary",
    "file_hash",
    "is_placeholder",
    "load_mapping_file",
    "map_headers",
    "map_status",
    "normalize_national_id",
    "normalize_number",
    "normalize_sex",
    "parse_date",
    "prepare_import",
    "read_table",
    "row_id",
    "sighting_facility",
    "transfer_destination",
    "transfer_facility",
    "write_rejects",
]
