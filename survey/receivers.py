"""Receivers of the register's hooks: an import confirmed during a survey checks its rows."""

from .services import survey_checks_from_import


def import_confirmed_counts_as_checked(
    sender, *, by, batch, created, changed, unchanged, transferred, **kwargs
) -> None:
    """Count the rows of a confirmed register import as checked in the open survey.

    New rows need nothing: a child registered during the survey counts as new by its date.
    """
    survey_checks_from_import(by=by, changed=changed, unchanged=unchanged, transferred=transferred)
