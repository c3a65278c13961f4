from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Joint meetings, documents issued, and the half-year reports."""

    name = "reports"
    verbose_name = _("联席会议与报告")

    def ready(self) -> None:
        """Refresh the dashboards after writes that change a county's care state."""
        from children.care.state import care_state_changed

        from .dashboards.refresh import on_care_state_changed

        care_state_changed.connect(on_care_state_changed, dispatch_uid="dashboards_refresh")
