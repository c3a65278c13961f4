"""The register's models, re-exported so that `children.models.Child` works as usual."""

from .care import Carer, Contact, Pairing
from .choices import LEFT_BEHIND_AGE_LIMIT, CaseStatus
from .concerns import KIND_RULES, Concern, ConcernStep
from .imports import ImportBatch
from .querysets import last_contact_or_never, not_contacted_since
from .record import Child, Parent, age_on, aged_out_at, on_register_at
from .transfers import Transfer, TransferRequest

__all__ = [
    "KIND_RULES",
    "LEFT_BEHIND_AGE_LIMIT",
    "CaseStatus",
    "Carer",
    "Child",
    "Concern",
    "ConcernStep",
    "Contact",
    "ImportBatch",
    "Pairing",
    "Parent",
    "Transfer",
    "TransferRequest",
    "age_on",
    "aged_out_at",
    "last_contact_or_never",
    "not_contacted_since",
    "on_register_at",
]
