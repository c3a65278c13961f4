"""The register's models, re-exported so that `children.models.Child` works as usual."""

from .care import Carer, Concern, Contact, Pairing
from .record import Child, Parent, Transfer, age_on

__all__ = ["Carer", "Child", "Concern", "Contact", "Pairing", "Parent", "Transfer", "age_on"]
