from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    """The term survey (摸底): every school re-verifies every child each term."""

    name = "survey"
    verbose_name = _("学期摸底")

    def ready(self) -> None:
        # A register import confirmed during a survey counts as checking the rows it carries.
        from children.imports.signals import register_import_confirmed

        from .receivers import import_confirmed_counts_as_checked

        register_import_confirmed.connect(
            import_confirmed_counts_as_checked, dispatch_uid="survey_import_checks"
        )
