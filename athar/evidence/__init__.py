"""Evidence: attached files (content-addressed, chain of custody), images of the dead shown only
blurred unless a caseworker chooses otherwise, and documented events at detention facilities.

The names from ``attachments`` and ``facility`` load on first use (PEP 562): they bring in the
database layer, which ``athar --help`` (importing ``athar.evidence.cli``) should not wait for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from athar.evidence.access import ADMIN, CASEWORKER, AccessDenied
from athar.evidence.blobs import BlobCorrupt, BlobStore
from athar.lazy import lazy_names

if TYPE_CHECKING:
    from athar.evidence.attachments import Rendition, add_attachment, attachment_image
    from athar.evidence.facility import FacilityPage, add_facility_event, facility_page

__all__ = [
    "ADMIN",
    "CASEWORKER",
    "AccessDenied",
    "BlobCorrupt",
    "BlobStore",
    "FacilityPage",
    "Rendition",
    "add_attachment",
    "add_facility_event",
    "attachment_image",
    "facility_page",
]

#: The submodule of each name loaded on first use.
__getattr__ = lazy_names(
    __name__,
    {
        "Rendition": "attachments",
        "add_attachment": "attachments",
        "attachment_image": "attachments",
        "FacilityPage": "facility",
        "add_facility_event": "facility",
        "facility_page": "facility",
    },
)
