from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only record of who changed or read what."""

    name = "audit"
    verbose_name = _("审计日志")
