"""The register's models, re-exported so that `children.models.Child` works as usual."""

from .care import Carer, Concern, Contact, Pairing
from .imports import ImportBatch
from .record import Child, Parent, Transfer, age_on, on_register_at

__all__ = [
    "Carer",
    "Child",
    "Concern",
    "Contact",
    "ImportBatch",
    "Pairing",
    "Parent",
    "Transfer",
    "age_on",
    "on_register_at",
]
