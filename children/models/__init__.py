"""The register's models, re-exported so that `children.models.Child` works as usual."""

from .care import Carer, Contact, Pairing
from .concerns import KIND_RULES, Concern, ConcernStep
from .imports import ImportBatch
from .record import Child, Parent, Transfer, age_on, on_register_at
from .transfers import TransferRequest

__all__ = [
    "KIND_RULES",
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
    "on_register_at",
]
