from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the platform: backups, restores and benchmarks (no models)."""

    name = "ops"
    verbose_name = _("运维")
