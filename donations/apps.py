from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DonationsConfig(AppConfig):
    """Donors, donations received, and aid given to children."""

    name = "donations"
    verbose_name = _("捐赠与资助")

    def ready(self) -> None:
        from children.timeline import register_timeline_source

        from .timeline import aid_entries

        register_timeline_source(aid_entries)
