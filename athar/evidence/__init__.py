"""Evidence: attached files (content-addressed, chain of custody), images of the dead shown only
blurred unless a caseworker chooses otherwise, and documented events at detention facilities."""

from athar.evidence.access import ADMIN, CASEWORKER, AccessDenied
from athar.evidence.attachments import Rendition, add_attachment, attachment_image
from athar.evidence.blobs import BlobCorrupt, BlobStore
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
