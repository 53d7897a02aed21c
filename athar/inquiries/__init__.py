"""Families' inquiries: who is sought, who asks, and what the registry finds.

``service`` registers inquiries and moves them through their statuses (``status``); ``matching``
finds candidate persons at once and after every import and link, raising alerts for the new
ones; ``view`` is what an inquiry page shows — never a death a caseworker has not confirmed.

The names below load on first use (PEP 562): they bring in the database layer, which
``athar --help`` (importing ``athar.inquiries.cli``) should not wait for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from athar.lazy import lazy_names

if TYPE_CHECKING:
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

#: The submodule of each name loaded on first use.
__getattr__ = lazy_names(
    __name__,
    {
        "Candidate": "matching",
        "candidates_for": "matching",
        "rematch_open_inquiries": "matching",
        "InquiryRefused": "service",
        "alerts_for": "service",
        "change_status": "service",
        "check_inquiry": "service",
        "contact": "service",
        "list_inquiries": "service",
        "register_inquiry": "service",
        "set_candidate": "service",
        "MOVES": "status",
        "NEXT_STEPS": "status",
        "IllegalMove": "status",
        "check_move": "status",
        "DeathEvidence": "view",
        "death_evidence": "view",
        "death_evidence_by_candidate": "view",
        "inquiry_view": "view",
        "shown_outcome": "view",
        "visible_alerts": "view",
    },
)
