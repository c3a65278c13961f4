from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    """Children's homes, activity rooms, volunteer teams and activities."""

    name = "activities"
    verbose_name = _("阵地与活动")
