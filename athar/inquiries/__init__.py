"""Families' inquiries: who is sought, who asks, and what the registry finds.

``service`` registers inquiries and moves them through their statuses (``status``); ``matching``
finds candidate persons at once and after every import and link, raising alerts for the new
ones; ``view`` is what an inquiry page shows — never a death a caseworker has not confirmed.
"""

from athar.inquiries.matching import Candidate, candidates_for, rematch_open_inquiries
from athar.inquiries.service import (
    InquiryRefused,
    alerts_for,
    change_status,
    check_inquiry,
    contact,
    list_inquiries,
    register_inquiry,
    set_candidate,
)
from athar.inquiries.status import MOVES, NEXT_STEPS, IllegalMove, check_move
from athar.inquiries.view import (
    DeathEvidence,
    death_evidence,
    death_evidence_by_candidate,
    inquiry_view,
    shown_outcome,
    visible_alerts,
)

__all__ = [
    "MOVES",
    "NEXT_STEPS",
    "Candidate",
    "DeathEvidence",
    "IllegalMove",
    "InquiryRefused",
    "alerts_for",
    "candidates_for",
    "change_status",
    "check_inquiry",
    "check_move",
    "contact",
    "death_evidence",
    "death_evidence_by_candidate",
    "inquiry_view",
    "list_inquiries",
    "register_inquiry",
    "rematch_open_inquiries",
    "set_candidate",
    "shown_outcome",
    "visible_alerts",
]
