"""Who may see what of the sensitive evidence: witness identities and images of the dead.

Roles are strings, so the web application's users and the command line speak the same words.
"""

from __future__ import annotations

ADMIN = "admin"
CASEWORKER = "caseworker"


class AccessDenied(PermissionError):
    """The viewer may not see this; the refusal is written to the audit log."""


def may_see_witness(viewer: str, role: str, caseworker: str) -> bool:
    """Admins, and the caseworker who took the statement."""
    return role == ADMIN or (role == CASEWORKER and bool(viewer) and viewer == caseworker)


def may_reveal_dead(role: str) -> bool:
    """Caseworkers and admins may choose to see an image of the dead unblurred; no one else."""
    return role in (ADMIN, CASEWORKER)
