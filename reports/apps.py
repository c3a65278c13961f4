from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Joint meetings, documents issued, and the half-year reports."""

    name = "reports"
    verbose_name = _("联席会议与报告")
